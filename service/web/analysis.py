"""Read an article from the page's form and analyse it with the function ``POST /v1/analyze`` uses."""

from flask import current_app, request

from model.sentences import split_sentences
from service.analyze_api import analyze_text, served_predictor
from service.errors import ApiError
from service.web.pages import FormError

TEXT_FIELD = "text"
FILE_FIELD = "file"
TASK_FIELD = "task"


def normalise_newlines(text):
    """Turn CRLF and CR into LF: browsers send every line break of a text box as CRLF.

    So the offsets of the page, its downloads and ``POST /v1/analyze`` of the text as typed agree.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article():
    """Return ``(text, task or None, file name or None)`` from the posted form.

    An uploaded file wins over the text box; it must be UTF-8 (a byte-order mark is dropped).
    """
    upload = request.files.get(FILE_FIELD)
    filename = None
    if upload is not None and upload.filename:
        filename = upload.filename
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
    return normalise_newlines(text), request.form.get(TASK_FIELD) or None, filename


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
