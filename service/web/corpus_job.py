"""The work of a corpus job and the summaries of its rows: the engine of ``stance analyze`` and ``stance summarize``.

Articles go through :func:`service.batch.analyze.analyze_files` into ``sentences.csv``, exactly as
``stance analyze FILE -o sentences.csv`` writes it; a file of sentences (rows that command wrote) is
used as it is. Each summary is :func:`service.corpus.summary.summarize` over those rows, cached per
period and confidence threshold as JSON in the job's folder, so every number the dashboard shows is
the number ``stance summarize`` prints for the same options.
"""

import json
import logging
import re

from model.store import write_atomic
from service.web.jobs import JobFailed

log = logging.getLogger(__name__)

SENTENCES_FILE = "sentences.csv"
# Articles per chunk: the progress bar moves once per chunk, and a page's corpus is often small.
BATCH_SIZE = 50
# Sentences kept behind each number (the first ones, in file order), for "the sentences behind it".
EVIDENCE = 20
# The batch progress line: "1,200 articles  340 articles/s  37%  ETA 0:21".
_DONE = re.compile(r"^([\d,]+) articles\b")
_PERCENT = re.compile(r"\s(\d+)%")


class _ProgressStream:
    """A stream for the batch progress display that passes its figures to the job's reporter.

    The batch runner reports progress only as a line drawn on a stream; this reads that line.
    """

    def __init__(self, report, share):
        self.report = report
        self.share = share

    def write(self, text):
        """Read ``N articles ... P%`` from a redrawn line and report it."""
        done = _DONE.search(text.strip())
        if done:
            percent = _PERCENT.search(text)
            fraction = int(percent.group(1)) / 100 if percent else 0.0
            self.report(self.share * fraction, f"{done.group(1)} articles analysed")
        return len(text)

    def flush(self):
        """Nothing is buffered."""

    def isatty(self):
        """Not a terminal."""
        return False


def sentences_path(folder, result):
    """Return the path of a finished corpus job's per-sentence rows."""
    return folder / result["sentences_file"]


def summary_options(params, period, min_confidence, name):
    """Return the :class:`SummaryOptions` of a corpus job for a period and a threshold."""
    from service.corpus.summary import SummaryOptions

    return SummaryOptions(
        by=(params["group_column"],) if params.get("group_column") else (),
        period=period,
        date_column=params["date_column"],
        id_column=params.get("id_column") or None,
        min_confidence=min_confidence,
        evidence=EVIDENCE,
        name=name,
    )


def compute_summary(path, options):
    """Summarise the per-sentence rows at ``path``, as ``stance summarize`` does; return the summary dict."""
    from service.corpus.read import open_rows
    from service.corpus.summary import summarize

    with open_rows(str(path)) as stream:
        return summarize(stream.columns, iter(stream), options)


def _cache_name(period, min_confidence):
    threshold = "all" if min_confidence is None else f"{min_confidence:.2f}"
    return f"summary-{period}-{threshold}.json"


def load_summary(folder, job, period, min_confidence):
    """Return the summary of a finished corpus job for ``period`` and ``min_confidence`` (computed once, then cached)."""
    cache = folder / _cache_name(period, min_confidence)
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        pass
    options = summary_options(job["params"], period, min_confidence, job["params"]["filename"])
    summary = compute_summary(sentences_path(folder, job["result"]), options)
    write_atomic(cache, json.dumps(summary, ensure_ascii=False))
    return summary


def run_corpus(job, folder, report):
    """Analyse the uploaded articles (or take the uploaded sentences) and check they summarise; return the result."""
    from model.artifact import ArtifactError, load_artifact
    from service.batch.analyze import AnalyzeOptions, analyze_files
    from service.batch.formats import FormatError
    from service.batch.readers import InputError
    from service.batch.run import BatchError
    from service.batch.writers import OutputError
    from service.corpus.read import InputError as RowsError
    from service.corpus.summary import SummaryError

    params = job["params"]
    upload = folder / params["input"]
    result = {}
    if params["kind"] == "articles":
        try:
            predictor = load_artifact(params["model_dir"], params["task"], params["version"])
        except ArtifactError as exc:
            raise JobFailed(f"The model cannot be loaded: {exc}") from None
        options = AnalyzeOptions(
            inputs=[str(upload)],
            output=str(folder / SENTENCES_FILE),
            input_format=params["format"],
            output_format="csv",
            text_column=params["text_column"],
            id_column=params.get("id_column") or None,
            batch_size=BATCH_SIZE,
            workers=1,
            model_dir=params["model_dir"],
            max_chars=params["max_chars"],
        )
        report(0.0, "Analysing the articles")
        try:
            figures = analyze_files(predictor, options, stderr=_ProgressStream(report, 0.9), show_progress=True)
        except (FormatError, InputError, OutputError, BatchError) as exc:
            raise JobFailed(_named(str(exc), upload, params["filename"])) from None
        figures.log()
        result.update(figures.as_dict(), sentences_file=SENTENCES_FILE, model=predictor.version)
    else:
        result.update(sentences_file=params["input"], model=None)
    report(0.92, "Summarising")
    try:
        summary = load_summary(folder, {**job, "result": result}, params["period"], None)
    except (FormatError, RowsError, SummaryError) as exc:
        raise JobFailed(_named(str(exc), upload, params["filename"])) from None
    result.setdefault("sentences", summary["totals"]["sentences"])
    result.setdefault("articles", summary["totals"]["articles"])
    return result


def _named(message, path, filename):
    """A message about the stored upload, naming the file as the user called it."""
    return message.replace(str(path), filename)
