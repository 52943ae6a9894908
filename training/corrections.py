"""Decide which accepted corrections join a training run, and why the others do not.

A correction is merged only when it teaches the model something new without contradicting the
corpus or leaking into the evaluation: the raw training file stays as it is, the merge happens in
memory for one run and is recorded in the version's metadata.
"""

import logging
from dataclasses import dataclass, field, replace

from model.text import find_problem, is_blank
from training.checks import NEAR_DUPLICATE_THRESHOLD, duplicate_key, find_near_pairs, row_keys
from training.data import expected_labels

log = logging.getLogger(__name__)


@dataclass
class CorrectionReview:
    """What happens to each correction: merged, skipped as already known, or refused with a reason."""

    merged: list = field(default_factory=list)
    known: list = field(default_factory=list)
    refused: list = field(default_factory=list)

    def reason_for(self, correction_id):
        """Return why a correction is refused, or ``None``."""
        return next((r["reason"] for r in self.refused if r["id"] == correction_id), None)

    def as_metadata(self):
        """Summarise for a version's metadata.json."""
        return {
            "merged": len(self.merged),
            "merged_ids": [c["id"] for c in self.merged],
            "already_in_corpus_ids": [c["id"] for c in self.known],
            "refused_ids": [r["id"] for r in self.refused],
            "refused": self.refused,
        }


def review_corrections(corrections, train, test=None, threshold=NEAR_DUPLICATE_THRESHOLD, labels=None):
    """Sort ``corrections`` (dicts with id, text, label) against the corpus ``train`` and the ``test`` file.

    * a label that is not one of the task's ``labels`` (when given): refused, as a corpus row with it
      would be (spaces around a label are dropped, as the corpus loader drops them);
    * a text the API would refuse (blank, zero-width characters alone, a NUL): refused, as a corpus
      row with it would be;
    * same normalised text as a corpus row with another label: refused (the corpus says otherwise);
    * same text and label as a corpus row: already known, skipped;
    * exactly or nearly the same as a test sentence (the overlap rule of ``stance data check``):
      refused, because training on it would inflate the test score;
    * two corrections of the same text with different labels: both refused; with the same label,
      the first is kept.

    For a task with a target column (``train.targets``), "the same text" means the same text about
    the same target, as in :func:`~training.checks.row_keys`; a correction without a target is refused.
    """
    review = CorrectionReview()
    corpus = {}
    for index, key in enumerate(row_keys(train)):
        corpus.setdefault(key, index)
    targeted = train.targets is not None
    near_test = {}
    candidates = []
    for correction in corrections:
        correction, problem = _check_label(correction, labels)
        if problem:
            review.refused.append(_refusal(correction, problem, None))
            continue
        unusable = find_problem(correction["text"]) if isinstance(correction["text"], str) else None
        if unusable is not None:
            # Stored before the store checked texts as the API does (zero-width characters alone, say).
            review.refused.append(_refusal(correction, unusable.about("the correction's text"), None))
            continue
        if targeted and is_blank(correction.get("target") or ""):
            review.refused.append(_refusal(correction, "the task needs a target and the correction has none", None))
            continue
        key = _key(correction, targeted)
        index = corpus.get(key)
        if index is None:
            candidates.append((key, correction))
            continue
        where = f"{train.path}:{train.lines[index]}"
        if train.y[index] != correction["label"]:
            review.refused.append(
                _refusal(correction, f"contradicts {where} ({train.y[index]}): {train.X[index][:80]!r}", where)
            )
        else:
            review.known.append(correction)
    if test is not None and candidates:
        test_targets = [duplicate_key(t) for t in test.targets] if targeted and test.targets is not None else None
        for i, j, similarity in find_near_pairs([c["text"] for _, c in candidates], test.X, threshold=threshold):
            if test_targets is None or test_targets[j] == candidates[i][0][1]:
                near_test.setdefault(i, (j, similarity))
    by_key = {}
    for position, (key, correction) in enumerate(candidates):
        if position in near_test:
            j, similarity = near_test[position]
            where = f"{test.path}:{test.lines[j]}"
            review.refused.append(
                _refusal(
                    correction, f"overlaps the test file {where} (similarity {similarity}): {test.X[j][:80]!r}", where
                )
            )
            continue
        by_key.setdefault(key, []).append(correction)
    for group in by_key.values():
        labels = {c["label"] for c in group}
        if len(labels) > 1:
            ids = ", ".join(f"#{c['id']} ({c['label']})" for c in group)
            for correction in group:
                review.refused.append(_refusal(correction, f"corrections disagree on this text: {ids}", None))
            continue
        review.merged.append(group[0])
        review.known.extend(group[1:])
    review.refused.sort(key=lambda r: r["id"])
    return review


def _check_label(correction, labels):
    """Return ``(correction with its label stripped, None)``, or ``(correction, why its label is refused)``."""
    label = correction["label"]
    if not isinstance(label, str) or not label.strip():
        return correction, "the correction has no label"
    if label != label.strip():
        correction = {**correction, "label": label.strip()}
    if labels is not None and correction["label"] not in labels:
        # Merged, it would train a class the task does not have, or stop training on too few rows of it.
        return correction, f"label {label!r} is not one of the task's labels: {expected_labels(label, labels)}"
    return correction, None


def _key(correction, targeted):
    """Return the correction's key as :func:`~training.checks.row_keys` computes it for corpus rows."""
    text = duplicate_key(correction["text"])
    return (text, duplicate_key(correction["target"])) if targeted else text


def _refusal(correction, reason, where):
    return {"id": correction["id"], "label": correction["label"], "reason": reason, "where": where}


def merge_corrections(train, review):
    """Return a copy of ``train`` with the merged corrections appended (lines read ``correction #ID``)."""
    merged = review.merged
    if not merged:
        return train
    extra = {}
    if train.targets is not None:
        extra["targets"] = train.targets + [c["target"].strip() for c in merged]
    return replace(
        train,
        **extra,
        X=train.X + [c["text"].strip() for c in merged],
        y=train.y + [c["label"] for c in merged],
        lines=train.lines + [f"correction #{c['id']}" for c in merged],
        rows=train.rows
        + [
            {"text": c["text"], "target": c.get("target"), "label": c["label"], "correction_id": c["id"]}
            for c in merged
        ],
    )


def log_review(review, task):
    """Log one warning per refused correction and a summary line."""
    for refusal in review.refused:
        log.warning(
            "task %s: correction #%s (%s) not merged: %s", task, refusal["id"], refusal["label"], refusal["reason"]
        )
    log.info(
        "task %s: %d accepted corrections merged, %d already in the corpus, %d refused",
        task,
        len(review.merged),
        len(review.known),
        len(review.refused),
    )


def corrections_for_run(task, model_dir, train, test, feedback_db=None, labels=None):
    """Return ``(train with the mergeable accepted corrections, metadata)`` for one training run of ``task``.

    ``labels`` are the task's labels: a correction with any other is refused, not merged.

    Raises :class:`~training.data.DataError` when the store exists but cannot be read, so a run
    never trains silently without the corrections someone accepted.
    """
    from training.data import DataError
    from training.feedback import FeedbackError, FeedbackStore, default_db_path

    path = default_db_path(model_dir, feedback_db)
    try:
        accepted = FeedbackStore(path).list(task=task, status="accepted")
    except FeedbackError as exc:
        raise DataError(f"cannot read accepted corrections: {exc}") from None
    review = review_corrections(accepted, train, test, labels=labels)
    if accepted:
        log_review(review, task)
    return merge_corrections(train, review), {"store": str(path), "accepted": len(accepted), **review.as_metadata()}
