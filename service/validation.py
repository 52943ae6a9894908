"""Check a ``POST /v1/classify`` body and turn every problem into an :class:`ApiError` that names the field."""

import json
from dataclasses import dataclass

from service.errors import ApiError

CLASSIFY_FIELDS = ("text", "texts", "target", "targets", "task", "explain")


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
    # get_data raises werkzeug's 413 itself when the body exceeds MAX_CONTENT_LENGTH.
    raw = request.get_data(cache=False)
    if not raw:
        raise invalid("request body is empty; send a JSON object", code="empty_body")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid(f"request body is not valid UTF-8 (byte {exc.start})", code="invalid_utf8") from None
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise invalid(
            f"request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", code="invalid_json"
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
    if not value.strip():
        raise invalid(f"{field} is empty or only whitespace", field, "empty_text")
    if len(value) > max_chars:
        raise invalid(f"{field} has {len(value)} characters; the limit is {max_chars}", field, "text_too_long")
    if "\x00" in value:
        raise invalid(f"{field} contains a NUL character", field, "nul_character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # "\ud800" is valid JSON but no valid text: it cannot be written back as UTF-8.
        raise invalid(f"{field} contains an unpaired surrogate (\\ud800-\\udfff)", field, "invalid_text") from None
    return value


def json_type(value):
    """Name the JSON type of a parsed value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


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
