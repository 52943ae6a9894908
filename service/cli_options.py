"""Options that several `stance` commands share, defined once so their defaults and help agree."""

import click

DEFAULT_MODEL_DIR = "artifacts"

task_option = click.option(
    "--task", default=None, help="Task name from training/tasks.toml (default: the first, framing)."
)


def model_dir_option(command=None, *, help="Model folder (env STANCE_MODEL_DIR)."):
    """Add ``--model-dir`` (env ``STANCE_MODEL_DIR``, default ``artifacts``) to a command.

    Use it bare (``@model_dir_option``) or with another help text (``@model_dir_option(help=...)``).
    """
    decorator = click.option(
        "--model-dir",
        envvar="STANCE_MODEL_DIR",
        default=DEFAULT_MODEL_DIR,
        show_default=True,
        type=click.Path(file_okay=False),
        help=help,
    )
    return decorator(command) if command is not None else decorator


def require_target_option(predictor, given, option):
    """Exit with the one target rule's message unless ``option`` is given exactly when the task needs it."""
    from model.targets import target_message, target_problem

    problem = target_problem(predictor.target_column, given)
    if problem is not None:
        raise click.ClickException(target_message(problem, predictor.task, predictor.target_column, option))
