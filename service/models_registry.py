"""The Predictor serving each task, replaced whole and without a pause when a task's CURRENT pointer moves.

Each worker process holds its own registry in ``app.extensions["stance"]``. Requests read the
predictor map through one attribute, so a swap is a single reference assignment: a request that
already holds the old Predictor finishes with it, the next one gets the new one. A new version is
loaded and tried on a probe sentence before the swap; one that fails is logged, remembered and
refused, and the old model keeps serving.
"""

import logging
import os
import pickle
import threading
import time
from pathlib import Path

from model.artifact import ArtifactError, load_artifact
from model.store import CURRENT_POINTER, StoreError, current_version, list_tasks, task_dir

logger = logging.getLogger(__name__)

PROBE_TEXTS = ["The ministry said the new drones arrived on Tuesday."]
PROBE_TARGETS = ["The new drones arrived."]
# The checksum already guards model.joblib, so these only arise from an artifact this project wrote
# that is still broken (for example written by a different code version); they must not kill a worker.
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
        self._next_check = 0.0
        self._swap_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._reload_thread = None

    def load_initial(self):
        """Load every task with a current version; raise :class:`ArtifactError` if the default task fails."""
        try:
            tasks = list_tasks(self.model_dir)
        except OSError as exc:
            raise ArtifactError(f"{self.model_dir}: cannot list the model folder ({exc})") from None
        for task in sorted(set(tasks) | {self.default_task}):
            stamp = self._stamp(task)
            try:
                predictor = self._load(task)
            except (ArtifactError, StoreError) as exc:
                if task == self.default_task:
                    raise ArtifactError(f"default task {task!r}: {exc}") from None
                logger.error("task %s not served: %s", task, exc)
                continue
            self._swap(task, predictor, stamp)
            logger.info("serving task %s version %s", task, predictor.version)
        self._next_check = time.monotonic() + self.reload_interval
        return self

    def get(self, task=None):
        """Return the Predictor serving ``task`` (the default task for ``None``), or ``None``."""
        return self._predictors.get(self.default_task if task is None else task)

    def snapshot(self):
        """Return ``{task: Predictor}`` as served right now."""
        return dict(self._predictors)

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
        """Load every task whose current version differs from the served one, now; return what happened.

        Unlike :meth:`poll` this retries versions refused before, because an operator asked for it.
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
        """Load the current version of each task in ``changed`` (``{task: stamp}``) that is new."""
        report = {"loaded": {}, "unchanged": {}, "refused": {}}
        for task, stamp in sorted(changed.items()):
            try:
                version = current_version(self.model_dir, task)
            except (OSError, StoreError) as exc:
                logger.error("task %s: cannot read its CURRENT pointer: %s", task, exc)
                report["refused"][task] = {"version": None, "reason": str(exc)}
                continue
            served = self._predictors.get(task)
            if version is None or (served is not None and served.version == version):
                self._stamps[task] = stamp
                report["unchanged"][task] = served.version if served else None
                continue
            if not retry_refused and self._refused.get(task, (None,))[0] == version:
                self._stamps[task] = stamp
                continue
            try:
                predictor = self._load(task, version)
            except (ArtifactError, StoreError) as exc:
                # Remember the refusal so the watcher does not retry (and log) it every interval.
                self._refused[task] = (version, str(exc))
                self._stamps[task] = stamp
                keeps = served.version if served else "nothing"
                logger.error("task %s: refused version %s, still serving %s: %s", task, version, keeps, exc)
                report["refused"][task] = {"version": version, "reason": str(exc), "serving": served and served.version}
                continue
            self._swap(task, predictor, stamp)
            self._refused.pop(task, None)
            logger.info("task %s: now serving version %s (was %s)", task, version, served and served.version)
            report["loaded"][task] = version
        return report

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
        """Identify the state of a task's CURRENT file cheaply: inode, size and modification time."""
        try:
            st = os.stat(task_dir(self.model_dir, task) / CURRENT_POINTER)
        except (OSError, StoreError):
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

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
            if stamp is not None and stamp != self._stamps.get(task):
                changed[task] = stamp
        return changed


def probe_proba(predictor):
    """Score the probe sentence (with a probe target if the task has a target column)."""
    return predictor.predict_proba(PROBE_TEXTS, targets=PROBE_TARGETS if predictor.target_column else None)


def load_models(config, on_change=None):
    """Build the registry from the app config and load the models; raise ArtifactError if none can serve."""
    registry = ModelRegistry(
        config["MODEL_DIR"], config["DEFAULT_TASK"], config["RELOAD_INTERVAL"], on_change=on_change
    )
    return registry.load_initial()
