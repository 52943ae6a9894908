"""JSON errors for every 4xx and 5xx: ``{"error": {"code", "message", "field"}}``, never an HTML page."""

import logging
import re

from flask import jsonify
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


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
    """Return the JSON error response every failure path uses."""
    response = jsonify(error={"code": code, "message": message, "field": field})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _code_for(exc):
    """Turn werkzeug's exception name into a snake_case code: ``MethodNotAllowed`` -> ``method_not_allowed``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def handle_api_error(exc):
    """Render an :class:`ApiError`."""
    return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)


def handle_http_exception(exc):
    """Render werkzeug's 404, 405, 413, BadRequest ... as JSON, keeping headers such as ``Allow``."""
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    messages = {
        404: "no such endpoint; see /openapi.json or /docs",
        413: "request body too large",
    }
    message = messages.get(exc.code) or exc.description or exc.name
    if exc.code == 405:
        message = f"method not allowed; this endpoint accepts {headers.get('Allow', 'other methods')}"
    code = "payload_too_large" if exc.code == 413 else _code_for(exc)
    return error_response(exc.code or 500, code, message, headers=headers)


def handle_unexpected(exc):
    """Log an unexpected failure with its traceback and answer a JSON 500 without internals."""
    logger.exception("unhandled error while serving a request")
    return error_response(500, "internal_error", "internal server error; the request was logged")


def register_error_handlers(app):
    """Make every error the app can raise answer in the JSON error format."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    # The last line of defence: a bug must still answer JSON, not werkzeug's HTML page.
    app.register_error_handler(Exception, handle_unexpected)
