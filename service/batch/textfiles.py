"""A corpus of plain-text files, one article per file: read by the parent, decoded by the workers.

Each article becomes a row with the columns ``id`` (the file name), ``path`` (as given or found) and
``text``. The parent only reads bytes; a file it cannot read, or one too large to be an article, is
still a row, with its error, so that no article of the corpus goes missing.
"""

import os
from dataclasses import dataclass

from service.batch.chunks import Chunk
from service.batch.formats import STDIO
from service.batch.parse import ParsedChunk
from service.batch.readers import Source, make_layout

FORMAT = "textfiles"
COLUMNS = ("id", "path", "text")
# A UTF-8 character takes at most 4 bytes: a file over this many bytes is over the character limit.
BYTES_PER_CHAR = 4


@dataclass
class TextFile:
    """One article file as the parent read it: raw bytes, or the reason there are none."""

    name: str
    path: str
    data: bytes | None
    error: str | None = None


def text_files_source(name, paths, options, stdin=None):
    """Return a :class:`Source` over ``paths`` (``-`` reads stdin as one article), chunked by ``batch_size``."""
    layout = make_layout(name, FORMAT, list(COLUMNS), options, None)
    total = 0
    for path in paths:
        try:
            total += 0 if path == STDIO else os.path.getsize(path)
        except OSError:
            # Reported on the article's own row when it is read.
            pass
    chunks = _file_chunks(layout, paths, options["batch_size"], stdin)
    return Source(name, layout, chunks, total or None, [chunks.close])


def _file_chunks(layout, paths, batch_size, stdin):
    """Yield chunks of up to ``batch_size`` :class:`TextFile` items, reading each file when its chunk is cut."""
    batch, size, first = [], 0, 1
    for path in paths:
        item = read_text_file(path, layout.max_chars, stdin)
        batch.append(item)
        size += len(item.data or b"")
        if len(batch) >= batch_size:
            yield Chunk(layout, batch, first, size)
            first += len(batch)
            batch, size = [], 0
    if batch:
        yield Chunk(layout, batch, first, size)


def read_text_file(path, max_chars, stdin=None):
    """Read one article file, no more bytes than ``max_chars`` characters can take; a file that cannot be read gives its error."""
    limit = BYTES_PER_CHAR * (max_chars + 1)
    name = "-" if path == STDIO else os.path.basename(path)
    if path == STDIO:
        if stdin is None:
            return TextFile(name, path, None, "stdin is closed")
        data = stdin.read(limit + 1)
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            return TextFile(name, path, None, f"cannot read ({exc.strerror})")
    if len(data) > limit:
        return TextFile(name, path, None, f"article is longer than the limit of {max_chars:,} characters")
    return TextFile(name, path, data)


def parse_text_files(chunk):
    """Worker side: decode each file of a chunk into a row ``[id, path, text]`` or a row with its error.

    The text is decoded as ``stance analyze FILE`` decodes it (UTF-8, an optional BOM dropped, line
    ends kept), so its sentence offsets are the same.
    """
    parsed = ParsedChunk([], [], [], [])
    for offset, item in enumerate(chunk.payload):
        text, error = None, item.error
        if error is None:
            try:
                text = item.data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = item.data[: exc.start].count(b"\n") + 1
                error = f"undecodable bytes (not UTF-8): byte 0x{item.data[exc.start]:02x} on line {line}"
        parsed.rows.append([item.name, item.path, text])
        parsed.texts.append(text)
        parsed.errors.append(error)
        parsed.lines.append(chunk.first_line + offset)
    return parsed
