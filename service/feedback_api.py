"""``POST /v1/feedback``: store a user's correction of a label, with what the served model predicted.

The endpoint exists only when a token is configured (``STANCE_FEEDBACK_TOKEN``, else
``STANCE_ADMIN_TOKEN``); without one it is a plain 404, like admin reload. Corrections wait in
the feedback store as ``pending`` until someone runs ``stance feedback accept``; a text keeps one
pending correction, which a later one changes (answered 200 with ``"replaced": true``).
"""

import math
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from service.auth import require_bearer
from service.errors import ApiError, ServiceError, check_target
from service.store_paths import check_store_path
from service.validation import check_fields, check_text, invalid, json_type, read_json_body
from training.feedback import MAX_NOTE_CHARS, FeedbackError, FeedbackStore, default_store_path

FEEDBACK_FIELDS = ("task", "text", "target", "label", "note")
# What the answer to a correction adds to the stored row's columns (feedback_answer).
ANSWER_FIELDS = ("new", "replaced", "previous_label", "removed_ids", "agrees_with_model")
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
    """Check a parsed feedback body; return ``(task or None, text, target or None, label, note)``.

    ``note`` is ``None`` when the body has none (a pending correction keeps its note) and ``""`` when it
    is empty or blank (the note is cleared): :meth:`~training.feedback.FeedbackStore.save` tells them apart.
    """
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
        note = note.strip()
    return task, text, target, label, note


def store_feedback(predictor, text, label, note=None, target=None, origin="API", refuse_agreeing=False):
    """Store ``label`` as the right answer for ``text`` (and ``target``); return a :class:`~training.feedback.Saved`.

    ``POST /v1/feedback`` and the workbench pages both store corrections here, under the rules of
    :meth:`~training.feedback.FeedbackStore.save` (one pending correction per text), so a row is the
    same whichever way it came. The model runs once per correction. A label equal to the model's
    answer is stored and marked (``agrees_with_model``): a client sending reviewed labels in bulk
    confirms the model as often as it corrects it, and both are training data. ``refuse_agreeing``
    refuses it instead, for the page's "Correct frame" button. ``origin`` names where it came from in the log.

    Raises :class:`ApiError`: 400 for a label the task does not have, a target the task does not
    take (or needs), or (with ``refuse_agreeing``) the model's own label; 403 when no store is open
    (no token configured); 503 when the store cannot be read or written.
    """
    if label not in predictor.labels:
        raise invalid(
            f"unknown label {label!r} for task {predictor.task!r}; labels: {', '.join(predictor.labels)}",
            "label",
            "unknown_label",
        )
    check_target(predictor, target is not None)
    predicted = predictor.predict([text], targets=None if target is None else [target])[0]["label"]
    store = current_app.extensions.get("stance_feedback")
    if store is None:
        raise ApiError("corrections are off: no token is configured", code="unauthorized", status=403)
    try:
        if refuse_agreeing and label == predicted:
            raise _nothing_to_correct(store, predictor.task, text, target, label)
        saved = store.save(predictor.task, text, label, predicted, predictor.version, note, target=target)
    except FeedbackError as exc:
        raise store_unavailable(exc) from None
    _log_saved(saved, origin)
    return saved


def _nothing_to_correct(store, task, text, target, label):
    """Return the 400 :class:`ApiError` for a "correction" to the label the model already gives."""
    message = f"the model already gives this sentence {label}, so there is nothing to correct; choose another frame"
    pending = [r for r in store.find(task, text, target) if r["status"] == "pending"]
    if pending:
        message += (
            f" (to withdraw correction #{pending[-1]['id']} ({pending[-1]['label']}), reject it on the review page)"
        )
    return ApiError(message, code="invalid_input", status=400, field="label")


def _log_saved(saved, origin):
    """Log what storing a correction did: a new row, a pending row changed, or nothing new."""
    row = saved.row
    for old in saved.removed:
        current_app.logger.info(
            "pending correction #%s (%s) removed: #%s replaces it", old["id"], old["label"], row["id"]
        )
    if saved.new:
        what = "stored"
    elif saved.replaced:
        what = f"changed from {saved.previous['label']}"
    else:
        what = f"already {row['status']}, nothing stored"
    current_app.logger.info(
        "correction #%s %s from the %s: task %s, label %s, predicted %s",
        row["id"],
        what,
        origin,
        row["task"],
        row["label"],
        saved.predicted_label,
    )


def feedback_answer(saved):
    """Return the JSON answer to a correction: the row that stands, and what storing did to it."""
    return {
        **saved.row,
        "new": saved.new,
        "replaced": saved.replaced,
        "previous_label": saved.previous["label"] if saved.replaced else None,
        "removed_ids": [old["id"] for old in saved.removed],
        "agrees_with_model": saved.agrees_with_model,
    }


@bp.post("/v1/feedback")
def post_feedback():
    """Store a correction with the served model's prediction and version; 201 if a row was added, else 200."""
    config = current_app.config
    check_token(current_app.extensions["stance_feedback_token"])
    task, text, target, label, note = parse_feedback(read_json_body(request), config["MAX_TEXT_CHARS"])
    registry = current_app.extensions["stance"]
    predictor = registry.get(task)
    if predictor is None:
        served = ", ".join(sorted(registry.snapshot()))
        raise ApiError(f"unknown task {task!r}; served tasks: {served}", code="unknown_task", field="task")
    saved = store_feedback(predictor, text, label, note, target)
    # 201 when a row was added; 200 when the text's pending correction was changed or nothing was new.
    return jsonify(feedback_answer(saved)), 201 if saved.new else 200


def feedback_db_path(config):
    """The corrections store the service opens: STANCE_FEEDBACK_DB, else the user's data folder."""
    return Path(str(config.get("FEEDBACK_DB") or default_store_path(config["MODEL_DIR"])))


def init_app(app):
    """Open the feedback store and add ``POST /v1/feedback``, only when a feedback or admin token is set."""
    token = feedback_token(app.config)
    if not token:
        return
    # STANCE_FEEDBACK_DB reaches the config through from_prefixed_env; the default is in the user's data
    # folder, never in the model folder, which the service only needs to read.
    path = feedback_db_path(app.config)
    check_store_path(path, "STANCE_FEEDBACK_DB")
    app.config["FEEDBACK_DB"] = str(path)
    app.config["FEEDBACK_BUSY_TIMEOUT"] = timeout = busy_timeout(app.config)
    app.extensions["stance_feedback"] = FeedbackStore(path, busy_timeout=timeout)
    app.extensions["stance_feedback_token"] = token
    app.register_blueprint(bp)
