"""Manage a task's versions: promote, roll back and prune (comparing two is :mod:`training.compare`).

Every change of the current version goes through :func:`model.store.set_current` (an atomic
rename of ``CURRENT``), which the running service watches. Each change is also appended to
``<task>/HISTORY`` (JSON lines, rewritten atomically), so ``rollback`` can return to the version
that was current before, not merely the next older folder.
"""

import fcntl
import json
import logging
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from model.artifact import ArtifactError, load_artifact
from model.store import (
    CURRENT_POINTER,
    StoreError,
    check_name,
    current_version,
    list_versions,
    set_current,
    task_dir,
    write_atomic,
)

log = logging.getLogger(__name__)

HISTORY_FILE = "HISTORY"
DEFAULT_KEEP = 10
KEEP_ENV = "STANCE_KEEP_VERSIONS"
CURRENT_ALIAS = "current"
# A version being deleted is first renamed to this prefix plus its name (see prune_versions).
PRUNED_PREFIX = ".pruned-"


class LifecycleError(Exception):
    """A version operation cannot be done: unknown version, nothing to roll back to, bad history."""


# The task folders whose lock this thread holds: flock on a second descriptor of the same folder
# would wait for the first one, so a promotion inside training's locked section would hang itself.
_held = threading.local()


@contextmanager
def task_lock(model_dir, task):
    """Hold an exclusive lock on the task folder, so two promotions, prunes or trainings' gates never interleave.

    The lock is re-entrant within one thread: training decides its gate and promotes under one lock.
    """
    folder = task_dir(model_dir, task)
    if not folder.is_dir():
        raise LifecycleError(f"task {task!r} has no versions in {model_dir}")
    key = os.path.realpath(folder)
    held = _held.__dict__.setdefault("folders", set())
    if key in held:
        yield folder
        return
    # Locking the folder itself leaves no lock file behind among the versions.
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield folder
        finally:
            held.discard(key)
    finally:
        os.close(fd)


def check_writable(model_dir, task, action):
    """Raise :class:`LifecycleError` unless ``action`` can write ``task``'s versions and pointers.

    Checked before the work starts, so a read-only model folder fails at once with one line
    naming the folder, not after minutes of training with a ``PermissionError`` traceback.
    A task folder that does not exist yet is checked through the nearest folder that does.
    """
    folder = task_dir(model_dir, task)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        raise LifecycleError(f"cannot {action}: {folder} is not a folder; choose another --model-dir")
    # os.access answers for the real user; ask for the effective one where the platform can.
    effective = os.access in os.supports_effective_ids
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
        raise LifecycleError(
            f"cannot {action}: the model folder {folder} is not writable by this user; "
            "fix its permissions or choose another --model-dir"
        )


def read_history(model_dir, task):
    """Return the task's promotion history, oldest first: ``[{"at", "action", "version", "previous"}]``."""
    path = task_dir(model_dir, task) / HISTORY_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LifecycleError(f"{path}:{number}: not valid JSON ({exc.msg}); fix or remove the line") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
            raise LifecycleError(f"{path}:{number}: expected an object with a version; fix or remove the line")
        entries.append(entry)
    return entries


def _record(model_dir, task, action, version, previous, note=None):
    """Append one history entry by rewriting the file atomically."""
    path = task_dir(model_dir, task) / HISTORY_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    entry = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "action": action, "version": version}
    entry["previous"] = previous
    if note:
        entry["note"] = note
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomic(path, text + json.dumps(entry, sort_keys=True) + "\n")


def current_stack(history, current):
    """Return the versions in the order they became current, the current one last.

    A promotion pushes its version; a rollback pops one. A version made current outside these
    commands (or before the history existed) is taken as pushed on top.
    """
    stack = []
    for entry in history:
        if not stack and entry.get("previous"):
            stack.append(entry["previous"])
        if entry.get("action") == "rollback" and stack:
            stack.pop()
        if not stack or stack[-1] != entry["version"]:
            stack.append(entry["version"])
    if current and (not stack or stack[-1] != current):
        stack.append(current)
    return stack


def rollback_target(model_dir, task):
    """Return the version that was current before the current one and still exists, or ``None``."""
    current = current_version(model_dir, task)
    existing = set(list_versions(model_dir, task))
    for version in reversed(current_stack(read_history(model_dir, task), current)[:-1]):
        if version != current and version in existing:
            return version
    return None


def find_version(model_dir, task, name):
    """Return the full version name for ``name``: an exact name, ``current``, or a unique prefix."""
    versions = list_versions(model_dir, task)
    if not name or not name.strip():
        # An empty prefix would match every version, and pick the only one without a word.
        raise LifecycleError(
            f"no version given for task {task!r}; name one (see `stance models list`) or {CURRENT_ALIAS}"
        )
    if name == CURRENT_ALIAS:
        current = current_version(model_dir, task)
        if current is None:
            raise LifecycleError(f"task {task!r} has no current version in {model_dir}")
        return current
    if name in versions:
        return name
    matches = [v for v in versions if v.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise LifecycleError(f"{name!r} matches {len(matches)} versions of {task!r}: {', '.join(matches)}")
    raise LifecycleError(
        f"task {task!r} has no version {name!r} in {model_dir}; "
        f"versions: {', '.join(versions) if versions else 'none'} (see `stance models list`)"
    )


def promote_version(model_dir, task, version, action="promote", note=None):
    """Make ``version`` current and record it; return the version that was current before (or ``None``)."""
    check_name("version", version)
    with task_lock(model_dir, task):
        previous, unreadable = read_current(model_dir, task)
        if unreadable:
            # A CURRENT edited into a bad name: promoting a version is how it gets repaired.
            log.warning("%s; promoting %s replaces it", unreadable, version)
        if previous == version:
            log.info("version %s of %s is already current", version, task)
            return previous
        check_writable(model_dir, task, f"promote {version}")
        _check_loads(model_dir, task, version, "promote")
        try:
            set_current(model_dir, task, version)
        except StoreError as exc:
            raise LifecycleError(str(exc)) from None
        # CURRENT first, history second: a crash in between leaves a history that current_stack repairs.
        if previous is not None:
            _record(model_dir, task, action, version, previous, note)
    log.info("version %s of %s is now current in %s (was %s)", version, task, model_dir, previous)
    return previous


def _check_loads(model_dir, task, version, action):
    """Refuse to make current a version that would not load (old format, changed files, other scikit-learn)."""
    if version not in list_versions(model_dir, task):
        return  # set_current names the missing version and lists the ones there are
    try:
        load_artifact(model_dir, task, version)
    except ArtifactError as exc:
        raise LifecycleError(f"cannot {action} {version}: it does not load ({exc})") from None


def rollback_version(model_dir, task):
    """Make the previously current version current again; return ``(from_version, to_version)``."""
    with task_lock(model_dir, task):
        check_writable(model_dir, task, f"roll back task {task!r}")
        current = current_version(model_dir, task)
        target = rollback_target(model_dir, task)
        if target is None:
            raise LifecycleError(
                f"task {task!r} has no earlier current version to roll back to in {model_dir}; "
                "use `stance models promote VERSION` to choose one"
            )
        _check_loads(model_dir, task, target, "roll back to")
        set_current(model_dir, task, target)
        _record(model_dir, task, "rollback", target, current)
    log.info("rolled %s back from %s to %s", task, current, target)
    return current, target


def prune_versions(model_dir, task, keep=DEFAULT_KEEP):
    """Delete all but the ``keep`` newest versions, never the current one or the rollback target.

    Returns the deleted version names, oldest first. Deletes no version while ``CURRENT`` cannot be
    read or names no version here: what a running service serves is then unknown (logged as a
    warning). Folders left by an interrupted prune are removed first in any case.
    """
    if keep < 1:
        raise LifecycleError(f"keep must be at least 1, not {keep}")
    with task_lock(model_dir, task) as folder:
        remove_pruned_leftovers(folder)
        versions = list_versions(model_dir, task)
        current, unknown = current_state(model_dir, task, versions)
        if unknown:
            log.warning("not pruning old versions of %s: %s", task, unknown)
            return []
        protected = {current, rollback_target(model_dir, task)}
        doomed = [v for v in versions[: max(len(versions) - keep, 0)] if v not in protected]
        if doomed:
            check_writable(model_dir, task, f"prune task {task!r}")
        for version in doomed:
            # Rename first: a half-deleted folder must never look like a version.
            trash = folder / f"{PRUNED_PREFIX}{version}"
            shutil.rmtree(trash, ignore_errors=True)
            (folder / version).rename(trash)
            shutil.rmtree(trash)
    if doomed:
        log.info("pruned %d old version(s) of %s, keeping %d: %s", len(doomed), task, keep, ", ".join(doomed))
    return doomed


def read_current(model_dir, task):
    """Return ``(the version CURRENT names or None, why CURRENT cannot be read or None)``.

    An unreadable ``CURRENT`` (a bad name, bytes that are not UTF-8, a folder, a dangling link) is
    not "no current version": a running service may still serve the one it named. Callers that must
    go on (a listing, a promotion that repairs it) take the reason instead of the exception.
    """
    try:
        return current_version(model_dir, task), None
    except (OSError, StoreError) as exc:
        return None, str(exc)


def current_state(model_dir, task, versions):
    """Return ``(current version or None, why what is served is unknown or None)`` among ``versions``.

    Unknown: ``CURRENT`` cannot be read, is missing while versions are there (a fallback or a worker's
    memory may serve any of them), or names a version that is not a complete one. No ``CURRENT`` and
    no version is a task never trained: known, with no current version.
    """
    current, problem = read_current(model_dir, task)
    if problem:
        return None, problem
    folder = task_dir(model_dir, task)
    if current is None:
        if versions:
            # A CURRENT deleted by hand (or by make, before it was .PRECIOUS) is not a first training.
            return (
                None,
                f"{folder / CURRENT_POINTER}: no such file, but {len(versions)} version(s) of {task!r} are beside it",
            )
        return None, None
    if current not in versions:
        return current, (
            f"{folder / CURRENT_POINTER} names version {current}, but {folder / current} is not a complete version "
            "(no folder or no metadata.json)"
        )
    return current, None


def remove_pruned_leftovers(folder):
    """Delete the ``.pruned-<version>`` folders that a prune killed halfway left in ``folder``; return their names.

    Call it holding the task lock: then no live prune owns such a folder. Only real folders named
    as prune names them are removed; a symbolic link is left alone and rmtree never follows one.
    """
    removed = []
    for path in sorted(Path(folder).glob(PRUNED_PREFIX + "*")):
        if not _is_version_name(path.name[len(PRUNED_PREFIX) :]) or path.is_symlink() or not path.is_dir():
            continue
        try:
            shutil.rmtree(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("cannot remove %s, left by an interrupted prune: %s", path, exc)
            continue
        removed.append(path.name)
    if removed:
        log.warning(
            "removed %d folder(s) left in %s by an interrupted prune: %s", len(removed), folder, ", ".join(removed)
        )
    return removed


def _is_version_name(name):
    """Tell whether ``name`` is a valid version name (so a folder named after it is one this project made)."""
    try:
        check_name("version", name)
    except StoreError:
        return False
    return True
