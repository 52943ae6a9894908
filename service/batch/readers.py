"""Parent side: check each input up front, then cut it into chunks of raw records for the workers.

The parent never parses rows: it only finds record boundaries (newlines outside CSV quotes), so the
CPU-heavy parsing happens in the workers, next to prediction.
"""

import codecs
import csv
import io
import json
import logging
import os
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial

import pyarrow as pa
import pyarrow.parquet as pq

from model.article import DEFAULT_MAX_CHARS
from model.json_text import load_json, without_surrogates
from service.batch.chunks import MAX_FIELD_CHARS, Chunk, Layout, added_columns, output_columns
from service.batch.formats import DELIMITERS, STDIO
from service.batch.parse import CR_LINE_ENDS, runs_on_through_cr
from service.batch.quotes import RecordScanner, UnclosedQuote
from service.corpus.read import open_input
from training.data import did_you_mean, separator_hint

log = logging.getLogger(__name__)

JSONL_PROBE_LINES = 1000
# Bytes read at a time when cutting an input into chunks.
READ_BLOCK = 1 << 20


class InputError(Exception):
    """An input cannot be scored at all: missing, unreadable, empty header or no such column."""


class UndecodableHeader(InputError):
    """The header line of a CSV/TSV input is not UTF-8: no column can be named (a bad byte in a row fails that row)."""

    def __init__(self, message, byte):
        super().__init__(message)
        # The first byte that is not UTF-8, for a message that names it.
        self.byte = byte


@dataclass
class Source:
    """One checked input: its layout and an iterator of chunks (raw records are read lazily)."""

    name: str
    layout: Layout
    chunks: object
    total_bytes: int | None
    _closers: list = field(default_factory=list)
    # Reads the whole input once to refuse it before any output (a CSV/TSV file's unclosed quotes).
    _precheck: object = None

    def close(self):
        """Close the underlying file."""
        for close in self._closers:
            close()

    def check_whole(self):
        """Refuse the input now for what its chunks would otherwise find only when they get there."""
        if self._precheck is not None:
            self._precheck()


def open_source(path, fmt, options, stdin=None, source=None):
    """Check ``path`` and return a :class:`Source`, or raise :class:`InputError` naming the file.

    ``options`` has text_column, id_column, output_format, labels, model, explain and batch_size.
    """
    stream = _open(path, stdin)
    try:
        if fmt == "parquet":
            return _parquet_source(path, stream, options, source)
        return _line_source(path, stream, fmt, options, source)
    except BaseException:
        if path != STDIO:
            stream.close()
        raise


def _open(path, stdin):
    """Open a file for binary reading, or return stdin for ``-``, raising this module's :class:`InputError`."""
    return open_input(path, stdin, InputError)


def _size(path):
    """Return the file size for the progress estimate, or None for stdin."""
    return None if path == STDIO else os.path.getsize(path)


def make_layout(path, fmt, columns, options, source, arrow_schema=None):
    """Build the layout after checking that the text and id columns exist."""
    text_column = "text" if fmt == "txt" else options["text_column"]
    where = "field" if fmt == "jsonl" else "column"
    target_column = options.get("target_column")
    id_column = options["id_column"]
    if id_column is None and options.get("default_id_column") in columns:
        # stance analyze: an ``id`` column names the articles unless --id-column picks another.
        id_column = options["default_id_column"]
    checked = (
        ("--text-column", text_column),
        ("--target-column", target_column),
        ("--id-column", id_column),
    )
    for option, name in checked:
        if name is not None and name not in columns:
            listed = ", ".join(repr(c) for c in columns) or "none"
            # A spreadsheet's other separator leaves one column holding every name; else a slip in the name.
            hint = (fmt in DELIMITERS and separator_hint(list(columns), [name], DELIMITERS[fmt])) or did_you_mean(
                name, columns
            )
            raise InputError(f"{path}: no {where} {name!r} (found: {listed}); choose one with {option}{hint}")
    attributions = options.get("attributions", False)
    articles = options.get("articles", False)
    lines = articles and options.get("article_lines", False)
    taken = set(added_columns(options["labels"], options["explain"], attributions, articles, lines)) | (
        {"source"} if source is not None else set()
    )
    # An article's text column is not copied (its sentences are), so its name clashes with nothing.
    renamed = tuple((c, f"input_{c}") for c in columns if c in taken and not (articles and c == text_column))
    layout = Layout(
        input_format=fmt,
        output_format=options["output_format"],
        columns=tuple(columns),
        text_column=text_column,
        id_column=id_column,
        labels=tuple(options["labels"]),
        model=options["model"],
        explain=options["explain"],
        attributions=attributions,
        source=source,
        renamed=renamed,
        arrow_schema=arrow_schema,
        path=path,
        target_column=target_column,
        max_field_chars=options.get("max_field_chars", MAX_FIELD_CHARS),
        articles=articles,
        max_chars=options.get("max_chars", DEFAULT_MAX_CHARS),
        article_lines=lines,
    )
    _refuse_clashing_outputs(path, layout)
    return layout


def _refuse_clashing_outputs(path, layout):
    """Refuse an input whose columns would share a name in the output: one of the two would be lost.

    "label" is written as "input_label" (stance adds a label column); a file that has "input_label" too
    would lose one. Unnamed columns may repeat in CSV or TSV output, not in JSON lines or Parquet,
    which keep one value per name.
    """
    counts = Counter(output_columns(layout))
    renamed = {new: old for old, new in layout.renamed}
    keyed = layout.output_format in ("jsonl", "parquet")
    for name, count in counts.items():
        if count < 2 or not (name or keyed):
            continue
        if name in renamed:
            raise InputError(
                f"{path}: column {renamed[name]!r} is written as {name!r} (stance adds a {renamed[name]!r} column), "
                f"and the file has a column {name!r} too; rename one of them"
            )
        if not name:
            raise InputError(
                f"{path}: {count} columns have no name, and {layout.output_format} output keeps one "
                "value per name; name them, or write CSV"
            )
        raise InputError(f"{path}: the output would have two columns named {name!r}; rename one of them")


def _read_record(stream, scanner):
    """Read the physical lines of the first record; with a scanner, a quoted field may span lines.

    Lines are read in pieces of at most :data:`READ_BLOCK` bytes, so an unclosed quote in the header
    is refused once its field outgrows the limit instead of reading the rest of the file first.
    """
    if scanner is None:
        line = stream.readline()
        return line, 1 if line else 0
    record, resume = bytearray(), 0
    while True:
        piece = stream.readline(READ_BLOCK)
        if not record and piece.startswith(codecs.BOM_UTF8):
            # The scanner must see a quote at the very start as the start of a field.
            piece = piece[len(codecs.BOM_UTF8) :]
        record += piece
        newline, resume = scanner.find_end(record, resume, final=not piece)
        if newline >= 0 or not piece:
            break
    lines = record.count(b"\n") + (1 if record and not record.endswith(b"\n") else 0)
    return bytes(record), lines


def _line_source(path, stream, fmt, options, source):
    """Check a CSV/TSV header, the first JSONL object, or nothing for text; return the chunked source."""
    max_chars = options.get("max_field_chars", MAX_FIELD_CHARS)
    scanner = RecordScanner(DELIMITERS[fmt], max_chars, path) if fmt in DELIMITERS else None
    try:
        first, n_first = _read_record(stream, scanner)
    except UnclosedQuote as exc:
        raise InputError(str(exc)) from None
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    replay, next_line = [first] if first else [], 1
    if fmt not in DELIMITERS:
        _refuse_cr_line_ends(path, first)
    if fmt in DELIMITERS:
        columns = _header(path, first, fmt, max_chars)
        replay, next_line = [], 1 + n_first
    elif fmt == "jsonl":
        names, replay = _probe_jsonl(path, stream, first, keep=path == STDIO)
        columns = [options["text_column"]] if names is None else names
    else:
        columns = ["text"]
    layout = make_layout(path, fmt, columns, options, source)
    if path == STDIO:
        rest = partial(_rest_of_stdin, b"".join(replay), stream)
    else:
        # Read the file again when its turn comes: a glob may match more files than may be open at once.
        stream.close()
        rest = partial(_reopen, path, skip=next_line - 1)
    scanner = RecordScanner(DELIMITERS[fmt], max_chars, path, next_line) if fmt in DELIMITERS else None
    chunks = _record_chunks(layout, rest, next_line, options["batch_size"], scanner, path == STDIO)
    precheck = None
    if scanner is not None and os.path.isfile(path):
        # Only a regular file can be read twice: stdin, a FIFO or a process substitution cannot.
        fresh = partial(RecordScanner, DELIMITERS[fmt], max_chars, path, next_line)
        precheck = partial(_check_quotes, layout, rest, next_line, options["batch_size"], fresh)
    return Source(path, layout, chunks, _size(path), [chunks.close], precheck)


def _check_quotes(layout, rest, first_line, batch_size, new_scanner):
    """Read a CSV/TSV file to the end as its chunks will, and refuse it, as they would, if a quoted field stays open.

    The chunks find an unclosed quote only when they reach it; output that streams as it is written
    (stdout) would by then hold the rows before it. The same reader with a fresh scanner gives the
    same refusal with the same message; its chunks are dropped unparsed.
    """
    for _ in _record_chunks(layout, rest, first_line, batch_size, new_scanner()):
        pass


def _refuse_cr_line_ends(path, first):
    """Refuse a JSONL or text input whose first line runs to the end of the input through carriage returns.

    Lines are cut at LF: with CR alone at their ends, a text file was one row scoring every sentence
    as one, and a JSONL file one malformed line. A lone CR in a first line ended by LF is the line's own text.
    """
    if runs_on_through_cr(first):
        raise InputError(f"{path}: {CR_LINE_ENDS}")


def _rest_of_stdin(head, stream):
    """Return what was read of stdin while checking it, stdin itself, and no file to close."""
    return head, stream, None


def _reopen(path, skip):
    """Open the file again past its first ``skip`` lines; return (its first line if none is skipped, the file, the file)."""
    fh = _open(path, None)
    first = fh.readline()
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    if not skip:
        return first, fh, fh
    for _ in range(skip - 1):
        fh.readline()
    return b"", fh, fh


def _header(path, record, fmt, max_chars):
    """Parse the header record of a CSV/TSV file."""
    csv.field_size_limit(max_chars)
    if not record.strip():
        raise InputError(f"{path}: empty file, expected a header line with column names")
    try:
        text = record.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"{path}: the header line is not UTF-8 ({exc.reason} at byte {exc.start})"
        raise UndecodableHeader(message, record[exc.start]) from None
    line = text.removesuffix("\n").removesuffix("\r")
    if "\r" in line:
        # Lines ended by CR alone (old Mac spreadsheets): the first "line" would be the whole file, and
        # every row would vanish into the header.
        raise InputError(f"{path}: {CR_LINE_ENDS}")
    try:
        names = next(csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITERS[fmt]))
    except csv.Error as exc:
        raise InputError(f"{path}: malformed header line ({exc})") from None
    _refuse_repeated_names(path, names)
    return names


def _refuse_repeated_names(path, names):
    """Refuse a header that names a column twice: a column is found by its name, and JSON lines output keeps one."""
    first = {}
    for number, name in enumerate(names, 1):
        # Unnamed columns ("a,b,," from a spreadsheet) are no column anyone asks for by name.
        if name and name in first:
            raise InputError(
                f"{path}: the header gives {name!r} to two columns ({first[name]} and {number}); rename one of them"
            )
        first[name] = number


def read_header(path, fmt, max_chars=MAX_FIELD_CHARS):
    """Return the columns of a CSV/TSV file, checked as ``stance score`` and ``stance analyze`` check them.

    The header must be UTF-8 (:class:`UndecodableHeader` if not); bytes that are not UTF-8 further
    down are no reason to refuse the file: the rows holding them get an error of their own.
    Raises :class:`InputError` for a file those commands would refuse before reading any row.
    """
    with _open(path, None) as stream:
        try:
            first, _ = _read_record(stream, RecordScanner(DELIMITERS[fmt], max_chars, path))
        except UnclosedQuote as exc:
            raise InputError(str(exc)) from None
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    return _header(path, first, fmt, max_chars)


def _probe_jsonl(path, stream, first, keep):
    """Return ``(field names or None, lines read)`` from the first lines, failing if the file is not JSON lines.

    The names are the union of the keys of the objects in the first :data:`JSONL_PROBE_LINES` lines,
    in first-seen order, as ``POST /v1/analyze`` takes the union of its articles' fields: a field that
    the first object lacks still gets a column. The lines are kept only with ``keep`` (stdin, which
    cannot be read twice); a file is opened again for its chunks.
    """
    names, lines, count = {}, [], 0
    line = first
    while line:
        count += 1
        if keep:
            lines.append(line)
        try:
            # A key with a lone surrogate would become a column name no output can hold.
            value = without_surrogates(line, load_json(line))[0]
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            value = None
        if isinstance(value, dict):
            names.update(dict.fromkeys(value))
        if count >= JSONL_PROBE_LINES:
            break
        line = next(stream, b"")
    if names:
        return list(names), lines
    if count >= JSONL_PROBE_LINES and next(stream, b""):
        raise InputError(f"{path}: no JSON object in the first {JSONL_PROBE_LINES} lines; is it JSON lines?")
    # A short file without a single object: every line becomes a row with an error.
    return None, lines


def _record_chunks(layout, rest, first_line, batch_size, scanner, from_stdin=False):
    """Yield :class:`Chunk` objects of about ``batch_size`` lines, never splitting a quoted CSV record.

    The input is read in large blocks and cut at newlines found with ``bytes.find``: iterating over
    its lines as bytes objects cost the parent a tenth of a worker's time, on cores the workers need.
    For CSV/TSV, ``scanner`` (a :class:`RecordScanner`) finds the newlines that end records, and
    refuses the input when a quoted field stays open past the field limit, so memory stays bounded.
    ``rest()`` opens the input and returns (bytes already read, the stream, the file to close or None).
    """
    buffer, stream, owned = rest()
    read = getattr(stream, "read1", stream.read)
    # The chunk being cut is buffer[start:end]: ``lines`` whole lines; the scanner has read up to ``scanned``.
    start = end = scanned = lines = 0
    final = False
    try:
        while True:
            if scanner is None:
                newline = buffer.find(b"\n", end)
            else:
                newline, scanned = scanner.find_end(buffer, scanned, final)
            if newline < 0:
                block = b"" if final else read(READ_BLOCK)
                if block:
                    buffer, end, scanned = buffer[start:] + block, end - start, scanned - start
                    start = 0
                    continue
                if scanner is not None and not final:
                    # Let the scanner see the end of the input: a quoted field still open there is refused.
                    final = True
                    continue
                # End of input: what is left (a last line without a newline) is the last chunk.
                if start < len(buffer):
                    if from_stdin and not buffer.endswith(b"\n"):
                        # A pipe that ends mid-line is often a producer that died: score it, but say so.
                        log.warning("-: the last line has no newline at its end; scored as it is, check it is whole")
                    yield Chunk(layout, buffer[start:], first_line, len(buffer) - start)
                return
            if scanner is None:
                lines, end = lines + 1, newline + 1
            else:
                lines, end = scanner.line - first_line, newline + 1
            if lines >= batch_size:
                yield Chunk(layout, buffer[start:end], first_line, end - start)
                first_line += lines
                start, lines = end, 0
    except UnclosedQuote as exc:
        raise InputError(str(exc)) from None
    finally:
        if owned is not None:
            owned.close()


def _parquet_source(path, stream, options, source):
    """Open a Parquet file (stdin is read into memory: Parquet keeps its index at the end)."""
    try:
        handle = pq.ParquetFile(io.BytesIO(stream.read()) if path == STDIO else stream)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    schema = handle.schema_arrow
    layout = make_layout(path, "parquet", schema.names, options, source, arrow_schema=schema)
    text_type = schema.field(layout.text_column).type
    if not _is_text_type(text_type):
        raise InputError(f"{path}: column {layout.text_column!r} holds {text_type}, not text")
    size = _size(path)
    per_row = (size / handle.metadata.num_rows) if size and handle.metadata.num_rows else 0
    if path != STDIO:
        # Opened again when its turn comes, like the line formats.
        stream.close()
        handle = None
    chunks = _parquet_chunks(path, layout, handle, options["batch_size"], per_row)
    return Source(path, layout, chunks, size, [chunks.close])


# string_view is new in pyarrow 16; the project supports 15, which has no such type to meet.
_TEXT_TYPE_CHECKS = tuple(
    check
    for check in (pa.types.is_string, pa.types.is_large_string, getattr(pa.types, "is_string_view", None))
    if check is not None
)


def _is_text_type(arrow_type):
    """Whether a Parquet column of this Arrow type holds text: string, large_string, string_view, or one of them dictionary-encoded.

    pandas writes a categorical column dictionary-encoded; its values read back as Python strings,
    like a plain string column's. Binary columns are not text: nothing says their bytes are UTF-8.
    """
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    return any(check(arrow_type) for check in _TEXT_TYPE_CHECKS)


def _parquet_chunks(path, layout, handle, batch_size, per_row):
    """Yield one chunk per record batch; the size is estimated from the file size for the progress bar."""
    with _open(path, None) if handle is None else nullcontext() as stream:
        if handle is None:
            handle = pq.ParquetFile(stream)
        first = 1
        batches = handle.iter_batches(batch_size=batch_size)
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as exc:
                # A damaged page cannot be skipped row by row: refuse the file rather than lose its rows.
                raise InputError(f"{path}: row {first:,} and after: corrupt Parquet data ({exc})") from None
            if batch is None:
                return
            yield Chunk(layout, batch, first, int(batch.num_rows * per_row))
            first += batch.num_rows
