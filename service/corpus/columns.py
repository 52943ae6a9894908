"""What a summary reads: its options, and the columns of the per-sentence rows, checked before any row is read."""

from dataclasses import dataclass

from service.corpus.alerts import DEFAULT_FDR, DEFAULT_MIN_ARTICLES, DEFAULT_MIN_COUNT
from service.corpus.dates import PERIODS

DEFAULT_EVIDENCE = 5
LABEL_COLUMN = "label"
# The title column read when none is named (and the rows have it).
TITLE_COLUMN = "title"
PROBABILITY_PREFIX = "p_"
# The column with each sentence row's article line in the analysed file, which the workbench's
# analyses write (service.batch.analyze.AnalyzeOptions.article_lines).
LINE_COLUMN = "line"
# Each source's own claim frame, name by name (model.article_rows); rows written before them credit the row's label.
SPEAKER_CLAIMS = "speaker_claims"
DISPUTED_CLAIMS = "disputed_claims"
# Non-empty on a sentence answered with the model's base rates (not English, no known word): not evidence of a frame.
WARNING_COLUMN = "warning"
# The kinds of the warnings about the header (a summary lists each warning's kind beside it).
NO_ID_COLUMN = "no_id_column"
NO_SOURCES = "no_sources"


class SummaryError(Exception):
    """The rows cannot be summarised at all: a missing column, dates in no known format, no rows."""


@dataclass(frozen=True)
class SummaryOptions:
    """How to group, bucket and filter the rows.

    ``date_column`` None (or empty) means the rows have no dates: every row is in one undated period.
    ``id_column`` None means ``id`` when the rows have it (articles are then counted by runs of rows).
    ``outlet_column``, when present in the rows, names who quotes each source; else the ``by`` group does.
    ``title_column`` gives each kept sentence's article its title (for the links); None means ``title``
    when the rows have it, and a column named must be there.
    ``article_lines`` makes every place the summary names a line of the file the articles were analysed
    from (the rows' ``line`` column, :data:`LINE_COLUMN`), and ``name`` that file: the workbench
    summarises its own analysis of an uploaded file, whose user knows only that file.
    """

    by: tuple = ()
    period: str = "week"
    date_column: str | None = "date"
    id_column: str | None = None
    min_confidence: float | None = None
    alert_min_count: int = DEFAULT_MIN_COUNT
    alert_min_articles: int = DEFAULT_MIN_ARTICLES
    alert_fdr: float = DEFAULT_FDR
    evidence: int = DEFAULT_EVIDENCE
    outlet_column: str = "outlet"
    title_column: str | None = None
    name: str = "-"
    article_lines: bool = False


@dataclass(frozen=True)
class Columns:
    """Where each field is in a row (None when absent) and the labels the rows declare."""

    names: tuple
    label: int
    date: int | None
    by: tuple
    id: int | None
    sentence: int | None
    confidence: int | None
    text: int | None
    speakers: int | None
    disputed: int | None
    # The claim frame of each name in speakers / disputed (SPEAKER_CLAIMS, DISPUTED_CLAIMS), when the rows have them.
    speaker_claims: int | None
    disputed_claims: int | None
    error: int | None
    # Why a sentence was not scored (stance analyze's warning column), when the rows have it.
    warning: int | None
    outlet: int | None
    title: int | None
    # The article's line in the analysed file (LINE_COLUMN beside a sentence column), else None.
    line: int | None
    labels: tuple
    # (kind, message) of each warning about the header.
    warnings: tuple


def check_columns(columns, options):
    """Return the :class:`Columns` of a header, or raise :class:`SummaryError` naming what is missing."""
    names = tuple(columns)
    index = {name: i for i, name in reversed(list(enumerate(names)))}
    found = ", ".join(repr(c) for c in names) or "none"
    where = options.name

    def need(name, hint):
        if name not in index:
            raise SummaryError(f"{where}: no column {name!r} (found: {found}); {hint}")
        return index[name]

    if options.period not in PERIODS:
        raise SummaryError(f"unknown period {options.period!r}; use one of {', '.join(PERIODS)}")
    label = need(LABEL_COLUMN, "summarize reads the per-sentence rows that stance analyze writes")
    date = need(options.date_column, "choose the date column with --date-column") if options.date_column else None
    by = tuple(need(name, "--by takes one of the columns found") for name in options.by)
    warnings = []
    if options.id_column is not None:
        article_id = need(options.id_column, "choose the article id column with --id-column")
    else:
        article_id = index.get("id")
        if article_id is None:
            how = "by runs of rows whose 'sentence' restarts at 0" if "sentence" in index else "not at all"
            warnings.append((NO_ID_COLUMN, f"{where}: no column 'id' (use --id-column); articles are counted {how}"))
    confidence = index.get("confidence")
    if options.min_confidence is not None:
        confidence = need("confidence", "--min-confidence needs the confidence of each sentence")
    if "speakers" not in index and "disputed" not in index:
        warnings.append((NO_SOURCES, f"{where}: no 'speakers' or 'disputed' column; the summary has no sources"))
    labels = tuple(n[len(PROBABILITY_PREFIX) :] for n in names if n.startswith(PROBABILITY_PREFIX) and len(n) > 2)
    outlet = index.get(options.outlet_column)
    if options.title_column:
        title = need(options.title_column, "choose the title column with --title-column")
    else:
        title = index.get(TITLE_COLUMN)
    return Columns(
        names=names,
        label=label,
        date=date,
        by=by,
        id=article_id,
        sentence=index.get("sentence"),
        confidence=confidence,
        text=index.get("text"),
        speakers=index.get("speakers"),
        disputed=index.get("disputed"),
        speaker_claims=index.get(SPEAKER_CLAIMS),
        disputed_claims=index.get(DISPUTED_CLAIMS),
        error=index.get("error"),
        warning=index.get(WARNING_COLUMN),
        outlet=outlet,
        title=title,
        # Only beside a sentence index: a 'line' column of any other table is not an article's line.
        line=index.get(LINE_COLUMN) if "sentence" in index else None,
        labels=labels,
        warnings=tuple(warnings),
    )
