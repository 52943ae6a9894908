"""Corrections from the pages: stored in the feedback store exactly as ``POST /v1/feedback`` stores them."""

import logging

from flask import current_app

from service.errors import ApiError, check_target
from service.feedback_api import parse_feedback
from training.feedback import FeedbackError

logger = logging.getLogger(__name__)


def feedback_store():
    """Return the app's feedback store, or ``None`` when no token is configured (feedback is off)."""
    return current_app.extensions.get("stance_feedback")


def store_correction(predictor, text, label):
    """Store ``label`` as the right frame of ``text``, with what ``predictor`` answers now; return the stored row.

    The body goes through :func:`~service.feedback_api.parse_feedback`, the served model gives the
    prediction and version, and :meth:`~training.feedback.FeedbackStore.add` writes it: the row is
    the one ``POST /v1/feedback`` would store.

    Raises :class:`ApiError` for a label the task does not have or a text the API refuses, with
    status 503 when the store cannot be written.
    """
    _, text, target, label, note = parse_feedback(
        {"task": predictor.task, "text": text, "label": label}, current_app.config["MAX_TEXT_CHARS"]
    )
    if label not in predictor.labels:
        raise ApiError(
            f"unknown label {label!r} for task {predictor.task!r}; labels: {', '.join(predictor.labels)}",
            code="unknown_label",
            field="label",
        )
    check_target(predictor, target is not None)
    prediction = predictor.predict([text])[0]
    store = feedback_store()
    if store is None:
        raise ApiError("corrections are off: no token is configured", code="unauthorized", status=403)
    try:
        stored = store.add(predictor.task, text, label, prediction["label"], predictor.version, note, target=target)
    except FeedbackError as exc:
        current_app.logger.error("cannot store a correction: %s", exc)
        raise ApiError(
            "the correction could not be stored; try again", code="feedback_unavailable", status=503
        ) from None
    logger.info(
        "correction #%s stored from the page: task %s, label %s, predicted %s",
        stored["id"],
        stored["task"],
        label,
        prediction["label"],
    )
    return stored
