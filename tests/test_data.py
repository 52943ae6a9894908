"""Loading labeled data: every bad row is reported with file, line and problem."""

import pytest

from training.data import DataError, load_labeled

LABELS = {"threat", "stability", "neutral"}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_reads_csv_and_keeps_every_row(tmp_path):
    path = write(tmp_path, "ok.csv", 'text,label,speaker\n"One, two",threat,\nThree,neutral,the ministry\n')
    data = load_labeled(path, labels=LABELS)
    assert data.X == ["One, two", "Three"]
    assert data.y == ["threat", "neutral"]
    assert data.lines == [2, 3]
    assert data.rows[1]["speaker"] == "the ministry"
    assert len(data.sha256) == 64


def test_a_batch_reader_s_small_field_limit_does_not_break_a_later_read(tmp_path):
    # The csv module's field limit is process-wide; batch scoring sets its own, which must not leak here.
    import csv

    before = csv.field_size_limit(200)
    try:
        long_text = " ".join(["word"] * 100)
        path = write(tmp_path, "long.csv", f"text,label\n{long_text},neutral\n")
        assert load_labeled(path, labels=LABELS).X == [long_text]
    finally:
        csv.field_size_limit(before)


def test_reads_jsonl_and_tsv(tmp_path):
    jsonl = write(tmp_path, "ok.jsonl", '{"text": "A", "label": "threat"}\n\n{"text": "B", "label": "neutral"}\n')
    assert load_labeled(jsonl, labels=LABELS).lines == [1, 3]
    tsv = write(tmp_path, "ok.tsv", "text\tlabel\nA, b\tstability\n")
    assert load_labeled(tsv, labels=LABELS).X == ["A, b"]


def test_line_numbers_count_quoted_newlines(tmp_path):
    path = write(tmp_path, "nl.csv", 'text,label\n"first\nline",threat\nsecond,oops\n')
    with pytest.raises(DataError, match=r"nl.csv:4: unknown label 'oops'"):
        load_labeled(path, labels=LABELS)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.csv", None, r"missing.csv: no such file"),
        ("empty.csv", "", r"empty.csv: empty file"),
        ("cols.csv", "sentence,label\nA,threat\n", r"cols.csv:1: missing column\(s\) 'text'"),
        ("blank.csv", "text,label\n   ,threat\n", r"blank.csv:2: column 'text' is empty or only whitespace"),
        # Zero-width characters alone: no feature, so the row would only pull the intercept toward its label.
        ("invisible.csv", "text,label\n\u200b\u200d,threat\n", r"invisible.csv:2: column 'text' is empty or only"),
        ("nolabel.csv", "text,label\nA,\n", r"nolabel.csv:2: empty label"),
        ("zwlabel.csv", "text,label\nA,\u200b\n", r"zwlabel.csv:2: empty label"),
        ("unknown.csv", "text,label\nA,threat\nB,danger\n", r"unknown.csv:3: unknown label 'danger'"),
        ("fields.csv", "text,label\nA,threat,extra\n", r"fields.csv:2: expected 2 fields, found 3"),
        (
            "bytes.csv",
            b"text,label\nA,threat\nB\xff\xfe,neutral\n",
            r"bytes.csv:3: byte 0xff at column 2 is not valid UTF-8",
        ),
        ("nul.csv", "text,label\nA\x00B,threat\n", r"nul.csv:2: column 'text' contains a NUL character"),
        ("headeronly.csv", "text,label\n", r"headeronly.csv: no labeled rows"),
        ("bad.jsonl", '{"text": "A", "label": "threat"}\n{"text": "B",\n', r"bad.jsonl:2: not valid JSON"),
        ("list.jsonl", '["A", "threat"]\n', r"list.jsonl:1: expected a JSON object, found a list"),
        ("field.jsonl", '{"text": "A"}\n', r"field.jsonl:1: missing field\(s\) 'label'"),
        (
            "type.jsonl",
            '{"text": 5, "label": "threat"}\n',
            r"type.jsonl:1: field 'text' must be a string, got a number",
        ),
        ("data.xlsx", "whatever", r"data.xlsx: unknown file type '.xlsx'"),
    ],
)
def test_bad_files_name_file_line_and_problem(tmp_path, name, content, message):
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    with pytest.raises(DataError, match=message):
        load_labeled(path, labels=LABELS)


def test_every_bad_row_is_reported_not_just_the_first(tmp_path):
    path = write(tmp_path, "many.csv", "text,label\n,threat\nB,x\nC,neutral\n,y\n")
    with pytest.raises(DataError) as info:
        load_labeled(path, labels=LABELS)
    assert [p.split(": ")[0] for p in info.value.problems] == [f"{path}:{n}" for n in (2, 3, 5)]


def test_a_label_in_other_case_or_misspelt_is_refused_with_a_guess(tmp_path):
    path = write(tmp_path, "case.csv", "text,label\nA,Threat\nB,thraet\nC,positive\nD,threat \n")
    with pytest.raises(DataError) as info:
        load_labeled(path, labels=LABELS)
    assert info.value.problems == [
        f"{path}:2: unknown label 'Threat' in column 'label'; expected one of neutral, stability, threat; "
        "did you mean 'threat'?",
        f"{path}:3: unknown label 'thraet' in column 'label'; expected one of neutral, stability, threat; "
        "did you mean 'threat'?",
        # Nothing like a label of the task: no guess. Line 5's trailing space is dropped, as before.
        f"{path}:4: unknown label 'positive' in column 'label'; expected one of neutral, stability, threat",
    ]


@pytest.mark.parametrize(
    "name, content, hint",
    [
        # Excel in a locale with a decimal comma saves "CSV" with semicolons.
        ("excel.csv", "\ufefftext;label\r\nA;threat\r\n", "; it is separated by ';' (as Excel saves CSV"),
        ("tabs.csv", "text\tlabel\nA\tthreat\n", "; it is separated by tabs; name the file .tsv"),
        ("commas.tsv", "text,label\nA,threat\n", "; it is separated by commas; name the file .csv"),
        ("case.csv", "Text,Label\nA,threat\n", "; rename column 'Text' to 'text', 'Label' to 'label' (names are"),
        ("typo.csv", "txet,label\nA,threat\n", "; rename column 'txet' to 'text' (names are case-sensitive)"),
    ],
)
def test_a_header_that_lacks_a_column_says_why(tmp_path, name, content, hint):
    path = write(tmp_path, name, content)
    with pytest.raises(DataError) as info:
        load_labeled(path, labels=LABELS)
    message = str(info.value)
    assert message.startswith(f"{path}:1: missing column(s) ")
    assert hint in message


def test_a_header_with_other_columns_gets_no_guess(tmp_path):
    path = write(tmp_path, "other.csv", "sentence,frame\nA,threat\n")
    with pytest.raises(DataError) as info:
        load_labeled(path, labels=LABELS)
    assert str(info.value) == f"{path}:1: missing column(s) 'text', 'label'; the header has 'sentence', 'frame'"


def test_rows_with_every_cell_empty_are_blank_lines(tmp_path):
    # A spreadsheet saves a cleared row as ",,"; a line of spaces holds nothing either.
    path = write(tmp_path, "blank.csv", "text,label,note\r\nA,threat,\r\n,,\r\n   \r\n\r\nB,neutral,x\r\n , ,\r\n")
    data = load_labeled(path, labels=LABELS)
    assert data.X == ["A", "B"]
    assert data.lines == [2, 6]


def test_an_excel_csv_with_bom_and_crlf_loads_as_written(tmp_path):
    path = write(tmp_path, "excel.csv", '\ufefftext,label\r\n"Two\r\nlines",threat\r\nB,neutral\r\n')
    data = load_labeled(path, labels=LABELS)
    assert data.X == ["Two\r\nlines", "B"]
    assert data.lines == [2, 4]
