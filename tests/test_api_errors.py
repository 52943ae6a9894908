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
        pytest.param(b'\xef\xbb\xbf{"text": "a"}', JSON, 400, "invalid_json", None, id="byte order mark"),
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
