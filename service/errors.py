"""JSON errors for every 4xx and 5xx: ``{"error": {"code", "message", "field"}}``, never an HTML page."""

import io
import logging
import re

from flask import current_app, g, has_app_context, has_request_context, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

logger = logging.getLogger(__name__)

# Every code an error response can carry, with what it means. The handlers below and the OpenAPI
# document (service/openapi.py) both read this list, and tests/test_feedback_faults.py checks that
# every code the service code raises is in it: add a code here before using it.
ERROR_CODES = {
    "bad_request": "a malformed request the HTTP layer refused (werkzeug's 400 and other 4xx)",
    "invalid_input": "a value the API refuses that has no more specific code",
    "unsupported_media_type": "the body is not application/json in UTF-8, or is compressed (Content-Encoding)",
    "empty_body": "no request body",
    "invalid_utf8": "the body is not valid UTF-8",
    "invalid_json": "the body is not valid JSON, or is nested too deeply",
    "duplicate_field": "a field is given twice",
    "wrong_type": "a field has the wrong JSON type",
    "unknown_field": "a field the endpoint does not accept (in the body, or as a query parameter)",
    "conflicting_fields": "two fields that exclude each other (text and texts, target and targets)",
    "missing_field": "a required field is missing (a target for a task with a target column, too)",
    "empty_text": "a text is empty or only whitespace (or characters that show nothing)",
    "text_too_long": "a text is longer than the limit",
    "nul_character": "a text contains a NUL character",
    "invalid_text": "a text holds an unpaired surrogate, which UTF-8 cannot carry",
    "empty_list": "texts is an empty list",
    "too_many_texts": "more texts than the batch limit",
    "too_many_articles": "more articles than the limit of one analyze request (STANCE_MAX_ARTICLES)",
    "unknown_column": "a summary option names a column that no analysed row has",
    "unknown_date_format": "no article's date is in a known format, so the summary cannot put them in periods",
    "length_mismatch": "targets does not have one target per text",
    "target_not_supported": "a target for a task without a target column, or a target task where none can be given",
    "unknown_task": "no such task is served",
    "unknown_label": "the label is not one of the task's labels",
    "not_found": "no such endpoint, task, version or report",
    "method_not_allowed": "the endpoint does not accept this method (see the Allow header)",
    "payload_too_large": "the request body is over the size limit",
    "unauthorized": "a missing or wrong bearer token",
    "too_many_attempts": "too many wrong tokens from this client address; wait for Retry-After seconds",
    "reload_refused": "the new model version was not loaded; the old one keeps serving",
    "not_ready": "no model can answer yet",
    "feedback_unavailable": "the corrections store is busy or cannot be written; try again shortly",
    "internal_error": "a bug or a server failure; the request was logged",
}


class ServiceError(Exception):
    """The service cannot start: its configuration is invalid or no model can be loaded."""


class ApiError(Exception):
    """A request the API refuses, with the HTTP status, a stable code and the offending field."""

    def __init__(self, message, code="invalid_input", status=400, field=None, headers=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field
        self.headers = headers or {}


def error_response(status, code, message, field=None, headers=None):
    """Return the JSON error response every failure path uses; the request's log line names its code and field."""
    if has_request_context():
        # service/request_log.py writes these into the request's line, so its X-Request-ID says why it failed.
        g.error_answered = {"code": code, "field": field}
    response = jsonify(error={"code": code, "message": message, "field": field})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _code_for(exc):
    """Turn werkzeug's exception into a documented code: ``MethodNotAllowed`` -> ``method_not_allowed``.

    A werkzeug error without a code of its own in :data:`ERROR_CODES` (414, 431 ...) becomes
    ``bad_request`` or ``internal_error``, so a client never meets an undocumented code.
    """
    if exc.code == 413:
        return "payload_too_large"
    code = re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()
    if code in ERROR_CODES:
        return code
    return "internal_error" if (exc.code or 500) >= 500 else "bad_request"


def check_target(predictor, has_target, field="target", endpoint=None):
    """Raise an :class:`ApiError` unless a target comes with the text exactly when the task needs one.

    Parameters
    ----------
    predictor : Predictor
        The model that will serve the request; ``predictor.target_column`` says whether its task
        reads a target (the claim or entity a text is about) with each text.
    has_target : bool
        Whether the request gives a target.
    field : str
        The request field that carries (or would carry) the target.
    endpoint : str, optional
        The name of an endpoint that takes no target at all (``"analyze"``): a task with a target
        column is then refused on the ``task`` field.
    """
    from model.targets import MISSING, UNSUPPORTED, target_message, target_problem

    problem = target_problem(predictor.target_column, has_target, takes_targets=endpoint is None)
    if problem is None:
        return
    message = target_message(problem, predictor.task, predictor.target_column, field, endpoint)
    if problem == MISSING:
        raise ApiError(message, code="missing_field", field=field)
    raise ApiError(message, code="target_not_supported", field="task" if problem == UNSUPPORTED else field)


def handle_api_error(exc):
    """Render an :class:`ApiError`."""
    return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)


def handle_http_exception(exc):
    """Render werkzeug's 404, 405, 413, BadRequest ... as JSON, keeping headers such as ``Allow``."""
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    messages = {
        404: _not_found_message(),
        413: _too_large(),
    }
    message = messages.get(exc.code) or exc.description or exc.name
    if exc.code == 405:
        message = f"method not allowed; this endpoint accepts {headers.get('Allow', 'other methods')}"
    if exc.code in (404, 405) and _browser_page_request():
        # A mistyped page address in a browser gets a page, not the API's JSON.
        from service.web.pages import render_error

        page, status = render_error(
            _page_message(exc.code, headers), exc.code, "Not found" if exc.code == 404 else "Not allowed"
        )
        return page, status, {k: v for k, v in headers.items() if k.lower() == "allow"}
    return error_response(exc.code or 500, _code_for(exc), message, headers=headers)


def _not_found_message():
    """The 404 message; for a path that exists without its trailing slash, it names that path."""
    path = request.path if has_request_context() else ""
    stripped = path.rstrip("/")
    if stripped and stripped != path:
        try:
            current_app.create_url_adapter(request).match(stripped, method=request.method)
        except MethodNotAllowed:
            pass  # The path exists; the 405 it would get is the next thing the client learns.
        except HTTPException:
            stripped = None
        if stripped:
            return f"no such endpoint {path!r}; did you mean {stripped!r}? Paths take no trailing slash"
    return "no such endpoint; see /openapi.json or /docs"


def _browser_page_request():
    """True for a request outside the API that a browser made (it prefers HTML to JSON)."""
    if request.path.startswith(("/v1/", "/openapi", "/metrics", "/healthz", "/readyz")):
        return False
    accept = request.accept_mimetypes
    return (
        accept.best_match(["application/json", "text/html"]) == "text/html"
        and accept["text/html"] > accept["application/json"]
    )


def _page_message(code, headers):
    """The sentence an error page shows for a 404 or 405 of a page address."""
    if code == 404:
        return "There is no page at this address. The links at the top of the page lead to every page."
    return f"This address does not answer a {request.method} request (it accepts {headers.get('Allow', 'others')})."


def _too_large():
    """The 413 message, naming the limit as every other limit error does."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") if has_app_context() else None
    if not limit:
        return "request body too large"
    setting = "STANCE_MAX_CONTENT_LENGTH"
    if limit < 2**20:
        return f"request body too large; the limit is {limit:,} bytes ({setting})"
    return f"request body too large; the limit is {limit / 2**20:g} MiB ({limit:,} bytes, {setting})"


def handle_unexpected(exc):
    """Log an unexpected failure with its traceback and answer a JSON 500 without internals."""
    logger.exception("unhandled error while serving a request")
    return error_response(500, "internal_error", "internal server error; the request was logged")


def handle_malformed_body(exc):
    """Answer a body the server could not decode (a bad chunk size, a chunk without its CRLF) with a 400."""
    logger.info("malformed request body: %s", exc)
    return error_response(400, "bad_request", f"malformed request body: {exc}")


def refuse_oversized_stream():
    """Read a body sent without Content-Length (chunked) up front, and refuse it with 413 if over the limit.

    werkzeug reads such a body only up to MAX_CONTENT_LENGTH and silently drops the rest, so the
    views would see a cut-off body (400 invalid_json) instead of a 413. Reading it here also turns a
    malformed chunked body into a 400 before any view runs.
    """
    environ = request.environ
    if environ.get("CONTENT_LENGTH") or "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None:
        return
    body = environ["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        raise RequestEntityTooLarge()
    # Nothing has read the stream yet (this hook runs first), so the views read these bytes instead.
    environ["wsgi.input"] = io.BytesIO(body)


def register_error_handlers(app):
    """Make every error the app can raise answer in the JSON error format."""
    from gunicorn.http.errors import NoMoreData, ParseException

    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    # gunicorn decodes a chunked body while the app reads it, so its parse errors surface in the app.
    app.register_error_handler(ParseException, handle_malformed_body)
    app.register_error_handler(NoMoreData, handle_malformed_body)
    # First, so that no other hook reads the stream before it is checked.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_stream)
    # The last line of defence: a bug must still answer JSON, not werkzeug's HTML page.
    app.register_error_handler(Exception, handle_unexpected)
