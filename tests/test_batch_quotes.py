"""An unbalanced quote in a CSV refuses the file, naming the line; a stray quote in a plain field is text."""

import io

import pytest
from batch_helpers import read_csv, run_score

from service.batch import readers
from service.batch.readers import InputError, open_source

LIMIT = 200
SENTENCE = "Belgrade warned that the new drones endanger Serbs in the north."
ROWS = [f"{i},{SENTENCE} Row {i}.\n" for i in range(1, 41)]
TOO_LONG = f"within {LIMIT:,} characters (is a closing quote missing? A longer field needs a larger --max-field-chars)"
ENDS_INSIDE = f"within {LIMIT:,} characters (the input ends inside it; is a closing quote missing?)"
SETTINGS = {
    "text_column": "text",
    "id_column": None,
    "output_format": "csv",
    "labels": ["neutral", "stability", "threat"],
    "model": "v1",
    "explain": False,
    "batch_size": 2,
    "max_field_chars": LIMIT,
}


@pytest.fixture(params=["1", "2"], ids=["serial", "two-workers"])
def workers(request):
    """Score through this process and through a pool of two workers."""
    return request.param


def _score(model_dir, path, out, workers, *args):
    """Score ``path`` into ``out`` in small chunks, so the refusal comes after chunks were scored."""
    return run_score(
        model_dir, path, "-o", out, "--workers", workers, "--batch-size", "2", "--max-field-chars", LIMIT, *args
    )


def _refused(result, out, message):
    """The run failed with exactly ``message`` and left no output and no temporary file."""
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == f"Error: {message}"
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".part")]


def test_an_unclosed_quote_in_row_3_refuses_the_file(trained_model_dir, tmp_path, workers):
    path = tmp_path / "in.csv"
    rows = ROWS[:2] + ['3,"opens a quote that never closes\n'] + ROWS[3:]
    path.write_text("id,text\n" + "".join(rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, workers)
    _refused(result, out, f"{path}, line 4: a quoted field opened here is not closed {TOO_LONG}")


def test_an_unclosed_quote_closed_by_the_next_quoted_row_refuses_the_file(trained_model_dir, tmp_path, workers):
    # The csv module would end the open field at row 4's opening quote and merge rows 3 and 4.
    path = tmp_path / "in.csv"
    rows = [f'{i},"{SENTENCE} Row {i}."\n' for i in range(1, 41)]
    rows[2] = '3,"opens a quote that never closes\n'
    path.write_text("id,text\n" + "".join(rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, workers)
    _refused(
        result,
        out,
        f"{path}, line 4: a quoted field opened here runs to line 5, where a quote followed by text ends it "
        "(is a closing quote missing?)",
    )


def test_an_unclosed_quote_near_the_end_refuses_the_file(trained_model_dir, tmp_path, workers):
    path = tmp_path / "in.csv"
    path.write_text("id,text\n" + "".join(ROWS[:5]) + '6,"short and open\n7,last\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, workers)
    _refused(result, out, f"{path}, line 7: a quoted field opened here is not closed {ENDS_INSIDE}")


def test_an_unclosed_quote_in_the_header_refuses_the_file(trained_model_dir, tmp_path, workers):
    path = tmp_path / "in.csv"
    path.write_text('id,"text\n' + "".join(ROWS), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, workers)
    _refused(result, out, f"{path}, line 1: a quoted field opened here is not closed {TOO_LONG}")


def test_an_unclosed_quote_on_stdin_refuses_the_input(trained_model_dir, tmp_path, workers):
    out = tmp_path / "out.csv"
    text = "id,text\n" + "".join(ROWS[:3]) + '4,"never closed\n' + "".join(ROWS[4:])
    result = run_score(trained_model_dir, "-", "-o", out, "--workers", workers, "--max-field-chars", LIMIT, input=text)
    _refused(result, out, f"-, line 5: a quoted field opened here is not closed {TOO_LONG}")


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_a_stray_quote_in_an_unquoted_field_is_text(trained_model_dir, tmp_path, workers, fmt, delimiter):
    # Python's csv module keeps a quote that does not start a field as text; so must the reader.
    texts = [f"{SENTENCE} Row {i}." for i in range(1, 21)]
    texts[2] = 'The army moved a 5" gun to the border.'
    texts[7] = 'Another 12" shell was found said the police.'
    texts[12] = 'He said "no" twice.'
    path = tmp_path / f"in.{fmt}"
    path.write_text(f"id{delimiter}text\n" + "".join(f"{i}{delimiter}{t}\n" for i, t in enumerate(texts)))
    out = tmp_path / f"out.{fmt}"
    result = _score(trained_model_dir, path, out, workers)
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_text(encoding="utf-8"), delimiter=delimiter)
    assert [row["text"] for row in rows] == texts
    assert all(row["label"] and not row["error"] for row in rows)


def test_a_long_quoted_multi_line_field_under_the_limit_is_kept(trained_model_dir, tmp_path, workers):
    # Exactly LIMIT characters (a doubled quote counts once, a non-ASCII letter once), over three lines.
    head = 'Kosovo said ""no"". Ša\nsecond line\nthird line '
    field = head + "x" * (LIMIT - len(head.replace('""', '"')))
    path = tmp_path / "in.csv"
    path.write_text("id,text\n" + "".join(ROWS[:3]) + f'4,"{field}"\n' + "".join(ROWS[4:]), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, workers)
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_text(encoding="utf-8"))
    assert len(rows) == len(ROWS)
    assert rows[3]["text"] == field.replace('""', '"')
    assert len(rows[3]["text"]) == LIMIT
    assert all(row["label"] and not row["error"] for row in rows)


def test_a_quoted_field_one_character_over_the_limit_is_refused(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,text\n" + "".join(ROWS[:3]) + f'4,"{"x" * (LIMIT + 1)}"\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, "1")
    _refused(result, out, f"{path}, line 5: a quoted field opened here is not closed {TOO_LONG}")


def test_an_unquoted_field_over_the_limit_is_an_error_row(trained_model_dir, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,text\n" + "".join(ROWS[:3]) + f"4,{'x' * (LIMIT + 1)}\n" + "".join(ROWS[4:8]))
    out = tmp_path / "out.csv"
    result = _score(trained_model_dir, path, out, "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_text(encoding="utf-8"))
    assert len(rows) == 8
    assert rows[3]["error"] == f"line 5: malformed CSV: a field is longer than {LIMIT:,} characters (--max-field-chars)"


class EndlessQuote(io.RawIOBase):
    """A stream that holds ``head`` and then the inside of a quoted field for ever, counting what is read."""

    def __init__(self, head):
        self.head = head
        self.read_bytes = 0

    def readable(self):
        """A readable stream."""
        return True

    def readinto(self, buffer):
        """Fill ``buffer`` from the head, then with text and newlines that never close the quote."""
        filler = (b"endless text, no quote\n" * (len(buffer) // 23 + 1))[: len(buffer)]
        data = (self.head + filler)[: len(buffer)]
        self.head = self.head[len(data) :]
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


@pytest.mark.parametrize(
    "head, line",
    [
        (b'id,"text\n', 1),
        (b"id,text\n" + "".join(ROWS[:4]).encode() + b'5,"open\n', 6),
    ],
    ids=["header", "row"],
)
def test_an_open_quote_stops_the_reading_within_the_limit(monkeypatch, head, line):
    # Memory stays bounded: the reader gives up after about the limit, not at the end of the input.
    monkeypatch.setattr(readers, "READ_BLOCK", 64)
    stream = EndlessQuote(head)
    with pytest.raises(InputError, match=rf"^-, line {line}: a quoted field opened here is not closed"):
        source = open_source("-", "csv", SETTINGS, stdin=io.BufferedReader(stream, 64))
        list(source.chunks)
    assert stream.read_bytes < len(head) + LIMIT + 4 * 64


def test_an_unclosed_quote_far_in_refuses_the_file_before_stdout_gets_a_byte(trained_model_dir, tmp_path, workers):
    # stdout cannot take rows back: the file is read through once for its quotes before the first row is written.
    path = tmp_path / "in.csv"
    rows = ROWS[:30] + ['31,"opens a quote that never closes\n'] + ROWS[31:]
    path.write_text("id,text\n" + "".join(rows), encoding="utf-8")
    args = ["--workers", workers, "--batch-size", "2", "--max-field-chars", LIMIT]
    result = run_score(trained_model_dir, path, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.output.splitlines()[-1] == f"Error: {path}, line 32: a quoted field opened here is not closed {TOO_LONG}"
    )


def test_stdin_is_not_read_ahead_for_its_quotes():
    # A pipe cannot be read twice: its quotes are checked as its chunks are read, as before.
    text = "id,text\n" + "".join(ROWS[:5])
    source = open_source("-", "csv", SETTINGS, stdin=io.BufferedReader(io.BytesIO(text.encode())))
    source.check_whole()
    assert sum(len(chunk.payload.splitlines()) for chunk in source.chunks) == 5


def test_a_file_output_is_not_read_ahead(trained_model_dir, tmp_path, monkeypatch):
    # A file output is written under a temporary name and dropped on failure, so the extra pass would only cost time.
    calls = []
    monkeypatch.setattr(readers, "_check_quotes", lambda *args: calls.append(args))
    path = tmp_path / "in.csv"
    path.write_text("id,text\n" + "".join(ROWS[:5]), encoding="utf-8")
    assert run_score(trained_model_dir, path, "-o", tmp_path / "out.csv", "--workers", "1").exit_code == 0
    assert calls == []
    assert run_score(trained_model_dir, path, "--workers", "1").exit_code == 0
    assert len(calls) == 1


QUOTED = [f'{i},"{SENTENCE} Row {i}."\r\n' for i in range(1, 13)]
CONTENTS = {
    "plain": "id,text\n" + "".join(ROWS[:12]),
    "stray quotes": 'id,text\n1,a 5" gun\n2,He said "no" twice.\n3,"x"\n4,12"\n',
    "doubled quotes across lines": 'id,text\n1,"He said ""no""\nand ""yes"""\n2,"""quoted"" start"\n3,end""\n',
    "quoted CRLF": "id,text\r\n" + "".join(QUOTED),
    "unclosed at the end": "id,text\n" + "".join(ROWS[:6]) + '7,"open to the end\n8,last\n',
    "closed by the next row's quote": "id,text\n" + "".join(QUOTED[:4]) + '5,"never closed\n' + "".join(QUOTED[5:]),
    "over the limit": "id,text\n" + "".join(ROWS[:3]) + '4,"' + "x " * LIMIT + '"\n' + "".join(ROWS[4:9]),
    "header spans lines": 'id,"te\nxt"\n' + '1,"a ""b"" c"\n2,"open\n',
}


def _outcome(action):
    """The message of the InputError ``action`` raises, or None."""
    try:
        action()
    except InputError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("name", list(CONTENTS))
def test_the_read_ahead_refuses_exactly_what_the_chunks_refuse(tmp_path, monkeypatch, name, block):
    # Blocks as small as one byte put every quote, doubled quote and line end on a block boundary.
    monkeypatch.setattr(readers, "READ_BLOCK", block)
    path = tmp_path / "in.csv"
    path.write_bytes(CONTENTS[name].encode())
    settings = {**SETTINGS, "text_column": "te\nxt" if name == "header spans lines" else "text"}
    ahead = open_source(str(path), "csv", settings)
    chunked = open_source(str(path), "csv", settings)
    try:
        expected = _outcome(lambda: list(chunked.chunks))
        assert _outcome(ahead.check_whole) == expected
    finally:
        ahead.close()
        chunked.close()
    assert (expected is None) == (name in ("plain", "stray quotes", "doubled quotes across lines", "quoted CRLF"))
