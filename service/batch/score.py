"""Worker side: parse a chunk, score its rows with the predictor and format the output."""

from collections import Counter

from model.attribution import attribution_columns
from model.predictor import summarise_proba
from model.text import is_blank, text_problem
from model.unscored import unscored_reason
from service.batch.articles import analyze_chunk, row_id
from service.batch.chunks import EXAMPLES_PER_CHUNK, ChunkResult
from service.batch.encode import encode_rows
from service.batch.parse import errors_with_lines, parse_arrow, parse_chunk


def score_chunk(predictor, chunk):
    """Return the :class:`ChunkResult` of one chunk: one output row per input row, in order.

    A chunk of whole articles (``stance analyze``) gives one row per sentence instead: the engines
    run both through this one entry point.
    """
    layout = chunk.layout
    if layout.articles:
        return analyze_chunk(predictor, chunk)
    parsed = parse_arrow(chunk) if layout.input_format == "parquet" else parse_chunk(chunk)
    errors = list(parsed.errors)
    for index, text in enumerate(parsed.texts):
        if errors[index] is None:
            errors[index] = text_problem("" if text is None else text)
    targets = _targets(layout, parsed.rows, errors)
    todo = [index for index, error in enumerate(errors) if error is None]
    predictions = [None] * len(errors)
    chosen = None if targets is None else [targets[i] for i in todo]
    scored = predict_rows(predictor, [parsed.texts[i] for i in todo], layout.explain, chosen)
    for index, prediction in zip(todo, scored):
        predictions[index] = prediction
    attributions = None
    if layout.attributions:
        # Only scored rows get sources; a row with an error keeps them empty, like its label.
        attributions = [None] * len(errors)
        for index in todo:
            attributions[index] = attribution_columns(parsed.texts[index])
    written = errors_with_lines(errors, parsed)
    payload = encode_rows(layout, parsed.rows, predictions, written, attributions, parsed.records)
    bad = [index for index, error in enumerate(errors) if error is not None]
    return ChunkResult(
        payload=payload,
        rows=len(errors),
        errors=len(bad),
        # A row not scored has the base rates' label: it is counted under unscored alone, not as that label.
        labels=dict(Counter(p[0] for p in scored if p[4] is None)),
        unscored=dict(Counter(unscored_reason(p[4]) for p in scored if p[4] is not None)),
        examples=[
            (layout.path, parsed.lines[i], row_id(layout, parsed.rows[i]), errors[i]) for i in bad[:EXAMPLES_PER_CHUNK]
        ],
        size=chunk.size,
        new_fields=parsed.new_fields,
    )


def predict_rows(predictor, texts, explain=False, targets=None):
    """Return ``(label, confidence, [p per label], explanation, warning)`` per text, as ``Predictor.predict`` gives them.

    ``targets`` (one per text) is for a task with a target column. ``warning`` is None for a text that
    was scored, else why it was not (its probabilities are the model's base rates).

    Without explanations this reads ``Predictor.predict_proba`` directly and rounds through the same
    ``summarise_proba`` as ``predict``: building ``predict``'s dicts costs a third of the scoring time here.
    """
    if not texts:
        return []
    if explain:
        return [
            (
                r["label"],
                r["confidence"],
                [r["probabilities"][label] for label in predictor.labels],
                r["explanation"],
                r.get("warning"),
            )
            for r in predictor.predict(texts, explain=True, targets=targets)
        ]
    labels = predictor.labels
    proba, warnings = predictor.predict_proba_and_warnings(texts, targets=targets)
    best, rounded = summarise_proba(proba)
    return [(labels[index], row[index], row, None, warning) for index, row, warning in zip(best, rounded, warnings)]


def _targets(layout, rows, errors):
    """Return each row's target and flag rows without a usable one; None when there is no target column."""
    column = layout.target_column
    if column is None:
        return None
    index = None if layout.input_format == "jsonl" else layout.columns.index(column)
    targets = []
    for position, (row, error) in enumerate(zip(rows, errors)):
        target = None
        if error is None:
            target = row.get(column) if isinstance(row, dict) else row[index]
        if not isinstance(target, str) or is_blank(target):
            target = None
            if error is None:
                errors[position] = f"empty or missing target in {column!r}"
        targets.append(target)
    return targets
