"""The sentences around a review item, shown with it so that a person can judge it.

"It said the flights stayed over international waters." cannot be labelled without the sentence
before it. The rows are numbered exactly as :func:`service.review.read_texts` numbers them, so
an item's ``row`` finds its neighbours. When the rows are ``stance analyze`` output (they carry its
``sentence`` column, the 0-based index in the article), a neighbour must be the sentence just
before or after in the same article; otherwise it is the next non-blank row of the file.
"""

import csv
import logging
from dataclasses import dataclass

from model.json_text import load_json

log = logging.getLogger(__name__)

# The column of ``stance analyze``'s rows that numbers the sentences of each article.
SENTENCE_COLUMN = "sentence"
# A neighbour is shown, not judged: a long line (a paragraph of a text file) is cut to this many characters.
MAX_CONTEXT_CHARS = 600


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank row: its number, its text and its index in its article (``None`` when unknown)."""

    row: int
    text: str
    index: int | None


def _index(value):
    """The row's sentence index as an int, or ``None`` when the row has none."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _lines(stream, fmt, text_column):
    """Yield a :class:`Line` for each non-blank row, numbered as ``read_texts`` numbers them."""
    if fmt == "txt":
        for row, line in enumerate(stream, start=1):
            if line.strip():
                yield Line(row, line.rstrip("\r\n"), None)
        return
    if fmt == "jsonl":
        for row, line in enumerate(stream, start=1):
            record = load_json(line) if line.strip() else None
            text = record.get(text_column) if isinstance(record, dict) else None
            if isinstance(text, str) and text.strip():
                yield Line(row, text, _index(record.get(SENTENCE_COLUMN)))
        return
    for row, record in enumerate(csv.DictReader(stream, delimiter="\t" if fmt == "tsv" else ","), start=1):
        text = record.get(text_column)
        if text and text.strip():
            yield Line(row, text, _index(record.get(SENTENCE_COLUMN)))


def _next_to(line, other, step):
    """Whether ``other`` is the sentence ``step`` (-1 before, +1 after) from ``line`` in its article."""
    if other is None:
        return False
    if line.index is None and other.index is None:
        return True
    return line.index is not None and other.index == line.index + step


def _shown(text):
    text = " ".join(text.split())
    return text if len(text) <= MAX_CONTEXT_CHARS else text[: MAX_CONTEXT_CHARS - 1] + "…"


def neighbours(path, fmt, text_column, rows):
    """Return ``{row: {"before": text or None, "after": text or None}}`` for the given row numbers.

    One pass over the file, keeping one line behind. The queue is already chosen when this runs,
    so a file that cannot be read again gives no context (logged), never a failed queue.
    """
    wanted, found = set(rows), {}
    previous, waiting = None, None
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            for line in _lines(stream, fmt, text_column):
                if waiting is not None:
                    found[waiting.row]["after"] = _shown(line.text) if _next_to(waiting, line, 1) else None
                    waiting = None
                if line.row in wanted:
                    before = _shown(previous.text) if _next_to(line, previous, -1) else None
                    found[line.row] = {"before": before, "after": None}
                    waiting = line
                previous = line
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        log.warning("%s: no context for the review queue (%s)", path, exc)
        return {}
    return found
