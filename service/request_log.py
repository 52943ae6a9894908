"""One structured log line per request (with the error code and field of a refused one), and an ``X-Request-ID`` on every response."""

import json
import logging
import re
import time
import uuid

from flask import g, request

logger = logging.getLogger("stance.request")
# A client's id is echoed only if it is short and plain, so it cannot forge log lines or headers
# (matched whole with fullmatch: "$" would let a final newline through, which breaks the header).
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_ID_HEADER = "X-Request-ID"
# How much of a refused client id the log line keeps.
_REFUSED_ID_CHARS = 200


def init_app(app):
    """Give each request an id and log it when the response is ready."""
    app.before_request(_start)
    app.after_request(_finish)


def _start():
    """Take the client's request id when it is acceptable, otherwise make one."""
    g.request_started = time.perf_counter()
    client_id = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = client_id if _CLIENT_ID.fullmatch(client_id) else uuid.uuid4().hex
    if client_id and g.request_id != client_id:
        # Logged (JSON-escaped, cut short) beside the id given instead, so the client's own id still finds the line.
        g.refused_request_id = client_id[:_REFUSED_ID_CHARS]


def _finish(response):
    """Echo the request id and log method, path, status, latency and id as one JSON line."""
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    latency_ms = round((time.perf_counter() - started) * 1000, 2) if started is not None else None
    if logger.isEnabledFor(logging.INFO):
        line = {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "latency_ms": latency_ms,
            "request_id": request_id,
            "remote_addr": request.remote_addr,
        }
        refused = g.get("refused_request_id")
        if refused:
            line["client_request_id"] = refused
        error = g.get("error_answered")
        if error:
            # The code and field of the error answered (service/errors.py), so a client's request id says why it failed.
            line["error"] = error["code"]
            # A field is named by the client (a JSON key): cut short, as a refused request id is.
            field = error["field"]
            line["field"] = field[:_REFUSED_ID_CHARS] if isinstance(field, str) else field
        logger.info(json.dumps(line))
    return response
