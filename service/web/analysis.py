"""Read an article from the page's form and analyse it with the function ``POST /v1/analyze`` uses."""

import re
from pathlib import PurePosixPath

from flask import current_app, request, url_for

from model.json_text import load_json
from model.sentences import split_sentences
from service.analyze_api import analyze_text, served_predictor
from service.errors import ApiError
from service.web.pages import FormError

TEXT_FIELD = "text"
FILE_FIELD = "file"
TASK_FIELD = "task"
# Files of many articles (one per row): the corpus workbench reads them, not this page.
TABLE_SUFFIXES = {
    ".csv": "a CSV file",
    ".tsv": "a TSV file",
    ".tab": "a TSV file",
    ".jsonl": "a JSON Lines file",
    ".ndjson": "a JSON Lines file",
    ".parquet": "a Parquet file",
    ".pq": "a Parquet file",
}
# A column name: a word with no spaces ("id", "published_at", "p.threat"), quoted or not.
_COLUMN_NAME = re.compile(r"[\"']?[^\W\d][\w.-]{0,40}[\"']?")


class TableError(FormError):
    """A table of articles sent to the one-article page; ``link`` is the page that reads tables."""

    def __init__(self, message, field, link):
        super().__init__(message, field=field)
        self.link = link


def table_reason(text):
    """Return why ``text`` reads as a table of articles rather than one article, or ``None`` when it does not.

    Its first line is column names (two or more words without spaces, separated by commas, tabs or
    semicolons: "id,date,text", "uid;outlet;body") or a JSON object (JSON Lines), with a row below.
    Prose never has a comma or semicolon without a space after it, so a headline or a dateline is not
    mistaken for column names.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    shown = first if len(first) <= 80 else first[:79] + "…"
    if first.startswith("{") and first.endswith("}"):
        try:
            is_object = isinstance(load_json(first), dict)
        except ValueError:
            return None
        return f"its first line is a JSON object ({shown}), as in JSON Lines" if is_object else None
    for delimiter in ("\t", ";", ","):
        names = first.split(delimiter)
        if len(names) >= 2 and all(_COLUMN_NAME.fullmatch(name) for name in names):
            return f"its first line, “{shown}”, reads as column names"
    return None


def refuse_table(text, filename):
    """Raise :class:`TableError` if the upload or the pasted text is a table of articles rather than one article."""
    field = FILE_FIELD if filename else TEXT_FIELD
    what = f"The file {filename}" if filename else "The text"
    corpus = url_for("web.corpus.index")
    where = (
        "This page analyses one article as prose, and would split a table into sentences of column "
        f"values; a table of articles, one per row, is analysed on the Corpus page ({corpus})."
    )
    kind = TABLE_SUFFIXES.get(PurePosixPath(filename).suffix.lower()) if filename else None
    if kind:
        raise TableError(f"{what} is {kind}, a table, not an article. {where}", field, corpus)
    reason = table_reason(text) if text is not None else None
    if reason:
        raise TableError(f"{what} looks like a table, not an article: {reason}. {where}", field, corpus)


def normalise_newlines(text):
    """Turn CRLF and CR into LF: browsers send every line break of a text box as CRLF.

    So the offsets of the page, its downloads and ``POST /v1/analyze`` of the text as typed agree.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article():
    """Return ``(text, task or None, file name or None)`` from the posted form.

    An uploaded file wins over the text box; it must be UTF-8 (a byte-order mark is dropped). A table
    of articles (a .csv name, a first line of column names) is refused with the way to the corpus page.
    """
    upload = request.files.get(FILE_FIELD)
    filename = None
    if upload is not None and upload.filename:
        filename = upload.filename
        # By its name first: a Parquet file would otherwise be refused as "not UTF-8".
        refuse_table(None, filename)
        raw = upload.read()
        if not raw.strip():
            raise FormError(f"The file {filename} is empty.", field=FILE_FIELD)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FormError(
                f"The file {filename} is not UTF-8 text: byte 0x{raw[exc.start]:02x} at position {exc.start:,} "
                "cannot be read. Save it as UTF-8 (plain text) and upload it again.",
                field=FILE_FIELD,
            ) from None
    else:
        text = request.form.get(TEXT_FIELD, "")
    text = normalise_newlines(text)
    refuse_table(text, filename)
    return text, request.form.get(TASK_FIELD) or None, filename


def _page_message(exc, text, limit, filename):
    """Say what is wrong with the article in the page's words (the API's message otherwise)."""
    what = f"The file {filename}" if filename else "The article"
    if exc.code == "empty_text":
        return f"{what} is empty: paste an article into the box or choose a .txt file."
    if exc.code == "text_too_long":
        return f"{what} is too long: {len(text):,} characters; the limit is {limit:,} (STANCE_MAX_ARTICLE_CHARS)."
    if exc.code == "nul_character":
        return f"{what} contains a NUL character, which is not text."
    return exc.message


def _task_error(exc, task):
    """Turn the API's refusal of ``task`` into the page's error on the task field."""
    if exc.code == "unknown_task":
        served = ", ".join(sorted(current_app.extensions["stance"].snapshot()))
        return FormError(f"No task {task!r} is served; served tasks: {served}.", field=TASK_FIELD)
    return FormError(exc.message, field=TASK_FIELD)


def predictor_for(task):
    """Return the served Predictor of ``task`` (``None``: the default task) that can analyse whole articles."""
    try:
        return served_predictor(task)
    except ApiError as exc:
        raise _task_error(exc, task) from None


def run_analysis(text, task, filename=None):
    """Check and analyse an article with :func:`~service.analyze_api.analyze_text`; return ``(predictor, result)``.

    The function ``POST /v1/analyze`` answers with, so the checks, the served model and the numbers
    are the API's; only the error messages are the page's.
    """
    try:
        return analyze_text({"text": text} if task is None else {"text": text, "task": task})
    except ApiError as exc:
        if exc.field == "task":
            raise _task_error(exc, task) from None
        limit = current_app.config["MAX_ARTICLE_CHARS"]
        raise FormError(
            _page_message(exc, text, limit, filename), field=FILE_FIELD if filename else TEXT_FIELD
        ) from None


def sentence_at(text, field):
    """Return ``(index, sentence)`` for the 1-based sentence number posted in ``field``.

    The sentences are split exactly as :func:`~model.article.analyze_article` splits them.
    """
    spans = split_sentences(text)
    raw = request.form.get(field, "")
    try:
        number = int(raw)
    except ValueError:
        raise FormError(f"{field} must be a sentence number, got {raw!r}.", field=field) from None
    if not 1 <= number <= len(spans):
        raise FormError(f"This article has no sentence {number} (it has {len(spans)}).", field=field)
    start, end = spans[number - 1]
    return number - 1, text[start:end]
