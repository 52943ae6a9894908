"""``POST /v1/analyze``: a whole article's sentences, frames and sources, as ``stance analyze --json`` prints them."""

from flask import Blueprint, current_app, jsonify, request

from model.article import ArticleError, analyze_article
from service.errors import ApiError, check_target
from service.validation import check_fields, check_text, invalid, json_type, read_json_body

ANALYZE_FIELDS = ("text", "task")
bp = Blueprint("analyze", __name__)


def parse_analyze(body, max_chars):
    """Check a parsed analyze body; return ``(text, task)`` (``task`` ``None`` means the default)."""
    check_fields(body, ANALYZE_FIELDS)
    if "text" not in body:
        raise invalid("missing field text (the article)", "text", "missing_field")
    text = body["text"]
    if isinstance(text, str) and len(text) > max_chars:
        # Say which setting limits it: an article limit is one a deployment may well want to raise.
        raise invalid(
            f"text has {len(text):,} characters; articles are limited to {max_chars:,} (STANCE_MAX_ARTICLE_CHARS)",
            "text",
            "text_too_long",
        )
    check_text(text, "text", max_chars)
    task = body.get("task")
    if "task" in body and not isinstance(task, str):
        raise invalid(f"task must be a string, got {json_type(task)}", "task", "wrong_type")
    return text, task


@bp.post("/v1/analyze")
def analyze():
    """Split an article into sentences, classify each, credit each claim to its source, tabulate who says what."""
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    text, task = parse_analyze(read_json_body(request), limit)
    registry = current_app.extensions["stance"]
    # One reference for the whole article: a reload mid-request cannot mix two versions in one answer.
    predictor = registry.get(task)
    if predictor is None:
        served = ", ".join(sorted(registry.snapshot()))
        raise ApiError(f"unknown task {task!r}; served tasks: {served}", code="unknown_task", field="task")
    # An article's sentences come without a target each, so a task that needs one cannot analyse it.
    check_target(predictor, has_target=False, endpoint="analyze")
    try:
        result = analyze_article(predictor, text, max_chars=limit)
    except ArticleError as exc:
        # parse_analyze already refused what analyze_article refuses; this keeps a future rule a 400, not a 500.
        raise invalid(str(exc), "text") from None
    current_app.extensions["stance_metrics"].count_predictions(predictor.task, result["sentences"])
    return jsonify(result)
