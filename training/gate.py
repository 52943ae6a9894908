"""The quality gate: a newly trained version becomes current only if it is not worse than the current one.

Both versions are scored on the same test file at the time of the decision: the current version's
stored metrics may come from an older test file, so they are not trusted for the comparison. A
current version that cannot be named or verified refuses the new one (fails closed): a running
service may still serve it from memory, so only a person may replace it.
"""

import logging
import math
from dataclasses import asdict, dataclass

from model.artifact import UNPICKLE_ERRORS, ArtifactError, format_problem, load_artifact, read_metadata
from model.lifecycle import current_state
from model.store import CURRENT_POINTER, list_versions, task_dir
from training.evaluate import evaluate

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 0.01
TOLERANCE_ENV = "STANCE_GATE_TOLERANCE"
# Metrics are rounded to 4 digits; without this slack an exact tie could fail on float noise.
_EPSILON = 1e-9


class GateRefused(Exception):
    """The gate kept a new version as a candidate: it scored worse, or the current version could not be compared."""

    def __init__(self, decision, metadata):
        self.decision = decision
        self.metadata = metadata
        super().__init__(decision.reason)


@dataclass(frozen=True)
class GateDecision:
    """The outcome of the gate and the numbers behind it."""

    passed: bool
    reason: str
    tolerance: float
    candidate_macro_f1: float
    current_version: str | None = None
    current_macro_f1: float | None = None

    def as_dict(self):
        """Return the decision as JSON-ready data (stored in the new version's metadata)."""
        return asdict(self)


def parse_tolerance(value):
    """Return ``value`` as a tolerance (a finite number from 0 to 1), or raise ``ValueError`` saying why."""
    try:
        tolerance = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"gate tolerance must be a number such as 0.01, not {value!r}") from None
    if not math.isfinite(tolerance) or not 0.0 <= tolerance <= 1.0:
        raise ValueError(f"gate tolerance must be between 0 and 1 (a macro-F1 difference), not {value!r}")
    return tolerance


def check_gate(model_dir, task, candidate_macro_f1, candidate_labels, X_test, y_test, tolerance=DEFAULT_TOLERANCE):
    """Decide whether a new version may replace the current version of ``task``.

    The answer holds only while the current version stays the same: call it under
    :func:`model.lifecycle.task_lock` and promote before releasing the lock, as
    :func:`training.train.train_task` does.

    Parameters
    ----------
    model_dir : str or Path
        The model folder.
    task : str
        Task name.
    candidate_macro_f1 : float
        The new version's macro-F1 on ``(X_test, y_test)``.
    candidate_labels : list of str
        The new version's labels.
    X_test, y_test : list of str
        The held-out test file the new version was scored on; the current version is re-scored on it.
    tolerance : float
        How far below the current version's macro-F1 the new one may be and still pass.

    Returns
    -------
    GateDecision
        ``passed`` is true for the first version of a task (no ``CURRENT`` and no version folder),
        for a current version saved for another stance or scikit-learn (nothing here can load it; the
        messages say to retrain), and when the drop is within ``tolerance``. It fails closed: a
        ``CURRENT`` that cannot be read, is missing beside existing versions, or names a version that is
        missing or damaged refuses, because a running service may still serve the old model from memory.
    """
    tolerance = parse_tolerance(tolerance)
    common = {"tolerance": tolerance, "candidate_macro_f1": candidate_macro_f1}
    try:
        version, current, outdated = _current(model_dir, task)
    except _UnknownCurrent as exc:
        # Not logged here: training logs the refusal once, with the version it kept.
        return GateDecision(False, _unknown_reason(model_dir, task, exc.problem), current_version=exc.version, **common)
    if version is None:
        return GateDecision(True, f"first version of task {task!r}", **common)
    if current is None:
        # Intact but saved for another stance or scikit-learn: the documented way on is to retrain.
        log.warning(
            "the current version of %s cannot be loaded by this stance, so the gate has nothing to compare: %s",
            task,
            outdated,
        )
        return GateDecision(
            True, f"the current version cannot be loaded ({outdated})", current_version=version, **common
        )

    if sorted(current.labels) != sorted(candidate_labels):
        # Scores over different label sets are not comparable; changing the labels is a deliberate act.
        return GateDecision(
            False,
            f"labels changed from {sorted(current.labels)} (current version {current.version}) to "
            f"{sorted(candidate_labels)}; promote with --force if this is intended",
            current_version=current.version,
            **common,
        )
    current_f1 = evaluate(y_test, current.predict_proba(list(X_test)), current.labels)["macro_f1"]
    scores = (
        f"test macro-F1 {candidate_macro_f1:.4f} vs {current_f1:.4f} for current version {current.version} "
        f"(tolerance {tolerance:g})"
    )
    if candidate_macro_f1 + _EPSILON >= current_f1 - tolerance:
        return GateDecision(True, scores, current_version=current.version, current_macro_f1=current_f1, **common)
    drop = current_f1 - candidate_macro_f1
    return GateDecision(
        False,
        f"quality gate refused: {scores}; the new version is {drop:.4f} worse, more than the tolerance. "
        "It is kept as a candidate; promote it with --force or `stance models promote VERSION`",
        current_version=current.version,
        current_macro_f1=current_f1,
        **common,
    )


class _UnknownCurrent(Exception):
    """The current version cannot be named or verified, so there is nothing safe to compare against."""

    def __init__(self, problem, version=None):
        self.problem = problem
        self.version = version
        super().__init__(problem)


def _current(model_dir, task):
    """Return ``(version, predictor, outdated)`` for the current version of ``task``.

    ``(None, None, None)``: no ``CURRENT`` and no version, a first training. ``predictor`` is ``None``
    when the version is intact but this stance cannot load it (``outdated`` says why).
    Raises :class:`_UnknownCurrent` for anything else that keeps it from loading.
    """
    folder = task_dir(model_dir, task)
    version, unknown = current_state(model_dir, task, list_versions(model_dir, task))
    if unknown:
        raise _UnknownCurrent(unknown, version)
    if version is None:
        return None, None, None
    try:
        outdated = format_problem(read_metadata(model_dir, task, version), folder / version)
        if outdated:
            return version, None, outdated
        return version, load_artifact(model_dir, task, version), None
    except ArtifactError as exc:
        raise _UnknownCurrent(f"version {version} does not load: {exc}", version) from None
    except (OSError, *UNPICKLE_ERRORS) as exc:
        raise _UnknownCurrent(f"version {version} does not load: {folder / version}: {exc}", version) from None


def _unknown_reason(model_dir, task, problem):
    """Return the refusal for a current version that cannot be compared: what is wrong and the ways on."""
    pointer = task_dir(model_dir, task) / CURRENT_POINTER
    return (
        f"quality gate refused: cannot compare with the current version: {problem}. A running service may still "
        "serve the old model from memory, so the new version is kept as a candidate. To keep the old model, "
        f"repair {pointer} with `stance models promote OLD_VERSION`, naming a version that loads (see `stance "
        "models list`); to replace it, train with --force (`make train FORCE=1`) or run `stance models promote "
        "NEW_VERSION`"
    )
