"""The ``stance summarize`` command: frames per group and period, who says what and frame-shift alerts of a corpus."""

import json
import logging
import signal
import sys
import time
from pathlib import Path

import click

from service.batch.formats import STDIO
from service.corpus.alerts import DEFAULT_FDR, DEFAULT_MIN_ARTICLES, DEFAULT_MIN_COUNT
from service.corpus.dates import PERIODS
from service.corpus.report_html import DEFAULT_TOP_SOURCES
from service.corpus.summary import DEFAULT_EVIDENCE, SummaryError, SummaryOptions
from service.wording import counted

log = logging.getLogger(__name__)
INPUT_FORMATS = ("csv", "tsv", "jsonl", "parquet")


def _check_output(path, option):
    """Refuse an output whose folder does not exist, before reading the input."""
    if path is None or path == STDIO:
        return
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise click.ClickException(f"{option} {path}: the folder {folder} does not exist")
    if Path(path).is_dir():
        raise click.ClickException(f"{option} {path}: is a directory")


def _check_outlet_column(name, columns, path):
    """Refuse an --outlet-column the rows do not have, when the user named it (the default may be absent)."""
    source = click.get_current_context().get_parameter_source("outlet_column")
    if source is not click.core.ParameterSource.DEFAULT and name not in columns:
        found = ", ".join(map(repr, columns))
        raise click.ClickException(f"{path}: no column {name!r} (found: {found}); --outlet-column takes one of them")


def _write(path, text):
    """Write text to stdout (``-``) or atomically to a file."""
    from model.store import atomic_file

    if path == STDIO:
        click.echo(text, nl=False)
        return
    try:
        with atomic_file(path, user_output=True) as fh:
            fh.write(text.encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc}); no file was written") from None


@click.command()
@click.argument("path")
@click.option("-o", "--output", default=None, help="Summary table: .csv, or .json for the whole summary; - for stdout [default: stdout without --html].")  # fmt: skip
@click.option("--html", "html_path", default=None, help="Also write the report: one self-contained HTML file.")
@click.option("--by", multiple=True, help="Group by this column (repeatable, e.g. --by outlet --by country).")
@click.option("--period", type=click.Choice(PERIODS), default="week", show_default=True, help="Time bucket (week: ISO week).")  # fmt: skip
@click.option("--date-column", default="date", show_default=True, help="Column with each article's date.")
@click.option("--id-column", default=None, help="Column with the article id [default: id, if present].")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="Leave sentences below this confidence out of the shares; they are counted apart as uncertain.")  # fmt: skip
@click.option("--alert-min-count", type=click.IntRange(min=1), default=DEFAULT_MIN_COUNT, show_default=True, help="Fewest sentences of a frame in a period for an alert.")  # fmt: skip
@click.option("--alert-min-articles", type=click.IntRange(min=1), default=DEFAULT_MIN_ARTICLES, show_default=True, help="Fewest articles the frame's sentences in a period must come from for an alert (when the rows tell articles apart).")  # fmt: skip
@click.option("--alert-fdr", type=click.FloatRange(0, 1, min_open=True), default=DEFAULT_FDR, show_default=True, help="False discovery rate of the alerts: the expected share of chance among them, held over every group, frame and period tested (Benjamini-Hochberg).")  # fmt: skip
@click.option("--evidence", type=click.IntRange(min=1), default=DEFAULT_EVIDENCE, show_default=True, help="Sentences kept per number for the report's links (the first in file order).")  # fmt: skip
@click.option("--top-sources", type=click.IntRange(min=1), default=DEFAULT_TOP_SOURCES, show_default=True, help="Sources shown in the report (summary.csv has all).")  # fmt: skip
@click.option("--outlet-column", default="outlet", show_default=True, help="Column naming who quotes a source (else the --by group).")  # fmt: skip
@click.option("--title-column", default=None, help="Column with each article's title, named beside its sentences in the report [default: title, if present].")  # fmt: skip
@click.option("--format", "input_format", type=click.Choice(INPUT_FORMATS), help="Input format (default: from the extension).")  # fmt: skip
def summarize(path, output, html_path, by, period, date_column, id_column, min_confidence, alert_min_count, alert_min_articles, alert_fdr, evidence, top_sources, outlet_column, title_column, input_format):  # fmt: skip
    """Summarise the per-sentence rows of `stance analyze` (PATH: CSV, TSV, JSONL, Parquet; - for stdin).

    Per group (--by) and period: the count and share of each frame, uncertain sentences
    and articles. Across the corpus: who says what (sources merged across spellings and
    titles, as speaker and as disputed source, each with its own claim frame from the
    speaker_claims and disputed_claims columns when the rows have them, else the
    sentence's; and who quotes them) and frame-shift alerts (a group's threat or
    stability count in a period higher than in its earlier periods pooled, at least 3
    of them, by a one-sided Fisher's exact test on counts divided by the design effect
    of sentences sharing an article's frame, Benjamini-Hochberg corrected over every
    cell tested at --alert-fdr; with --alert-min-count sentences and, when the rows
    tell articles apart, sentences from --alert-min-articles articles).
    Rows whose date cannot be read are counted apart as undated; rows with an error
    count as articles that could not be analysed; a --by or outlet value with bytes
    that were not UTF-8 (read as U+FFFD) is warned about, with its first line.
    Files are written atomically.

    \b
    Example:
        stance summarize sentences.csv --by outlet --period week -o summary.csv --html report.html
        stance summarize sentences.parquet --by outlet --by country --min-confidence 0.6 -o summary.json
    """
    from service.batch.formats import FormatError
    from service.batch.progress import Progress
    from service.corpus.read import InputError, open_rows
    from service.corpus.report_html import render_report
    from service.corpus.summary import summarize as summarize_rows
    from service.corpus.table import format_table

    if output is None and html_path is None:
        output = STDIO
    if output == STDIO and html_path == STDIO:
        raise click.ClickException("-o and --html cannot both write to stdout")
    _check_output(output, "-o")
    _check_output(html_path, "--html")
    options = SummaryOptions(
        by=tuple(by),
        period=period,
        date_column=date_column,
        id_column=id_column,
        min_confidence=min_confidence,
        alert_min_count=alert_min_count,
        alert_min_articles=alert_min_articles,
        alert_fdr=alert_fdr,
        evidence=evidence,
        outlet_column=outlet_column,
        title_column=title_column,
        name=path,
    )
    start = time.monotonic()
    stderr = sys.stderr
    try:
        with open_rows(path, input_format, stdin=getattr(sys.stdin, "buffer", None)) as stream:
            _check_outlet_column(outlet_column, stream.columns, path)
            progress = Progress(stderr, stream.total_bytes, enabled=stderr is not None and stderr.isatty())

            def batches():
                rows = 0
                for batch in stream:
                    rows += len(batch[0]) + len(batch[2])
                    progress.update(rows, stream.done_bytes)
                    yield batch

            try:
                summary = summarize_rows(stream.columns, batches(), options)
            finally:
                progress.finish()
    except (FormatError, InputError, SummaryError) as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("Interrupted; no output file was written.", err=True)
        raise SystemExit(128 + signal.SIGINT) from None
    for warning in summary["warnings"]:
        log.warning("%s", warning)
    if output is not None:
        as_json = output != STDIO and Path(output).suffix.lower() == ".json"
        text = json.dumps(summary, ensure_ascii=False, indent=1) + "\n" if as_json else format_table(summary)
        _write(output, text)
    if html_path is not None:
        _write(html_path, render_report(summary, top_sources=top_sources))
    totals = summary["totals"]
    log.info(
        "summarised %s in %.1f s: %s, %s (%s with errors), %s, %s, %s, %s",
        counted(totals["rows"], "row"),
        time.monotonic() - start,
        counted(totals["sentences"], "sentence") + _not_scored(totals),
        "? articles" if totals["articles"] is None else counted(totals["articles"], "article"),
        f"{totals['article_errors']:,}",
        counted(len(summary["groups"]), "group"),
        counted(len(summary["periods"]), "period"),
        counted(len(summary["sources"]), "source"),
        counted(len(summary["alerts"]), "alert"),
    )


def _not_scored(totals):
    """`` (3 not scored)`` when sentences were answered with base rates (kept out of the frames), else ''."""
    unscored = totals.get("unscored", 0)
    return f" ({unscored:,} not scored)" if unscored else ""
