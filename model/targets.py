"""The one rule for targets: a task with a target column needs one target per text, any other task takes none.

HTTP endpoints, the command line, batch scoring, feedback and :class:`~model.predictor.Predictor` all ask
:func:`target_problem` and word the answer with :func:`target_message`, naming their own field or option.
"""

MISSING = "missing"
UNEXPECTED = "unexpected"
UNSUPPORTED = "unsupported"


def target_problem(target_column, has_target, takes_targets=True):
    """Return None when a request fits the task, else MISSING, UNEXPECTED or UNSUPPORTED.

    ``target_column`` is the task's (None for a text-only task); ``has_target`` says whether the request
    gives targets; ``takes_targets`` is False for entry points that cannot carry one (whole articles),
    which makes a target task UNSUPPORTED there.
    """
    if target_column and not takes_targets:
        return UNSUPPORTED
    if target_column and not has_target:
        return MISSING
    if not target_column and has_target:
        return UNEXPECTED
    return None


def target_message(problem, task, target_column, name, entry_point=None):
    """Word a :func:`target_problem` answer for the field or option ``name`` of ``entry_point``."""
    if problem == UNSUPPORTED:
        return (
            f"task {task!r} needs a target (the claim or entity each text is about); {entry_point} takes none: "
            "use a task without a target column, or classify each text with its target"
        )
    if problem == MISSING:
        return (
            f"task {task!r} needs a target (the claim or entity each text is about, its {target_column!r} "
            f"column): give {name}"
        )
    if problem == UNEXPECTED:
        return f"task {task!r} takes no target; drop {name}"
    raise ValueError(f"not a target problem: {problem!r}")
