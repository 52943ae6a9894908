"""Worker side: turn a chunk's raw bytes into rows, the text to score in each, and per-row errors."""

import csv
import io
import json
import re
from dataclasses import dataclass, field

from model.json_kind import json_kind
from model.json_text import json_error, load_json, without_surrogates
from service.batch.formats import DELIMITERS

# Bytes that are not UTF-8, kept as surrogate escapes by a decode with errors="surrogateescape".
ESCAPED_BYTES = re.compile("[\udc80-\udcff]")
UNDECODABLE = "undecodable bytes (not UTF-8)"
UNPAIRED_SURROGATE = "unpaired surrogate escape (\\ud800-\\udfff): not valid text"
CR_LINE_ENDS = "lines end with a carriage return (CR) alone; convert them to LF or CRLF line ends"
# The csv module's own advice (open the file in universal-newline mode) is for programmers.
UNQUOTED_CR = "malformed CSV: a carriage return (CR) inside an unquoted field; quote the field or remove the CR"


@dataclass
class ParsedChunk:
    """Rows (lists for tabular input, dicts for JSONL), their texts, errors and line numbers."""

    rows: list
    texts: list
    errors: list
    lines: list
    # CSV/TSV: each well-formed record's own text without its line end, or None for a row that had
    # to be repaired, so output in the same format can copy records instead of re-quoting every field.
    records: list | None = None
    # JSONL: ``(input, line, field)`` where a field the layout has no column for first appears in
    # this chunk, when the output format has no room for it (see :func:`_note_new_fields`).
    new_fields: list = field(default_factory=list)
    # Rows whose record could not be parsed at all (malformed JSON or CSV): the output keeps none of
    # their fields, so only a line number tells which input record they were.
    unparsed: set = field(default_factory=set)


def parse_chunk(chunk):
    """Parse a chunk of any line-based input format (Parquet chunks go to :func:`parse_arrow`)."""
    layout = chunk.layout
    text, damaged = _decode(chunk.payload)
    if layout.input_format in DELIMITERS:
        parsed = _parse_delimited(text, layout, chunk.first_line)
    elif layout.input_format == "jsonl":
        parsed = _parse_jsonl(text, layout, chunk.first_line)
    else:
        parsed = _parse_lines(text, chunk.first_line)
    if damaged:
        _flag_undecodable(parsed)
    return parsed


def _decode(payload):
    """Decode UTF-8; on bad bytes keep them as surrogates so only the rows holding them are flagged."""
    try:
        return payload.decode("utf-8"), False
    except UnicodeDecodeError:
        return payload.decode("utf-8", errors="surrogateescape"), True


def _flag_undecodable(parsed):
    """Mark rows that hold undecodable bytes and replace those bytes with U+FFFD for the output."""
    for index, row in enumerate(parsed.rows):
        values = row.values() if isinstance(row, dict) else row
        if any(isinstance(v, str) and ESCAPED_BYTES.search(v) for v in values):
            parsed.errors[index] = UNDECODABLE
            parsed.texts[index] = None
            if parsed.records is not None:
                parsed.records[index] = None
            if isinstance(row, dict):
                parsed.rows[index] = {_clean(k): _clean(v) for k, v in row.items()}
            else:
                parsed.rows[index] = [_clean(v) for v in row]


def _clean(value):
    """Replace surrogate-escaped bytes in a string with the Unicode replacement character."""
    return ESCAPED_BYTES.sub("\ufffd", value) if isinstance(value, str) else value


def _parse_delimited(text, layout, first_line):
    """Parse CSV/TSV records (quoted newlines included) against the header read by the parent."""
    # The parent refuses a file whose quoted field outgrows this limit; an unquoted field over it
    # becomes a row with an error, like any other malformed record.
    csv.field_size_limit(layout.max_field_chars)
    width = len(layout.columns)
    text_index = layout.columns.index(layout.text_column)
    # The physical lines, so each record's own text can be kept. Split at LF only, as the parent counts
    # lines: split at a lone CR too, a CR inside a quoted field shifted every later row's line number,
    # and one in an unquoted field cut its record in two rows, the first scored on half its text.
    physical = list(io.StringIO(text, newline="\n"))
    reader = csv.reader(iter(physical), delimiter=DELIMITERS[layout.input_format])
    parsed = ParsedChunk([], [], [], [], records=[])
    start = 0
    while True:
        if start < len(physical) and physical[start].startswith("\ufeff"):
            # A BOM opens the record of a file joined on (cat a.csv b.csv); dropped as at the file's start,
            # it would stay in the first field (an id "\\ufeff2"). The reader has not read this line yet.
            physical[start] = physical[start][1:]
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The csv module reports the bad record and carries on with the next one.
            parsed.unparsed.add(len(parsed.rows))
            _add_bad_row(parsed, [""] * width, _csv_error(exc, layout), first_line + start)
            start = reader.line_num
            continue
        line, end = first_line + start, reader.line_num
        if not row:
            _add_bad_row(parsed, [""] * width, "empty line", line)
        elif len(row) != width:
            _add_bad_row(parsed, (row + [""] * width)[:width], wrong_width(row, width), line)
        else:
            record = physical[start] if end == start + 1 else "".join(physical[start:end])
            parsed.rows.append(row)
            parsed.texts.append(row[text_index])
            parsed.errors.append(None)
            parsed.lines.append(line)
            parsed.records.append(record.rstrip("\r\n"))
        start = end
    return parsed


def wrong_width(row, width):
    """The error of a record with another number of fields than the header; fields past the header are quoted in it.

    The row keeps only as many fields as there are columns, so the message is where the rest survive.
    """
    fields = "field" if len(row) == 1 else "fields"
    message = f"{len(row)} {fields}, the header has {width}"
    if len(row) > width:
        message += f"; fields past the header: {json.dumps(row[width:], ensure_ascii=False)}"
    return message


def _csv_error(exc, layout):
    """The message for a record the csv module rejects, naming the option behind the field limit."""
    if "field larger than field limit" in str(exc):
        return f"malformed CSV: a field is longer than {layout.max_field_chars:,} characters (--max-field-chars)"
    return csv_record_error(exc)


def csv_record_error(exc):
    """The message for a record the csv module rejects (its field limit aside), as ``stance score`` and ``stance summarize`` give it."""
    if "new-line character seen in unquoted field" in str(exc):
        return UNQUOTED_CR
    return f"malformed CSV: {exc}"


def runs_on_through_cr(first):
    """Whether a first line (``str`` or ``bytes``) has no LF end but a lone CR inside: a file whose lines end with CR alone.

    A lone CR in a first line ended by LF is that line's own text.
    """
    cr, lf = ("\r", "\n") if isinstance(first, str) else (b"\r", b"\n")
    return not first.endswith(lf) and cr in first.rstrip(cr)


def _add_bad_row(parsed, row, error, line):
    """Keep a row that cannot be scored, with its error and no record to copy."""
    parsed.rows.append(row)
    parsed.texts.append(None)
    parsed.errors.append(error)
    parsed.lines.append(line)
    parsed.records.append(None)


def errors_with_lines(errors, parsed):
    """The errors as the output writes them: a row that could not be parsed names its line ("line 7: malformed JSON: ...").

    Such a row keeps none of its input's fields, so nothing else in the output says which record it
    was. The log puts each bad row's place before its message already, so its examples keep the message alone.
    """
    if not parsed.unparsed:
        return errors
    return [f"line {parsed.lines[i]}: {e}" if i in parsed.unparsed else e for i, e in enumerate(errors)]


def _parse_jsonl(text, layout, first_line):
    """Parse one JSON object per line; a malformed line becomes a row with an error, not a failure."""
    parsed = ParsedChunk([], [], [], [])
    name = layout.text_column
    for offset, line in enumerate(_split_lines(text)):
        parsed.lines.append(first_line + offset)
        error, row, value = None, {}, None
        # A BOM starts the line of a file joined on (cat a.jsonl b.jsonl); it is dropped as at the file's start.
        line = line.removeprefix("\ufeff")
        if not line.strip():
            error = "empty line"
        else:
            try:
                row = load_json(line)
            except json.JSONDecodeError as exc:
                error, row = f"malformed JSON: {json_error(exc)}", {}
                parsed.unparsed.add(offset)
            except RecursionError:
                # Arrays or objects nested thousands deep: the decoder recurses once per level.
                error, row = "malformed JSON: nested too deeply", {}
                parsed.unparsed.add(offset)
            else:
                row, unpaired = without_surrogates(line, row)
                if not isinstance(row, dict):
                    error, row = f"not a JSON object but {json_kind(row)}", {}
                elif unpaired:
                    # Scored text must be text; the row keeps its fields, the bad code points replaced.
                    error = UNPAIRED_SURROGATE
                elif name not in row:
                    error = f"missing field {name!r}"
                elif not isinstance(row[name], str):
                    error = f"field {name!r} must be a string, got {json_kind(row[name])}"
                else:
                    value = row[name]
        parsed.rows.append(row)
        parsed.texts.append(value)
        parsed.errors.append(error)
    _note_new_fields(parsed, layout)
    return parsed


def _note_new_fields(parsed, layout):
    """Note the fields of objects past the probed lines that have no column, with the line each first appears on.

    The columns are the fields of the first lines the parent read; a field first seen later cannot
    get a column in CSV, TSV or Parquet output (the header is written already), so the run warns.
    JSONL output keeps every object's own fields, and text output none, so neither loses it.
    """
    if layout.output_format in ("jsonl", "txt"):
        return
    known, seen = set(layout.columns), set()
    for row, line in zip(parsed.rows, parsed.lines):
        if known.issuperset(row):
            continue
        for key in row:
            if key not in known and key not in seen:
                seen.add(key)
                parsed.new_fields.append((layout.path, line, key))


def _parse_lines(text, first_line):
    """Plain text: every line is one sentence in a column named ``text`` (a BOM before it is dropped, as in JSONL)."""
    lines = [line.removeprefix("\ufeff") for line in _split_lines(text)]
    return ParsedChunk(
        [[line] for line in lines],
        list(lines),
        [None] * len(lines),
        list(range(first_line, first_line + len(lines))),
    )


def _split_lines(text):
    """Split on newlines only (not on the other separators ``str.splitlines`` knows), dropping ``\\r``."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_arrow(chunk):
    """Rows and texts of a Parquet record batch; a null or non-text value is a row error."""
    batch = chunk.payload
    problems = {}  # row -> the value Python cannot hold
    columns = [_python_values(column, name, problems) for column, name in zip(batch.columns, batch.schema.names)]
    rows = [list(values) for values in zip(*columns)]
    texts = columns[batch.schema.get_field_index(chunk.layout.text_column)]
    errors = [problems.get(k) or (None if isinstance(t, str) else "missing text (null)") for k, t in enumerate(texts)]
    lines = list(range(chunk.first_line, chunk.first_line + batch.num_rows))
    return ParsedChunk(
        rows, [t if isinstance(t, str) and k not in problems else None for k, t in enumerate(texts)], errors, lines
    )


def _python_values(column, name, problems):
    """The column's values as Python objects; one that Python cannot hold becomes None and its row's problem.

    Nanoseconds, or a date past the year 9999, have no Python datetime: the whole column would
    otherwise fail, and with it the run, after other rows were scored.
    """
    # Imported here: only Parquet input (which has loaded pyarrow already) gets here, and stance
    # summarize reads CSV through this module without loading pyarrow.
    import pyarrow as pa

    try:
        return column.to_pylist()
    except (ValueError, OverflowError, pa.ArrowException):
        values = []
        for k in range(len(column)):
            try:
                values.append(column[k].as_py())
            except (ValueError, OverflowError, pa.ArrowException) as exc:
                values.append(None)
                shown = column.slice(k, 1).cast(pa.string(), safe=False)[0].as_py()
                problems[k] = f"column {name!r} holds {shown}, which cannot be read ({exc}); written as null"
        return values
