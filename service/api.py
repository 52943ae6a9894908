"""The JSON API: classify sentences, list the served models, health and readiness, admin reload."""

import logging

from flask import Blueprint, current_app, jsonify, request

from service.auth import require_bearer
from service.errors import ApiError, check_target
from service.models_registry import UNPICKLE_ERRORS, probe_proba
from service.validation import parse_classify, read_json_body

logger = logging.getLogger(__name__)
bp = Blueprint("api", __name__)


def registry():
    """Return this app's :class:`~service.models_registry.ModelRegistry`."""
    return current_app.extensions["stance"]


@bp.before_app_request
def watch_models():
    """Notice a new current version (a stat at most once per RELOAD_INTERVAL); loading runs in the background."""
    registry().poll()


@bp.post("/v1/classify")
def classify():
    """Classify one sentence (``text``) or several (``texts``) with the current model of a task."""
    config = current_app.config
    checked = parse_classify(read_json_body(request), config["MAX_TEXTS"], config["MAX_TEXT_CHARS"])
    # Take one reference: a reload swapping models mid-request cannot mix two versions in one answer.
    predictor = registry().get(checked.task)
    if predictor is None:
        served = ", ".join(sorted(registry().snapshot()))
        raise ApiError(f"unknown task {checked.task!r}; served tasks: {served}", code="unknown_task", field="task")
    check_target(predictor, checked.targets is not None, field=checked.target_field)
    results = predictor.predict(checked.texts, explain=checked.explain, targets=checked.targets)
    current_app.extensions["stance_metrics"].count_predictions(predictor.task, results)
    return jsonify(model={"task": predictor.task, "version": predictor.version}, results=results)


@bp.get("/v1/models")
def models():
    """List every served task with its version, labels, metrics and creation time."""
    default = registry().default_task
    tasks = [
        {
            "task": task,
            "version": predictor.version,
            "default": task == default,
            "labels": predictor.labels,
            "target_column": predictor.target_column,
            "created_at": predictor.metadata.get("created_at"),
            "metrics": predictor.metadata.get("metrics", {}),
        }
        for task, predictor in sorted(registry().snapshot().items())
    ]
    return jsonify(default_task=default, models=tasks)


@bp.get("/healthz")
def healthz():
    """Answer 200 while the process is up."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Answer 200 while the default model classifies a probe sentence; 503 when no model can answer.

    ``status`` is ``ready`` when every task serves the version its ``CURRENT`` names, and
    ``degraded`` when a task serves an older version (its current one did not load), a served
    version no longer verifies on disk, or a task's pointer is missing; ``degraded`` then maps each
    such task to the reason. A degraded worker still answers with a model that verified, so it
    stays 200: a load balancer should keep sending it traffic (a 503 would take out every worker
    sharing the broken model folder, turning one bad file into an outage), and monitoring should
    alert on ``status`` (or on the CRITICAL/ERROR log lines the worker writes).
    """
    predictor = registry().get()
    if predictor is None:
        raise ApiError("no model loaded for the default task", code="not_ready", status=503)
    try:
        probe_proba(predictor)
    except UNPICKLE_ERRORS as exc:
        logger.error("readiness probe failed: %s", exc)
        raise ApiError(f"the model does not answer: {exc}", code="not_ready", status=503) from None
    models = {task: p.version for task, p in sorted(registry().snapshot().items())}
    degraded = registry().degraded()
    if degraded:
        reasons = {task: state["reason"] for task, state in sorted(degraded.items())}
        return jsonify(status="degraded", models=models, degraded=reasons)
    return jsonify(status="ready", models=models)


def admin_reload():
    """Load the current version of every task now and verify the served ones again.

    422 when a version was refused or a served version no longer verifies on disk (what serves
    keeps serving); 200 with what was loaded otherwise.
    """
    require_bearer(current_app.config["ADMIN_TOKEN"], "admin", "STANCE_ADMIN_TOKEN")
    report = registry().reload()
    if report["refused"]:
        task, refusal = next(iter(report["refused"].items()))
        raise ApiError(f"task {task!r}: {refusal['message']}", code="reload_refused", status=422, field=None)
    models = {task: p.version for task, p in sorted(registry().snapshot().items())}
    return jsonify(loaded=report["loaded"], models=models)


def init_admin(app):
    """Add ``POST /v1/admin/reload`` only when an admin token is configured; otherwise it is a plain 404."""
    if app.config["ADMIN_TOKEN"]:
        app.add_url_rule("/v1/admin/reload", "admin_reload", admin_reload, methods=["POST"])
