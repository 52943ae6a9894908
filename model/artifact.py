"""Save and load versioned model artifacts, checked against the checksum recorded at training time.

joblib files are pickles and unpickling can run arbitrary code, so ``load_artifact`` only opens
``model.joblib`` inside the configured model folder, after its SHA-256 matches ``metadata.json``
and the installed scikit-learn is the one that trained it.
"""

import fcntl
import hashlib
import json
import logging
import os
import platform
import shutil
import time
from pathlib import Path

import joblib
import sklearn

from model.predictor import Predictor
from model.store import (
    StoreError,
    atomic_file,
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
MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
STAGING_PREFIX = ".staging-"
# A save locks its staging folder just after creating it; a folder younger than this may be in that
# instant, so it is left alone even when unlocked. A killed save's folder goes on a later run.
STAGING_GRACE_SECONDS = 10.0


class ArtifactError(Exception):
    """A model artifact is missing, incomplete, tampered with or from another library version."""


def sha256_file(path):
    """Return the hex SHA-256 of a file, read in chunks so large files use little memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions():
    """Return the versions that must match for a pickle to load the same way."""
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "joblib": joblib.__version__,
    }


def save_artifact(pipeline, metadata, model_dir, task, extra_files=None):
    """Write a new version folder for ``task`` and return its name.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted pipeline.
    metadata : dict
        JSON-serialisable facts about the run (data checksum, params, metrics ...). The version,
        task, schema, library versions and the model checksum are added here.
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
    folder = make_dir(task_dir(model_dir, task))
    staging = make_temp_dir(folder, STAGING_PREFIX)
    # Held until the folder is renamed: it tells remove_stale_staging that a live process owns it.
    owner = os.open(staging, os.O_RDONLY)
    try:
        fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        remove_stale_staging(model_dir, task)
        with atomic_file(staging / MODEL_FILE) as fh:
            joblib.dump(pipeline, fh)
        model_sha = sha256_file(staging / MODEL_FILE)
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
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"{path}: no such file; train a model with `make train`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
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
    model_path = task_dir(model_dir, task) / version / MODEL_FILE
    if not model_path.is_file():
        raise ArtifactError(f"{model_path}: no such file")
    trained_with = metadata.get("versions", {}).get("scikit-learn")
    if trained_with != sklearn.__version__:
        raise ArtifactError(
            f"{model_path}: trained with scikit-learn {trained_with}, but {sklearn.__version__} is installed; "
            "retrain with `make train` or install the pinned version"
        )
    actual = sha256_file(model_path)
    if actual != metadata.get("model_sha256"):
        raise ArtifactError(
            f"{model_path}: SHA-256 {actual[:12]}... does not match {str(metadata.get('model_sha256'))[:12]}... "
            "recorded at training time; refusing to unpickle a file this project did not write"
        )
    pipeline = joblib.load(model_path)
    return Predictor(pipeline, metadata)
