"""Worker side of ``stance analyze`` on a corpus: parse a chunk of articles, analyse each, format its sentence rows."""

from collections import Counter

from model.article_rows import corpus_rows, error_row, sentence_columns
from model.unscored import unscored_reason
from service.batch.chunks import EXAMPLES_PER_CHUNK, ChunkResult, input_columns
from service.batch.encode import encode_table
from service.batch.parse import errors_with_lines, parse_arrow, parse_chunk
from service.batch.textfiles import FORMAT as TEXT_FILES
from service.batch.textfiles import parse_text_files


def analyze_chunk(predictor, chunk):
    """Return the :class:`ChunkResult` of a chunk of articles: one row per sentence, one error row per bad article.

    Each row holds its article's columns (but the text), with ``layout.article_lines`` the article's
    line in the input, then the sentence columns. ``rows`` counts articles and ``sentences`` the
    sentence rows; ``ids`` lists each article's id with where it was read, for the parent's check for
    duplicate ids.
    """
    layout = chunk.layout
    parsed = _parse(chunk)
    columns = sentence_columns(layout.labels)
    copied = _copier(layout)
    table, sources, labels, unscored = [], [], Counter(), Counter()
    bad, sentences, ids = [], 0, []
    errors = [_null_text(layout, row) or error for row, error in zip(parsed.rows, parsed.errors)]
    # The sentences of all the chunk's articles are classified together, in one call.
    good = [text for text, error in zip(parsed.texts, errors) if error is None]
    analysed = iter(corpus_rows(predictor, good, layout.max_chars))
    written = errors_with_lines(errors, parsed)
    for index, (row, error) in enumerate(zip(parsed.rows, errors)):
        rows = next(analysed) if error is None else [error_row(layout.labels, layout.model, written[index])]
        if rows[0]["error"]:
            # The log names the place before the message, so it takes the message without the line.
            bad.append((index, error or rows[0]["error"]))
        else:
            sentences += len(rows)
            # A sentence not scored has the base rates' label: counted under unscored alone, not as a frame.
            labels.update(r["label"] for r in rows if not r["warning"])
            unscored.update(unscored_reason(r["warning"]) for r in rows if r["warning"])
        inputs = copied(row)
        if layout.article_lines:
            inputs.append(_location(layout, parsed, index, row)[1])
        for values in rows:
            table.append(inputs + [values[c] for c in columns])
            sources.append(row)
        if layout.id_column is not None:
            ids.append((row_id(layout, row), _where(layout, parsed, index, row)))
    return ChunkResult(
        payload=encode_table(layout, sources, table),
        rows=len(parsed.rows),
        errors=len(bad),
        labels=dict(labels),
        unscored=dict(unscored),
        examples=[
            (*_location(layout, parsed, index, row), row_id(layout, row), message)
            for index, message in bad[:EXAMPLES_PER_CHUNK]
            for row in (parsed.rows[index],)
        ],
        size=chunk.size,
        sentences=sentences,
        ids=ids,
        new_fields=parsed.new_fields,
    )


def _parse(chunk):
    """Rows, texts, per-row errors and lines of any input format."""
    fmt = chunk.layout.input_format
    if fmt == TEXT_FILES:
        return parse_text_files(chunk)
    if fmt == "parquet":
        return parse_arrow(chunk)
    return parse_chunk(chunk)


def _null_text(layout, row):
    """The message for a JSONL object whose text field is null (the parser's own names the Python type)."""
    if isinstance(row, dict) and layout.text_column in row and row[layout.text_column] is None:
        return "missing text (null)"
    return None


def _copier(layout):
    """Return a function giving the input values copied to each sentence row: every column but the text."""
    names = input_columns(layout)
    prefix = [] if layout.source is None else [layout.source]
    positions = [layout.columns.index(name) for name in names]

    def copy(row):
        # JSONL rows are dicts (an empty one for a malformed line); tabular rows are lists in column order.
        if isinstance(row, dict):
            return prefix + [row.get(name) for name in names]
        return prefix + [row[i] for i in positions]

    return copy


def row_id(layout, row):
    """Return a row's value in the id column (``--id-column``), or None when there is none."""
    if layout.id_column is None:
        return None
    if isinstance(row, dict):
        return row.get(layout.id_column)
    return row[layout.columns.index(layout.id_column)]


def _location(layout, parsed, index, row):
    """``(file, line)`` of an article for the log; a text-file article is its own file, without a line."""
    if layout.input_format == TEXT_FILES:
        return row[1], None
    return layout.path, parsed.lines[index]


def _where(layout, parsed, index, row):
    """An article's location as one string, for the duplicate-id warning."""
    path, line = _location(layout, parsed, index, row)
    return path if line is None else f"{path}:{line}"
