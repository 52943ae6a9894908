"""Read an article from the page's form and analyse it with the function ``POST /v1/analyze`` uses."""

from flask import current_app, request

from model.article import ArticleError, analyze_article
from model.sentences import split_sentences
from service.analyze_api import parse_analyze
from service.errors import ApiError, check_target
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


def predictor_for(task):
    """Return the served Predictor of ``task`` (``None``: the default task) that can analyse whole articles."""
    registry = current_app.extensions["stance"]
    predictor = registry.get(task)
    if predictor is None:
        served = ", ".join(sorted(registry.snapshot()))
        raise FormError(f"No task {task!r} is served; served tasks: {served}.", field=TASK_FIELD)
    try:
        check_target(predictor, has_target=False, endpoint="analyze")
    except ApiError as exc:
        raise FormError(exc.message, field=TASK_FIELD) from None
    return predictor


def run_analysis(text, task, filename=None):
    """Check and analyse an article as ``POST /v1/analyze`` does; return ``(predictor, result)``.

    The same checks (:func:`~service.analyze_api.parse_analyze`), the same served model of the
    task, the same :func:`~model.article.analyze_article`, so the numbers are the API's.
    """
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    body = {"text": text} if task is None else {"text": text, "task": task}
    try:
        text, task = parse_analyze(body, limit)
    except ApiError as exc:
        raise FormError(
            _page_message(exc, text, limit, filename), field=FILE_FIELD if filename else TEXT_FIELD
        ) from None
    predictor = predictor_for(task)
    try:
        result = analyze_article(predictor, text, max_chars=limit)
    except ArticleError as exc:
        raise FormError(str(exc), field=TEXT_FIELD) from None
    current_app.extensions["stance_metrics"].count_predictions(predictor.task, result["sentences"])
    return predictor, result


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
