"""A corpus job's cached summaries: the numbers parsed once per process, the sentences read only when shown.

A summary of a large corpus is mostly the sentences kept behind its numbers (41 of its 46 MB at 5,000
articles in 60 groups over two years): the dashboard shows none of them and a sentence page 20. So
each summary (one period and confidence threshold) is one SQLite file in the job's folder: the
summary without its ``sentences`` and ``articles`` as one JSON text (its "numbers"), and one row per
kept sentence and per article, found by reference. The file is written under a temporary name and
renamed, so a reader finds a whole summary or none, and a reader's open connection keeps the file it
opened even when another process replaces it.

The numbers of the summaries read last stay parsed in this process, at most :data:`CACHE_BYTES` of
their JSON (about five times that in memory), keyed by the file's path and checked against the
random ``generation`` written with it: a summary made again is read again. They are shared by every
request of the process: the pages read them and never change them.
"""

import json
import logging
import secrets
import sqlite3
import threading
from collections import OrderedDict
from contextlib import closing, contextmanager
from pathlib import Path

from model.store import atomic_path

log = logging.getLogger(__name__)

# Bump when the file's layout or what summarize() returns changes (a field the pages read is added):
# a summary cached in another layout is made again.
# 2: totals and periods count unscored sentences (a warning) apart.
FORMAT = 2
# The parts of a summary stored as rows; every other key is in the numbers.
ROWS = ("sentences", "articles")
# Every sentence: the summary whole, as summarize() returned it.
ALL = "all"
# The numbers kept parsed, in characters of their JSON: 2.2 MB (11.7 MB parsed) per summary at 5,000
# articles in 60 groups over two years, weekly; a summary larger than this is read for each page.
CACHE_BYTES = 16 * 2**20
# References looked up per query (SQLite allows 999 parameters in its older builds).
CHUNK = 900
_SCHEMA = """
CREATE TABLE summary (generation TEXT NOT NULL, keys TEXT NOT NULL, numbers TEXT NOT NULL);
CREATE TABLE sentences (ref TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE articles (ref TEXT PRIMARY KEY, body TEXT NOT NULL);
"""


class StoreError(Exception):
    """A cached summary that cannot be read: damaged, cut short, or in another layout."""


class _Cache:
    """The parsed numbers of the summaries read last, bounded by the length of their JSON; safe across threads."""

    def __init__(self, limit):
        self.limit = limit
        self.entries = OrderedDict()  # path -> (generation, numbers, size)
        self.lock = threading.Lock()

    def get(self, path, generation):
        """The numbers cached for ``path`` if they are those of ``generation``, else None."""
        with self.lock:
            entry = self.entries.get(path)
            if entry is None or entry[0] != generation:
                return None
            self.entries.move_to_end(path)
            return entry[1]

    def put(self, path, generation, numbers, size):
        """Keep ``numbers``, dropping the least recently read until the cache is within its limit."""
        if size > self.limit:
            return
        with self.lock:
            self.entries[path] = (generation, numbers, size)
            self.entries.move_to_end(path)
            total = sum(entry[2] for entry in self.entries.values())
            while total > self.limit:
                _, (_, _, dropped) = self.entries.popitem(last=False)
                total -= dropped

    def forget(self, folder):
        """Drop the summaries of the files in ``folder`` (a deleted job's)."""
        with self.lock:
            for path in [p for p in self.entries if Path(p).parent == Path(folder)]:
                del self.entries[path]

    def size(self):
        """The characters of JSON cached, and the number of summaries."""
        with self.lock:
            return sum(entry[2] for entry in self.entries.values()), len(self.entries)


cache = _Cache(CACHE_BYTES)


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_summary(path, summary):
    """Store ``summary`` (as :func:`service.corpus.summary.summarize` returns it) at ``path``, replacing any file there."""
    path = Path(path)
    generation = secrets.token_hex(8)
    numbers = {key: value for key, value in summary.items() if key not in ROWS}
    text = _dumps(numbers)
    with atomic_path(path) as tmp, closing(sqlite3.connect(tmp)) as conn:
        # No journal and no sync while writing: a file cut short is never renamed into place.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        conn.execute("INSERT INTO summary VALUES (?, ?, ?)", (generation, _dumps(list(summary)), text))
        for table in ROWS:
            rows = ((ref, _dumps(row)) for ref, row in (summary.get(table) or {}).items())
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)  # table: a name of ROWS
        conn.execute(f"PRAGMA user_version = {FORMAT}")
        conn.commit()
    cache.put(str(path), generation, numbers, len(text))


def read_summary(path, sentences=None):
    """Return the summary stored at ``path`` with the sentences ``sentences`` picks, and their articles.

    ``sentences`` is None (the numbers only: no ``sentences`` nor ``articles`` key), :data:`ALL` (the
    summary whole) or a function of the numbers returning the references wanted. Raise
    FileNotFoundError when there is no file, :class:`StoreError` when it cannot be read.
    """
    with _opened(path) as conn:
        keys, numbers = _numbers(conn, path)
        if sentences is None:
            return numbers
        if sentences == ALL:
            rows = {table: _all_rows(conn, table) for table in ROWS}
            return {key: rows[key] if key in rows else numbers[key] for key in keys}
        picked = _rows(conn, path, "sentences", sentences(numbers))
        # An article a sentence names but the summary lacks is shown by the sentence's own id, as in memory.
        used = {row["article"] for row in picked.values() if row.get("article")}
        articles = _rows(conn, path, "articles", used, required=False)
        return {**numbers, "sentences": picked, "articles": articles}


def json_text(path):
    """Return the summary at ``path`` in pieces of the text ``json.dumps(summary, ensure_ascii=False, indent=1)`` makes.

    The file is opened and its numbers read at once (raising as :func:`read_summary` does); its rows
    are read one by one as the pieces are taken, so the summary is never whole in memory (a download
    of 50,000 articles took 2.4 GB that way). Closing the iterator closes the file.
    """
    pieces = _json_pieces(path)
    next(pieces)  # up to the first yield: the file is open and its numbers read
    return pieces


def _json_pieces(path):
    """The generator behind :func:`json_text`: an empty piece once the numbers are read, then the text."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1)
    with _opened(path) as conn:
        keys, numbers = _numbers(conn, path)
        yield ""
        yield "{"
        for at, key in enumerate(keys):
            yield f"{',' if at else ''}\n {encoder.encode(key)}: "
            if key in ROWS:
                yield from _json_rows(conn, key, encoder)
            else:
                # A value one level down: each of its lines one space further in.
                yield from (piece.replace("\n", "\n ") for piece in encoder.iterencode(numbers[key]))
        yield "\n}" if keys else "}"


def _json_rows(conn, table, encoder):
    """The rows of ``table`` as the value of a top-level key, two levels down, in the order the summary had them."""
    rows = conn.execute(f"SELECT ref, body FROM {table} ORDER BY rowid")  # table: a name of ROWS
    at = 0
    for at, (ref, body) in enumerate(rows, 1):
        row = encoder.encode(json.loads(body)).replace("\n", "\n  ")
        yield f"{'{' if at == 1 else ','}\n  {encoder.encode(ref)}: {row}"
    yield "\n }" if at else "{}"


@contextmanager
def _opened(path):
    """A read-only connection to the summary at ``path``, closed after; what goes wrong reading it is a :class:`StoreError`."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no cached summary {path}")
    try:
        # Any thread may read on: a server may send a streamed download from another thread than the request's.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"the cached summary {path} cannot be opened ({exc})") from None
    try:
        yield conn
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the cached summary {path} is damaged ({exc})") from None
    except ValueError as exc:
        raise StoreError(f"the cached summary {path} holds text that is not JSON ({exc})") from None
    finally:
        conn.close()


def _numbers(conn, path):
    """``(keys, numbers)`` of an open file: the summary's keys in order, and its numbers (parsed, or from the cache)."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version != FORMAT:
        raise StoreError(f"the cached summary {path} is in layout {version}, not {FORMAT}")
    found = conn.execute("SELECT generation, keys FROM summary").fetchone()
    if found is None:
        raise StoreError(f"the cached summary {path} has no numbers")
    generation, keys = found
    numbers = cache.get(str(path), generation)
    if numbers is None:
        (text,) = conn.execute("SELECT numbers FROM summary").fetchone()
        numbers = json.loads(text)
        cache.put(str(path), generation, numbers, len(text))
    return json.loads(keys), numbers


def _all_rows(conn, table):
    """Every row of ``table``, in the order the summary had them.

    Parsed as one JSON object, as the whole summary was, so the rows share their keys' strings.
    """
    rows = conn.execute(f"SELECT ref, body FROM {table} ORDER BY rowid")
    return json.loads("{" + ",".join(f"{json.dumps(ref)}:{body}" for ref, body in rows) + "}")


def _rows(conn, path, table, refs, required=True):
    """The rows of ``table`` named by ``refs``; raise :class:`StoreError` when one is missing and ``required``."""
    wanted = list(dict.fromkeys(refs))
    found = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT ref, body FROM {table} WHERE ref IN ({marks})"  # table: a name of ROWS
        found.update((ref, json.loads(body)) for ref, body in conn.execute(query, chunk))
    missing = [ref for ref in wanted if ref not in found]
    if missing and required:
        raise StoreError(f"the cached summary {path} lacks {len(missing)} of its {table}, the first {missing[0]!r}")
    return {ref: found[ref] for ref in wanted if ref in found}


def pick(summary, sentences=None):
    """Return what :func:`read_summary` returns for ``sentences``, from a summary in memory."""
    if sentences == ALL:
        return summary
    numbers = {key: value for key, value in summary.items() if key not in ROWS}
    if sentences is None:
        return numbers
    rows = summary.get("sentences") or {}
    picked = {ref: rows[ref] for ref in dict.fromkeys(sentences(numbers))}
    articles = summary.get("articles") or {}
    used = {row["article"] for row in picked.values() if row.get("article")}
    return {**numbers, "sentences": picked, "articles": {ref: articles[ref] for ref in used if ref in articles}}
