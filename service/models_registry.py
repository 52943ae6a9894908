"""The Predictor serving each task, replaced whole and without a pause when a task's CURRENT pointer moves.

Each worker process holds its own registry in ``app.extensions["stance"]``. Requests read the
predictor map through one attribute, so a swap is a single reference assignment: a request that
already holds the old Predictor finishes with it, the next one gets the new one. A new version is
loaded and tried on a probe sentence before the swap; one that fails is logged, remembered and
refused, and the old model keeps serving.

A worker that starts while the current version cannot be loaded (a corrupt model file, a
missing ``CURRENT``, a broken version promoted) does not fail to boot, which would make gunicorn stop
the whole server: it serves the last version that verifies, newest first along the task's
``HISTORY`` and then its version folders, and reports itself *degraded* with the reason
(:meth:`ModelRegistry.degraded`, shown by ``/readyz``). A served version whose files change on disk
is verified again; one that no longer verifies keeps serving from memory and is reported the same way.

Each worker looks at the pointers in a daemon thread (:meth:`ModelRegistry.start_watching`), so an
idle worker switches before its next request, and also on requests (:meth:`ModelRegistry.poll`).
"""

import logging
import os
import threading
import time
from pathlib import Path

from model.artifact import UNPICKLE_ERRORS, ArtifactError, load_artifact
from model.store import CURRENT_POINTER, StoreError, current_version, list_tasks, list_versions, task_dir

logger = logging.getLogger(__name__)

PROBE_TEXTS = ["The ministry said the new drones arrived on Tuesday."]
PROBE_TARGETS = ["The new drones arrived."]
# The background watcher never looks more often than this, whatever RELOAD_INTERVAL says.
MIN_WATCH_PAUSE = 0.05


class ModelRegistry:
    """Load, serve and hot-swap the current model version of every task in a model folder.

    Parameters
    ----------
    model_dir : str or Path
        The model folder, ``<model_dir>/<task>/CURRENT`` names each task's current version.
    default_task : str
        The task answered when a request names none; it must load at startup.
    reload_interval : float
        Seconds between two looks at the CURRENT pointers (a ``stat`` each); 0 turns watching off.
    on_change : callable, optional
        Called as ``on_change(task, old_version, new_version)`` after a swap (metrics use it).
    """

    def __init__(self, model_dir, default_task, reload_interval=1.0, on_change=None):
        self.model_dir = Path(model_dir)
        self.default_task = default_task
        self.reload_interval = float(reload_interval)
        self.on_change = on_change
        self._predictors = {}
        self._stamps = {}
        self._refused = {}
        self._degraded = {}
        self._next_check = 0.0
        self._swap_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._reload_thread = None
        self._watcher = None
        self._stop_watching = threading.Event()

    def load_initial(self):
        """Load every task with a current version; raise :class:`ArtifactError` if the default task cannot serve.

        A task whose current version does not load serves the last version that verifies instead
        and is reported degraded; only a task with no loadable version at all is left out.
        """
        try:
            tasks = list_tasks(self.model_dir)
        except OSError as exc:
            raise ArtifactError(f"{self.model_dir}: cannot list the model folder ({exc})") from None
        for task in sorted(set(tasks) | {self.default_task}):
            stamp = self._stamp(task)
            try:
                predictor = self._load(task)
            except (ArtifactError, StoreError) as exc:
                predictor = self._load_fallback(task, exc, stamp)
                if predictor is None:
                    if task == self.default_task:
                        raise ArtifactError(f"default task {task!r}: {exc}") from None
                    logger.error("task %s not served: %s", task, exc)
                    continue
            self._swap(task, predictor, stamp)
            logger.info("serving task %s version %s", task, predictor.version)
        self._next_check = time.monotonic() + self.reload_interval
        return self

    def _load_fallback(self, task, error, stamp):
        """Load the newest version of ``task`` that verifies, after the current one failed with ``error``.

        Returns the Predictor, or ``None`` when no version verifies. The task is marked degraded and
        the current version remembered as refused, so the watcher does not retry it every interval.
        """
        try:
            wanted = current_version(self.model_dir, task)
        except (OSError, StoreError):
            wanted = None
        candidates = fallback_candidates(self.model_dir, task, wanted)
        for version in candidates:
            try:
                predictor = self._load(task, version)
            except (ArtifactError, StoreError) as exc:
                logger.error("task %s: fallback version %s does not verify either: %s", task, version, exc)
                continue
            reason = (
                f"current version {wanted or '(no readable CURRENT pointer)'} cannot be loaded: {error}; "
                f"serving {version}, the newest version that verifies"
            )
            # CRITICAL, not ERROR: the worker is up, but not with the model the operator chose.
            logger.critical("task %s DEGRADED: %s", task, reason)
            self._degraded[task] = {"version": wanted, "serving": version, "reason": reason}
            self._refused[task] = (wanted, stamp)
            return predictor
        if candidates:
            logger.critical("task %s: no version verifies (tried %s)", task, ", ".join(candidates))
        return None

    def get(self, task=None):
        """Return the Predictor serving ``task`` (the default task for ``None``), or ``None``."""
        return self._predictors.get(self.default_task if task is None else task)

    def snapshot(self):
        """Return ``{task: Predictor}`` as served right now."""
        return dict(self._predictors)

    def degraded(self):
        """Return ``{task: {"version", "serving", "reason"}}`` for tasks not served as their CURRENT says."""
        return {task: dict(state) for task, state in self._degraded.items()}

    def start_watching(self):
        """Look at the pointers every ``reload_interval`` seconds in a daemon thread; return that thread.

        Without it an idle worker notices a promotion only when its next request arrives, and
        answers that request with the old model. Call it in the serving process (after gunicorn
        forks), not before a fork: threads do not survive one. Nothing starts when watching is off.
        """
        if self.reload_interval <= 0:
            return None
        if self._watcher is not None and self._watcher.is_alive():
            return self._watcher
        self._stop_watching.clear()
        self._watcher = threading.Thread(target=self._watch, name="stance-watch", daemon=True)
        self._watcher.start()
        return self._watcher

    def stop_watching(self, timeout=None):
        """Stop the background watcher started by :meth:`start_watching` and wait for it."""
        self._stop_watching.set()
        if self._watcher is not None:
            self._watcher.join(timeout)

    def _watch(self):
        """The watcher thread's loop: check now and then until told to stop."""
        pause = max(self.reload_interval, MIN_WATCH_PAUSE)
        while not self._stop_watching.wait(pause):
            self.check_now()

    def check_now(self):
        """Look at the pointers now and load what changed in this thread; return the report or ``None``.

        ``None`` means nothing changed, or another reload is running (it will see the same change).
        """
        self._next_check = time.monotonic() + self.reload_interval
        changed = self._changed_pointers()
        if not changed or not self._reload_lock.acquire(blocking=False):
            return None
        try:
            return self._reload(changed, retry_refused=False)
        finally:
            self._reload_lock.release()

    def poll(self):
        """Look at the CURRENT pointers at most once per interval; reload changed tasks in the background.

        Called on every request, so it costs one clock read on most calls and a few ``stat`` calls
        once per interval. The load itself runs in a thread: no request waits for it.
        """
        if self.reload_interval <= 0:
            return
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + self.reload_interval
        changed = self._changed_pointers()
        if not changed or not self._reload_lock.acquire(blocking=False):
            return
        thread = threading.Thread(target=self._reload_locked, args=(changed, False), name="stance-reload", daemon=True)
        thread.start()
        self._reload_thread = thread

    def wait_for_reload(self, timeout=None):
        """Wait until a background reload started by :meth:`poll` has finished."""
        thread = self._reload_thread
        if thread is not None:
            thread.join(timeout)

    def reload(self):
        """Load every task's current version now and verify the served ones again; return what happened.

        Unlike :meth:`poll` this retries versions refused before, because an operator asked for it,
        and it reports a served version whose files no longer verify (as ``refused``).
        """
        with self._reload_lock:
            tasks = set(list_tasks(self.model_dir)) | set(self._predictors)
            return self._reload({task: self._stamp(task) for task in tasks}, retry_refused=True)

    def _reload_locked(self, changed, retry_refused):
        """Run :meth:`_reload` and release the reload lock taken by :meth:`poll`."""
        try:
            self._reload(changed, retry_refused)
        finally:
            self._reload_lock.release()

    def _reload(self, changed, retry_refused):
        """Load the current version of each task in ``changed`` (``{task: stamp}``), or verify the served one again.

        The served version is loaded again only to check it: when it still verifies, the Predictor
        already in memory keeps serving; when it does not, that one keeps serving too (it verified
        when it was loaded) and the task is reported degraded, because a restarted worker could not load it.
        """
        report = {"loaded": {}, "unchanged": {}, "refused": {}}
        for task, stamp in sorted(changed.items()):
            served = self._predictors.get(task)
            serving = served.version if served else None
            self._stamps[task] = stamp
            try:
                version = current_version(self.model_dir, task)
            except (OSError, StoreError) as exc:
                self._refuse(report, task, None, f"cannot read its CURRENT pointer ({exc})", serving, stamp)
                continue
            if version is None:
                if served is None:
                    report["unchanged"][task] = None
                else:
                    self._refuse(report, task, None, "its CURRENT pointer is missing", serving, stamp)
                continue
            if not retry_refused and self._refused.get(task) == (version, stamp):
                continue
            try:
                predictor = self._load(task, version)
            except (ArtifactError, StoreError) as exc:
                self._refuse(report, task, version, str(exc), serving, stamp)
                continue
            self._refused.pop(task, None)
            if self._degraded.pop(task, None) is not None:
                logger.warning("task %s: no longer degraded, version %s verifies", task, version)
            if version == serving:
                report["unchanged"][task] = version
                continue
            self._swap(task, predictor, stamp)
            logger.info("task %s: now serving version %s (was %s)", task, version, serving)
            report["loaded"][task] = version
        return report

    def _refuse(self, report, task, version, reason, serving, stamp):
        """Record that ``task`` cannot serve ``version`` (``None``: no readable pointer); keep what serves."""
        # Remember the refusal so the watcher does not retry (and log) it every interval.
        self._refused[task] = (version, stamp)
        if version is not None and version == serving:
            message = (
                f"served version {version} no longer verifies on disk: {reason}; still serving it from memory, "
                "but a restarted worker cannot load it"
            )
        elif version is None:
            message = f"{reason}; still serving {serving or 'nothing'}"
        else:
            message = f"refused version {version}, still serving {serving or 'nothing'}: {reason}"
        logger.error("task %s: %s", task, message)
        self._degraded[task] = {"version": version, "serving": serving, "reason": message}
        report["refused"][task] = {"version": version, "reason": reason, "serving": serving, "message": message}

    def _load(self, task, version=None):
        """Load one version fully and check that it answers a probe sentence, before anyone sees it."""
        try:
            predictor = load_artifact(self.model_dir, task, version)
        except (OSError, *UNPICKLE_ERRORS) as exc:
            raise ArtifactError(f"task {task!r} version {version}: cannot load the model ({exc})") from None
        try:
            probabilities = probe_proba(predictor)
        except UNPICKLE_ERRORS as exc:
            raise ArtifactError(
                f"task {task!r} version {predictor.version}: model fails on a probe sentence ({exc})"
            ) from None
        if probabilities.shape != (1, len(predictor.labels)):
            raise ArtifactError(f"task {task!r} version {predictor.version}: model answers the wrong shape")
        return predictor

    def _swap(self, task, predictor, stamp):
        """Publish ``predictor`` for ``task`` by replacing the whole map in one assignment."""
        with self._swap_lock:
            old = self._predictors.get(task)
            predictors = dict(self._predictors)
            predictors[task] = predictor
            self._predictors = predictors
            self._stamps[task] = stamp
        if self.on_change is not None:
            self.on_change(task, old.version if old else None, predictor.version)

    def _stamp(self, task):
        """Identify the state of a task's CURRENT file and of the files of the version it names, cheaply.

        Inode, size and modification time of each: a changed pointer, and a model or metadata file
        changed in place (a corrupted byte, a copy over it), both make the task look changed.
        """
        folder = task_dir(self.model_dir, task)
        pointer = _file_stamp(folder / CURRENT_POINTER)
        if pointer is None:
            return None
        try:
            version = current_version(self.model_dir, task)
        except (OSError, StoreError):
            return (pointer, None)
        if version is None:
            return (pointer, None)
        return (pointer, _folder_stamp(folder / version))

    def _changed_pointers(self):
        """Return ``{task: stamp}`` for tasks whose CURRENT file changed or appeared since last seen."""
        try:
            tasks = set(list_tasks(self.model_dir)) | set(self._predictors)
        except OSError as exc:
            logger.warning("cannot list %s: %s", self.model_dir, exc)
            return {}
        changed = {}
        for task in tasks:
            stamp = self._stamp(task)
            # A pointer that disappears from under a served task counts too: it leaves the task degraded.
            if stamp != self._stamps.get(task) and (stamp is not None or task in self._predictors):
                changed[task] = stamp
        return changed


def _folder_stamp(folder):
    """Return the stamps of every file in a version folder by name (the model is several files), or None."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError:
        return None
    return tuple((name, _file_stamp(folder / name)) for name in names)


def _file_stamp(path):
    """Return ``(inode, size, mtime_ns)`` of ``path``, or ``None`` when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def fallback_candidates(model_dir, task, current):
    """Return the versions to try when ``current`` cannot be loaded, most wanted first.

    First the versions that were current before, newest first (the task's ``HISTORY``, as a
    rollback walks it), then every other version folder, newest first; never ``current`` itself.
    """
    # Imported here: only a worker that cannot load its current version needs the history.
    from model.lifecycle import LifecycleError, current_stack, read_history

    try:
        versions = list_versions(model_dir, task)
    except (OSError, StoreError) as exc:
        logger.error("task %s: cannot list its versions: %s", task, exc)
        return []
    try:
        history = read_history(model_dir, task)
    except (OSError, LifecycleError) as exc:
        logger.error("task %s: cannot read its history, trying versions by age: %s", task, exc)
        history = []
    existing = set(versions)
    ordered = [v for v in reversed(current_stack(history, current)) if v in existing] + versions[::-1]
    return [v for v in dict.fromkeys(ordered) if v != current]


def version_damage(model_dir, task, version):
    """Return why ``version`` of ``task`` does not load (a model file changed or missing), or ``None``.

    Loads it as promote and the service do: every model file is read and checked against its SHA-256
    (about 50 ms for an 8 MB version), so ``stance models list`` and the ``/models`` page never call a
    broken version current. A version saved for another stance or scikit-learn is reported too.
    """
    try:
        load_artifact(model_dir, task, version)
    except ArtifactError as exc:
        return str(exc)
    except (OSError, *UNPICKLE_ERRORS) as exc:
        return f"{task_dir(model_dir, task) / version}: cannot load the model ({exc})"
    return None


def version_stamp(model_dir, task, version):
    """Return the stamps of a version's files (see :meth:`ModelRegistry._stamp`), or ``None`` if unreadable."""
    return _folder_stamp(task_dir(model_dir, task) / version)


def probe_proba(predictor):
    """Score the probe sentence (with a probe target if the task has a target column)."""
    return predictor.predict_proba(PROBE_TEXTS, targets=PROBE_TARGETS if predictor.target_column else None)


def load_models(config, on_change=None):
    """Build the registry from the app config and load the models; raise ArtifactError if none can serve."""
    registry = ModelRegistry(
        config["MODEL_DIR"], config["DEFAULT_TASK"], config["RELOAD_INTERVAL"], on_change=on_change
    )
    return registry.load_initial()
