"""Every bad request gets a 4xx JSON error naming the code and field: never a 500, never an HTML page."""

import json

import pytest
from werkzeug.exceptions import BadRequest

from service import create_app

GOOD = "The drones threaten the north."
JSON = "application/json"


def post(client, data, content_type=JSON):
    """POST raw bytes (or a JSON-encodable value) to /v1/classify."""
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    return client.post("/v1/classify", data=data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code", "field"),
    [
        pytest.param(b"not json", JSON, 400, "invalid_json", None, id="non-json body"),
        pytest.param(b'{"text": "a",}', JSON, 400, "invalid_json", None, id="trailing comma"),
        pytest.param(b'{"text": NaN}', JSON, 400, "invalid_json", None, id="NaN"),
        pytest.param(b"[" * 100_000, JSON, 400, "invalid_json", None, id="nested too deeply"),
        pytest.param(b"", JSON, 400, "empty_body", None, id="empty body"),
        pytest.param(b'{"text": "caf\xe9"}', JSON, 400, "invalid_utf8", None, id="invalid utf-8"),
        pytest.param(b"\xef\xbb\xbf", JSON, 400, "empty_body", None, id="only a byte order mark"),
        pytest.param(b'\xef\xbb\xbf{"text": "caf\xe9"}', JSON, 400, "invalid_utf8", None, id="bom, then invalid utf-8"),
        pytest.param({"text": GOOD}, "text/plain", 415, "unsupported_media_type", None, id="text/plain"),
        pytest.param(
            {"text": GOOD}, "application/x-www-form-urlencoded", 415, "unsupported_media_type", None, id="form"
        ),
        pytest.param(
            {"text": GOOD}, "application/json; charset=latin-1", 415, "unsupported_media_type", None, id="latin-1"
        ),
        pytest.param({"text": GOOD}, None, 415, "unsupported_media_type", None, id="no content type"),
        pytest.param(["a sentence"], JSON, 400, "wrong_type", None, id="array body"),
        pytest.param("a sentence", JSON, 400, "wrong_type", None, id="string body"),
        pytest.param({}, JSON, 400, "missing_field", "text", id="empty object"),
        pytest.param({"text": ""}, JSON, 400, "empty_text", "text", id="empty text"),
        pytest.param({"text": " \t\n\u00a0\u2003"}, JSON, 400, "empty_text", "text", id="whitespace text"),
        pytest.param({"text": 42}, JSON, 400, "wrong_type", "text", id="number text"),
        pytest.param({"text": None}, JSON, 400, "wrong_type", "text", id="null text"),
        pytest.param({"text": ["a"]}, JSON, 400, "wrong_type", "text", id="list as text"),
        pytest.param({"text": "a\u0000b"}, JSON, 400, "nul_character", "text", id="NUL byte"),
        pytest.param(b'{"text": "a \\ud800 b"}', JSON, 400, "invalid_text", "text", id="lone surrogate"),
        pytest.param({"text": "x" * 5001}, JSON, 400, "text_too_long", "text", id="text too long"),
        pytest.param({"texts": []}, JSON, 400, "empty_list", "texts", id="empty list"),
        pytest.param({"texts": "a sentence"}, JSON, 400, "wrong_type", "texts", id="string as texts"),
        pytest.param({"texts": [GOOD, 1]}, JSON, 400, "wrong_type", "texts[1]", id="number in texts"),
        pytest.param({"texts": [GOOD, " "]}, JSON, 400, "empty_text", "texts[1]", id="blank in texts"),
        pytest.param({"texts": [GOOD, "x" * 5001]}, JSON, 400, "text_too_long", "texts[1]", id="long in texts"),
        pytest.param({"texts": [GOOD] * 1001}, JSON, 400, "too_many_texts", "texts", id="too many texts"),
        pytest.param({"text": GOOD, "texts": [GOOD]}, JSON, 400, "conflicting_fields", "texts", id="text and texts"),
        pytest.param({"text": GOOD, "lang": "en"}, JSON, 400, "unknown_field", "lang", id="unknown field"),
        pytest.param(b'{"text": "a", "text": "b"}', JSON, 400, "duplicate_field", "text", id="duplicate field"),
        pytest.param({"text": GOOD, "task": "weather"}, JSON, 400, "unknown_task", "task", id="unknown task"),
        pytest.param({"text": GOOD, "task": ""}, JSON, 400, "unknown_task", "task", id="empty task"),
        pytest.param({"text": GOOD, "task": None}, JSON, 400, "wrong_type", "task", id="null task"),
        pytest.param({"text": GOOD, "task": 3}, JSON, 400, "wrong_type", "task", id="number task"),
        pytest.param({"text": GOOD, "task": "../../etc"}, JSON, 400, "unknown_task", "task", id="path as task"),
        pytest.param({"text": GOOD, "explain": "yes"}, JSON, 400, "wrong_type", "explain", id="string explain"),
        pytest.param({"text": GOOD, "explain": 1}, JSON, 400, "wrong_type", "explain", id="number explain"),
    ],
)
def test_bad_classify_requests(client, data, content_type, status, code, field):
    response = post(client, data, content_type)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] == code
    assert error["field"] == field
    assert error["message"]


def test_body_too_large_is_413_json(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir), "MAX_CONTENT_LENGTH": 100})
    response = post(app.test_client(), {"text": "x" * 200})
    assert response.status_code == 413
    assert response.json["error"] == {
        "code": "payload_too_large",
        "message": "request body too large; the limit is 100 bytes (STANCE_MAX_CONTENT_LENGTH)",
        "field": None,
    }


def test_the_413_message_names_the_default_limit_in_mebibytes(client):
    response = client.post("/v1/classify", data=b"x" * (8 * 2**20 + 1), content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["message"] == (
        "request body too large; the limit is 8 MiB (8,388,608 bytes, STANCE_MAX_CONTENT_LENGTH)"
    )


def test_unknown_path_is_404_json(client):
    response = client.get("/v2/classify")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_a_leading_byte_order_mark_is_dropped_as_batch_files_drop_it(client):
    body = b'{"text": "The drones threaten the north."}'
    with_bom = client.post("/v1/classify", data=b"\xef\xbb\xbf" + body, content_type=JSON)
    assert with_bom.status_code == 200, with_bom.json
    assert with_bom.json == client.post("/v1/classify", data=body, content_type=JSON).json


def test_the_invalid_utf8_byte_is_counted_from_the_start_of_the_body_with_its_bom(client):
    response = client.post("/v1/classify", data=b'\xef\xbb\xbf{"text": "caf\xe9"}', content_type=JSON)
    # Counted from 0 in the body as sent: 3 bytes of BOM, then 13 of '{"text": "caf', then the bad byte.
    assert response.json["error"]["message"] == "request body is not valid UTF-8 (byte 16)"


@pytest.mark.parametrize(
    ("method", "path", "meant"),
    [
        ("POST", "/v1/classify/", "/v1/classify"),
        ("GET", "/v1/models/", "/v1/models"),
        ("GET", "/healthz//", "/healthz"),
        ("GET", "/v1/models/framing/current/report/", "/v1/models/framing/current/report"),
        # The path exists without the slash for another method: it is still the one meant.
        ("GET", "/v1/classify/", "/v1/classify"),
    ],
)
def test_a_trailing_slash_404_names_the_path_meant(client, method, path, meant):
    response = client.open(path, method=method, json={"text": GOOD} if method == "POST" else None)
    assert response.status_code == 404
    assert response.json["error"] == {
        "code": "not_found",
        "message": f"no such endpoint {path!r}; did you mean {meant!r}? Paths take no trailing slash",
        "field": None,
    }


@pytest.mark.parametrize("path", ["/v2/classify", "/v2/classify/", "/nothing/here/"])
def test_a_404_without_a_path_meant_points_to_the_document(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json["error"]["message"] == "no such endpoint; see /openapi.json or /docs"


@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/classify"), ("DELETE", "/v1/models"), ("POST", "/healthz")])
def test_wrong_method_is_405_json_with_allow(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert response.headers["Allow"]


def test_werkzeug_bad_request_and_bugs_answer_json(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir)})

    def bad():
        raise BadRequest("the browser sent nonsense")

    def bug():
        raise RuntimeError("secret internals")

    app.add_url_rule("/bad", "bad", bad)
    app.add_url_rule("/bug", "bug", bug)
    client = app.test_client()
    response = client.get("/bad")
    assert response.status_code == 400
    assert response.json["error"] == {"code": "bad_request", "message": "the browser sent nonsense", "field": None}
    response = client.get("/bug")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_error"
    assert "secret" not in response.data.decode()


def test_limits_are_configurable(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir), "MAX_TEXTS": 2, "MAX_TEXT_CHARS": 10})
    client = app.test_client()
    assert post(client, {"texts": ["a", "b", "c"]}).json["error"]["code"] == "too_many_texts"
    assert post(client, {"text": "x" * 11}).json["error"]["code"] == "text_too_long"
    assert post(client, {"texts": ["a", "x" * 10]}).status_code == 200


def test_admin_reload_is_off_without_a_token(client):
    response = client.post("/v1/admin/reload", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic c2VjcmV0", "Bearer"])
def test_admin_reload_needs_the_token(model_dir, header):
    app = create_app({"MODEL_DIR": str(model_dir), "ADMIN_TOKEN": "secret"})
    headers = {"Authorization": header} if header else {}
    response = app.test_client().post("/v1/admin/reload", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
