"""What a client written from /openapi.json meets: answers that match the document, and log lines that say why."""

import json
import logging

import pytest
import schemathesis

from service import create_app

GOOD = "The drones threaten the north."


def make_app(model_dir):
    return create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0, "ADMIN_TOKEN": "t"})


def checked_call(app, path, method, **case):
    """Call an operation of the app's own document and raise unless the answer matches the schema of its status."""
    operation = schemathesis.openapi.from_wsgi("/openapi.json", app)[path][method]
    call = operation.Case(**case)
    response = call.call()
    call.validate_response(response)
    return response


def test_a_degraded_readyz_matches_the_document(model_dir):
    # Without its pointer the task serves the last current version and says it is degraded.
    (model_dir / "framing" / "CURRENT").unlink()
    response = checked_call(make_app(model_dir), "/readyz", "GET")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert "CURRENT" in body["degraded"]["framing"]


def test_a_ready_readyz_still_matches_the_document(model_dir):
    response = checked_call(make_app(model_dir), "/readyz", "GET")
    assert response.json()["status"] == "ready"


def test_every_operation_documents_its_other_failures_as_the_error_shape(model_dir):
    spec = make_app(model_dir).test_client().get("/openapi.json").json
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            default = operation["responses"]["default"]
            assert default["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, (
                method,
                path,
            )


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/v1/classify", 405, "method_not_allowed"),
        ("DELETE", "/v1/models", 405, "method_not_allowed"),
        ("GET", "/v1/models/", 404, "not_found"),
    ],
)
def test_undocumented_statuses_are_errors_the_document_describes(client, method, path, status, code):
    spec = client.get("/openapi.json").json
    template = path.rstrip("/")
    documented = next(iter(spec["paths"][template].values()))["responses"]
    assert str(status) not in documented  # Only the default describes it.
    response = client.open(path, method=method)
    assert response.status_code == status
    assert set(response.json) == {"error"}
    assert set(response.json["error"]) == {"code", "message", "field"}
    assert response.json["error"]["code"] == code


def request_lines(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "stance.request"]


def test_the_log_line_of_a_refused_request_names_its_error_code_and_field(client, caplog):
    with caplog.at_level(logging.INFO, logger="stance.request"):
        client.post("/v1/classify", json={"texts": [GOOD, 7]}, headers={"X-Request-ID": "client-42"})
        client.post("/v1/classify", data="{bad", content_type="application/json")
        client.get("/v1/nowhere")
        client.post("/v1/classify", json={"text": GOOD})
    lines = request_lines(caplog)
    assert [(line["status"], line.get("error"), line.get("field")) for line in lines] == [
        (400, "wrong_type", "texts[1]"),
        (400, "invalid_json", None),
        (404, "not_found", None),
        (200, None, None),
    ]
    assert lines[0]["request_id"] == "client-42"
    # A request that succeeded has no error keys at all.
    assert "error" not in lines[3] and "field" not in lines[3]


def test_the_log_line_of_a_bug_says_internal_error(model_dir, caplog):
    app = make_app(model_dir)

    def bug():
        raise RuntimeError("boom")

    app.add_url_rule("/bug", "bug", bug)
    with caplog.at_level(logging.INFO, logger="stance.request"):
        response = app.test_client().get("/bug")
    assert response.status_code == 500
    line = request_lines(caplog)[-1]
    assert (line["status"], line["error"], line["request_id"]) == (
        500,
        "internal_error",
        response.headers["X-Request-ID"],
    )


def test_a_refused_client_request_id_is_logged_beside_the_one_given_instead(client, caplog):
    sent = "req 7/with spaces\tand a tab"
    with caplog.at_level(logging.INFO, logger="stance.request"):
        response = client.get("/healthz", headers={"X-Request-ID": sent})
        client.get("/healthz", headers={"X-Request-ID": "plain-id.1"})
    given = response.headers["X-Request-ID"]
    assert given != sent and len(given) == 32
    refused, plain = request_lines(caplog)
    assert (refused["request_id"], refused["client_request_id"]) == (given, sent)
    assert plain["request_id"] == "plain-id.1" and "client_request_id" not in plain


def test_a_client_request_id_ending_in_a_newline_is_not_echoed(client, caplog):
    # "$" in a regular expression matches before a final newline; echoing it would break the header (a 500).
    with caplog.at_level(logging.INFO, logger="stance.request"):
        response = client.get("/healthz", environ_overrides={"HTTP_X_REQUEST_ID": "abc\n"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] != "abc\n" and len(response.headers["X-Request-ID"]) == 32
    assert request_lines(caplog)[-1]["client_request_id"] == "abc\n"


def test_a_long_refused_client_request_id_is_cut_in_the_log(client, caplog):
    with caplog.at_level(logging.INFO, logger="stance.request"):
        client.get("/healthz", headers={"X-Request-ID": "x" * 5000})
    assert request_lines(caplog)[-1]["client_request_id"] == "x" * 200
