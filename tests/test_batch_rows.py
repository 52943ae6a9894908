"""Every input row gives exactly one output row, in order; bad rows carry an error, bad files fail fast."""

import json

import pytest
from batch_helpers import read_csv, read_jsonl, run_score, write_csv_rows
from click.testing import CliRunner

from model.text import BLANK
from service.batch.chunks import ChunkResult
from service.batch.progress import Summary
from service.cli import cli

GOOD = "Belgrade warned that the new drones endanger Serbs in the north."
LONG = " ".join(["The exercise reassures allies and contributes to stability."] * 4000)


def test_awkward_csv_rows_are_all_kept_in_order(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    with open(path, "wb") as fh:
        fh.write(b"id,text\n")
        fh.write(b'1,"A quoted sentence\nwith a newline, warned of a dangerous provocation."\n')
        fh.write(b"2,\n")
        fh.write(b"3,Bad bytes \xff\xfe in the middle of this line.\n")
        fh.write(f'4,"{LONG}"\n'.encode())
        fh.write(b"5,one,too many\n")
        fh.write(b"\n")
        fh.write(f"7,{GOOD}".encode())  # no newline at the end of the file
    result = run_score(trained_model_dir, path, "--workers", "1", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5", "", "7"]
    assert [r["error"] for r in rows] == [
        "",
        "text is empty or only whitespace (or invisible characters)",
        "undecodable bytes (not UTF-8)",
        "",
        '3 fields, the header has 2; fields past the header: ["too many"]',
        "empty line",
        "",
    ]
    assert rows[0]["text"].startswith("A quoted sentence\nwith a newline")
    assert rows[2]["text"] == "Bad bytes \ufffd\ufffd in the middle of this line."
    assert rows[3]["label"] == "stability" and len(rows[3]["text"]) == len(LONG)
    assert rows[1]["label"] == rows[2]["label"] == ""
    assert rows[6]["label"] == "threat"


def test_bad_jsonl_lines_are_kept_with_errors(trained_model_dir, tmp_path):
    lines = [
        json.dumps({"id": 1, "text": GOOD}).encode(),
        b'{"id": 2, "text": "unterminated',
        json.dumps({"id": 3, "body": "no text field"}).encode(),
        b"[1, 2]",
        json.dumps({"id": 5, "text": 42}).encode(),
        json.dumps({"id": 6, "text": "   "}).encode(),
        b'{"id": 7, "text": "bad \xff byte"}',
        json.dumps({"id": 8, "text": GOOD}).encode(),
    ]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result = run_score(trained_model_dir, tmp_path / "in.jsonl", "--workers", "1", "--batch-size", "3")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert len(rows) == len(lines)
    errors = [r["error"] for r in rows]
    assert errors[0] == errors[7] == ""
    assert errors[1] == "line 2: malformed JSON: Unterminated string starting at column 19"
    assert errors[2] == "missing field 'text'"
    assert errors[3] == "not a JSON object but a list"
    assert errors[4] == "field 'text' must be a string, got a number"
    assert errors[5] == "text is empty or only whitespace (or invisible characters)"
    assert errors[6] == "undecodable bytes (not UTF-8)"
    assert rows[2]["body"] == "no text field" and rows[2]["label"] is None
    assert [r["label"] for r in rows if not r["error"]] == ["threat", "threat"]


def test_errors_are_counted_in_the_summary(trained_model_dir, tmp_path, caplog):
    write_csv_rows(tmp_path / "in.csv", ["id", "text"], [("a", GOOD), ("b", ""), ("c", GOOD)])
    result = run_score(trained_model_dir, tmp_path / "in.csv", "--id-column", "id", "--workers", "1")
    assert result.exit_code == 0, result.output
    messages = [r.getMessage() for r in caplog.records]
    assert f"{tmp_path / 'in.csv'}:3 (id b): text {BLANK}" in messages
    summary = messages[-1]
    assert summary.startswith("scored 3 rows in ") and "1 errors; labels: threat 2" in summary


def test_text_lines_keep_blank_lines_as_errors(trained_model_dir, tmp_path):
    (tmp_path / "in.txt").write_bytes(f"{GOOD}\r\n\r\n{GOOD}\n".encode())
    result = run_score(trained_model_dir, tmp_path / "in.txt", "--workers", "1", "--output-format", "txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == "threat\n\nthreat\n"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"id,body\n1,x\n", [], "{path}: no column 'text' (found: 'id', 'body'); choose one with --text-column"),
        (
            b"id,text\n1,x\n",
            ["--id-column", "key"],
            "{path}: no column 'key' (found: 'id', 'text'); choose one with --id-column",
        ),
        (b"", [], "{path}: empty file, expected a header line with column names"),
        (b"\xff\xfe,text\n", [], "{path}: the header line is not UTF-8 (invalid start byte at byte 0)"),
        # What a spreadsheet saves: another separator, or a column name in another case.
        (
            b"id;text\n1;x\n",
            [],
            "{path}: no column 'text' (found: 'id;text'); choose one with --text-column; it is separated by ';' "
            "(as Excel saves CSV in some locales); save it as comma-separated 'CSV UTF-8'",
        ),
        (
            b"id,Text\n1,x\n",
            [],
            "{path}: no column 'text' (found: 'id', 'Text'); choose one with --text-column; did you mean 'Text'?",
        ),
    ],
)
def test_a_malformed_csv_file_fails_before_any_work(trained_model_dir, tmp_path, content, args, message):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    result = run_score(trained_model_dir, path, "-o", tmp_path / "out.csv", *args)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: " + message.format(path=path)
    assert not (tmp_path / "out.csv").exists()


def test_jsonl_without_the_field_fails_fast(trained_model_dir, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"body": "x"}\n', encoding="utf-8")
    result = run_score(trained_model_dir, path)
    assert result.exit_code == 1
    assert f"Error: {path}: no field 'text' (found: 'body'); choose one with --text-column" in result.output


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("missing.csv", [], "{path}: no such file"),
        (
            "notes.docx",
            [],
            "{path}: cannot tell the format from the extension '.docx'; pass --format (csv|tsv|jsonl|txt|parquet)",
        ),
        ("in.parquet", [], "{path}: not a readable Parquet file"),
    ],
)
def test_unreadable_inputs_give_a_clear_error(trained_model_dir, tmp_path, name, args, message):
    path = tmp_path / name
    if name != "missing.csv":
        path.write_bytes(b"not really")
    result = run_score(trained_model_dir, path, *args)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: " + message.format(path=path))


def test_missing_model_gives_a_clear_error(tmp_path):
    (tmp_path / "in.csv").write_text("text\nx\n", encoding="utf-8")
    result = run_score(tmp_path / "no-models", tmp_path / "in.csv")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no trained model for task 'framing'")


def test_a_byte_order_mark_and_a_multiline_header_are_handled(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b'\xef\xbb\xbfid,"the\ntext"\n1,' + GOOD.encode() + b"\n")
    result = run_score(trained_model_dir, path, "--text-column", "the\ntext", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [(r["id"], r["label"]) for r in rows] == [("1", "threat")]


def _write_jsonl(path, objects):
    """Write one JSON object per line and return the path."""
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    return path


def test_jsonl_columns_are_the_union_of_the_first_objects_fields(trained_model_dir, tmp_path):
    objects = [{"id": "a", "text": GOOD}, {"id": "b", "outlet": "North Herald", "text": GOOD}, {"text": GOOD}]
    path = _write_jsonl(tmp_path / "in.jsonl", objects)
    result = run_score(trained_model_dir, path, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,text,outlet,label,")
    rows = read_csv(text)
    # A field an object lacks is an empty cell: every record has as many cells as the header.
    assert [(r["id"], r["outlet"]) for r in rows] == [("a", ""), ("b", "North Herald"), ("", "")]
    assert all(None not in r and None not in r.values() for r in rows)
    assert [r["label"] for r in rows] == ["threat"] * 3


def test_a_field_first_seen_after_the_probed_lines_is_reported(trained_model_dir, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr("service.batch.readers.JSONL_PROBE_LINES", 2)
    objects = [{"id": str(n), "text": GOOD} for n in range(3)]
    objects += [{"id": "3", "outlet": "Valley Post", "text": GOOD}, {"id": "4", "lang": "en", "text": GOOD}]
    objects += [{"id": "5", "outlet": "Coastal Daily", "text": GOOD}]
    path = _write_jsonl(tmp_path / "in.jsonl", objects)
    result = run_score(trained_model_dir, path, "-o", tmp_path / "out.csv", "--workers", "1", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    rows = read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == [str(n) for n in range(6)] and "outlet" not in rows[0]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{path}:4: fields 'outlet' (line 4), 'lang' (line 5) first appear after the first 2 lines and are not in "
        "the output; put each in one of the first 2 lines, or write JSONL output, which keeps every field"
    ]


def test_jsonl_output_keeps_a_late_field_without_a_warning(trained_model_dir, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr("service.batch.readers.JSONL_PROBE_LINES", 1)
    objects = [{"id": "a", "text": GOOD}, {"id": "b", "outlet": "Valley Post", "text": GOOD}]
    result = run_score(trained_model_dir, _write_jsonl(tmp_path / "in.jsonl", objects), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert read_jsonl(result.stdout)[1]["outlet"] == "Valley Post"
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def test_the_summary_counts_each_late_field_once_per_input():
    summary = Summary()
    summary.add(ChunkResult(b"", 2, 0, new_fields=[("a.jsonl", 7, "outlet"), ("a.jsonl", 9, "lang")]))
    summary.add(ChunkResult(b"", 2, 0, new_fields=[("a.jsonl", 3, "outlet"), ("b.jsonl", 5, "outlet")]))
    assert summary.as_dict()["fields_not_written"] == 3
    assert summary.new_fields == {"a.jsonl": {"outlet": 3, "lang": 9}, "b.jsonl": {"outlet": 5}}


def test_a_short_row_says_field_in_the_singular(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"id,text,outlet\n1,{GOOD},wire\n2\n", encoding="utf-8")
    rows = read_csv(run_score(trained_model_dir, path, "--workers", "1").stdout)
    assert [r["error"] for r in rows] == ["", "1 field, the header has 3"]


def test_unnamed_columns_may_repeat(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"text,,\n{GOOD},,\n", encoding="utf-8")
    rows = read_csv(run_score(trained_model_dir, path, "--workers", "1").stdout)
    assert [row["label"] for row in rows] == ["threat"]


@pytest.mark.parametrize("command", ["score", "analyze"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"id,text,text\n1,{GOOD},second\n", "the header gives 'text' to two columns (2 and 3); rename one of them"),
        (
            f"id,text\r1,{GOOD}\r2,The ships arrived.\r",
            "lines end with a carriage return (CR) alone; convert them to LF or CRLF line ends",
        ),
    ],
    ids=["a column named twice", "lines ended by CR alone"],
)
def test_a_file_that_would_lose_rows_or_columns_is_refused(trained_model_dir, tmp_path, command, content, message):
    path = tmp_path / "in.csv"
    path.write_bytes(content.encode())
    result = CliRunner().invoke(cli, [command, str(path), "--model-dir", str(trained_model_dir)])
    assert result.exit_code == 1
    assert f"Error: {path}: {message}" in result.output


def test_an_input_column_that_its_renamed_twin_would_overwrite_is_refused(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"label,input_label,text\ngold,note,{GOOD}\n", encoding="utf-8")
    result = run_score(trained_model_dir, path, "--output-format", "jsonl")
    assert result.exit_code == 1
    assert (
        f"Error: {path}: column 'label' is written as 'input_label' (stance adds a 'label' column), "
        "and the file has a column 'input_label' too; rename one of them"
    ) in result.output


def test_unnamed_columns_cannot_go_to_json_lines(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"id,,,text\n1,a,b,{GOOD}\n", encoding="utf-8")
    result = run_score(trained_model_dir, path, "--output-format", "jsonl")
    assert result.exit_code == 1
    assert "2 columns have no name, and jsonl output keeps one value per name; name them, or write CSV" in (
        result.output
    )


def test_a_parquet_value_python_cannot_hold_is_its_rows_error_not_the_runs(trained_model_dir, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    stamps = pa.array([1_700_000_000_000_000_000, 1_700_000_000_000_000_001], type=pa.timestamp("ns"))
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"at": stamps, "text": [GOOD, "The ships arrived."]}), path)
    result = run_score(trained_model_dir, path, "--output-format", "csv")
    assert result.exit_code == 0, (result.output, result.exception)
    rows = read_csv(result.stdout)
    assert rows[0]["error"] == "" and rows[0]["label"]
    assert rows[1]["error"].startswith("column 'at' holds 2023-11-14 22:13:20.000000001, which cannot be read (")
    assert rows[1]["error"].endswith("); written as null") and rows[1]["at"] == ""


def test_several_parquet_inputs_with_one_column_of_two_types_are_refused_before_scoring(trained_model_dir, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1], "text": [GOOD]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"id": ["x1"], "text": [GOOD]}), tmp_path / "b.parquet")
    out = tmp_path / "out.parquet"
    result = run_score(trained_model_dir, tmp_path / "a.parquet", tmp_path / "b.parquet", "-o", out)
    assert result.exit_code == 1
    assert "b.parquet: column 'id' is string there and int64 in" in result.output
    assert not out.exists()


def test_a_nan_from_parquet_is_null_in_json_lines_output(trained_model_dir, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"score": [float("nan"), float("inf"), 1.5], "text": [GOOD] * 3}), path)
    result = run_score(trained_model_dir, path, "--output-format", "jsonl")
    assert result.exit_code == 0, (result.output, result.exception)
    assert [json.loads(line)["score"] for line in result.stdout.splitlines()] == [None, None, 1.5]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_malformed_json_line_names_its_line_in_its_error(trained_model_dir, tmp_path, caplog, workers):
    # Line 9 is in the third chunk of four lines; the row keeps no field, so only its error says which line it was.
    lines = [json.dumps({"id": n, "text": GOOD}) for n in range(1, 13)]
    lines[8] = '{"id": 9 "text": "a comma is missing"}'
    lines[10] = "[" * 100_000
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_score(trained_model_dir, path, "--workers", workers, "--batch-size", "4")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [(k, row["error"]) for k, row in enumerate(rows, 1) if row["error"]] == [
        (9, "line 9: malformed JSON: Expecting ',' delimiter at column 10"),
        (11, "line 11: malformed JSON: nested too deeply"),
    ]
    assert rows[8]["id"] is None
    # The log puts the place first already, and does not say it twice.
    messages = [r.getMessage() for r in caplog.records]
    assert f"{path}:9: malformed JSON: Expecting ',' delimiter at column 10" in messages


def test_a_csv_record_the_csv_module_rejects_names_its_line(trained_model_dir, tmp_path):
    # Records of several lines come first, so the bad record's line is not its row number plus one.
    path = tmp_path / "in.csv"
    rows = [f'{n},"{GOOD}\nsecond line"\n' for n in range(1, 4)]
    path.write_text("id,text\n" + "".join(rows) + f"4,{'x' * 120}\n5,{GOOD}\n", encoding="utf-8")
    result = run_score(trained_model_dir, path, "--workers", "1", "--max-field-chars", "100")
    assert result.exit_code == 0, result.output
    errors = [row["error"] for row in read_csv(result.stdout)]
    assert errors == [
        "",
        "",
        "",
        "line 8: malformed CSV: a field is longer than 100 characters (--max-field-chars)",
        "",
    ]


ALL_BAD = {
    # A file that is not JSON lines, forced to be read as such: every line is an error row.
    "jsonl": "id,text\n1,one\n2,two\n",
    "csv": "id,text\n1,a,b\n2,\n3\n4,\n",
}


@pytest.mark.parametrize("fmt", list(ALL_BAD))
@pytest.mark.parametrize("to_file", [True, False], ids=["file", "stdout"])
def test_a_file_where_no_row_can_be_scored_fails_but_keeps_its_rows(trained_model_dir, tmp_path, fmt, to_file):
    path = tmp_path / "in.txt"
    path.write_text(ALL_BAD[fmt], encoding="utf-8")
    count = 3 if fmt == "jsonl" else 4
    out = tmp_path / "out.jsonl"
    where = ["-o", out] if to_file else []
    result = run_score(trained_model_dir, path, "--format", fmt, *where, "--output-format", "jsonl", "--workers", "1")
    assert result.exit_code == 1
    place = out if to_file else "stdout"
    assert result.output.splitlines()[-1] == (
        f"Error: no row could be scored: all {count} rows have errors "
        f"(the output, {place}, keeps every row; the warnings above say what was wrong)"
    )
    rows = read_jsonl(out.read_text(encoding="utf-8") if to_file else result.stdout)
    assert len(rows) == count
    assert all(row["error"] and row["label"] is None for row in rows)


def test_one_good_row_or_none_at_all_is_no_failure(trained_model_dir, tmp_path):
    # Some rows with errors are the input's business, and a header with no row has nothing that failed.
    (tmp_path / "some.csv").write_text(f"id,text\n1,\n2,{GOOD}\n3,a,b\n", encoding="utf-8")
    (tmp_path / "none.csv").write_text("id,text\n", encoding="utf-8")
    some = run_score(trained_model_dir, tmp_path / "some.csv", "--workers", "1")
    assert some.exit_code == 0, some.output
    assert [row["label"] for row in read_csv(some.stdout)] == ["", "threat", ""]
    none = run_score(trained_model_dir, tmp_path / "none.csv", "--workers", "1")
    assert none.exit_code == 0, none.output
    assert read_csv(none.stdout) == []


def test_the_only_row_failing_fails_the_run(trained_model_dir, tmp_path):
    (tmp_path / "in.csv").write_text("id,text\n1,\n", encoding="utf-8")
    result = run_score(trained_model_dir, tmp_path / "in.csv", "--workers", "1")
    assert result.exit_code == 1
    assert "Error: no row could be scored: the only row has an error (the output, stdout, " in result.output
    assert read_csv(result.stdout)[0]["error"] == "text is empty or only whitespace (or invisible characters)"


CR_ROWS = (
    b"id,text\n"
    b'1,"Quoted, with a CR\ralone: ' + GOOD.encode() + b'"\n'
    b"2," + GOOD.encode() + b"\n"
    b"3,Unquoted with a CR\ralone " + GOOD.encode() + b"\n"
    b"4," + GOOD.encode() + b"\n"
    b"5,one,too many\n"
)
CR_IN_UNQUOTED = "malformed CSV: a carriage return (CR) inside an unquoted field; quote the field or remove the CR"


@pytest.mark.parametrize("batch_size", ["1", "2", "200"])
def test_a_carriage_return_alone_in_a_csv_row_moves_no_line_and_splits_no_row(
    trained_model_dir, tmp_path, caplog, batch_size
):
    # The workers split lines at a CR alone too: a quoted one moved every later line of its chunk by
    # one, and an unquoted one cut its row in two, the first scored on half its text without an error.
    (tmp_path / "in.csv").write_bytes(CR_ROWS)
    args = ("--workers", "1", "--batch-size", batch_size)
    with caplog.at_level("WARNING"):
        result = run_score(trained_model_dir, tmp_path / "in.csv", *args, "--output-format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [row["id"] for row in rows] == ["1", "2", "", "4", "5"]
    assert rows[0]["text"] == "Quoted, with a CR\ralone: " + GOOD and rows[0]["label"] == "threat"
    assert rows[2]["error"] == f"line 4: {CR_IN_UNQUOTED}"
    messages = [r.getMessage() for r in caplog.records]
    assert f"{tmp_path / 'in.csv'}:4: {CR_IN_UNQUOTED}" in messages
    assert f'{tmp_path / "in.csv"}:6: 3 fields, the header has 2; fields past the header: ["too many"]' in messages
    # CSV output copies the quoted record as it was: read back, it is one row still.
    copied = run_score(trained_model_dir, tmp_path / "in.csv", *args)
    assert [row["id"] for row in read_csv(copied.stdout)] == ["1", "2", "", "4", "5"]


@pytest.mark.parametrize("command", ["score", "analyze"])
def test_a_bom_that_starts_a_later_jsonl_line_is_dropped_as_at_the_start(trained_model_dir, tmp_path, command):
    # Files joined with cat: each one's BOM starts a line.
    lines = [json.dumps({"id": n, "text": GOOD}).encode() for n in (1, 2, 3)]
    (tmp_path / "in.jsonl").write_bytes(b"\xef\xbb\xbf" + b"\n\xef\xbb\xbf".join(lines) + b"\n")
    args = [command, str(tmp_path / "in.jsonl"), "--workers", "1", "--model-dir", str(trained_model_dir)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [(row["id"], row["error"]) for row in rows] == [(1, ""), (2, ""), (3, "")]


@pytest.mark.parametrize(("fmt", "lines"), [("txt", [GOOD, GOOD]), ("jsonl", [json.dumps({"text": GOOD})] * 2)])
@pytest.mark.parametrize("from_stdin", [False, True])
def test_lines_ended_by_a_carriage_return_alone_are_refused(trained_model_dir, tmp_path, fmt, lines, from_stdin):
    # Lines are cut at LF: a text file was one row scoring every sentence as one, JSON lines one bad row.
    data = "\r".join(lines).encode() + b"\r"
    (tmp_path / f"in.{fmt}").write_bytes(data)
    where = ("-", "--format", fmt) if from_stdin else (tmp_path / f"in.{fmt}",)
    result = run_score(trained_model_dir, *where, "--workers", "1", input=data if from_stdin else None)
    assert result.exit_code == 1
    name = "-" if from_stdin else tmp_path / f"in.{fmt}"
    assert f"Error: {name}: lines end with a carriage return (CR) alone; convert them to LF or CRLF" in result.output


def test_a_carriage_return_alone_inside_a_text_line_is_its_own_text(trained_model_dir, tmp_path):
    (tmp_path / "in.txt").write_bytes(b"A CR\ralone in the first line.\n" + GOOD.encode() + b"\n")
    result = run_score(trained_model_dir, tmp_path / "in.txt", "--workers", "1", "--output-format", "jsonl")
    assert result.exit_code == 0, result.output
    assert [row["text"] for row in read_jsonl(result.stdout)] == ["A CR\ralone in the first line.", GOOD]


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("command", ["score", "analyze"])
@pytest.mark.parametrize("batch_size", ["1", "200"])
def test_a_bom_that_starts_a_later_csv_record_is_dropped_from_its_first_field(
    trained_model_dir, tmp_path, command, batch_size
):
    # Files joined with cat: each one's BOM opens a record, quoted or not; one inside a quoted field is data.
    data = (
        BOM + b"id,text\n1," + GOOD.encode() + b"\n"
        + BOM + b"2," + GOOD.encode() + b"\n"
        + BOM + b'"3","' + GOOD.encode() + b'"\n'
        + b'4,"Two lines:\n' + BOM + GOOD.encode() + b'"\n'
    )  # fmt: skip
    (tmp_path / "in.csv").write_bytes(data)
    args = [command, str(tmp_path / "in.csv"), "--workers", "1", "--batch-size", batch_size]
    result = CliRunner().invoke(cli, [*args, "--output-format", "jsonl", "--model-dir", str(trained_model_dir)])
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    # analyze gives a row per sentence: the ids in order of first appearance are the articles'.
    assert list(dict.fromkeys(row["id"] for row in rows)) == ["1", "2", "3", "4"]
    assert all(row["error"] == "" for row in rows)
    if command == "score":
        assert rows[3]["text"] == "Two lines:\n\ufeff" + GOOD
        # CSV output copies each record as read: without the BOM, so the id reads back as it should.
        copied = run_score(trained_model_dir, tmp_path / "in.csv", "--workers", "1", "--batch-size", batch_size)
        assert [row["id"] for row in read_csv(copied.stdout)] == ["1", "2", "3", "4"]


def test_a_bom_that_starts_a_later_text_line_is_dropped(trained_model_dir, tmp_path):
    (tmp_path / "in.txt").write_bytes(BOM + GOOD.encode() + b"\n" + BOM + b"The budget passed.\n")
    result = run_score(trained_model_dir, tmp_path / "in.txt", "--workers", "1", "--output-format", "jsonl")
    assert result.exit_code == 0, result.output
    assert [row["text"] for row in read_jsonl(result.stdout)] == [GOOD, "The budget passed."]
