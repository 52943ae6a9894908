"""The quality gate: a newly trained version becomes current only if it is not worse than the current one.

Both versions are scored on the same test file at the time of the decision: the current version's
stored metrics may come from an older test file, so they are not trusted for the comparison.
"""

import logging
import math
from dataclasses import asdict, dataclass

from model.artifact import ArtifactError, load_artifact
from model.store import StoreError, current_version
from training.evaluate import evaluate

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 0.01
TOLERANCE_ENV = "STANCE_GATE_TOLERANCE"
# Metrics are rounded to 4 digits; without this slack an exact tie could fail on float noise.
_EPSILON = 1e-9


class GateRefused(Exception):
    """The gate kept a new version as a candidate: its test macro-F1 dropped more than the tolerance."""

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
        ``passed`` is true for the first version of a task, for a current version that can no
        longer be loaded (nothing could serve it), and when the drop is within ``tolerance``.
    """
    tolerance = parse_tolerance(tolerance)
    common = {"tolerance": tolerance, "candidate_macro_f1": candidate_macro_f1}
    try:
        if current_version(model_dir, task) is None:
            return GateDecision(True, f"first version of task {task!r}", **common)
        current = load_artifact(model_dir, task)
    except (StoreError, ArtifactError) as exc:
        # A pointer naming a version that cannot load serves nobody: nothing to compare against.
        log.warning("the current version of %s cannot be loaded, so the gate has nothing to compare: %s", task, exc)
        return GateDecision(True, f"the current version cannot be loaded ({exc})", **common)

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
