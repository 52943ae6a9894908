"""Page 4, ``/models``: each task's versions with their metrics and reports; promote and roll back.

Promote and rollback go through :mod:`model.lifecycle`, as ``stance models promote`` and
``stance models rollback`` do, and then reload this worker's models the way ``POST
/v1/admin/reload`` does; other workers follow the moved CURRENT pointer on their own.
"""

import logging
import threading
from contextlib import contextmanager

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from model import lifecycle
from model.artifact import ArtifactError, format_problem, read_metadata
from model.lifecycle import (
    CURRENT_ALIAS,
    LifecycleError,
    find_version,
    promote_version,
    rollback_target,
    rollback_version,
    task_lock,
)
from model.store import REPORT_FILE, StoreError, check_name, current_version, list_tasks, list_versions, task_dir
from service.models_registry import version_damage, version_stamp
from service.web import auth
from service.web.card_view import hide_paths, render_card
from service.web.pages import FormError

logger = logging.getLogger(__name__)

CARD_FILE = "MODEL_CARD.md"
bp = Blueprint("models", __name__, url_prefix="/models")
# What checking a version's files found, by folder and by the stamps of its files (inode, size, mtime):
# loading every version on each view costs about 50 ms per version; a changed or removed file changes
# the stamp, so it is checked again. Bounded, because versions come and go.
_DAMAGE_CACHE = {}
_DAMAGE_CACHE_SIZE = 256
_damage_lock = threading.Lock()


def checked_damage(model_dir, task, version):
    """Return why ``version`` does not load, as ``stance models list`` says it, or ``None``; remembered per file state."""
    stamp = version_stamp(model_dir, task, version)
    key = (str(task_dir(model_dir, task) / version), stamp)
    with _damage_lock:
        if stamp is not None and key in _DAMAGE_CACHE:
            return _DAMAGE_CACHE[key]
    damage = version_damage(model_dir, task, version)
    if stamp is not None and stamp == version_stamp(model_dir, task, version):
        with _damage_lock:
            if len(_DAMAGE_CACHE) >= _DAMAGE_CACHE_SIZE:
                _DAMAGE_CACHE.clear()
            _DAMAGE_CACHE[key] = damage
    return damage


def read_current(model_dir, task):
    """Return ``(current version or None, why CURRENT cannot be read or None)``.

    An unreadable ``CURRENT`` (a bad name, bytes that are not UTF-8, a folder) is shown, not a 500: the
    versions are still listed, and promoting one of them is how the pointer gets repaired.
    """
    current, problem = lifecycle.read_current(model_dir, task)
    return current, hide_paths(problem, model_dir)


def _figures(metrics):
    """Return the headline numbers of one metrics block (``None`` where missing)."""
    metrics = metrics or {}
    return {key: metrics.get(key) for key in ("macro_f1", "accuracy", "n")}


def version_row(model_dir, task, version, current, target, served):
    """Return what the page shows of one version: status, test and real-news figures, report links."""
    folder = task_dir(model_dir, task) / version
    row = {
        "version": version,
        "current": version == current,
        "rollback_target": version == target,
        "served": version == served,
        "report": (folder / REPORT_FILE).is_file(),
        "card": (folder / CARD_FILE).is_file(),
        "problem": None,
        "damaged": None,
    }
    try:
        metadata = read_metadata(model_dir, task, version)
    except ArtifactError as exc:
        row.update(
            problem=hide_paths(str(exc), model_dir), created_at=None, test=_figures(None), realnews=None, gate=None
        )
        return row
    real = metadata.get("realnews") or {}
    gate = metadata.get("gate") or {}
    problem = format_problem(metadata, folder)
    row.update(
        created_at=metadata.get("created_at"),
        test=_figures(metadata.get("metrics")),
        realnews=(
            {
                **_figures(real.get("framing")),
                "speaker_f1": (real.get("attribution") or {}).get("speaker", {}).get("f1"),
                "disputed_f1": (real.get("attribution") or {}).get("disputed", {}).get("f1"),
            }
            if real.get("framing")
            else None
        ),
        gate="refused" if gate and not gate.get("passed") and not gate.get("forced") else None,
        # An older format or another scikit-learn: listed with its figures, but it cannot be promoted.
        problem=hide_paths(problem, model_dir),
        # A model file changed or missing since training: promote and a restarted worker refuse it too.
        damaged=None if problem else hide_paths(checked_damage(model_dir, task, version), model_dir),
    )
    return row


def task_summaries():
    """Return every task of the model folder (and every served one) with its versions, newest first."""
    model_dir = current_app.config["MODEL_DIR"]
    registry = current_app.extensions["stance"]
    served = {task: predictor.version for task, predictor in registry.snapshot().items()}
    degraded = registry.degraded()
    summaries = []
    for task in sorted(set(list_tasks(model_dir)) | set(served)):
        try:
            versions = list_versions(model_dir, task)
        except (OSError, StoreError) as exc:
            problem = hide_paths(str(exc), model_dir)
            summaries.append({"task": task, "problem": problem, "versions": [], "served": served.get(task)})
            continue
        current, pointer = read_current(model_dir, task)
        target, history = None, None
        if current is not None and current not in versions:
            pointer = f"CURRENT names version {current}, which is not a complete version of {task} (no folder or no metadata.json)"
        if current is not None:
            try:
                target = rollback_target(model_dir, task)
            except (OSError, StoreError, LifecycleError) as exc:
                # A broken HISTORY only takes the rollback away; the versions can still be promoted.
                history = hide_paths(str(exc), model_dir)
        rows = [version_row(model_dir, task, v, current, target, served.get(task)) for v in reversed(versions)]
        by_version = {row["version"]: row for row in rows}
        summaries.append(
            {
                "task": task,
                "current": current,
                "pointer": pointer,
                "history": history,
                "current_damaged": (by_version.get(current) or {}).get("damaged"),
                "served": served.get(task),
                "rollback_target": target,
                "target_damaged": (by_version.get(target) or {}).get("damaged"),
                "degraded": hide_paths((degraded.get(task) or {}).get("reason"), model_dir),
                "versions": rows,
                "problem": None,
            }
        )
    return summaries


def render_page(error=None, confirm=None):
    """Render the versions of every task, with ``error`` (a :class:`FormError`) or a ``confirm`` question above them."""
    default = current_app.extensions["stance"].default_task
    page = render_template(
        "models.html",
        tasks=task_summaries(),
        default=default,
        error=error,
        confirm=confirm,
    )
    return page, error.status if error else 200


@bp.errorhandler(FormError)
def form_error(exc):
    """Show why a promotion or rollback was refused above the versions (without the server's folders)."""
    return render_page(FormError(hide_paths(exc.message, current_app.config["MODEL_DIR"]), exc.status, exc.field))


@bp.get("")
def index():
    """List each task's versions with their metrics, reports, and promote/rollback buttons."""
    return render_page()


def _posted_task():
    """Return the posted task if the model folder has it."""
    task = request.form.get("task", "")
    model_dir = current_app.config["MODEL_DIR"]
    try:
        check_name("task", task)
    except StoreError as exc:
        raise FormError(str(exc), field="task") from None
    if not task_dir(model_dir, task).is_dir():
        raise FormError(f"There is no task {task!r} in the model folder.", field="task")
    return task


def _reload_after(task, done):
    """Load the new current version in this worker now; say what happened, or why it did not load."""
    report = current_app.extensions["stance"].reload()
    refusal = report["refused"].get(task)
    if refusal:
        logger.error("task %s: %s after %s from the page", task, refusal["message"], done)
        flash(f"{done}, but this server did not load it: {refusal['message']}", "error")
    else:
        flash(f"{done}.", "status")


def _confirmed():
    """Return the current version the confirmed form expects (``""``: none), or ``None`` if it is not confirmed yet."""
    if request.form.get("confirm") != "yes":
        return None
    return request.form.get("expected")


@contextmanager
def _unchanged(model_dir, task, expected, action, wanted=None):
    """Hold the task's lock while the current version is still ``expected``; refuse with 409 if it changed.

    The confirmed form says which version was current when the person decided, so a second submit
    of the same form (a double click, a reload, another tab) changes nothing once the first one did.
    ``wanted`` is the version the form asks for, if it names one: when that is current already, the
    refusal says so rather than asking to choose again.
    """
    with task_lock(model_dir, task):
        # An unreadable CURRENT counts as none, as the page showed it: promoting a version repairs it.
        current = read_current(model_dir, task)[0] or ""
        if current != expected and current == wanted:
            raise FormError(
                f"Nothing was changed: {current} is already the current version of {task}, as you asked "
                f"({expected or 'none'} was current when you confirmed; an earlier submit of this form, "
                "or someone else, made the change).",
                409,
            )
        if current != expected:
            raise FormError(
                f"Nothing was changed: the current version of {task} is now {current or 'none'}, not "
                f"{expected or 'none'} as the page showed when you confirmed to {action}. "
                "Check the versions below and choose again.",
                409,
            )
        yield


@bp.post("/promote")
def promote():
    """Make a version current (whatever its quality gate said), as ``stance models promote`` does.

    The first post asks to confirm (a page with the question and a second button); the confirmed
    post carries the version that was current then, and is refused if that changed meanwhile.
    """
    auth.require_writer("promote a version")
    task = _posted_task()
    model_dir = current_app.config["MODEL_DIR"]
    expected = _confirmed()
    try:
        version = find_version(model_dir, task, request.form.get("version", ""))
        if expected is None:
            current, pointer = read_current(model_dir, task)
            if version == current:
                flash(f"{task}: {version} is already current.", "status")
                return redirect(url_for("web.models.index"), code=303)
            _refuse_damaged(model_dir, task, version)
            return render_page(
                confirm={"action": "promote", "task": task, "version": version, "current": current, "pointer": pointer}
            )
        # A confirmed form is checked against the version it expects before anything else. The second
        # post of a double click carries the session cookie the first one did: answered with a redirect
        # and a flashed "already current", its cookie replaced the first answer's message on a busy server.
        with _unchanged(model_dir, task, expected, "promote", wanted=version):
            previous = promote_version(model_dir, task, version)
    except (LifecycleError, StoreError) as exc:
        raise FormError(str(exc), field="version") from None
    except OSError as exc:
        raise FormError(f"Cannot promote: {exc}", 503) from None
    if previous == version:
        flash(f"{task}: {version} is already current.", "status")
        return redirect(url_for("web.models.index"), code=303)
    logger.info("task %s: version %s promoted from the page (was %s)", task, version, previous)
    _reload_after(task, f"{task}: {version} is now current (was {previous or 'none'})")
    return redirect(url_for("web.models.index"), code=303)


def _refuse_damaged(model_dir, task, version, action="promote"):
    """Refuse before asking to confirm when ``version`` does not load: the confirmed post would be refused anyway.

    With the status the confirmed post gets: 400 for the version a promotion names, 409 for a rollback's target.
    """
    damage = checked_damage(model_dir, task, version)
    if damage:
        status, field = (400, "version") if action == "promote" else (409, None)
        raise FormError(f"Cannot {action} {version}: it does not load ({damage}).", status, field)


def _no_rollback_target(task):
    """Return the refusal of a rollback when no earlier current version is left."""
    return FormError(
        f"Task {task!r} has no earlier current version to roll back to; promote the version you want instead.", 409
    )


@bp.post("/rollback")
def rollback():
    """Make the version that was current before the current one current again (after a confirmation, as promote)."""
    auth.require_writer("roll back a task")
    task = _posted_task()
    model_dir = current_app.config["MODEL_DIR"]
    expected = _confirmed()
    try:
        if expected is None:
            current, target = current_version(model_dir, task), rollback_target(model_dir, task)
            if target is None:
                raise _no_rollback_target(task)
            _refuse_damaged(model_dir, task, target, "roll back to")
            return render_page(confirm={"action": "rollback", "task": task, "version": target, "current": current})
        # Checked first, as a confirmed promotion is: the second post of a double click says "Nothing was
        # changed", not that the task (just rolled back by the first post) has nothing to roll back to.
        with _unchanged(model_dir, task, expected, "roll back"):
            if rollback_target(model_dir, task) is None:
                raise _no_rollback_target(task)
            previous, version = rollback_version(model_dir, task)
    except StoreError as exc:
        # An unreadable CURRENT: there is no "before" to return to, but promoting a version repairs it.
        raise FormError(f"Cannot roll back {task}: {exc}. Promote a version that loads instead.", 409) from None
    except LifecycleError as exc:
        raise FormError(str(exc), 409) from None
    except OSError as exc:
        raise FormError(f"Cannot roll back: {exc}", 503) from None
    logger.info("task %s: rolled back from %s to %s from the page", task, previous, version)
    _reload_after(task, f"{task}: rolled back from {previous} to {version}")
    return redirect(url_for("web.models.index"), code=303)


@bp.get("/<task>/<version>/card")
def card(task, version):
    """Show a version's model card (the MODEL_CARD.md written when it was trained)."""
    model_dir = current_app.config["MODEL_DIR"]
    try:
        if version == CURRENT_ALIAS:
            # As the report link and the CLI take it: the version CURRENT names now.
            named, pointer = read_current(model_dir, task)
            if pointer:
                abort(404, description=f"Task {task!r} has no readable current version: {pointer}")
            version = named or version
        path = task_dir(model_dir, task) / check_name("version", version) / CARD_FILE
        text = path.read_text(encoding="utf-8")
    except (StoreError, FileNotFoundError, NotADirectoryError):
        abort(404, description=f"There is no model card of version {version!r} of task {task!r}.")
    except (OSError, UnicodeDecodeError) as exc:
        abort(404, description=f"The model card of {version!r} cannot be read: {exc}")
    return render_template("model_card.html", task=task, version=version, card=render_card(hide_paths(text, model_dir)))
