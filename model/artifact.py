"""Save and load versioned model artifacts, checked against the checksums recorded at training time.

A version folder holds the model in the plain format of :mod:`model.plain_model` (JSON and NumPy
arrays, no pickle), ``metadata.json`` with the SHA-256 of each model file, and the reports.
Loading reads each file once, checks its checksum, and builds the pipeline from those bytes;
nothing in the folder is unpickled, so a file planted there can change predictions but not run
code. Versions saved before the plain format (a ``model.joblib`` pickle) are refused with a
message to retrain.
"""

import errno
import fcntl
import hashlib
import json
import logging
import os
import pickle
import platform
import re
import shutil
import stat
import time
from pathlib import Path

import numpy as np
import sklearn

from model.plain_model import FORMAT, FORMAT_VERSION, INDEX_FILE, ModelFormatError, decode_pipeline, encode_pipeline
from model.predictor import Predictor
from model.store import (
    StoreError,
    check_name,
    current_version,
    make_dir,
    make_temp_dir,
    new_version_name,
    task_dir,
    write_atomic,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# The plain model's index file; metadata.json lists it and every file it names under "model_files".
MODEL_FILE = INDEX_FILE
# What versions saved before the plain format hold instead: a pickle, never loaded any more.
PICKLE_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
# Model files are plain names inside the version folder, never paths.
_MODEL_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}$")
STAGING_PREFIX = ".staging-"
# A save locks its staging folder just after creating it; a folder younger than this may be in that
# instant, so it is left alone even when unlocked. A killed save's folder goes on a later run.
STAGING_GRACE_SECONDS = 10.0
# Besides ArtifactError, what building a model from a version's files can raise. The checksums guard
# the files and nothing is unpickled (model/plain_model.py), so these only arise from a version this
# project wrote that is still broken: the service, the model listings and the quality gate catch them.
UNPICKLE_ERRORS = (
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)


class ArtifactError(Exception):
    """A model artifact is missing, incomplete, tampered with or from another library version."""


def library_versions():
    """Return the versions of the libraries that trained the model and whose arithmetic it repeats."""
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
    }


def manifest_sha256(files):
    """Return one SHA-256 for a set of files: that of their ``sha256sum`` listing, sorted by name.

    ``files`` maps file names to their hex SHA-256. ``sha256sum model.json *.npy *.vocabulary.json
    | LC_ALL=C sort -k2 | sha256sum`` in a version folder gives the same digest.
    """
    listing = "".join(f"{files[name]}  {name}\n" for name in sorted(files))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def save_artifact(pipeline, metadata, model_dir, task, extra_files=None):
    """Write a new version folder for ``task`` and return its name.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted pipeline. It is written in the plain format (:func:`model.plain_model.encode_pipeline`);
        one the format cannot hold raises :class:`ArtifactError` before anything is written.
    metadata : dict
        JSON-serialisable facts about the run (data checksum, params, metrics ...). The version,
        task, schema, library versions, model format and the model files' checksums are added here.
    model_dir : str or Path
        The model folder; the version goes to ``<model_dir>/<task>/<version>/``.
    task : str
        Task name.
    extra_files : callable, optional
        Called with the complete metadata; returns ``{file name: text}`` of more files to write
        into the version folder (model card, metrics), which can then cite the version and checksum.

    Returns
    -------
    str
        The new version's name. The folder is written under a temporary name and renamed when
        complete, so a crash never leaves a half-written version behind.
    """
    try:
        model_files = encode_pipeline(pipeline)
    except ModelFormatError as exc:
        raise ArtifactError(f"cannot save the model of task {task!r}: {exc}") from None
    folder = make_dir(task_dir(model_dir, task))
    staging = make_temp_dir(folder, STAGING_PREFIX)
    # Held until the folder is renamed: it tells remove_stale_staging that a live process owns it.
    owner = os.open(staging, os.O_RDONLY)
    try:
        fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        remove_stale_staging(model_dir, task)
        for name, data in model_files.items():
            write_atomic(staging / name, data)
        checksums = {name: hashlib.sha256(data).hexdigest() for name, data in model_files.items()}
        model_sha = manifest_sha256(checksums)
        version = new_version_name(suffix=model_sha[:8])
        # The same data and code can give the same model within one second: number the repeats.
        repeat = 1
        while (folder / version).exists():
            repeat += 1
            version = new_version_name(suffix=f"{model_sha[:8]}-{repeat}")
        full = dict(metadata)
        full.update(
            schema_version=SCHEMA_VERSION,
            task=task,
            version=version,
            labels=[str(c) for c in pipeline.classes_],
            versions=library_versions(),
            model_format={"name": FORMAT, "version": FORMAT_VERSION},
            model_files=checksums,
            model_sha256=model_sha,
        )
        write_atomic(staging / METADATA_FILE, json.dumps(full, indent=2, sort_keys=True) + "\n")
        for name, text in (extra_files(full) if extra_files else {}).items():
            write_atomic(staging / name, text)
        staging.rename(folder / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(owner)
    return version


def remove_stale_staging(model_dir, task):
    """Delete the staging folders of ``task`` that no running save owns, and return their names.

    A training killed while saving leaves a ``.staging-*`` folder (a whole model's worth of disk)
    that no version will ever be renamed from. A live save holds a lock on its staging folder, so
    an unlocked one older than :data:`STAGING_GRACE_SECONDS` belongs to a process that is gone.
    """
    folder = task_dir(model_dir, task)
    if not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.glob(STAGING_PREFIX + "*")):
        try:
            if path.is_symlink() or not path.is_dir() or time.time() - path.stat().st_mtime < STAGING_GRACE_SECONDS:
                continue
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            # Gone already (another training swept it first) or unreadable: not ours to judge.
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(path)
        except BlockingIOError:
            continue  # a save in progress owns it
        except FileNotFoundError:
            continue
        finally:
            os.close(fd)
        removed.append(path.name)
    if removed:
        log.warning(
            "removed %d staging folder(s) left in %s by an interrupted training: %s",
            len(removed),
            folder,
            ", ".join(removed),
        )
    return removed


def read_metadata(model_dir, task, version):
    """Return the parsed ``metadata.json`` of one version, or raise :class:`ArtifactError`."""
    path = task_dir(model_dir, task) / check_name("version", version) / METADATA_FILE
    try:
        metadata = json.loads(read_regular_file(path).decode("utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"{path}: no such file; train a model with `make train`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ArtifactError(f"{path}: unreadable metadata ({exc})") from None
    if not isinstance(metadata, dict) or metadata.get("schema_version") != SCHEMA_VERSION:
        raise ArtifactError(
            f"{path}: metadata schema {metadata.get('schema_version') if isinstance(metadata, dict) else None!r}, "
            f"this version of stance reads schema {SCHEMA_VERSION}; retrain with `make train`"
        )
    return metadata


def resolve_version(model_dir, task, version=None):
    """Return ``version`` or, when it is ``None``, the task's current version."""
    try:
        if version is not None:
            return check_name("version", version)
        current = current_version(model_dir, task)
    except StoreError as exc:
        raise ArtifactError(str(exc)) from None
    if current is None:
        raise ArtifactError(
            f"no trained model for task {task!r} in {Path(model_dir).resolve()}; run `make train` "
            f"(or `stance train --task {task}`), or point STANCE_MODEL_DIR at a model folder"
        )
    return current


def load_artifact(model_dir, task, version=None):
    """Verify and load one version of ``task`` (the current one by default) as a :class:`Predictor`."""
    version = resolve_version(model_dir, task, version)
    metadata = read_metadata(model_dir, task, version)
    return Predictor(_verified_pipeline(model_dir, task, version, metadata), metadata)


def rebuild_pipeline(model_dir, task, version=None):
    """Return the fitted scikit-learn pipeline of one version (the current one by default), verified.

    For training-side tools that need the scikit-learn object; it gives the same ``predict_proba``
    as the pipeline that was trained. Built from the plain files, like :func:`load_artifact`.
    """
    version = resolve_version(model_dir, task, version)
    return _verified_pipeline(model_dir, task, version, read_metadata(model_dir, task, version))


def format_problem(metadata, folder):
    """Return why this stance cannot load the version in ``folder`` by its metadata alone, or ``None``.

    Cheap (no model file is read), so listings can mark versions that only a retrain can replace.
    """
    if metadata.get("model_files") is None:
        if (Path(folder) / PICKLE_FILE).exists():
            return (
                f"{folder}: saved by an older stance as {PICKLE_FILE}, a pickle, which this version no longer "
                "loads (a pickle can run code); retrain with `make train`"
            )
        return f"{Path(folder) / METADATA_FILE}: lists no model files; retrain with `make train`"
    model_format = metadata.get("model_format")
    if model_format != {"name": FORMAT, "version": FORMAT_VERSION}:
        return (
            f"{Path(folder) / METADATA_FILE}: model format {model_format!r}, this stance reads "
            f"{FORMAT} version {FORMAT_VERSION}; retrain with `make train`"
        )
    versions = metadata.get("versions")
    trained_with = versions.get("scikit-learn") if isinstance(versions, dict) else None
    if trained_with != sklearn.__version__:
        return (
            f"{folder}: trained with scikit-learn {trained_with}, but {sklearn.__version__} is installed; "
            "retrain with `make train` or install the pinned version"
        )
    return None


def _verified_pipeline(model_dir, task, version, metadata):
    """Read the model files listed in ``metadata``, check their checksums and build the pipeline."""
    folder = task_dir(model_dir, task) / version
    problem = format_problem(metadata, folder)
    if problem:
        raise ArtifactError(problem)
    checksums = metadata["model_files"]
    if not isinstance(checksums, dict) or not all(
        isinstance(n, str) and _MODEL_FILE_NAME.match(n) and n != METADATA_FILE and isinstance(d, str)
        for n, d in checksums.items()
    ):
        raise ArtifactError(f"{folder / METADATA_FILE}: model_files must map file names to SHA-256 digests")
    files = {}
    for name, expected in sorted(checksums.items()):
        # Each file is read once: the bytes that match the checksum are the bytes that are parsed.
        try:
            data = read_regular_file(folder / name)
        except FileNotFoundError:
            raise ArtifactError(f"{folder / name}: no such file") from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            raise ArtifactError(
                f"{folder / name}: SHA-256 {actual[:12]}... does not match {expected[:12]}... recorded at training time"
            )
        files[name] = data
    try:
        return decode_pipeline(files)
    except ModelFormatError as exc:
        raise ArtifactError(f"{folder}: {exc}") from None


def read_regular_file(path):
    """Return the bytes of a regular file, refusing symbolic links and special files (a FIFO would block).

    Raises FileNotFoundError when there is no file, :class:`ArtifactError` for anything else.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ArtifactError(f"{path}: a symbolic link; files of a version must be regular files") from None
        raise ArtifactError(f"{path}: cannot open ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ArtifactError(f"{path}: not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
