"""Worker side: format scored rows in the output format (bytes, or an Arrow batch for Parquet)."""

import csv
import io
import json
import math

import pyarrow as pa

from model.predictor import PROBABILITY_DIGITS
from service.batch.chunks import LINE_COLUMN, added_columns, input_columns, output_columns
from service.batch.formats import DELIMITERS


class _FloatText(dict):
    """``str(value)`` of floats, looked up rather than formatted; a value not in the table is formatted."""

    def __missing__(self, value):
        return str(value)


# Rounded probabilities are k / 10**digits exactly (NumPy rounds by scaling, rint and dividing), so
# their text can be looked up: formatting four floats per row was a tenth of the output's cost.
_PROBABILITY_TEXT = _FloatText(
    {k / 10**PROBABILITY_DIGITS: str(k / 10**PROBABILITY_DIGITS) for k in range(10**PROBABILITY_DIGITS + 1)}
)


def added_values(prediction, error, layout, attribution=None):
    """Return the added columns' values for one row: label, confidence, p_*, model, error, warning, then the optional ones.

    ``warning`` is empty for a row that was scored, and None (empty in CSV) for one with an error.
    """
    if prediction is None:
        values = [None, None, *(None for _ in layout.labels), layout.model, error, None]
        explanation = None
    else:
        label, confidence, probabilities, explanation, warning = prediction
        values = [label, confidence, *probabilities, layout.model, "", warning or ""]
    if layout.explain:
        values.append(explanation)
    if layout.attributions:
        values += [attribution["speaker"], attribution["disputed"]] if attribution else [None, None]
    return values


def encode_rows(layout, rows, predictions, errors, attributions=None, records=None):
    """Format rows with their predictions; ``rows`` are lists in column order or dicts (JSONL input).

    ``attributions`` holds one ``{"speaker", "disputed"}`` per row (``None`` for a row not scored) when
    the layout asks for them. ``records`` (CSV/TSV input) holds each row's own text, or ``None`` for a
    repaired row: output in the same format copies it rather than quoting every field again.
    """
    fmt = layout.output_format
    attributions = attributions or [None] * len(rows)
    if fmt == "txt":
        # One label per line, an empty line for a row that could not be scored, so lines match the input.
        return "".join(f"{p[0] if p else ''}\n" for p in predictions).encode("utf-8")
    if records is not None and fmt == layout.input_format:
        return _encode_copying_records(layout, rows, records, predictions, errors, attributions)
    table = [
        _input_values(layout, row) + added_values(p, e, layout, a)
        for row, p, e, a in zip(rows, predictions, errors, attributions)
    ]
    return encode_table(layout, rows, table)


def encode_table(layout, rows, table):
    """Format output rows (lists in :func:`output_columns` order) in the layout's output format.

    ``rows`` holds the input row behind each output row: JSONL output keeps the fields that only
    some of the input's objects have.
    """
    fmt = layout.output_format
    if fmt == "jsonl":
        return _encode_jsonl(layout, rows, table)
    if fmt in DELIMITERS:
        # Only JSONL and Parquet input or explanations can hold nested values that need JSON.
        nested = layout.explain or layout.input_format in ("jsonl", "parquet")
        return _encode_delimited(table, DELIMITERS[fmt], nested)
    return _to_record_batch(layout, table)


def _input_values(layout, row):
    """Return the input's values in column order (plus the source first when there are several inputs)."""
    if isinstance(row, dict):
        values = [row.get(column) for column in layout.columns]
    else:
        values = list(row)
    return [layout.source, *values] if layout.source is not None else values


def _encode_jsonl(layout, rows, table):
    """One JSON object per row; JSONL input keeps all of each object's fields, not only the first's."""
    names = output_columns(layout)
    renamed = dict(layout.renamed)
    lines = []
    for row, values in zip(rows, table):
        record = dict(zip(names, values))
        if isinstance(row, dict):
            extra = {renamed.get(k, k): v for k, v in row.items() if k not in layout.columns}
            record.update(extra)
        lines.append(_json_line(record))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _json_line(record):
    """One object as JSON; a NaN or infinite number (from Parquet input) is null, as JSON has no such value."""
    try:
        return json.dumps(record, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(record), ensure_ascii=False, default=str)


def _finite(value):
    """``value`` with every NaN or infinite float replaced by None, at any depth."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _cell(value):
    """Return a value as CSV text: None is empty, nested values are JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _encode_copying_records(layout, rows, records, predictions, errors, attributions):
    """CSV/TSV output of CSV/TSV input: each record as it was read, then the added cells.

    Re-quoting the input's fields (the long text above all) was the largest cost of batch scoring
    after the model itself; the record's own text is already valid in this format.
    """
    delimiter = DELIMITERS[layout.output_format]
    prefix = "" if layout.source is None else _field(layout.source, delimiter) + delimiter
    plain = not (layout.explain or layout.attributions)
    # A scored row's cells after its probabilities (model, an empty error and warning), and its label,
    # are the same text in nearly every row.
    tail = delimiter + _field(layout.model, delimiter) + delimiter + delimiter
    labels = {label: _field(label, delimiter) for label in layout.labels}
    lines = []
    for row, record, prediction, error, attribution in zip(rows, records, predictions, errors, attributions):
        if record is not None and prediction is not None and plain:
            label, confidence, probabilities, _, warning = prediction
            cells = delimiter.join(map(_PROBABILITY_TEXT.__getitem__, probabilities))
            confidence = _PROBABILITY_TEXT[confidence]
            line = f"{prefix}{record}{delimiter}{labels[label]}{delimiter}{confidence}{delimiter}{cells}{tail}"
            lines.append(line if warning is None else line + _field(warning, delimiter))
            continue
        added = [_field(v, delimiter) for v in added_values(prediction, error, layout, attribution)]
        if record is None:
            inputs = [_field(v, delimiter) for v in _input_values(layout, row)]
            lines.append(delimiter.join(inputs + added))
        else:
            lines.append(prefix + record + delimiter + delimiter.join(added))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _field(value, delimiter):
    """Return one cell as the csv module writes it: :func:`_cell`'s text, quoted when it must be."""
    text = _cell(value)
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _encode_delimited(table, delimiter, nested):
    """Format rows as CSV/TSV records (no header: the parent writes it once)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    # The csv module already writes None as empty and numbers with repr(); converting every cell costs 8%.
    writer.writerows(([_cell(v) for v in values] for values in table) if nested else table)
    text = out.getvalue()
    if "\r" in text:
        # The csv module quotes a field holding LF (its line end here) but not one holding a CR alone,
        # which every CSV reader takes for a line end: the row would come back as two.
        text = "".join(delimited_record(values, delimiter) for values in table)
    return text.encode("utf-8")


def delimited_record(values, delimiter):
    """One CSV/TSV record and its LF, each field quoted when it holds the delimiter, a quote, LF or CR."""
    return delimiter.join(_field(v, delimiter) for v in values) + "\n"


def output_schema(layout):
    """Return the Arrow schema of Parquet output: the input's types (Parquet input) or strings, then the added columns."""
    added = added_columns(layout.labels, layout.explain, layout.attributions, layout.articles, layout.article_lines)
    names = output_columns(layout)
    n_input = len(names) - len(added)
    if layout.arrow_schema is not None:
        source = [pa.field("source", pa.string())] if layout.source is not None else []
        renamed = dict(layout.renamed)
        copied = set(input_columns(layout))
        inputs = source + [f.with_name(renamed.get(f.name, f.name)) for f in layout.arrow_schema if f.name in copied]
    else:
        inputs = [pa.field(name, pa.string()) for name in names[:n_input]]
    types = {"confidence": pa.float64(), **{f"p_{label}": pa.float64() for label in layout.labels}}
    if layout.articles:
        types.update(dict.fromkeys((LINE_COLUMN, "sentence", "start", "end"), pa.int64()))
    return pa.schema(inputs + [pa.field(name, types.get(name, pa.string())) for name in added])


def _to_record_batch(layout, table):
    """Build an Arrow record batch in :func:`output_schema`; non-Parquet input values become strings."""
    schema = output_schema(layout)
    n_added = len(added_columns(layout.labels, layout.explain, layout.attributions, layout.articles, layout.article_lines))  # fmt: skip
    keep_types = layout.arrow_schema is not None
    arrays = []
    for index, field in enumerate(schema):
        column = [values[index] for values in table]
        is_input = index < len(schema) - n_added
        if field.name == "explanation":
            column = [None if v is None else json.dumps(v, ensure_ascii=False) for v in column]
        elif is_input and not keep_types:
            column = [None if v is None else _cell(v) for v in column]
        arrays.append(pa.array(column, type=field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
