"""Check ``POST /v1/classify`` and ``/v1/analyze`` bodies; turn every problem into an :class:`ApiError` naming the field."""

import codecs
import json
from dataclasses import dataclass

from model.json_kind import json_kind
from model.json_text import json_error, load_json
from model.text import HOLDS_NUL, find_problem
from service.corpus.dates import PERIODS
from service.errors import ApiError

CLASSIFY_FIELDS = ("text", "texts", "target", "targets", "task", "explain")
# The options of the summary of POST /v1/analyze with articles: those of ``stance summarize``.
SUMMARY_FIELDS = (
    "by",
    "period",
    "date_column",
    "id_column",
    "min_confidence",
    "alert_min_count",
    "alert_min_articles",
    "alert_fdr",
    "evidence",
    "outlet_column",
)


@dataclass(frozen=True)
class ClassifyRequest:
    """A checked classify request: the texts in order, the task asked for (``None`` = default), explain."""

    texts: list
    task: str | None
    explain: bool
    # One target (claim or entity) per text, for a task with a target column; None when not given.
    targets: list | None = None
    # The field that carries (or would carry) the targets: target with text, targets with texts.
    target_field: str = "target"


def invalid(message, field=None, code="invalid_input"):
    """Return a 400 :class:`ApiError`."""
    return ApiError(message, code=code, status=400, field=field)


def read_json_body(request):
    """Return the parsed JSON body, or raise an :class:`ApiError` for a wrong type, encoding or syntax."""
    if request.mimetype != "application/json":
        raise ApiError(
            f"Content-Type must be application/json, got {request.mimetype or 'none'!r}",
            code="unsupported_media_type",
            status=415,
        )
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(f"charset must be utf-8, got {charset!r}", code="unsupported_media_type", status=415)
    if request.args:
        # Unknown body fields are refused; a field sent in the URL instead ("?task=x") must not be ignored.
        name = next(iter(request.args))
        raise invalid(
            f"query parameter {name!r} is not accepted: send every field in the JSON body", name, "unknown_field"
        )
    coding = request.headers.get("Content-Encoding", "").strip().lower()
    if coding not in ("", "identity"):
        # A gzipped body would otherwise be refused as "not valid UTF-8 (byte 1)", which hides why.
        raise ApiError(
            f"Content-Encoding {coding!r} is not supported; send the body uncompressed",
            code="unsupported_media_type",
            status=415,
        )
    # get_data raises werkzeug's 413 itself when the body exceeds MAX_CONTENT_LENGTH.
    raw = request.get_data(cache=False)
    # A leading BOM is dropped, as batch files drop it (RFC 8259 lets a parser ignore it): Windows
    # tools write one (PowerShell's UTF8 files sent with curl -d @file), and it is no JSON error.
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    if len(raw) == skip:
        raise invalid("request body is empty; send a JSON object", code="empty_body")
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid(f"request body is not valid UTF-8 (byte {exc.start + skip})", code="invalid_utf8") from None
    try:
        return load_json(text, parse_constant=_reject_constant, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise invalid(
            f"request body is not valid JSON: {json_error(exc, with_line=True)}", code="invalid_json"
        ) from None
    except RecursionError:
        raise invalid("request body is not valid JSON: nested too deeply", code="invalid_json") from None


def _reject_constant(name):
    """Refuse ``NaN`` and ``Infinity``: Python's json accepts them, JSON does not."""
    raise invalid(f"request body is not valid JSON: {name} is not a JSON value", code="invalid_json")


def _reject_duplicates(pairs):
    """Build an object, refusing a key given twice (which value would win is a guess)."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise invalid(f"field {key!r} is given twice", field=key, code="duplicate_field")
        result[key] = value
    return result


def check_text(value, field, max_chars):
    """Return ``value`` if it is a usable sentence, else raise an :class:`ApiError` naming ``field``."""
    if not isinstance(value, str):
        raise invalid(f"{field} must be a string, got {json_type(value)}", field, "wrong_type")
    # Blank, too long, NUL: the check every text of the project goes through (model/text.py).
    problem = find_problem(value, max_chars)
    if problem is not None:
        raise invalid(problem.about(field), field, problem.code)
    return _check_encodable(value, field)


def check_characters(value, field):
    """Return the string ``value`` unless it holds a NUL or an unpaired surrogate; else raise naming ``field``."""
    if "\x00" in value:
        raise invalid(f"{field} {HOLDS_NUL}", field, "nul_character")
    return _check_encodable(value, field)


def _check_encodable(value, field):
    """Return ``value`` unless it holds an unpaired surrogate; else raise naming ``field``."""
    if not _encodable(value):
        # "\ud800" is valid JSON but no valid text: it cannot be written back as UTF-8.
        raise invalid(f"{field} contains an unpaired surrogate (\\ud800-\\udfff)", field, "invalid_text")
    return value


def _encodable(value):
    """Whether a string can be written as UTF-8 (a lone surrogate cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_type(value):
    """Name the JSON type of a parsed value, for error messages: "null", "a number", "a list", "an object"."""
    # One wording for the API, the pages, batch files and training data (model/json_kind.py).
    return json_kind(value)


def check_fields(body, accepted):
    """Raise :func:`invalid` unless ``body`` is a JSON object whose keys are all in ``accepted``."""
    if not isinstance(body, dict):
        raise invalid(f"request body must be a JSON object, got {json_type(body)}", code="wrong_type")
    for key in body:
        if key not in accepted:
            raise invalid(f"unknown field {key!r}; accepted fields: {', '.join(accepted)}", key, "unknown_field")


def parse_classify(body, max_texts, max_text_chars):
    """Check a parsed classify body and return a :class:`ClassifyRequest`."""
    check_fields(body, CLASSIFY_FIELDS)
    if "text" in body and "texts" in body:
        raise invalid("give either text or texts, not both", "texts", "conflicting_fields")
    if "text" in body:
        texts = [check_text(body["text"], "text", max_text_chars)]
    elif "texts" in body:
        texts = _check_texts(body["texts"], max_texts, max_text_chars)
    else:
        raise invalid("missing field text (one sentence) or texts (a list of sentences)", "text", "missing_field")
    targets = _check_targets(body, len(texts), max_text_chars)
    task = body.get("task")
    if "task" in body and not isinstance(task, str):
        raise invalid(f"task must be a string, got {json_type(task)}", "task", "wrong_type")
    explain = body.get("explain", False)
    if not isinstance(explain, bool):
        raise invalid(f"explain must be true or false, got {json_type(explain)}", "explain", "wrong_type")
    target_field = "target" if "text" in body else "targets"
    return ClassifyRequest(texts=texts, task=task, explain=explain, targets=targets, target_field=target_field)


def _check_targets(body, n_texts, max_text_chars):
    """Return the targets (``target`` goes with ``text``, ``targets`` with ``texts``), or None if none is given."""
    if "target" in body and "targets" in body:
        raise invalid("give either target or targets, not both", "targets", "conflicting_fields")
    if "target" in body:
        if "texts" in body:
            raise invalid(
                "target goes with text; with texts, send targets (one per text)", "target", "conflicting_fields"
            )
        return [check_text(body["target"], "target", max_text_chars)]
    if "targets" not in body:
        return None
    value = body["targets"]
    if "text" in body:
        raise invalid("targets goes with texts; with text, send target", "targets", "conflicting_fields")
    if not isinstance(value, list):
        raise invalid(f"targets must be an array of strings, got {json_type(value)}", "targets", "wrong_type")
    if len(value) != n_texts:
        raise invalid(
            f"targets has {len(value)} items but texts has {n_texts}; send one target per text",
            "targets",
            "length_mismatch",
        )
    return [check_text(item, f"targets[{i}]", max_text_chars) for i, item in enumerate(value)]


def _check_texts(value, max_texts, max_text_chars):
    """Return ``value`` if it is a non-empty list of usable sentences within the limits."""
    if not isinstance(value, list):
        raise invalid(f"texts must be an array of strings, got {json_type(value)}", "texts", "wrong_type")
    if not value:
        raise invalid("texts is an empty array; send at least one sentence", "texts", "empty_list")
    if len(value) > max_texts:
        raise invalid(f"texts has {len(value)} items; the limit is {max_texts} per request", "texts", "too_many_texts")
    return [check_text(item, f"texts[{i}]", max_text_chars) for i, item in enumerate(value)]


@dataclass(frozen=True)
class ArticlesRequest:
    """A checked ``POST /v1/analyze`` body with articles: each article's text and metadata, the task, the summary options."""

    # (text, metadata) per article, in input order; metadata holds every field but text, in the order sent.
    articles: list
    task: str | None
    # Keywords of service.corpus.columns.SummaryOptions that the request sets, and nothing else.
    summary: dict


def parse_articles(body, max_articles):
    """Check an analyze body that carries ``articles`` and return an :class:`ArticlesRequest`.

    An article's text must be a string without NUL or unpaired surrogate; an empty or over-long text
    is not refused here: its article gets an error row, as ``stance analyze`` gives it.
    """
    if "text" in body:
        raise invalid(
            "give either text (one article) or articles (a list of articles), not both",
            "articles",
            "conflicting_fields",
        )
    value = body["articles"]
    if not isinstance(value, list):
        raise invalid(f"articles must be an array of objects, got {json_type(value)}", "articles", "wrong_type")
    if not value:
        raise invalid("articles is an empty array; send at least one article", "articles", "empty_list")
    if len(value) > max_articles:
        raise invalid(
            f"articles has {len(value):,} items; the limit is {max_articles:,} per request (STANCE_MAX_ARTICLES)",
            "articles",
            "too_many_articles",
        )
    articles = [_check_article(item, f"articles[{i}]") for i, item in enumerate(value)]
    task = body.get("task")
    if "task" in body and not isinstance(task, str):
        raise invalid(f"task must be a string, got {json_type(task)}", "task", "wrong_type")
    return ArticlesRequest(articles=articles, task=task, summary=_check_summary(body.get("summary", {})))


def _check_article(item, where):
    """Return ``(text, metadata)`` of one article, naming ``articles[i]`` or ``articles[i].field`` on a problem."""
    if not isinstance(item, dict):
        raise invalid(f"{where} must be an object with a text field, got {json_type(item)}", where, "wrong_type")
    if "text" not in item:
        raise invalid(f"missing field {where}.text (the article)", f"{where}.text", "missing_field")
    text = item["text"]
    if not isinstance(text, str):
        raise invalid(f"{where}.text must be a string, got {json_type(text)}", f"{where}.text", "wrong_type")
    check_characters(text, f"{where}.text")
    metadata = {}
    for key, value in item.items():
        if key == "text":
            continue
        if not _encodable(key):
            # The name cannot go into the answer (not even the error's field): it is not UTF-8.
            raise invalid(
                f"a field name of {where} contains an unpaired surrogate (\\ud800-\\udfff)", where, "invalid_text"
            )
        field = f"{where}.{key}"
        if isinstance(value, dict | list):
            # One value per cell: a nested value has no column to go to.
            raise invalid(
                f"{field} must be a string, number, boolean or null, got {json_type(value)}", field, "wrong_type"
            )
        if isinstance(value, str) and not _encodable(value):
            raise invalid(f"{field} contains an unpaired surrogate (\\ud800-\\udfff)", field, "invalid_text")
        metadata[key] = value
    return text, metadata


def _check_summary(value):
    """Return the summary options a request sets, as :class:`~service.corpus.columns.SummaryOptions` keywords."""
    if not isinstance(value, dict):
        raise invalid(f"summary must be an object of options, got {json_type(value)}", "summary", "wrong_type")
    options = {}
    for key, option in value.items():
        field = f"summary.{key}"
        if key not in SUMMARY_FIELDS:
            # repr() and the bare "summary" keep a name that is not UTF-8 out of the answer.
            field = field if _encodable(key) else "summary"
            raise invalid(
                f"unknown field {key!r} in summary; accepted: {', '.join(SUMMARY_FIELDS)}", field, "unknown_field"
            )
        if key == "by":
            names = [option] if isinstance(option, str) else option
            if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
                raise invalid(f"{field} must be a field name or an array of them", field, "wrong_type")
            options[key] = tuple(names)
        elif key == "period":
            if not isinstance(option, str) or option not in PERIODS:
                raise invalid(f"{field} must be one of {', '.join(PERIODS)}, got {option!r}", field, "invalid_input")
            options[key] = option
        elif key == "min_confidence":
            if isinstance(option, bool) or not isinstance(option, int | float) or not 0 <= option <= 1:
                raise invalid(f"{field} must be a number from 0 to 1, got {option!r}", field, "invalid_input")
            options[key] = float(option)
        elif key == "alert_fdr":
            if isinstance(option, bool) or not isinstance(option, int | float) or not 0 < option <= 1:
                raise invalid(f"{field} must be a number above 0 and at most 1, got {option!r}", field, "invalid_input")
            options[key] = float(option)
        elif key in ("alert_min_count", "alert_min_articles", "evidence"):
            if isinstance(option, bool) or not isinstance(option, int) or option < 1:
                raise invalid(f"{field} must be a whole number of at least 1, got {option!r}", field, "invalid_input")
            options[key] = option
        else:
            if not isinstance(option, str):
                raise invalid(f"{field} must be a field name, got {json_type(option)}", field, "wrong_type")
            options[key] = option
    return options
