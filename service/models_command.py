"""The ``stance models`` commands: list, show, promote, roll back and compare model versions."""

import json

import click

from model.artifact import ArtifactError, format_problem, read_metadata
from model.lifecycle import (
    LifecycleError,
    find_version,
    promote_version,
    read_current,
    rollback_target,
    rollback_version,
)
from model.store import StoreError, list_versions, task_dir
from service.cli_options import model_dir_option, task_option
from service.models_registry import version_damage
from training.compare import diff_versions
from training.data import DataError, load_labeled
from training.tasks import TaskError, get_task

_ERRORS = (LifecycleError, ArtifactError, StoreError, TaskError, DataError)


def _options(command):
    """Add ``--task`` and ``--model-dir`` (env ``STANCE_MODEL_DIR``) to a command."""
    return task_option(model_dir_option(command))


def _task_name(task):
    """Return the task's name; an undeclared name is allowed so old model folders stay manageable."""
    if task is not None:
        return task
    try:
        return get_task().name
    except TaskError as exc:
        raise click.ClickException(str(exc)) from None


def _version(model_dir, task, name):
    try:
        return find_version(model_dir, task, name)
    except (LifecycleError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def models():
    """List, inspect, promote, roll back and compare trained model versions.

    The running service follows promote and rollback within about two seconds: both
    only move the task's CURRENT pointer, atomically. VERSION may be a full version
    name, a unique prefix of one, or `current`.
    """


def _unreadable_row(version, is_current, exc):
    """The ``models list`` row of a version whose metadata cannot be read."""
    return {
        "version": version,
        "created_at": None,
        "macro_f1": None,
        "current": is_current,
        "status": f"cannot read: {exc}",
        "problem": str(exc),
    }


@models.command("list")
@_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def list_command(task, model_dir, as_json):
    """List a task's versions, oldest first; * marks the current one.

    Each version's model files are checked against their SHA-256, as promote does: a
    changed or missing file shows as "damaged" with the file and what is wrong.

    \b
    Example:
        stance models list --task framing
    """
    task = _task_name(task)
    try:
        # A broken pointer hides no version: the listing is where a person chooses the one that repairs it.
        current, pointer = read_current(model_dir, task)
        target = rollback_target(model_dir, task) if current is not None else None
        rows = []
        for version in list_versions(model_dir, task):
            try:
                metadata = read_metadata(model_dir, task, version)
            except _ERRORS as exc:
                # One broken version must not hide the others (the /models page lists them too).
                rows.append(_unreadable_row(version, version == current, exc))
                continue
            gate = metadata.get("gate") or {}
            problem = format_problem(metadata, task_dir(model_dir, task) / version)
            damage = None if problem else version_damage(model_dir, task, version)
            status = (
                "cannot load (older format or library): retrain"
                if problem
                else f"damaged: {damage}"
                if damage
                else "current"
                if version == current
                else "rollback target"
                if version == target
                else "gate refused"
                if gate and not gate.get("passed") and not gate.get("forced")
                else ""
            )
            rows.append(
                {
                    "version": version,
                    "created_at": metadata.get("created_at"),
                    "macro_f1": metadata.get("metrics", {}).get("macro_f1"),
                    "current": version == current,
                    "status": status,
                    "problem": problem or damage,
                }
            )
    except _ERRORS as exc:
        raise click.ClickException(str(exc)) from None
    if pointer:
        # To stderr, so --json output stays a JSON array.
        click.echo(f"Warning: {pointer}; no version is marked current: promote one to repair it", err=True)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo(f"task {task!r} has no versions in {model_dir}")
        return
    click.echo(f"  {'VERSION':<28} {'CREATED':<26} {'MACRO-F1':>8}  STATUS")
    for row in rows:
        f1 = "-" if row["macro_f1"] is None else f"{row['macro_f1']:.4f}"
        mark = "*" if row["current"] else " "
        click.echo(f"{mark} {row['version']:<28} {row['created_at'] or '-':<26} {f1:>8}  {row['status']}".rstrip())


@models.command("show")
@_options
@click.argument("version", default="current")
def show_command(task, model_dir, version):
    """Print the metadata of VERSION (default: the current one) as JSON.

    \b
    Example:
        stance models show current
    """
    task = _task_name(task)
    version = _version(model_dir, task, version)
    try:
        metadata = read_metadata(model_dir, task, version)
    except ArtifactError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(metadata, indent=2, sort_keys=True))


@models.command("promote")
@_options
@click.argument("version")
def promote_command(task, model_dir, version):
    """Make VERSION the current one, whatever the quality gate said about it.

    \b
    Example:
        stance models promote 20260112-093000-1a2b3c4d
    """
    task = _task_name(task)
    version = _version(model_dir, task, version)
    try:
        previous = promote_version(model_dir, task, version)
    except _ERRORS as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        # promote_version checks the folder first; this is for a write that fails anyway (a full disk).
        raise click.ClickException(f"cannot promote {version}: {exc}") from None
    if previous == version:
        click.echo(f"{task}: {version} is already current")
    else:
        click.echo(f"{task}: {version} is now current (was {previous or 'none'})")


@models.command("rollback")
@_options
def rollback_command(task, model_dir):
    """Make the version that was current before the current one current again.

    Repeated rollbacks walk further back through the promotion history.

    \b
    Example:
        stance models rollback --task framing
    """
    task = _task_name(task)
    try:
        previous, current = rollback_version(model_dir, task)
    except _ERRORS as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        # rollback_version checks the folder first; this is for a write that fails anyway (a full disk).
        raise click.ClickException(f"cannot roll back task {task!r}: {exc}") from None
    click.echo(f"{task}: rolled back from {previous} to {current}")


@models.command("diff")
@_options
@click.argument("version_a")
@click.argument("version_b")
@click.option(
    "--test",
    "test_path",
    type=click.Path(dir_okay=False),
    help="Labeled file to score on (default: the task's test file).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full comparison as JSON.")
def diff_command(task, model_dir, version_a, version_b, test_path, as_json):
    """Compare VERSION_A and VERSION_B on the test file: metric deltas and the sentences whose label changed.

    Both versions are scored now, on the same file, so the numbers are comparable even if
    the versions were trained when the test file was different.

    \b
    Example:
        stance models diff 20260112-093000 current
    """
    try:
        spec = get_task(task)
        a = find_version(model_dir, spec.name, version_a)
        b = find_version(model_dir, spec.name, version_b)
        data = load_labeled(
            test_path or spec.test, spec.text_column, spec.label_column, spec.labels, target_column=spec.target_column
        )
        result = diff_versions(model_dir, spec.name, a, b, data.inputs, data.y)
    except _ERRORS as exc:
        raise click.ClickException(str(exc)) from None
    result["test_path"] = str(test_path or spec.test)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else format_diff(result))


def format_diff(result):
    """Return a diff as readable lines: a metrics table, then the changed sentences grouped by verdict."""

    def number(value, signed=False):
        return "-" if value is None else f"{value:+.4f}" if signed else f"{value:.4f}"

    lines = [
        f"{result['task']}: A = {result['a']}, B = {result['b']}",
        f"scored on {result['test_path']} ({result['n']} sentences)",
        "",
        f"{'metric':<20} {'A':>8} {'B':>8} {'B - A':>8}",
    ]
    for row in result["metrics"]:
        lines.append(
            f"{row['name']:<20} {number(row['a']):>8} {number(row['b']):>8} {number(row['delta'], signed=True):>8}"
        )
    counts = result["counts"]
    lines += [
        "",
        f"{len(result['changed'])} sentences changed label: {counts['fixed']} fixed, "
        f"{counts['broken']} broken, {counts['changed']} changed but still wrong",
    ]
    for verdict in ("fixed", "broken", "changed"):
        for row in (r for r in result["changed"] if r["verdict"] == verdict):
            lines.append(
                f"  {verdict:<7} {row['a']} ({row['a_confidence']:.2f}) -> {row['b']} ({row['b_confidence']:.2f}), "
                f"true {row['true']}: {row['text']}"
            )
    return "\n".join(lines)
