"""Layout of the model folder: ``<model-dir>/<task>/<version>/`` plus a ``CURRENT`` pointer per task."""

import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

CURRENT_POINTER = "CURRENT"
# Each version's HTML report: written by training, served by the web service.
REPORT_FILE = "report.html"
# Versions and task names become folder names, so only a safe alphabet is accepted:
# this keeps a name from a request or a pointer file from escaping the model folder.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class StoreError(Exception):
    """The model folder does not hold what was asked for."""


def check_name(kind, name):
    """Return ``name`` if it is a safe task or version name, else raise :class:`StoreError`."""
    if not isinstance(name, str) or not _SAFE_NAME.match(name) or name in (".", ".."):
        raise StoreError(f"invalid {kind} name {name!r}: use letters, digits, '.', '_' and '-'")
    return name


def task_dir(model_dir, task):
    """Return the folder that holds every version of ``task``."""
    return Path(model_dir) / check_name("task", task)


def new_version_name(now=None, suffix=""):
    """Return a sortable version name from the UTC time, e.g. ``20261127-231500-1a2b3c4d``."""
    now = now or datetime.now(UTC)
    name = now.strftime("%Y%m%d-%H%M%S")
    return f"{name}-{suffix}" if suffix else name


def list_versions(model_dir, task):
    """Return the complete versions of ``task``, oldest first (temporary folders are skipped)."""
    folder = task_dir(model_dir, task)
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if p.is_dir() and _SAFE_NAME.match(p.name) and (p / "metadata.json").is_file()
    )


def list_tasks(model_dir):
    """Return the tasks that have a current version, sorted by name."""
    root = Path(model_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if _SAFE_NAME.match(p.name) and (p / CURRENT_POINTER).is_file())


def current_version(model_dir, task):
    """Return the version the ``CURRENT`` pointer names, or ``None`` when the task has none."""
    pointer = task_dir(model_dir, task) / CURRENT_POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return check_name("version", name)


def set_current(model_dir, task, version):
    """Point ``CURRENT`` at ``version`` atomically: readers see the old or the new name, never half."""
    folder = task_dir(model_dir, task)
    check_name("version", version)
    if not (folder / version / "metadata.json").is_file():
        raise StoreError(f"task {task!r} has no version {version!r} in {model_dir}")
    write_atomic(folder / CURRENT_POINTER, version + "\n")


def write_atomic(path, text):
    """Write ``text`` to ``path`` through a temporary file and a rename, so no reader sees half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
