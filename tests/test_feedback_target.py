"""Corrections for a task with a target column: the target is required, stored, and merged with the text."""

import pytest

from model.artifact import load_artifact
from service import create_app
from tests.conftest import AUTH, TOKEN
from tests.target_helpers import TARGET_GRID, TARGET_ROWS, TARGET_TASK, train_target_task
from training.feedback import FeedbackStore, default_db_path
from training.train import train_task

NEW = "Pensioners say the bike lanes finally let them ride to the market without fear."


@pytest.fixture
def target_dir(model_dir, tmp_path):
    """The tiny framing model plus the tiny proposal task (target column) in one model folder."""
    task, _ = train_target_task(tmp_path, model_dir)
    return model_dir, task


@pytest.fixture
def client(target_dir):
    """An app serving both tasks, with feedback on."""
    app = create_app({"MODEL_DIR": str(target_dir[0]), "RELOAD_INTERVAL": 0.0, "FEEDBACK_TOKEN": TOKEN})
    return app.test_client()


def test_a_target_correction_is_stored_with_its_target(client, target_dir):
    body = {"task": TARGET_TASK, "text": NEW, "target": "the bike lanes", "label": "favour"}
    response = client.post("/v1/feedback", json=body, headers=AUTH)
    assert response.status_code == 201, response.json
    assert response.json["target"] == "the bike lanes"
    assert response.json["predicted_label"] in ("favour", "oppose", "report")
    assert FeedbackStore(default_db_path()).get(1)["target"] == "the bike lanes"


def test_one_pending_correction_per_text_and_target(client):
    body = {"task": TARGET_TASK, "text": NEW, "target": "the bike lanes", "label": "favour"}
    first = client.post("/v1/feedback", json=body, headers=AUTH)
    changed = client.post("/v1/feedback", json={**body, "label": "report"}, headers=AUTH)
    assert changed.status_code == 200 and changed.json["id"] == first.json["id"]
    assert changed.json["replaced"] is True and changed.json["previous_label"] == "favour"
    # The same text about another target is another example, so another correction.
    other = client.post("/v1/feedback", json={**body, "target": "the market"}, headers=AUTH)
    assert other.status_code == 201
    assert [(r["target"], r["label"]) for r in FeedbackStore(default_db_path()).list()] == [
        ("the bike lanes", "report"),
        ("the market", "favour"),
    ]


@pytest.mark.parametrize(
    "body, code",
    [
        ({"task": TARGET_TASK, "text": NEW, "label": "favour"}, "missing_field"),
        ({"task": "framing", "text": NEW, "target": "the bike lanes", "label": "neutral"}, "target_not_supported"),
        ({"task": TARGET_TASK, "text": NEW, "target": " ", "label": "favour"}, "empty_text"),
    ],
)
def test_target_is_required_exactly_for_target_tasks(client, body, code):
    response = client.post("/v1/feedback", json=body, headers=AUTH)
    assert response.status_code == 400
    assert response.json["error"]["code"] == code
    assert response.json["error"]["field"] == "target"


def test_target_corrections_join_training(target_dir):
    model_dir, task = target_dir
    store = FeedbackStore(default_db_path())
    new = store.add(TARGET_TASK, NEW, "favour", target="the bike lanes")
    # The same sentence as a corpus row, about the same target, with another label: refused.
    text, target, label = TARGET_ROWS[0]
    contradicting = store.add(TARGET_TASK, text, "oppose", target=target)
    # About another target it is a different example, and merged.
    other_target = store.add(TARGET_TASK, text, "report", target="the curfew")
    no_target = store.add(TARGET_TASK, "The bridge opens in May.", "report")
    store.set_status([new["id"], contradicting["id"], other_target["id"], no_target["id"]], "accepted")

    metadata = train_task(task, model_dir, grid=TARGET_GRID, folds=3, force=True)
    corrections = metadata["data"]["corrections"]
    assert corrections["merged_ids"] == [new["id"], other_target["id"]]
    assert corrections["refused_ids"] == [contradicting["id"], no_target["id"]]
    assert "needs a target" in corrections["refused"][1]["reason"]
    predictor = load_artifact(model_dir, TARGET_TASK)
    assert predictor.predict([NEW], targets=["the bike lanes"])[0]["label"] == "favour"


def test_review_refuses_a_target_task_clearly(target_dir, tmp_path):
    from click.testing import CliRunner

    from service.cli import cli

    source = tmp_path / "in.txt"
    source.write_text(NEW + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(source), "--task", TARGET_TASK, "--model-dir", str(target_dir[0])])
    assert result.exit_code == 1
    assert result.output == f"Error: task {TARGET_TASK!r} has a target column; stance review handles text-only tasks\n"
