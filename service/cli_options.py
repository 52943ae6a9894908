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


def batch_options(*, scope="", chunk_help, engine_help):
    """Add ``--workers``, ``--batch-size``, ``--engine`` and ``--scheduler``, the options every batch run takes.

    ``scope`` starts each help text (``"Corpus: "`` where the options only apply to a corpus);
    ``chunk_help`` says what a chunk holds and its defaults, ``engine_help`` what each engine is.
    """
    options = [
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help=_scoped(
                scope, "processes (local) or LocalCluster workers (dask, no --scheduler) [default: all cores]."
            ),
        ),
        click.option("--batch-size", type=click.IntRange(min=1), default=None, help=scope + chunk_help),
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help=scope + engine_help,
        ),
        click.option(
            "--scheduler",
            default=None,
            help=_scoped(scope, "Dask scheduler address (tcp://host:8786); default: a LocalCluster."),
        ),
    ]
    return _stack(options)


def max_field_chars_option(*, scope=""):
    """Add ``--max-field-chars``: the longest CSV/TSV field before an unbalanced quote refuses the file."""
    from service.batch.chunks import MAX_FIELD_CHARS

    return click.option(
        "--max-field-chars",
        type=click.IntRange(min=1),
        default=MAX_FIELD_CHARS,
        show_default=True,
        help=_scoped(
            scope, "longest CSV/TSV field; a quoted field still open past it (an unbalanced quote) refuses the file."
        ),
    )


def _scoped(scope, text):
    """``text`` after ``scope``, the whole starting with a capital as a help text does."""
    text = scope + text
    return text[:1].upper() + text[1:]


def _stack(options):
    """One decorator applying ``options`` so that ``--help`` lists them in the order given."""

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
