"""The work of a corpus job and the summaries of its rows: the engine of ``stance analyze`` and ``stance summarize``.

Articles go through :func:`service.batch.analyze.analyze_files` into ``sentences.csv``, as
``stance analyze FILE -o sentences.csv`` writes it plus a ``line`` column (each article's line in the
uploaded file, which the summary's messages name); a file of sentences (rows that command wrote) is
used as it is. Each summary is :func:`service.corpus.summary.summarize` over those rows, cached per
period and confidence threshold in the job's folder (:mod:`service.web.summary_store`), so every
number the dashboard shows is the number ``stance summarize`` prints for the same options.
"""

import logging

from service.web.jobs import JobFailed
from service.web.summary_store import StoreError, pick, read_summary, write_summary
from service.wording import counted

log = logging.getLogger(__name__)

SENTENCES_FILE = "sentences.csv"
# Articles per chunk: the progress bar moves once per chunk, and a page's corpus is often small.
BATCH_SIZE = 50
# The share of the job's progress bar that analysing the articles takes.
ANALYSIS_SHARE = 0.9
# Sentences kept behind each number (the first ones, in file order), for "the sentences behind it".
EVIDENCE = 20


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
        # None (a job from before the field, or the default the file lacks): 'title' when the rows have it.
        title_column=params.get("title_column") or None,
        min_confidence=min_confidence,
        evidence=EVIDENCE,
        name=name,
        # The user knows the file uploaded, not the sentence rows made from it: name its lines.
        article_lines=params.get("kind") == "articles",
    )


def compute_summary(path, options):
    """Summarise the per-sentence rows at ``path``, as ``stance summarize`` does; return the summary dict."""
    from service.corpus.read import open_rows
    from service.corpus.summary import summarize

    with open_rows(str(path)) as stream:
        return summarize(stream.columns, iter(stream), options)


def _cache_name(period, min_confidence, suffix=".sqlite3"):
    threshold = "all" if min_confidence is None else f"{min_confidence:.2f}"
    return f"summary-{period}-{threshold}{suffix}"


def summary_path(folder, period, min_confidence):
    """Return the file a job's summary for ``period`` and ``min_confidence`` is cached in (made by :func:`load_summary`)."""
    return folder / _cache_name(period, min_confidence)


def load_summary(folder, job, period, min_confidence, sentences=None):
    """Return the summary of a finished corpus job for ``period`` and ``min_confidence`` (computed once, then cached).

    ``sentences`` picks the kept sentences returned with it (see :func:`service.web.summary_store.read_summary`):
    None for the numbers only, ``ALL`` for the whole summary, or a function of the numbers naming them.
    """
    cache = summary_path(folder, period, min_confidence)
    try:
        return read_summary(cache, sentences)
    except FileNotFoundError:
        pass
    except StoreError as exc:
        log.warning("%s; summarising the job's sentences again", exc)
    options = summary_options(job["params"], period, min_confidence, job["params"]["filename"])
    summary = compute_summary(sentences_path(folder, job["result"]), options)
    write_summary(cache, summary)
    # Cached whole as JSON by a version before the summary's sentences were stored apart: read no more.
    (folder / _cache_name(period, min_confidence, ".json")).unlink(missing_ok=True)
    return pick(summary, sentences)


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
            article_lines=True,
        )
        report(0.0, "Analysing the articles")

        def analysed(done, fraction):
            report(ANALYSIS_SHARE * (fraction or 0.0), f"{counted(done, 'article')} analysed")

        try:
            figures = analyze_files(predictor, options, on_progress=analysed)
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
