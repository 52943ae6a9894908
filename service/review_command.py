"""The ``stance review`` command: write the N rows the model is least sure about, for labelling."""

import logging
from pathlib import Path

import click

from model.artifact import ArtifactError, load_artifact
from model.store import write_atomic
from service.batch.formats import STDIO
from service.cli_options import model_dir_option, task_option
from service.review import REVIEW_FORMATS, ReviewError, least_certain, read_texts, review_csv
from training.tasks import TaskError, get_task

log = logging.getLogger(__name__)


@click.command()
@click.argument("input_path", metavar="FILE")
@click.option("-n", "count", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to select.")
@click.option("-o", "--output", default=STDIO, show_default=True, help="Output CSV file; - writes to stdout.")
@task_option
@click.option("--text-column", default="text", show_default=True, help="Column (or JSONL field) with the sentence.")
@click.option("--format", "input_format", type=click.Choice(REVIEW_FORMATS), help="Input format (default: from the extension; stdin: csv).")  # fmt: skip
@model_dir_option
def review(input_path, count, output, task, text_column, input_format, model_dir):
    """Write the N least-certain rows of FILE (CSV, TSV, JSONL or text lines; - for stdin) for labelling.

    Certainty is the margin between the two highest label probabilities of the current
    model; the smallest margins come first. The output CSV has the columns row (the data
    row in FILE, from 1), text, predicted, margin, p_<label> for each label, and an empty
    label column to fill in. A text repeated in FILE is listed once.

    \b
    Example:
        stance review unlabeled.csv -n 100 -o to-label.csv
    """
    try:
        # Only the model is needed, so a task missing from tasks.toml can still be reviewed.
        name = task if task is not None else get_task().name
        predictor = load_artifact(model_dir, name)
        if predictor.target_column:
            raise ReviewError(f"task {name!r} has a target column; stance review handles text-only tasks")
        blank = []
        rows = read_texts(input_path, text_column, input_format, blank=blank)
        candidates, scored = least_certain(predictor, rows, count)
    except (TaskError, ArtifactError, ReviewError) as exc:
        raise click.ClickException(str(exc)) from None
    text = review_csv(candidates, predictor.labels)
    log.info(
        "scored %d rows of %s with %s version %s; %d least certain selected",
        scored,
        input_path,
        name,
        predictor.version,
        len(candidates),
    )
    if blank:
        # Nothing to label in them, but say so: no row leaves a run unmentioned.
        shown = ", ".join(map(str, blank[:10])) + (" ..." if len(blank) > 10 else "")
        rows_word = "row" if len(blank) == 1 else "rows"
        log.warning("%d blank %s of %s not reviewed (nothing to label): %s", len(blank), rows_word, input_path, shown)
    if output == STDIO:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(output), text, user_output=True)
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write ({exc.strerror or exc})") from None
