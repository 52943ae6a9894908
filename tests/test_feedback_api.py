"""POST /v1/feedback: the token, validation like /v1/classify, and the stored prediction."""

import pytest

from service import create_app
from tests.conftest import AUTH, TOKEN
from training.feedback import COLUMNS, FeedbackStore, default_db_path

TEXT = "The drills were an intimidating rehearsal for an invasion, he said."


def make_app(model_dir, **config):
    """An app over the tiny model with ``config`` added."""
    return create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0, **config})


@pytest.fixture
def feedback_app(model_dir):
    """An app that accepts feedback with TOKEN."""
    return make_app(model_dir, FEEDBACK_TOKEN=TOKEN)


@pytest.fixture
def feedback_client(feedback_app):
    """A test client of ``feedback_app``."""
    return feedback_app.test_client()


def test_a_correction_is_stored_with_the_served_prediction(feedback_app, feedback_client, model_dir):
    predictor = feedback_app.extensions["stance"].get()
    predicted = predictor.predict([TEXT])[0]["label"]
    label = next(x for x in predictor.labels if x != predicted)
    response = feedback_client.post(
        "/v1/feedback",
        json={"task": "framing", "text": TEXT, "label": label, "note": " rehearsal = threat "},
        headers=AUTH,
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["id"] == 1
    assert body["task"] == "framing"
    assert body["text"] == TEXT
    assert body["label"] == label
    assert body["predicted_label"] == predicted
    assert body["model_version"] == predictor.version
    assert body["note"] == "rehearsal = threat"
    assert body["status"] == "pending"
    assert body["reviewed_at"] is None
    assert body["new"] is True and body["replaced"] is False and body["previous_label"] is None
    assert body["removed_ids"] == [] and body["agrees_with_model"] is False
    # Stored in the default store, exactly as answered.
    assert FeedbackStore(default_db_path()).list() == [{k: body[k] for k in COLUMNS}]


def test_task_defaults_to_the_default_task_and_note_is_optional(feedback_client):
    response = feedback_client.post("/v1/feedback", json={"text": TEXT, "label": "threat"}, headers=AUTH)
    assert response.status_code == 201
    assert response.json["task"] == "framing"
    assert response.json["note"] is None


def test_the_store_path_is_configurable(model_dir, tmp_path):
    path = tmp_path / "elsewhere" / "corrections.db"
    client = make_app(model_dir, FEEDBACK_TOKEN=TOKEN, FEEDBACK_DB=str(path)).test_client()
    assert client.post("/v1/feedback", json={"text": TEXT, "label": "threat"}, headers=AUTH).status_code == 201
    assert len(FeedbackStore(path).list()) == 1
    assert not default_db_path().exists()


def test_without_any_token_the_endpoint_does_not_exist(model_dir):
    client = make_app(model_dir).test_client()
    response = client.post("/v1/feedback", json={"text": TEXT, "label": "threat"}, headers=AUTH)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert "/v1/feedback" not in client.get("/openapi.json").json["paths"]


def test_the_admin_token_is_the_fallback(model_dir):
    client = make_app(model_dir, ADMIN_TOKEN="admin-secret").test_client()
    ok = client.post(
        "/v1/feedback", json={"text": TEXT, "label": "threat"}, headers={"Authorization": "Bearer admin-secret"}
    )
    assert ok.status_code == 201


def test_the_feedback_token_wins_over_the_admin_token(model_dir):
    client = make_app(model_dir, ADMIN_TOKEN="admin-secret", FEEDBACK_TOKEN=TOKEN).test_client()
    body = {"text": TEXT, "label": "threat"}
    assert client.post("/v1/feedback", json=body, headers={"Authorization": "Bearer admin-secret"}).status_code == 401
    assert client.post("/v1/feedback", json=body, headers=AUTH).status_code == 201


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}],
)
def test_a_missing_or_wrong_token_is_refused(feedback_client, model_dir, headers):
    response = feedback_client.post("/v1/feedback", json={"text": TEXT, "label": "threat"}, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not default_db_path().exists()


@pytest.mark.parametrize(
    "body, status, code, field",
    [
        ({}, 400, "missing_field", "text"),
        ({"text": TEXT}, 400, "missing_field", "label"),
        ([TEXT], 400, "wrong_type", None),
        ({"text": TEXT, "label": "wrong"}, 400, "unknown_label", "label"),
        ({"text": TEXT, "label": 1}, 400, "wrong_type", "label"),
        ({"text": TEXT, "label": "threat", "task": "nope"}, 400, "unknown_task", "task"),
        ({"text": TEXT, "label": "threat", "task": 3}, 400, "wrong_type", "task"),
        ({"text": "", "label": "threat"}, 400, "empty_text", "text"),
        ({"text": "   ", "label": "threat"}, 400, "empty_text", "text"),
        ({"text": "x" * 5001, "label": "threat"}, 400, "text_too_long", "text"),
        ({"text": "a\x00b", "label": "threat"}, 400, "nul_character", "text"),
        ({"text": TEXT, "label": "threat", "confidence": 1}, 400, "unknown_field", "confidence"),
        ({"text": TEXT, "label": "threat", "note": 5}, 400, "wrong_type", "note"),
        ({"text": TEXT, "label": "threat", "note": "n" * 2001}, 400, "text_too_long", "note"),
    ],
)
def test_bad_input_is_refused_with_the_classify_conventions(feedback_client, model_dir, body, status, code, field):
    response = feedback_client.post("/v1/feedback", json=body, headers=AUTH)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["field"] == field
    assert FeedbackStore(default_db_path()).list() == []


@pytest.mark.parametrize(
    "data, content_type, status, code",
    [
        ("not json", "application/json", 400, "invalid_json"),
        ('{"text": "a", "text": "b", "label": "threat"}', "application/json", 400, "duplicate_field"),
        ('{"text": "a", "label": "threat"}', "text/plain", 415, "unsupported_media_type"),
        ("", "application/json", 400, "empty_body"),
    ],
)
def test_malformed_bodies_are_refused(feedback_client, data, content_type, status, code):
    response = feedback_client.post("/v1/feedback", data=data, content_type=content_type, headers=AUTH)
    assert response.status_code == status
    assert response.json["error"]["code"] == code


def test_the_endpoint_is_in_the_openapi_document_and_docs(feedback_client):
    spec = feedback_client.get("/openapi.json").json
    operation = spec["paths"]["/v1/feedback"]["post"]
    assert set(operation["responses"]) >= {"201", "400", "401"}
    schema = spec["components"]["schemas"]["FeedbackRequest"]
    assert schema["required"] == ["text", "label"]
    assert schema["properties"]["label"]["enum"] == ["neutral", "stability", "threat"]
    assert "/v1/feedback" in feedback_client.get("/docs").get_data(as_text=True)
