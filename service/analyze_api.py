"""``POST /v1/analyze``: an article as ``stance analyze --json`` prints it, or articles as sentence rows and their summary.

``{"text": ...}`` answers one article's sentences, sources and who-says-what table. ``{"articles":
[...]}`` answers the rows ``stance analyze articles.jsonl`` writes (each article's metadata, then one
row per sentence, an error row for an article that cannot be analysed) and the summary ``stance
summarize`` makes of them.
"""

import json

from flask import Blueprint, current_app, jsonify, request

from model.article import ArticleError, analyze_article
from model.article_rows import corpus_rows, sentence_columns
from model.json_kind import json_kind
from service.corpus.dates import KNOWN_FORMATS, parse_date
from service.corpus.summary import UNDATED_ROWS, SummaryError, SummaryOptions, replace_warning, summarize
from service.errors import ApiError, check_target
from service.validation import check_fields, check_text, invalid, json_type, parse_articles, read_json_body

ANALYZE_FIELDS = ("text", "articles", "task", "summary")
# The summary's name for a request's rows, in its warnings; a row's "line" there is its index in rows.
SUMMARY_INPUT = "articles"
# A metadata field named like a sentence column is copied under this prefix, as stance analyze copies it.
RENAMED_PREFIX = "input_"
# How many articles a warning names before "and N more".
MAX_NAMED = 5
bp = Blueprint("analyze", __name__)


def parse_analyze(body, max_chars):
    """Check a parsed analyze body of one article; return ``(text, task)`` (``task`` ``None`` means the default)."""
    check_fields(body, ANALYZE_FIELDS)
    if "articles" in body:
        raise invalid(
            "give either text (one article) or articles (a list of articles), not both",
            "articles",
            "conflicting_fields",
        )
    if "text" not in body:
        raise invalid("missing field text (one article) or articles (a list of articles)", "text", "missing_field")
    if "summary" in body:
        # One article's answer has its own summary; the options shape the summary of a list of articles.
        raise invalid(
            "summary goes with articles; send the article as articles: [{text: ...}]", "summary", "conflicting_fields"
        )
    text = body["text"]
    if isinstance(text, str) and len(text) > max_chars:
        # Say which setting limits it: an article limit is one a deployment may well want to raise.
        raise invalid(
            f"text has {len(text):,} characters; articles are limited to {max_chars:,} (STANCE_MAX_ARTICLE_CHARS)",
            "text",
            "text_too_long",
        )
    check_text(text, "text", max_chars)
    task = body.get("task")
    if "task" in body and not isinstance(task, str):
        raise invalid(f"task must be a string, got {json_type(task)}", "task", "wrong_type")
    return text, task


@bp.post("/v1/analyze")
def analyze():
    """Split an article into sentences, classify each, credit each claim to its source, tabulate who says what."""
    body = read_json_body(request)
    check_fields(body, ANALYZE_FIELDS)
    if "articles" in body:
        return jsonify(analyze_articles(body))
    _, result = analyze_text(body)
    return jsonify(result)


def analyze_text(body):
    """Check a body of one article and analyse it; return ``(predictor, result)``, ``result`` being the answer.

    ``POST /v1/analyze`` and the workbench page both analyse an article here, so their numbers agree.
    Raises a 400 :class:`ApiError` for a bad body (its ``field`` says which) or a task that cannot
    analyse articles (field ``task``).
    """
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    text, task = parse_analyze(body, limit)
    predictor = served_predictor(task)
    try:
        result = analyze_article(predictor, text, max_chars=limit)
    except ArticleError as exc:
        # parse_analyze already refused what analyze_article refuses; this keeps a future rule a 400, not a 500.
        raise invalid(str(exc), "text") from None
    current_app.extensions["stance_metrics"].count_predictions(predictor.task, result["sentences"])
    return predictor, result


def served_predictor(task):
    """Return the served Predictor of ``task`` (None: the default), refusing a task that needs a target."""
    registry = current_app.extensions["stance"]
    # One reference for the whole request: a reload mid-request cannot mix two versions in one answer.
    predictor = registry.get(task)
    if predictor is None:
        served = ", ".join(sorted(registry.snapshot()))
        raise ApiError(f"unknown task {task!r}; served tasks: {served}", code="unknown_task", field="task")
    # An article's sentences come without a target each, so a task that needs one cannot analyse it.
    check_target(predictor, has_target=False, endpoint="analyze")
    return predictor


def analyze_articles(body):
    """Answer an analyze body with articles: ``{"model", "columns", "rows", "summary"}``.

    Everything the request names is checked before any article is analysed. An empty or over-long
    article gets one error row with its metadata, as in ``stance analyze``: no article disappears.
    """
    config = current_app.config
    checked = parse_articles(body, config["MAX_ARTICLES"])
    predictor = served_predictor(checked.task)
    names = metadata_columns(checked.articles, predictor.labels)
    columns = [*names.values(), *sentence_columns(predictor.labels)]
    options, dated = summary_options(checked, names, columns)
    texts = [text for text, _ in checked.articles]
    rows = []
    # corpus_rows is stance analyze's own function: the sentences of all the articles in one predict call.
    for (_, metadata), article in zip(checked.articles, corpus_rows(predictor, texts, config["MAX_ARTICLE_CHARS"])):
        copied = {name: metadata.get(key) for key, name in names.items()}
        rows.extend({**copied, **row} for row in article)
    current_app.extensions["stance_metrics"].count_predictions(predictor.task, [r for r in rows if not r["error"]])
    return {
        "model": {"task": predictor.task, "version": predictor.version},
        "columns": columns,
        "rows": rows,
        "summary": summarize_rows(columns, rows, options, dated, undated_articles(checked.articles, names, options)),
    }


def metadata_columns(articles, labels):
    """Return ``{field: column}`` for the metadata fields of all articles, in the order they first appear.

    A field named like a sentence column (``label``, ``start`` ...) becomes ``input_label``, the name
    ``stance analyze`` gives the same column of a file; an article without a field has null there.
    """
    taken = set(sentence_columns(labels))
    first = {}
    for index, (_, metadata) in enumerate(articles):
        for key in metadata:
            first.setdefault(key, index)
    names = {key: RENAMED_PREFIX + key if key in taken else key for key in first}
    for key, name in names.items():
        if name != key and name in first:
            raise invalid(
                f"articles[{first[key]}].{key} is named like a sentence column, so its column is {name}; "
                f"articles[{first[name]}] has a field {name} too: rename one of them",
                f"articles[{first[name]}].{name}",
                "conflicting_fields",
            )
    return names


def summary_options(checked, names, columns):
    """Return the :class:`SummaryOptions` of a request and whether its rows have a date column.

    Without a ``date`` field (or the ``summary.date_column`` named) in any article, the summary has
    no periods. A column that no row has, or dates of which none is in a known format, are refused
    here, before any article is analysed.
    """
    asked = checked.summary
    for name in asked.get("by", ()):
        _need_column(name, "summary.by", columns)
    if "id_column" in asked:
        _need_column(asked["id_column"], "summary.id_column", columns)
    options = SummaryOptions(name=SUMMARY_INPUT, **asked)
    dated = options.date_column in columns
    if not dated and ("date_column" in asked or "period" in asked):
        listed = ", ".join(names.values()) or "none"
        raise invalid(
            f"summary.date_column: no article has a field {options.date_column!r} (fields: {listed}); "
            "a period needs each article's date",
            "summary.date_column",
            "unknown_column",
        )
    if dated:
        _check_dates(checked.articles, names, options.date_column)
    return options, dated


def _need_column(name, field, columns):
    """Refuse a summary option naming a column that the rows do not have."""
    if name not in columns:
        raise invalid(
            f"{field}: no column {name!r} in the rows (columns: {', '.join(columns)})", field, "unknown_column"
        )


def _field_of(names, column):
    """The article field copied into ``column`` (``names`` maps fields to columns), or None."""
    return next((key for key, name in names.items() if name == column), None)


def _check_dates(articles, names, column):
    """Refuse dates of which none is in a known format (the rule of ``stance summarize``), naming the first article."""
    key = _field_of(names, column)
    if key is None:
        return  # A sentence column as the date: the summary itself judges it.
    values = [metadata.get(key) for _, metadata in articles]
    if any(parse_date(value) is not None for value in values):
        return
    for index, value in enumerate(values):
        if value is not None and str(value).strip():
            field = f"articles[{index}].{key}"
            # A date sent as true/false or a number is named as JSON, not as a Python value ("False").
            shown = repr(value) if isinstance(value, str) else f"{json.dumps(value)} ({json_kind(value)})"
            raise invalid(
                f"{field}: date {shown} is in no known format, nor is any other article's date; use one of: "
                f"{KNOWN_FORMATS}",
                field,
                "unknown_date_format",
            )


def undated_articles(articles, names, options):
    """The warning that names the articles whose date cannot be read, or None.

    The summary names rows by their index in ``rows``, which says nothing about which article of the
    request holds the date: ``articles[1] (id 'b'): '2026-02-31'`` does.
    """
    key = _field_of(names, options.date_column)
    if key is None:
        return None
    bad = [(index, metadata) for index, (_, metadata) in enumerate(articles) if parse_date(metadata.get(key)) is None]
    if not bad:
        return None
    shown = ", ".join(
        f"articles[{index}]"
        + (f" (id {metadata['id']!r})" if isinstance(metadata.get("id"), str) else "")
        + (f": {metadata[key]!r}" if isinstance(metadata.get(key), str) and metadata[key].strip() else ": no date")
        for index, metadata in bad[:MAX_NAMED]
    )
    more = f" and {len(bad) - MAX_NAMED:,} more" if len(bad) > MAX_NAMED else ""
    article_word = "article" if len(bad) == 1 else "articles"
    verb = "is" if len(bad) == 1 else "are"
    return (
        f"{SUMMARY_INPUT}: {len(bad):,} {article_word} without a readable date in {options.date_column!r} {verb} "
        f"counted apart as undated: {shown}{more}"
    )


def summarize_rows(columns, rows, options, dated, undated_warning=None):
    """Return the summary of the rows, made by :func:`service.corpus.summary.summarize` as for a file.

    A row's ``line`` in the summary (and the number in a reference ``r<line>``) is its index in ``rows``.
    ``undated_warning`` (:func:`undated_articles`) replaces the summary's own, which names rows.
    """
    names = list(columns)
    values = [[row[c] for c in columns] for row in rows]
    if not dated:
        # summarize reads a date column; without one every row falls in its undated period (period null).
        names.append(options.date_column)
        for row in values:
            row.append(None)
    try:
        summary = summarize(names, [(values, range(len(values)))], options)
    except SummaryError as exc:
        # summary_options refused what the summary refuses; this keeps a future rule a 400, not a 500.
        raise invalid(str(exc), "summary") from None
    if dated and undated_warning:
        replace_warning(summary, UNDATED_ROWS, undated_warning)
    if not dated:
        summary["options"].update(period=None, date_column=None)
        # Its warning about undated rows would blame dates that nobody sent.
        replace_warning(summary, UNDATED_ROWS, None)
    return summary
