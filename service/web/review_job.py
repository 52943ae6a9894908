"""The work of the review page's jobs: pick the least-certain sentences, and retrain with accepted corrections.

The queue is :func:`service.review.least_certain`, the selection ``stance review`` makes. A retrain
is :func:`training.train.train_task`, the function ``stance train`` (and so ``make train``) calls:
it merges the task's accepted corrections from the store it is given, and its quality gate decides
whether the new version becomes current.
"""

import json
import logging

from service.web.jobs import JobFailed

log = logging.getLogger(__name__)

QUEUE_FILE = "queue.json"


def _counted(rows, report):
    """Pass ``rows`` through, reporting how many were read every thousand."""
    for number, row in enumerate(rows, 1):
        if number % 1000 == 0:
            report(0.5, f"{number:,} sentences scored")
        yield row


def run_queue(job, folder, report):
    """Write the ``n`` least-certain sentences of the file, each with its neighbours, to ``queue.json``; return their count."""
    from model.artifact import ArtifactError, load_artifact
    from service.review import ReviewError, least_certain, read_texts
    from service.review_context import neighbours

    params = job["params"]
    try:
        predictor = load_artifact(params["model_dir"], params["task"], params["version"])
    except ArtifactError as exc:
        raise JobFailed(f"The model cannot be loaded: {exc}") from None
    path = params["path"]
    report(0.05, "Scoring the sentences")
    try:
        rows = _counted(read_texts(path, params["text_column"], params["format"]), report)
        candidates, scored = least_certain(predictor, rows, params["n"])
    except ReviewError as exc:
        raise JobFailed(str(exc).replace(str(path), params["filename"])) from None
    if not candidates:
        raise JobFailed(f"{params['filename']} has no sentence to review (every text is empty).")
    report(0.9, "Reading the sentences around them")
    # The sentence before and after each one, from the same article when the rows say which that is.
    context = neighbours(path, params["format"], params["text_column"], [c.row for c in candidates])
    items = [
        {
            "row": c.row,
            "text": c.text,
            "predicted": c.predicted,
            "margin": c.margin,
            "probabilities": c.probabilities,
            **context.get(c.row, {"before": None, "after": None}),
        }
        for c in candidates
    ]
    (folder / QUEUE_FILE).write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    log.info("review queue: %d of %d sentences, model %s", len(items), scored, predictor.version)
    return {"items": len(items), "scored": scored, "labels": predictor.labels, "model": predictor.version}


def load_queue(folder):
    """Return the items of a finished review job."""
    return json.loads((folder / QUEUE_FILE).read_text(encoding="utf-8"))


def run_retrain(job, folder, report):
    """Train a new version of the task as ``stance train`` does; return its version and the gate's verdict."""
    from training.data import DataError
    from training.gate import GateRefused
    from training.tasks import TASKS_FILE, TaskError, get_task
    from training.train import train_task

    params = job["params"]
    try:
        spec = get_task(params["task"], params.get("tasks_file") or TASKS_FILE)
    except TaskError as exc:
        raise JobFailed(str(exc)) from None
    report(0.05, "Training: cross-validation, fit, evaluation and the quality gate")
    refused = None
    try:
        metadata = train_task(spec, params["model_dir"], feedback_db=params["feedback_db"])
    except DataError as exc:
        raise JobFailed(str(exc)) from None
    except GateRefused as exc:
        metadata, refused = exc.metadata, str(exc)
    corrections = metadata["data"].get("corrections") or {}
    return {
        "task": spec.name,
        "version": metadata["version"],
        "previous": params.get("previous"),
        "promoted": metadata["promoted"],
        "refused": refused,
        "gate": metadata.get("gate"),
        "corrections": {key: corrections.get(key) for key in ("accepted", "merged")},
    }
