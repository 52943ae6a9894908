"""Score one or more inputs into one output: check every input first, then stream chunks through an engine."""

import logging
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain

from service.batch.chunks import MAX_FIELD_CHARS, output_columns
from service.batch.encode import output_schema
from service.batch.engine_local import score_parallel, score_serial
from service.batch.formats import STDIO, FormatError, format_of, output_format_of
from service.batch.paths import expand_paths
from service.batch.progress import Progress, Summary
from service.batch.readers import InputError, open_source
from service.batch.writers import Sink, shows_as_written

log = logging.getLogger(__name__)


class BatchError(Exception):
    """Scoring stopped: a worker died or the output could not be written."""


@dataclass
class ScoreOptions:
    """What to score and how; mirrors the options of ``stance score``."""

    inputs: list
    output: str = STDIO
    input_format: str | None = None
    output_format: str | None = None
    text_column: str = "text"
    # The column with each row's target, for a task with a target column.
    target_column: str | None = None
    id_column: str | None = None
    batch_size: int = 1000
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    explain: bool = False
    attributions: bool = False
    model_dir: str = "artifacts"
    # The longest CSV/TSV field; a quoted field still open past it is refused as an unbalanced quote.
    max_field_chars: int = MAX_FIELD_CHARS
    # Dask LocalCluster in threads instead of processes (tests use it to start quickly).
    dask_processes: bool = True


def score_files(predictor, options, stdin=None, stdout=None, stderr=None, show_progress=False):
    """Score ``options.inputs`` into ``options.output`` and return the :class:`Summary`.

    Several inputs go into one output, one after the other, with a ``source`` column naming
    each row's file. Every input is checked before any scoring starts.
    """
    inputs = expand_paths(options.inputs)
    formats = [format_of(path, options.input_format) for path in inputs]
    out_format = output_format_of(options.output, formats[0], options.output_format)
    if options.attributions and out_format == "txt":
        raise FormatError(
            "--attributions adds columns, and text output has one label per line; "
            "choose --output-format csv, tsv, jsonl or parquet"
        )
    check_output(options.output, inputs)
    settings = source_settings(predictor, options, out_format)
    several = len(inputs) > 1
    sources = []
    try:
        for path, fmt in zip(inputs, formats):
            sources.append(open_source(path, fmt, settings, stdin, path if several else None))
        check_same_columns(sources, out_format)
        return run_sources(predictor, options, sources, out_format, stdout, stderr, show_progress)
    finally:
        for source in sources:
            source.close()


def check_output(output, inputs):
    """Refuse an output file that is also one of the inputs: it would be replaced while being read.

    A missing input is no output: opening it says "no such file" next (with a traceback from
    ``samefile`` otherwise, when the output exists already).
    """
    if output == STDIO or not os.path.exists(output):
        return
    if any(p != STDIO and os.path.exists(p) and os.path.samefile(p, output) for p in inputs):
        raise InputError(f"{output}: is also an input; choose another output file")


def source_settings(predictor, options, out_format):
    """Return what :func:`open_source` needs to check an input and build its layout."""
    return {
        "text_column": options.text_column,
        "target_column": options.target_column,
        "id_column": options.id_column,
        "output_format": out_format,
        "labels": predictor.labels,
        "model": predictor.version,
        "explain": options.explain,
        "attributions": options.attributions,
        "batch_size": options.batch_size,
        "max_field_chars": options.max_field_chars,
    }


def run_sources(predictor, options, sources, out_format, stdout, stderr, show_progress, summary=None, unit="rows", on_progress=None):  # fmt: skip
    """Stream the checked sources through the engine into the sink; commit only if all went well.

    ``summary`` gathers the chunk results (a :class:`Summary` unless given); ``unit`` names what the
    progress line counts; ``on_progress(done, fraction)`` receives the same figures (see :class:`Progress`).
    """
    if shows_as_written(options.output):
        # What reaches stdout cannot be taken back: refuse a broken file before its first row is written.
        for source in sources:
            source.check_whole()
    first = sources[0].layout
    summary = Summary() if summary is None else summary
    total = None if any(s.total_bytes is None for s in sources) else sum(s.total_bytes for s in sources)
    progress = Progress(stderr, total, show_progress, unit, on_progress)
    # Nothing between creating the sink and the try, so an interrupt cannot leave its temporary file.
    sink = Sink(options.output, out_format, output_columns(first), _schema(first, out_format), stdout)
    try:
        for result in _engine(predictor, options, _all_chunks(sources)):
            sink.write(result.payload)
            summary.add(result)
            progress.update(summary.rows, summary.bytes)
    except BrokenProcessPool:
        sink.abort()
        raise BatchError("a worker process died (out of memory or killed); no output was written") from None
    except BaseException:
        sink.abort()
        raise
    finally:
        progress.finish()
    try:
        sink.commit()
    except BaseException:
        # A full disk shows up as late as the last flush; the temporary file must still go.
        sink.abort()
        raise
    return summary


def _schema(layout, out_format):
    """The Arrow schema when writing Parquet."""
    return output_schema(layout) if out_format == "parquet" else None


def check_same_columns(sources, out_format):
    """Several inputs go into one table, so they must have the same columns (JSONL output has no header)."""
    if out_format in ("jsonl", "txt"):
        return
    first = sources[0]
    for source in sources[1:]:
        if source.layout.columns != first.layout.columns:
            raise InputError(
                f"{source.name}: columns {list(source.layout.columns)} differ from {first.name}'s "
                f"{list(first.layout.columns)}; score them separately or write JSONL"
            )
    if out_format == "parquet":
        # One Parquet file has one type per column; the writer would refuse the second input only after
        # the first was scored.
        expected = output_schema(first.layout)
        for source in sources[1:]:
            schema = output_schema(source.layout)
            for field in schema:
                other = expected.field(field.name) if field.name in expected.names else None
                if other is not None and other.type != field.type:
                    raise InputError(
                        f"{source.name}: column {field.name!r} is {field.type} there and {other.type} in "
                        f"{first.name}; Parquet output keeps one type per column: score them separately or write "
                        "CSV or JSONL"
                    )


def _all_chunks(sources):
    """Chunks of every input, one input after the other."""
    return chain.from_iterable(source.chunks for source in sources)


def _engine(predictor, options, chunks):
    """Pick the engine: Dask, worker processes, or this process.

    The local engine is imported with this module, not here: by now the output file exists, and a
    Ctrl-C during an import can surface in Python 3.11 as a RuntimeError from a class body rather than
    as KeyboardInterrupt, which would leave a traceback and status 1 instead of 130.
    """
    if options.engine == "dask":
        from service.batch.engine_dask import score_dask

        return score_dask(predictor, chunks, options.workers, options.scheduler, options.dask_processes)
    if options.workers > 1:
        return score_parallel(predictor, chunks, options.workers, options.model_dir)
    return score_serial(predictor, chunks)
