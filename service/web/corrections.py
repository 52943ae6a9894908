"""Corrections from the pages: stored in the feedback store exactly as ``POST /v1/feedback`` stores them.

The pages add two rules on top, because a person clicking through sentences corrects the same one
twice far more often than an API client does:

* one correction per sentence waits for review: a new label for a sentence that already has a
  pending correction replaces it (the earlier row is deleted), and the same label again stores
  nothing new (nor does a label a person already accepted for it);
* "Correct frame" on ``/`` refuses the frame the model already gives (nothing to correct). The
  review queue may store it: there a person labels the sentences the model is least sure of, and
  agreeing with the model is an answer too.
"""

import logging
from dataclasses import dataclass, field

from flask import current_app

from service.errors import ApiError
from service.feedback_api import parse_feedback, store_feedback, store_unavailable
from training.feedback import FeedbackError

logger = logging.getLogger(__name__)


@dataclass
class Saved:
    """What saving a correction did: the row that stands, whether it is new, and the rows it replaced."""

    row: dict
    new: bool = True
    replaced: list = field(default_factory=list)

    def as_json(self):
        """The row as ``POST /v1/feedback`` answers it, plus what the page's script shows."""
        return {
            **self.row,
            "new": self.new,
            "replaced": [{"id": r["id"], "label": r["label"]} for r in self.replaced],
        }


def feedback_store():
    """Return the app's feedback store, or ``None`` when no token is configured (feedback is off)."""
    return current_app.extensions.get("stance_feedback")


def _standing(earlier, label):
    """Return the earlier correction that already says ``label`` (the newest pending one, else an accepted one)."""
    pending = [r for r in earlier if r["status"] == "pending"]
    if pending:
        return pending[-1] if pending[-1]["label"] == label else None
    return next((r for r in reversed(earlier) if r["status"] == "accepted" and r["label"] == label), None)


def _check_disagrees(predictor, text, target, label, earlier):
    """Refuse ``label`` when the model already gives it to ``text``: a correction must change something."""
    if label not in predictor.labels:
        return  # store_feedback names the task's labels
    predicted = predictor.predict([text], targets=None if target is None else [target])[0]["label"]
    if label != predicted:
        return
    message = f"the model already gives this sentence {label}, so there is nothing to correct; choose another frame"
    pending = [r for r in earlier if r["status"] == "pending"]
    if pending:
        message += (
            f" (to withdraw correction #{pending[-1]['id']} ({pending[-1]['label']}), reject it on the review page)"
        )
    raise ApiError(message, code="invalid_input", status=400, field="label")


def store_correction(predictor, text, label, confirmations=False):
    """Store ``label`` as the right frame of ``text``, with what ``predictor`` answers now; return a :class:`Saved`.

    The body goes through :func:`~service.feedback_api.parse_feedback` and a new row is written by
    :func:`~service.feedback_api.store_feedback`, the function ``POST /v1/feedback`` stores with;
    then any older pending correction of the same sentence is replaced (see the module docstring).
    ``confirmations`` lets a label equal to the model's own be stored (the review queue).

    Raises :class:`~service.errors.ApiError` for a label the task does not have, a label the model
    already gives (unless ``confirmations``) or a text the API refuses, with status 403 when
    corrections are off and 503 when the store cannot be read or written.
    """
    _, text, target, label, note = parse_feedback(
        {"task": predictor.task, "text": text, "label": label}, current_app.config["MAX_TEXT_CHARS"]
    )
    store = feedback_store()
    try:
        earlier = store.find(predictor.task, text, target) if store is not None else []
    except FeedbackError as exc:
        raise store_unavailable(exc) from None
    if not confirmations:
        _check_disagrees(predictor, text, target, label, earlier)
    standing = _standing(earlier, label)
    row, new = (standing, False) if standing else (store_feedback(predictor, text, label, note, target, "page"), True)
    replaced = []
    if row["status"] == "pending":
        try:
            replaced = store.supersede(row)
        except FeedbackError as exc:
            # The new row is stored; saving again finds it and retries the replacement.
            raise store_unavailable(exc) from None
    for old in replaced:
        logger.info("correction #%s (%s) replaced by #%s (%s) from the page", old["id"], old["label"], row["id"], label)
    return Saved(row, new, replaced)
