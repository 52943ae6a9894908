"""Stream the rows of a per-sentence file (CSV, TSV, JSONL, Parquet) in batches, for :func:`summarize`.

A small single-process reader rather than the batch readers of ``stance score``: those cut a file into
chunks for worker processes, so the parent scans every record's quotes and the worker parses it
again with a copy of each line. In one process that is twice the work: 2.0 s against 0.8 s for
100,000 rows, most of the time a summary of a million rows would take. What matters is kept: the
header is checked up front, a BOM is dropped (at the start of the file, and of a later record or line
of files joined with ``cat``), each row keeps its line number, a record with the wrong number of
fields, a lone CR in an unquoted field or a malformed JSON line is counted apart (never dropped
unseen), and a quoted field still open after ``MAX_FIELD_CHARS`` (an unbalanced quote) refuses the
file in bounded memory. Lines end at LF, as ``stance score`` and ``stance analyze`` read them: a lone
CR inside a quoted field is data, and a file whose lines end with CR alone is refused.
Bytes that are not UTF-8 become U+FFFD in the text shown; the row still counts.
"""

import csv
import io
import json
import os
from itertools import chain

from model.json_kind import json_kind
from model.json_text import json_error, load_json, without_surrogates
from service.batch.chunks import MAX_FIELD_CHARS
from service.batch.formats import DELIMITERS, STDIO, format_of
from service.batch.parse import CR_LINE_ENDS, UNPAIRED_SURROGATE, csv_record_error, runs_on_through_cr, wrong_width

BATCH_ROWS = 10_000
FORMATS = ("csv", "tsv", "jsonl", "parquet")
# Lines read while looking for the first JSON object, as in the batch readers.
JSONL_PROBE_LINES = 1000


class InputError(Exception):
    """A per-sentence file cannot be read at all: missing, empty, no header, not the format it claims."""


class RowStream:
    """The columns of a per-sentence file and its batches of ``(rows, lines, unreadable)``, read lazily.

    ``done_bytes`` of ``total_bytes`` (None for stdin) tells a progress display how far the reading is.
    """

    def __init__(self, columns, batches, total_bytes, position=None, close=None):
        self.columns = columns
        self._batches = batches
        self.total_bytes = total_bytes
        self._position = position
        self._close = close
        self.done_bytes = 0

    def __iter__(self):
        for batch in self._batches:
            if self._position is not None:
                self.done_bytes = self._position()
            yield batch

    def close(self):
        """Close the file, whether its rows were read or not (stdin is left open)."""
        self._batches.close()
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def open_rows(path, fmt=None, stdin=None):
    """Open a per-sentence file and return a :class:`RowStream` (close it, or use it in ``with``).

    Rows are lists in column order.

    Raises :class:`InputError` or :class:`~service.batch.formats.FormatError` when the file cannot be
    read at all (missing, empty, no header, not the format it claims). Parquet loads pyarrow; the
    other formats do not.
    """
    fmt = format_of(path, fmt)
    if fmt not in FORMATS:
        raise InputError(f"{path}: summarize reads {', '.join(FORMATS)} files, not {fmt}")
    if fmt == "parquet":
        return _parquet_rows(path, stdin)
    raw = open_input(path, stdin)
    # newline="\n": lines end at LF only (CRLF keeps its CR, which the csv module drops). Universal
    # newlines split at a lone CR too: one quoted in a field shifted every later row's line number.
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="\n")
    try:
        if fmt == "jsonl":
            columns, batches = _jsonl_rows(path, text)
        else:
            columns, batches = _delimited_rows(path, text, DELIMITERS[fmt])
    except BaseException:
        _close(text, path)
        raise
    size = None if path == STDIO else os.path.getsize(path)
    position = None if path == STDIO else raw.tell
    return RowStream(columns, batches, size, position, close=lambda: _close(text, path))


def dangling_link(path):
    """Say that ``path`` is a symbolic link whose target does not exist (or loops), or return None."""
    if os.path.islink(path) and not os.path.exists(path):
        return f"dangling symbolic link: its target {os.readlink(path)!r} does not exist"
    return None


def open_input(path, stdin, error=InputError):
    """Open a file for binary reading, or return ``stdin`` for ``-``; raise ``error`` naming the file if neither can be."""
    if path == STDIO:
        if stdin is None:
            raise error("-: stdin is closed; pass a file name or pipe the input in")
        return stdin
    try:
        return open(path, "rb", buffering=1 << 20)
    except FileNotFoundError:
        raise error(f"{path}: {dangling_link(path) or 'no such file'}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory") from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from None


def _close(text, path):
    """Close the file; stdin is only let go of (closing the wrapper would close stdin too)."""
    if path == STDIO:
        text.detach()
    else:
        text.close()


def _delimited_rows(path, text, delimiter):
    """Check the CSV/TSV header and return ``(columns, batches)``."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    first = text.readline()
    if "\r" in first.removesuffix("\n").removesuffix("\r"):
        # Lines ended by CR alone (old Mac spreadsheets): the header line would be the whole file.
        raise InputError(f"{path}: {CR_LINE_ENDS}")
    records = _RecordLines(chain([first], text))
    reader = csv.reader(records, delimiter=delimiter)
    try:
        columns = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{path}: malformed header line ({exc})") from None
    if not columns:
        raise InputError(f"{path}: empty file, expected a header line with column names")
    return columns, _delimited_batches(path, reader, records, len(columns))


class _RecordLines:
    """The lines of a CSV/TSV file for the csv reader, without a BOM at the start of a record.

    Files joined with ``cat`` carry one at each file's start; in a record's first field it would stay
    in the value (an id ``"\\ufeff2"``). A BOM at the start of a line inside a quoted field is data, so
    only the line that opens a record (``opening``, set again after each record) loses it.
    """

    def __init__(self, lines):
        self._lines = iter(lines)
        self.opening = True

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self._lines)
        if self.opening:
            self.opening = False
            if line.startswith("\ufeff"):
                return line[1:]
        return line


def _delimited_batches(path, reader, records, width):
    """Yield batches of CSV/TSV records; a record with another number of fields than the header is unreadable."""
    rows, lines, unreadable = [], [], []
    line = reader.line_num + 1
    while True:
        records.opening = True
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"{path}, line {line}: a field is longer than {MAX_FIELD_CHARS:,} characters "
                    "(is a closing quote missing?)"
                ) from None
            # As stance score reports the record (a lone CR in an unquoted field...); the csv module goes on with the next.
            unreadable.append((line, csv_record_error(exc)))
        else:
            if len(row) == width:
                rows.append(row)
                lines.append(line)
            else:
                unreadable.append((line, wrong_width(row, width) if row else "empty line"))
        line = reader.line_num + 1
        if len(rows) >= BATCH_ROWS:
            yield rows, lines, unreadable
            rows, lines, unreadable = [], [], []
    if rows or unreadable:
        yield rows, lines, unreadable


def _parse_json(line):
    """Return ``(object, None)`` or ``(None, reason)`` for one JSON line (a BOM before it is dropped)."""
    # A BOM starts the line of a file joined on (cat a.jsonl b.jsonl); it is dropped as at the file's start.
    line = line.removeprefix("\ufeff")
    try:
        value = load_json(line)
    except json.JSONDecodeError as exc:
        return None, f"malformed JSON: {json_error(exc)}"
    except RecursionError:
        return None, "malformed JSON: nested too deeply"
    if not isinstance(value, dict):
        return None, f"not a JSON object but {json_kind(value)}"
    if without_surrogates(line, value)[1]:
        return None, UNPAIRED_SURROGATE
    return value, None


def _jsonl_rows(path, text):
    """Find the first JSON object (its keys are the columns) and return ``(columns, batches)``."""
    early = []
    for number, line in enumerate(text, 1):
        if number == 1 and runs_on_through_cr(line):
            # One "line" running to the end through CRs: lines ended by CR alone, refused as stance score refuses them.
            raise InputError(f"{path}: {CR_LINE_ENDS}")
        if not line.strip():
            early.append((number, "empty line"))
            continue
        value, reason = _parse_json(line)
        if value is not None:
            return list(value), _jsonl_batches(text, list(value), early, value, number)
        early.append((number, reason))
        if number >= JSONL_PROBE_LINES:
            break
    if not early:
        raise InputError(f"{path}: empty file, expected JSON lines")
    raise InputError(f"{path}: no JSON object in the first {len(early):,} lines; is it JSON lines?")


def _jsonl_batches(text, columns, early, first, first_line):
    """Yield batches of JSON objects as lists in column order; bad lines are unreadable."""
    rows, lines, unreadable = [[first.get(c) for c in columns]], [first_line], list(early)
    for number, line in enumerate(text, first_line + 1):
        if not line.strip():
            unreadable.append((number, "empty line"))
            continue
        value, reason = _parse_json(line)
        if value is None:
            unreadable.append((number, reason))
            continue
        rows.append([value.get(c) for c in columns])
        lines.append(number)
        if len(rows) >= BATCH_ROWS:
            yield rows, lines, unreadable
            rows, lines, unreadable = [], [], []
    if rows or unreadable:
        yield rows, lines, unreadable


def _parquet_rows(path, stdin):
    """Open a Parquet file as a :class:`RowStream` (a row's line is its row number)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if path == STDIO:
            if stdin is None:
                raise InputError("-: stdin is closed; pass a file name or pipe the input in")
            # Parquet keeps its index at the end: stdin is read into memory.
            handle = pq.ParquetFile(io.BytesIO(stdin.read()))
        else:
            handle = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    columns = list(handle.schema_arrow.names)
    size = None if path == STDIO else os.path.getsize(path)
    total_rows = handle.metadata.num_rows
    done = [0]

    def batches():
        first = 1
        try:
            for batch in handle.iter_batches(batch_size=BATCH_ROWS):
                rows = [list(values) for values in zip(*(column.to_pylist() for column in batch.columns))]
                done[0] = first + len(rows) - 1
                yield rows, list(range(first, first + len(rows))), []
                first += len(rows)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: row {first:,} and after: corrupt Parquet data ({exc})") from None

    def position():
        return int(size * done[0] / total_rows) if size and total_rows else 0

    return RowStream(columns, batches(), size, position, close=handle.close)
