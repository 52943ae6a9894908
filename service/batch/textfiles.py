"""A corpus of plain-text files, one article per file: read by the parent, decoded by the workers.

Each article becomes a row with the columns ``id`` (the file name), ``path`` (as given or found) and
``text``. The parent only reads bytes; a file it cannot read (a dangling symbolic link, no permission),
or one too large to be an article, is still a row, with its error, so that no article of the corpus
goes missing.
"""

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from service.batch.chunks import Chunk
from service.batch.formats import STDIO, FormatError, format_of
from service.batch.parse import ParsedChunk
from service.batch.readers import InputError, Source, make_layout
from service.corpus.read import dangling_link
from service.wording import counted

log = logging.getLogger(__name__)

FORMAT = "textfiles"
COLUMNS = ("id", "path", "text")
# A UTF-8 character takes at most 4 bytes: a file over this many bytes is over the character limit.
BYTES_PER_CHAR = 4
# Entries of a folder named in a message before "and N more".
MAX_NAMED = 5
# What a folder entry named like an article but not a file is, for the warning that skips it.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe"), (stat.S_ISSOCK, "a socket"))


@dataclass
class TextFile:
    """One article file as the parent read it: raw bytes, or the reason there are none."""

    name: str
    path: str
    data: bytes | None
    error: str | None = None


def folder_articles(folder):
    """Return the article files of a folder, sorted: every entry named .txt or .text, in any case (B.TXT too).

    As when named one by one, a dangling symbolic link or a file that cannot be read is kept: its row
    gives the reason. An entry named so that is not a file (a folder, a pipe that would block the run)
    is skipped with a warning, and the other entries (subfolders too: they are not searched) are named
    in the log, so that none is dropped unseen. Raises :class:`InputError` when the folder cannot be
    listed or holds no article.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        raise InputError(f"{folder}: cannot list this folder ({exc.strerror})") from None
    articles, not_files, others = [], [], []
    for entry in entries:
        if not _named_as_article(entry.name):
            # Hidden entries (.DS_Store, .git) are no one's articles, and not worth a line.
            if not entry.name.startswith("."):
                others.append(entry.name + ("/" if _is_folder(entry) else ""))
            continue
        kind = _not_a_file(entry)
        if kind is None:
            articles.append(str(Path(folder) / entry.name))
        else:
            not_files.append(f"{entry.name} ({kind})")
    if not_files:
        log.warning(
            "%s: %s named like an article but not a file, not read: %s",
            folder,
            counted(len(not_files), "entry", "entries"),
            _named(not_files),
        )
    if not articles:
        found = f"; other entries: {_named(others)}" if others else ""
        raise InputError(f"{folder}: empty corpus, no .txt files in this folder (nor .text{found})")
    if others:
        log.info(
            "%s: %s not read (articles are its .txt and .text files; subfolders are not searched): %s",
            folder,
            counted(len(others), "entry", "entries"),
            _named(others),
        )
    return articles


def _named_as_article(name):
    """Whether a file name has an extension read as one article per file (.txt, .text), in any case."""
    try:
        return format_of(name) == "txt"
    except FormatError:
        return False


def _is_folder(entry):
    """Whether a folder entry is a folder (or a link to one); an entry that cannot be looked at is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _not_a_file(entry):
    """What an entry is when it is not an article file to read ("a folder", "a pipe"...), else None.

    A dangling link, or one that cannot be followed, counts as a file: reading it gives its row's error.
    """
    try:
        mode = os.stat(entry.path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _named(names):
    """The first few names, joined, with how many more there are."""
    more = f" and {len(names) - MAX_NAMED:,} more" if len(names) > MAX_NAMED else ""
    return ", ".join(names[:MAX_NAMED]) + more


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
        except FileNotFoundError as exc:
            return TextFile(name, path, None, dangling_link(path) or f"cannot read ({exc.strerror})")
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
