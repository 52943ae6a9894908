"""``POST /v1/feedback``: store a user's correction of a label, with what the served model predicted.

The endpoint exists only when a token is configured (``STANCE_FEEDBACK_TOKEN``, else
``STANCE_ADMIN_TOKEN``); without one it is a plain 404, like admin reload. Corrections wait in
the feedback store as ``pending`` until someone runs ``stance feedback accept``.
"""

import math
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from service.auth import require_bearer
from service.errors import ApiError, ServiceError, check_target
from service.validation import check_fields, check_text, invalid, json_type, read_json_body
from training.feedback import MAX_NOTE_CHARS, FeedbackError, FeedbackStore, default_store_path

FEEDBACK_FIELDS = ("task", "text", "target", "label", "note")
# Seconds a correction waits for another writer's lock (STANCE_FEEDBACK_BUSY_TIMEOUT). A commit takes
# milliseconds, so only a stuck process waits this long; a sync worker must stay free for classify.
DEFAULT_BUSY_TIMEOUT = 1.5
bp = Blueprint("feedback", __name__)


def store_unavailable(exc):
    """Log a corrections-store failure and return the 503 error that asks the client to try again."""
    current_app.logger.error("cannot read or change the corrections store: %s", exc)
    # Retry-After: a lock is normally held for milliseconds, and a removed store is made again.
    return ApiError(
        "the correction could not be stored; try again",
        code="feedback_unavailable",
        status=503,
        headers={"Retry-After": "1"},
    )


def busy_timeout(config):
    """Return ``FEEDBACK_BUSY_TIMEOUT`` as seconds, or raise :class:`ServiceError` if it is not a positive number."""
    value = config.get("FEEDBACK_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ServiceError(f"STANCE_FEEDBACK_BUSY_TIMEOUT must be a number of seconds > 0, got {value!r}")
    return float(value)


def feedback_token(config):
    """Return the token that guards ``POST /v1/feedback``, or ``None`` when feedback is off."""
    for key in ("FEEDBACK_TOKEN", "ADMIN_TOKEN"):
        token = config.get(key)
        # STANCE_FEEDBACK_TOKEN=12345 arrives as an int through from_prefixed_env.
        if token not in (None, ""):
            return str(token)
    return None


def check_token(token):
    """Raise a 401 :class:`ApiError` unless the request carries ``Authorization: Bearer <token>``."""
    require_bearer(token, "feedback", "STANCE_FEEDBACK_TOKEN")


def parse_feedback(body, max_text_chars):
    """Check a parsed feedback body; return ``(task or None, text, target or None, label, note or None)``."""
    check_fields(body, FEEDBACK_FIELDS)
    for key in ("text", "label"):
        if key not in body:
            raise invalid(f"missing field {key}", key, "missing_field")
    text = check_text(body["text"], "text", max_text_chars)
    label = body["label"]
    if not isinstance(label, str):
        raise invalid(f"label must be a string, got {json_type(label)}", "label", "wrong_type")
    task = body.get("task")
    if "task" in body and not isinstance(task, str):
        raise invalid(f"task must be a string, got {json_type(task)}", "task", "wrong_type")
    target = body.get("target")
    if target is not None:
        check_text(target, "target", max_text_chars)
    note = body.get("note")
    if note is not None:
        if not isinstance(note, str):
            raise invalid(f"note must be a string, got {json_type(note)}", "note", "wrong_type")
        if note.strip():
            check_text(note, "note", MAX_NOTE_CHARS)
        note = note.strip() or None
    return task, text, target, label, note


def store_feedback(predictor, text, label, note=None, target=None, origin="API"):
    """Store ``label`` as the right answer for ``text`` (and ``target``), with ``predictor``'s answer now; return the row.

    ``POST /v1/feedback`` and the workbench pages both store corrections here, so a row is the same
    whichever way it came. ``origin`` only names where it came from in the log.

    Raises :class:`ApiError`: 400 for a label the task does not have or a target the task does not
    take (or needs), 403 when no store is open (no token configured), 503 when the store cannot be written.
    """
    if label not in predictor.labels:
        raise invalid(
            f"unknown label {label!r} for task {predictor.task!r}; labels: {', '.join(predictor.labels)}",
            "label",
            "unknown_label",
        )
    check_target(predictor, target is not None)
    prediction = predictor.predict([text], targets=None if target is None else [target])[0]
    store = current_app.extensions.get("stance_feedback")
    if store is None:
        raise ApiError("corrections are off: no token is configured", code="unauthorized", status=403)
    try:
        stored = store.add(predictor.task, text, label, prediction["label"], predictor.version, note, target=target)
    except FeedbackError as exc:
        raise store_unavailable(exc) from None
    current_app.logger.info(
        "correction #%s stored from the %s: task %s, label %s, predicted %s",
        stored["id"],
        origin,
        stored["task"],
        label,
        prediction["label"],
    )
    return stored


@bp.post("/v1/feedback")
def post_feedback():
    """Store a correction: the text, the right label, and the served model's prediction and version."""
    config = current_app.config
    check_token(current_app.extensions["stance_feedback_token"])
    task, text, target, label, note = parse_feedback(read_json_body(request), config["MAX_TEXT_CHARS"])
    registry = current_app.extensions["stance"]
    predictor = registry.get(task)
    if predictor is None:
        served = ", ".join(sorted(registry.snapshot()))
        raise ApiError(f"unknown task {task!r}; served tasks: {served}", code="unknown_task", field="task")
    stored = store_feedback(predictor, text, label, note, target)
    return jsonify(stored), 201


def init_app(app):
    """Open the feedback store and add ``POST /v1/feedback``, only when a feedback or admin token is set."""
    token = feedback_token(app.config)
    if not token:
        return
    # STANCE_FEEDBACK_DB reaches the config through from_prefixed_env; the default is in the user's data
    # folder, never in the model folder, which the service only needs to read.
    path = Path(str(app.config.get("FEEDBACK_DB") or default_store_path(app.config["MODEL_DIR"])))
    app.config["FEEDBACK_DB"] = str(path)
    app.config["FEEDBACK_BUSY_TIMEOUT"] = timeout = busy_timeout(app.config)
    app.extensions["stance_feedback"] = FeedbackStore(path, busy_timeout=timeout)
    app.extensions["stance_feedback_token"] = token
    app.register_blueprint(bp)
