"""Read the task declarations in ``tasks.toml``: data files, columns and labels of each task."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from model.setting_checks import check_temperature

TASKS_FILE = Path(__file__).with_name("tasks.toml")


class TaskError(Exception):
    """A task is unknown or declared incompletely."""


@dataclass(frozen=True)
class Task:
    """One labeled task: where its data lives and which labels it has."""

    name: str
    description: str
    data: Path
    test: Path
    text_column: str
    label_column: str
    labels: dict
    # The column with the claim or entity each text's label is about; None for a text-only task.
    target_column: str | None = None
    # Expected label shares of the text the model will score ({label: share}); None: as trained.
    class_prior: dict | None = None
    # Number the classifier's scores are divided by, chosen on real text (model/prior.py); None: 1.
    temperature: float | None = None
    # For data this project does not write (a public benchmark): rows whose text carries two labels are
    # left out of training, each named in the log and the metadata, instead of refusing to train.
    drop_conflicts: bool = False

    @property
    def label_names(self):
        """The allowed labels, sorted."""
        return sorted(self.labels)


def load_tasks(path=TASKS_FILE):
    """Return ``{name: Task}`` from a TOML file, in declaration order."""
    path = Path(path)
    try:
        declared = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaskError(f"{path}: cannot read task declarations ({exc})") from None
    tasks = {}
    for name, spec in declared.items():
        try:
            tasks[name] = Task(
                name=name,
                description=spec.get("description", ""),
                data=path.parent / spec["data"],
                test=path.parent / spec["test"],
                text_column=spec.get("text_column", "text"),
                label_column=spec.get("label_column", "label"),
                labels=dict(spec["labels"]),
                target_column=spec.get("target_column") or None,
                class_prior=_class_prior(path, name, spec),
                temperature=_temperature(path, name, spec),
                drop_conflicts=bool(spec.get("drop_conflicts", False)),
            )
        except KeyError as exc:
            raise TaskError(f"{path}: task {name!r} lacks the key {exc.args[0]!r}") from None
    if not tasks:
        raise TaskError(f"{path}: declares no task")
    return tasks


def _class_prior(path, name, spec):
    """Return a task's declared ``class_prior`` after checking it names each label with a positive share."""
    prior = spec.get("class_prior")
    if prior is None:
        return None
    labels = set(spec.get("labels", {}))
    if set(prior) != labels or not all(isinstance(v, int | float) and v > 0 for v in prior.values()):
        raise TaskError(f"{path}: task {name!r}: class_prior must give a positive share for each of {sorted(labels)}")
    return {label: float(share) for label, share in prior.items()}


def _temperature(path, name, spec):
    """Return a task's declared ``temperature`` after checking it is a positive number."""
    temperature = spec.get("temperature")
    if temperature is None:
        return None
    try:
        check_temperature(temperature)
    except ValueError as exc:
        raise TaskError(f"{path}: task {name!r}: {exc}") from None
    return float(temperature)


def get_task(name=None, path=TASKS_FILE):
    """Return the named task, or the first declared one when ``name`` is ``None``."""
    tasks = load_tasks(path)
    if name is None:
        return next(iter(tasks.values()))
    if name not in tasks:
        raise TaskError(f"unknown task {name!r}; declared tasks: {', '.join(tasks)}")
    return tasks[name]
