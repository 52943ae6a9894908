"""The ``stance score`` command: batch-score files with the current model."""

import logging
import os
import signal
import sys
import threading
from contextlib import contextmanager, nullcontext

import click

from model.artifact import ArtifactError, load_artifact
from service.batch.formats import INPUT_FORMATS, OUTPUT_FORMATS, STDIO, FormatError
from service.batch.interruptible import interruptible
from service.batch.readers import InputError
from service.batch.run import BatchError, ScoreOptions, score_files
from service.batch.writers import OutputError
from service.cli_options import (
    batch_options,
    max_field_chars_option,
    model_dir_option,
    require_target_option,
    task_option,
)
from training.tasks import TaskError, get_task

log = logging.getLogger(__name__)


@contextmanager
def _sigterm_as_exit():
    """Turn SIGTERM and SIGHUP into SystemExit while scoring, so a killed run still removes its temporary file.

    SIGHUP (the terminal closed) would otherwise end the run at once, leaving the ``.part`` file.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    names = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {signum: signal.signal(signum, stop) for signum in names}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _binary(stream):
    """The binary buffer under a text stream, or None when the stream is closed."""
    return None if stream is None else getattr(stream, "buffer", stream)


def run_batch(run, predictor, options):
    """Run a batch function (``score_files`` or ``analyze_files``) on the standard streams, log its summary and return it.

    Domain errors become ``Error: ...`` with status 1; Ctrl-C and SIGTERM end the run without leaving a file.
    """
    stderr = sys.stderr
    # Started with stdin or stdout closed (``<&-``), Python sets them to None.
    stdin = _binary(sys.stdin)
    try:
        reading = interruptible(stdin) if STDIO in options.inputs else nullcontext(stdin)
        with _sigterm_as_exit(), reading as stdin:
            summary = run(
                predictor,
                options,
                stdin=stdin,
                stdout=_binary(sys.stdout),
                stderr=stderr,
                show_progress=stderr is not None and stderr.isatty(),
            )
    except (FormatError, InputError, OutputError, BatchError) as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        # Ctrl-C: the temporary output is already removed; exit as a shell expects of SIGINT, not with 1.
        click.echo("Interrupted; no output file was written.", err=True)
        raise SystemExit(128 + signal.SIGINT) from None
    summary.log()
    return summary


def refuse_if_none_scored(summary, output, unit="row", done="scored"):
    """Fail the command when inputs were read but not one ``unit`` (row, article) could be scored.

    Some bad rows are the input's business (they are written with their errors, and the run exits 0);
    no good row at all is usually the wrong --format or a file that is not what it seems.
    The output is written first, so the rows and their errors are there to read.
    """
    if summary.rows and summary.errors == summary.rows:
        units = f"the only {unit} has an error" if summary.rows == 1 else f"all {summary.rows:,} {unit}s have errors"
        place = "stdout" if output == STDIO else output
        raise click.ClickException(
            f"no {unit} could be {done}: {units} (the output, {place}, keeps every {unit}; "
            "the warnings above say what was wrong)"
        )


# A Dask task costs milliseconds to schedule and ship, so Dask gets larger chunks: at 200,000 rows,
# 10,000-row tasks took 17 s against 21 s for 1,000-row ones on a LocalCluster of 2 workers.
LOCAL_BATCH_SIZE = 1_000
DASK_BATCH_SIZE = 10_000


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default=STDIO, show_default=True, help="Output file; - writes to stdout.")
@task_option
@click.option("--text-column", default="text", show_default=True, help="Column (or JSONL field) with the sentence.")
@click.option("--target-column", default=None, help="Column with each row's claim or entity, for a task with a target column (default: the task's).")  # fmt: skip
@click.option("--id-column", default=None, help="Column that identifies rows in the messages about bad rows.")
@click.option(
    "--format", "input_format", type=click.Choice(INPUT_FORMATS), help="Input format (default: from the extension)."
)
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    help="Output format (default: from the output's extension, else the input's; text input gives JSONL).",
)
@batch_options(
    chunk_help=f"Rows per chunk [default: {LOCAL_BATCH_SIZE:,}; {DASK_BATCH_SIZE:,} with --engine dask].",
    engine_help="local: worker processes on this machine; dask: a Dask cluster.",
)
@click.option("--explain", is_flag=True, help="Add an explanation column with the n-grams behind each label.")
@click.option(
    "--attributions", is_flag=True, help="Add speaker and disputed columns: who each sentence credits or disputes."
)
@max_field_chars_option()
@model_dir_option
def score(inputs, output, task, text_column, target_column, id_column, input_format, output_format, workers, batch_size, engine, scheduler, explain, attributions, max_field_chars, model_dir):  # fmt: skip
    """Score every row of INPUT files (CSV, TSV, JSONL, text lines, Parquet; - for stdin).

    The output keeps every input column and row, in order, and adds label, confidence,
    p_<label> per label, model (the version) and error; --attributions adds speaker and
    disputed (sources joined with |). An input column named like an added one is kept as
    input_<name>. A row that cannot be scored (empty text, bad bytes, malformed JSON) gets a
    message in error and is still written; when no row at all can be scored, the output is
    still written and the command exits with status 1. A CSV/TSV whose quoted field is not
    closed within --max-field-chars (an unbalanced quote) is refused, naming the line the quote
    opens on; with output to stdout, a CSV/TSV file is checked for this before any row is written.
    Several inputs go into one output with a source column naming each row's file.
    A file is written under a temporary name and renamed when complete. Stdin is read
    as CSV unless --format says otherwise; text output has one label per line.

    \b
    Example:
        stance score news.csv -o scored.csv
        stance score archive/*.jsonl --text-column body -o scored.jsonl --workers 4
        cat sentences.txt | stance score - --format txt
        stance score framing_test.csv --attributions -o sources.csv
        stance score big.parquet -o out.parquet --engine dask --scheduler tcp://10.0.0.5:8786
        stance score pairs.csv --task emergent --text-column headline --target-column claim
    """
    if scheduler and engine != "dask":
        raise click.ClickException("--scheduler needs --engine dask")
    try:
        spec = get_task(task)
        predictor = load_artifact(model_dir, spec.name)
    except (TaskError, ArtifactError) as exc:
        raise click.ClickException(str(exc)) from None
    if predictor.target_column and target_column is None:
        # The task's own column name is the default place to find each row's target.
        target_column = spec.target_column or predictor.target_column
    require_target_option(predictor, target_column is not None, "--target-column")
    options = ScoreOptions(
        inputs=list(inputs),
        output=output,
        input_format=input_format,
        output_format=output_format,
        text_column=text_column,
        target_column=target_column,
        id_column=id_column,
        batch_size=batch_size or (DASK_BATCH_SIZE if engine == "dask" else LOCAL_BATCH_SIZE),
        workers=workers or os.cpu_count() or 1,
        engine=engine,
        scheduler=scheduler,
        explain=explain,
        attributions=attributions,
        max_field_chars=max_field_chars,
        model_dir=model_dir,
    )
    refuse_if_none_scored(run_batch(score_files, predictor, options), output)
