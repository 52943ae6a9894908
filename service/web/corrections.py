"""Corrections from the pages: stored in the feedback store exactly as ``POST /v1/feedback`` stores them."""

from flask import current_app

from service.feedback_api import parse_feedback, store_feedback


def feedback_store():
    """Return the app's feedback store, or ``None`` when no token is configured (feedback is off)."""
    return current_app.extensions.get("stance_feedback")


def store_correction(predictor, text, label):
    """Store ``label`` as the right frame of ``text``, with what ``predictor`` answers now; return the stored row.

    The body goes through :func:`~service.feedback_api.parse_feedback` and the row is written by
    :func:`~service.feedback_api.store_feedback`, the function ``POST /v1/feedback`` stores with.

    Raises :class:`~service.errors.ApiError` for a label the task does not have or a text the API
    refuses, with status 403 when corrections are off and 503 when the store cannot be written.
    """
    _, text, target, label, note = parse_feedback(
        {"task": predictor.task, "text": text, "label": label}, current_app.config["MAX_TEXT_CHARS"]
    )
    return store_feedback(predictor, text, label, note, target, origin="page")
