"""Layout of the model folder: ``<model-dir>/<task>/<version>/`` plus a ``CURRENT`` pointer per task."""

import errno
import os
import re
import stat
import tempfile
from contextlib import contextmanager
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
    """Return the version the ``CURRENT`` pointer names, or ``None`` when the task has none.

    Raises :class:`StoreError` naming the file when it exists but cannot be read or holds no valid name.
    """
    pointer = task_dir(model_dir, task) / CURRENT_POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if pointer.is_symlink():
            # Not "no current version": someone pointed it somewhere, and what a service serves is unknown.
            raise StoreError(
                f"{pointer}: a dangling symbolic link (its target {os.readlink(pointer)!r} does not exist)"
            ) from None
        return None
    except (OSError, UnicodeDecodeError) as exc:
        # Unreadable is not "no current version": a running service may still serve the one it named.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StoreError(f"{pointer}: cannot read the current version's name ({reason})") from None
    try:
        return check_name("version", name)
    except StoreError as exc:
        # Name the file, which someone edited by hand: it is what must be fixed.
        raise StoreError(f"{pointer}: {exc}; write the name of a version there (see `stance models list`)") from None


def set_current(model_dir, task, version):
    """Point ``CURRENT`` at ``version`` atomically: readers see the old or the new name, never half."""
    folder = task_dir(model_dir, task)
    check_name("version", version)
    if not (folder / version / "metadata.json").is_file():
        raise StoreError(f"task {task!r} has no version {version!r} in {model_dir}")
    pointer = folder / CURRENT_POINTER
    if pointer.is_dir() and not pointer.is_symlink():
        # A rename cannot replace a folder. An empty one holds nothing to lose; one with files is a
        # person's, and only they may remove it.
        try:
            pointer.rmdir()
        except OSError:
            raise StoreError(f"{pointer} is a folder, not a file: move it away, then promote a version") from None
    try:
        write_atomic(pointer, version + "\n")
    except OSError as exc:
        raise StoreError(f"{pointer}: cannot write the current version's name ({exc.strerror or exc})") from None


def current_umask():
    """Return the process umask without changing it.

    Linux reports it in ``/proc/self/status``; elsewhere it is read by setting and restoring it,
    which briefly leaves other threads with a umask of 0, so that is only the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def make_dir(path):
    """Create ``path`` and its missing parents as a plain ``mkdir`` would (0777 less the umask); return it."""
    path = Path(path)
    path.mkdir(mode=0o777, parents=True, exist_ok=True)
    return path


def make_temp_dir(parent, prefix):
    """Create a uniquely named folder in ``parent`` with the usual permissions and return its path.

    ``tempfile.mkdtemp`` makes it 0700, which a later rename would carry into the model folder
    and hide the version from a service running as another user than the trainer.
    """
    path = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    os.chmod(path, 0o777 & ~current_umask())
    return path


def output_target(path):
    """Return ``(file, mode)``: the file that a rename onto the user's output ``path`` should replace, and its permissions.

    Through a symbolic link the file it points to is the output, so the link stays a link. An
    existing file keeps its permission bits (``mode``; None when there is no file yet), and one this
    user may not write raises PermissionError: a rename would replace it all the same, since only
    the folder's permissions count for that.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return target, None
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file exists and is not writable", str(path))
    return target, mode


@contextmanager
def atomic_path(path, user_output=False):
    """Yield the path of an empty temporary file that replaces ``path`` in one rename when the block ends without an error.

    For a writer that needs a path rather than an open file (SQLite); :func:`atomic_file` is the same
    for a file object. The temporary file is in the same folder; after the block it is synced and
    given the permissions a plain ``open()`` would give (0666 less the umask, not mkstemp's 0600, so a
    service running as another user can read it), then renamed. Readers see the old file or the new
    one, never half; on an error the temporary file is removed and ``path`` is untouched. A file the
    user named (``user_output``) is written as :func:`output_target` says.
    """
    path, mode = output_target(path) if user_output else (Path(path), None)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~current_umask() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(path, user_output=False):
    """Open a binary file that replaces ``path`` in one rename when the block ends without an error.

    Every file of the model folder is written this way, through :func:`atomic_path`.
    """
    with atomic_path(path, user_output) as tmp, open(tmp, "wb") as fh:
        yield fh


def write_atomic(path, data, user_output=False):
    """Write ``data`` (text, as UTF-8, or bytes) to ``path`` through :func:`atomic_file`."""
    with atomic_file(path, user_output) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
