"""Corrections from the pages: stored by the function ``POST /v1/feedback`` stores with, under its rules.

Those rules (:meth:`training.feedback.FeedbackStore.save`) keep one pending correction per sentence:
a new label for a sentence with a pending correction changes that correction, and the same label
again (or a label a person already accepted for it) stores nothing new. The page adds one rule of
its own: "Correct frame" on ``/`` refuses the frame the model already gives (nothing to correct),
where the API stores it marked ``agrees_with_model``. The review queue stores it too: there a person
labels the sentences the model is least sure of, and agreeing with the model is an answer.
"""

from flask import current_app

from service.feedback_api import parse_feedback, store_feedback


def feedback_store():
    """Return the app's feedback store, or ``None`` when no token is configured (feedback is off)."""
    return current_app.extensions.get("stance_feedback")


def store_correction(predictor, text, label, confirmations=False):
    """Store ``label`` as the right frame of ``text``, with what ``predictor`` answers now; return a ``Saved``.

    The body goes through :func:`~service.feedback_api.parse_feedback` and
    :func:`~service.feedback_api.store_feedback`, as ``POST /v1/feedback``'s does; the
    :class:`~training.feedback.Saved` says whether a row was added, a pending one changed, or
    nothing was new. ``confirmations`` lets a label equal to the model's own be stored (the review queue).

    Raises :class:`~service.errors.ApiError` for a label the task does not have, a label the model
    already gives (unless ``confirmations``) or a text the API refuses, with status 403 when
    corrections are off and 503 when the store cannot be read or written.
    """
    _, text, target, label, note = parse_feedback(
        {"task": predictor.task, "text": text, "label": label}, current_app.config["MAX_TEXT_CHARS"]
    )
    return store_feedback(predictor, text, label, note, target, "page", refuse_agreeing=not confirmations)
