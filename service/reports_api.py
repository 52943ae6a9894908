"""``GET /v1/models/<task>/<version>/report``: the report.html written when a version was trained."""

from flask import Blueprint, Response, current_app

# The report's file name comes from the model folder's layout, not from training.report, so that
# serving a report does not load matplotlib into every worker.
from model.artifact import ArtifactError, read_regular_file
from model.store import CURRENT_POINTER, REPORT_FILE, StoreError, check_name, current_version, task_dir
from service.errors import ApiError

CURRENT_ALIAS = "current"
bp = Blueprint("reports", __name__)
# The report is the trainer's HTML: shown in a sandbox (an opaque origin, no scripts, no requests) so a
# changed file cannot read the service's cookies or call its API; its images are inline data: URLs.
REPORT_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _not_found(message, field):
    return ApiError(message, code="not_found", status=404, field=field)


@bp.get("/v1/models/<task>/<version>/report")
def report(task, version):
    """Answer with a version's report.html; ``current`` names the task's current version."""
    model_dir = current_app.config["MODEL_DIR"]
    try:
        folder = task_dir(model_dir, task)
    except StoreError:
        raise _not_found(f"no task {task!r}; task names use letters, digits, '.', '_' and '-'", "task") from None
    if not folder.is_dir():
        raise _not_found(f"no task {task!r} in the model folder; see GET /v1/models", "task")
    try:
        name = current_version(model_dir, task) if version == CURRENT_ALIAS else check_name("version", version)
    except StoreError as exc:
        if version == CURRENT_ALIAS:
            # CURRENT exists but cannot be read or names no valid version: say so, without the server's folders.
            reason = str(exc).replace(str(folder / CURRENT_POINTER), CURRENT_POINTER)
            raise _not_found(f"task {task!r} has no readable current version: {reason}", "version") from None
        raise _not_found(f"no version {version!r} of task {task!r}", "version") from None
    if name is None:
        raise _not_found(f"task {task!r} has no current version", "version")
    path = folder / name / REPORT_FILE
    try:
        # Never follows a link out of the model folder, and never waits on a FIFO planted there.
        html = read_regular_file(path)
    except ArtifactError as exc:
        raise _not_found(
            f"version {name!r} of task {task!r}: {REPORT_FILE} is not readable ({exc})", "version"
        ) from None
    except (FileNotFoundError, NotADirectoryError):
        message = (
            f"version {name!r} of task {task!r} has no {REPORT_FILE}"
            if (folder / name).is_dir()
            else f"no version {version!r} of task {task!r}; see `stance models list`"
        )
        raise _not_found(message, "version") from None
    response = Response(html, mimetype="text/html")
    # The report is a finished, immutable file of its version; `current` may move at any time.
    response.headers["Cache-Control"] = "no-cache" if version == CURRENT_ALIAS else "public, max-age=3600"
    response.headers["X-Model-Version"] = name
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = REPORT_POLICY
    return response
