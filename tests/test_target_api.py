"""The HTTP service with a second task that has a target column, served alongside the default task."""

import pytest
from target_helpers import TARGET_TASK, train_target_task

from model.artifact import load_artifact
from service import create_app


@pytest.fixture
def two_task_dir(model_dir, tmp_path):
    """The tiny framing model plus the tiny target task, in one model folder."""
    train_target_task(tmp_path, model_dir)
    return model_dir


@pytest.fixture
def client(two_task_dir):
    """A test client of an app serving both tasks."""
    app = create_app({"TESTING": True, "MODEL_DIR": str(two_task_dir), "RELOAD_INTERVAL": 0.0})
    return app.test_client()


def test_both_tasks_are_served_and_listed(client):
    models = {m["task"]: m for m in client.get("/v1/models").json["models"]}
    assert models["framing"]["target_column"] is None
    assert models[TARGET_TASK]["target_column"] == "proposal"
    assert models[TARGET_TASK]["labels"] == ["favour", "oppose", "report"]
    assert client.get("/readyz").json["models"].keys() == {"framing", TARGET_TASK}


def test_classify_the_default_task_without_target(client):
    response = client.post("/v1/classify", json={"text": "The drones threaten the fragile peace."})
    assert response.status_code == 200
    assert response.json["model"]["task"] == "framing"
    assert "target" not in response.json["results"][0]


def test_classify_a_target_task_with_target_and_targets(client, two_task_dir):
    one = client.post(
        "/v1/classify",
        json={"task": TARGET_TASK, "text": "Drivers slammed the bike lanes.", "target": "the bike lanes"},
    )
    assert one.status_code == 200, one.json
    [result] = one.json["results"]
    assert result["target"] == "the bike lanes"
    predictor = load_artifact(two_task_dir, TARGET_TASK)
    [expected] = predictor.predict(["Drivers slammed the bike lanes."], targets=["the bike lanes"])
    assert result == expected
    several = client.post(
        "/v1/classify",
        json={
            "task": TARGET_TASK,
            "texts": ["Drivers slammed the bike lanes.", "The curfew starts at midnight."],
            "targets": ["the bike lanes", "the curfew"],
            "explain": True,
        },
    )
    assert several.status_code == 200, several.json
    assert [r["target"] for r in several.json["results"]] == ["the bike lanes", "the curfew"]
    assert all("explanation" in r for r in several.json["results"])


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"task": TARGET_TASK, "text": "The curfew ends."}, 400, "missing_field", "target"),
        ({"task": TARGET_TASK, "texts": ["The curfew ends."]}, 400, "missing_field", "targets"),
        ({"text": "The drones arrived.", "target": "drones"}, 400, "target_not_supported", "target"),
        ({"texts": ["The drones arrived."], "targets": ["drones"]}, 400, "target_not_supported", "targets"),
        ({"task": TARGET_TASK, "text": "The curfew ends.", "target": ""}, 400, "empty_text", "target"),
        ({"task": TARGET_TASK, "text": "The curfew ends.", "target": 3}, 400, "wrong_type", "target"),
        ({"task": TARGET_TASK, "texts": ["a b", "c d"], "targets": ["x"]}, 400, "length_mismatch", "targets"),
        ({"task": TARGET_TASK, "texts": ["a b"], "targets": "x"}, 400, "wrong_type", "targets"),
        ({"task": TARGET_TASK, "texts": ["a b"], "targets": ["x", 1][1:]}, 400, "wrong_type", "targets[0]"),
        ({"task": TARGET_TASK, "texts": ["a b"], "target": "x"}, 400, "conflicting_fields", "target"),
        ({"task": TARGET_TASK, "text": "a b", "targets": ["x"]}, 400, "conflicting_fields", "targets"),
        ({"task": TARGET_TASK, "text": "a b", "target": "x", "targets": ["x"]}, 400, "conflicting_fields", "targets"),
        ({"task": "nope", "text": "a b", "target": "x"}, 400, "unknown_task", "task"),
    ],
)
def test_target_errors_name_code_and_field(client, body, status, code, field):
    response = client.post("/v1/classify", json=body)
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert response.json["error"]["field"] == field


def test_openapi_documents_target_fields_while_a_target_task_is_served(client, trained_model_dir):
    request = client.get("/openapi.json").json["components"]["schemas"]["ClassifyRequest"]
    assert {"target", "targets"} <= set(request["properties"])
    assert TARGET_TASK in request["description"]
    # The default app serves only the text-only task: no target fields to document.
    app = create_app({"TESTING": True, "MODEL_DIR": str(trained_model_dir), "RELOAD_INTERVAL": 0.0})
    text_only = app.test_client().get("/openapi.json").json["components"]["schemas"]["ClassifyRequest"]
    assert "target" not in text_only["properties"]
