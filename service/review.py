"""The review queue: the rows the model is least sure about, which are the most useful ones to label next.

Certainty is the margin between the two highest label probabilities: a sentence at 0.41 threat /
0.39 stability sits on the decision boundary, and its true label moves that boundary the most.
"""

import csv
import heapq
import io
import json
import sys
from dataclasses import dataclass

import numpy as np

from model.json_text import load_json
from model.predictor import PROBABILITY_DIGITS, summarise_proba
from service.batch.formats import STDIO, FormatError, format_of
from service.batch.parse import ESCAPED_BYTES
from training.checks import duplicate_key
from training.data import header_hint, repeated_names

REVIEW_FORMATS = ("csv", "tsv", "jsonl", "txt")
BATCH_ROWS = 1000


class ReviewError(Exception):
    """The input cannot be read for review: missing, wrong format, no such column, bad line."""


@dataclass(frozen=True)
class Candidate:
    """One row offered for labelling."""

    row: int
    text: str
    predicted: str
    margin: float
    probabilities: dict


def margins(proba):
    """Return the difference between the highest and second-highest probability of each row."""
    if proba.shape[1] < 2:
        return np.ones(proba.shape[0])
    top_two = np.partition(proba, -2, axis=1)[:, -2:]
    return top_two[:, 1] - top_two[:, 0]


def read_texts(path, text_column="text", fmt=None, stdin=None, blank=None):
    """Yield ``(row, text)`` for each non-blank row of a CSV, TSV, JSONL or text file (``-``: stdin).

    ``row`` counts data rows from 1 (the header is not a row; blank rows still count). The number of
    each blank row (nothing to label) is appended to ``blank`` when a list is given, so it can be told.
    """
    blank = [] if blank is None else blank
    try:
        fmt = format_of(path, fmt)
    except FormatError as exc:
        raise ReviewError(str(exc)) from None
    if fmt not in REVIEW_FORMATS:
        raise ReviewError(f"{path}: {fmt} input is not supported for review; use one of {', '.join(REVIEW_FORMATS)}")
    # Bytes that are not UTF-8 are kept as surrogate escapes, so the row that holds them can be named.
    if path == STDIO:
        stream = io.TextIOWrapper(
            (stdin or sys.stdin).buffer, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        yield from _utf8_only(_texts(stream, path, fmt, text_column, blank), path)
        return
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as stream:
            yield from _utf8_only(_texts(stream, path, fmt, text_column, blank), path)
    except FileNotFoundError:
        raise ReviewError(f"{path}: no such file") from None


def _utf8_only(rows, path):
    """Pass ``(row, text)`` on, refusing the file at the first text with bytes that are not UTF-8, by its row."""
    for row, text in rows:
        found = ESCAPED_BYTES.search(text)
        if found:
            byte = ord(found.group()) - 0xDC00
            raise ReviewError(f"{path}, row {row}: byte 0x{byte:02x} is not valid UTF-8; convert the file to UTF-8")
        yield row, text


def _texts(stream, path, fmt, text_column, blank):
    if fmt == "txt":
        for row, line in enumerate(stream, start=1):
            if line.strip():
                yield row, line.rstrip("\r\n")
            else:
                blank.append(row)
        return
    if fmt == "jsonl":
        for row, line in enumerate(stream, start=1):
            if not line.strip():
                blank.append(row)
                continue
            try:
                record = load_json(line)
            except json.JSONDecodeError as exc:
                raise ReviewError(f"{path}:{row}: not valid JSON ({exc.msg})") from None
            text = record.get(text_column) if isinstance(record, dict) else None
            if not isinstance(text, str):
                raise ReviewError(f"{path}:{row}: no string field {text_column!r}")
            if text.strip():
                yield row, text
            else:
                blank.append(row)
        return
    # Strict: a quote left open would otherwise fold the rows after it into one text, silently.
    reader = csv.DictReader(stream, delimiter="\t" if fmt == "tsv" else ",", strict=True)
    try:
        reader.fieldnames  # noqa: B018 - reads the header
    except csv.Error as exc:
        raise ReviewError(f"{path}: malformed header line ({exc})") from None
    if any(ESCAPED_BYTES.search(name) for name in reader.fieldnames or ()):
        raise ReviewError(f"{path}: the header line is not valid UTF-8; convert the file to UTF-8")
    repeated = repeated_names(reader.fieldnames or ())
    if repeated:
        # A dict per row keeps the last of the two columns, silently.
        raise ReviewError(f"{path}: the header names {', '.join(map(repr, repeated))} twice; rename one of them")
    if reader.fieldnames is None or text_column not in reader.fieldnames:
        header = ", ".join(map(repr, reader.fieldnames or []))
        hint = header_hint(reader.fieldnames or [], [text_column], "\t" if fmt == "tsv" else ",")
        raise ReviewError(
            f"{path}: no column {text_column!r}; the header has {header or 'nothing'} (see --text-column){hint}"
        )
    row, ended = 0, reader.line_num  # the line the last whole record ended on
    try:
        for row, record in enumerate(reader, start=1):
            ended = reader.line_num
            text = record.get(text_column)
            if text and text.strip():
                yield row, text
            else:
                blank.append(row)
    except csv.Error as exc:
        raise ReviewError(
            f"{path}, line {ended + 1}: malformed CSV in the record that starts there, row {row + 1} ({exc}); "
            "is a closing quote missing?"
        ) from None


def _batches(rows, size):
    batch = []
    for item in rows:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def least_certain(predictor, rows, n, batch_rows=BATCH_ROWS):
    """Return the ``n`` rows of ``rows`` (``(row, text)`` pairs) with the smallest margins, smallest first.

    Reads in batches and keeps only ``n`` candidates, so memory does not grow with the input.
    A text repeated (same :func:`~training.checks.duplicate_key`) is offered once, at its first row.
    Returns ``(candidates, rows_scored)``.
    """
    # A max-heap on (margin, row) through negation: the root is the most certain kept candidate.
    heap, keys, scored = [], {}, 0
    labels = predictor.labels
    for batch in _batches(rows, batch_rows):
        proba = predictor.predict_proba([text for _, text in batch])
        scored += len(batch)
        for (row, text), p, margin in zip(batch, proba, margins(proba)):
            key = duplicate_key(text)
            entry = (-float(margin), -row)
            if key in keys or (len(heap) >= n and entry <= heap[0][:2]):
                continue
            item = (*entry, key, text, p)
            if len(heap) < n:
                heapq.heappush(heap, item)
            else:
                dropped = heapq.heappushpop(heap, item)
                del keys[dropped[2]]
            keys[key] = row
    kept = sorted(heap, key=lambda item: (-item[0], -item[1]))
    best, rounded = summarise_proba(np.array([item[4] for item in kept]).reshape(len(kept), len(labels)))
    candidates = [
        Candidate(
            row=-neg_row,
            text=text,
            predicted=labels[index],
            margin=round(-neg_margin, PROBABILITY_DIGITS),
            probabilities=dict(zip(labels, row)),
        )
        for (neg_margin, neg_row, _, text, _), index, row in zip(kept, best, rounded)
    ]
    return candidates, scored


def review_csv(candidates, labels):
    """Return the queue as CSV: row, text, predicted, margin, one ``p_<label>`` column each, and an empty label."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row", "text", "predicted", "margin", *(f"p_{label}" for label in labels), "label"])
    for c in candidates:
        writer.writerow(
            [c.row, c.text, c.predicted, f"{c.margin:.4f}", *(f"{c.probabilities[x]:.4f}" for x in labels), ""]
        )
    return buffer.getvalue()
