"""Corrections flow into the next training run: merged when new, reported and left out when they contradict."""

import json
import logging

import pytest
from click.testing import CliRunner

from model.artifact import load_artifact
from service.cli import cli
from tests.conftest import TINY_CORPUS, TINY_GRID, TINY_TEST
from training.corrections import review_corrections
from training.data import load_labeled
from training.feedback import FeedbackStore, default_db_path
from training.train import train_task

# The tiny model calls this stability; "terrify" never occurs in the tiny corpus.
WRONG = "Villagers say the howitzers on the ridge terrify their children."
CONTRADICTS = TINY_CORPUS["threat"][0]  # a threat sentence of the corpus, sent back as neutral
KNOWN = TINY_CORPUS["neutral"][1]
IN_TEST = TINY_TEST["stability"][0]


@pytest.fixture
def store(model_dir):
    """The default feedback store (in the user's data folder), where training looks."""
    return FeedbackStore(default_db_path())


def stance(*args):
    """Run the stance command and return the result."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_correction_round_fixes_a_wrong_prediction(model_dir, tiny_task, store, caplog):
    before = load_artifact(model_dir, "framing")
    assert before.predict([WRONG])[0]["label"] != "threat"
    corpus_bytes = tiny_task.data.read_bytes()

    wrong = store.add("framing", WRONG, "threat", before.predict([WRONG])[0]["label"], before.version)
    # Upper case and other punctuation: still the corpus sentence for duplicate_key.
    contradicting = store.add("framing", CONTRADICTS.upper().rstrip("."), "neutral")
    known = store.add("framing", KNOWN, "neutral")
    in_test = store.add("framing", IN_TEST, "stability")
    pending = store.add("framing", "The parade was cancelled because of rain.", "neutral")
    common = ["--model-dir", str(model_dir)]
    result = stance("feedback", "accept", *common, str(wrong["id"]), str(contradicting["id"]), str(known["id"]))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(f"#{wrong['id']} accepted (framing, threat): Villagers say")
    assert stance("feedback", "accept", *common, str(in_test["id"])).exit_code == 0

    caplog.set_level(logging.WARNING, logger="training.corrections")
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3, force=True)

    after = load_artifact(model_dir, "framing")
    assert after.version == metadata["version"] != before.version
    assert after.predict([WRONG])[0]["label"] == "threat"
    corrections = metadata["data"]["corrections"]
    assert corrections["accepted"] == 4
    assert corrections["merged"] == 1
    assert corrections["merged_ids"] == [wrong["id"]]
    assert corrections["already_in_corpus_ids"] == [known["id"]]
    assert corrections["refused_ids"] == [contradicting["id"], in_test["id"]]
    assert pending["id"] not in corrections["merged_ids"]
    assert metadata["data"]["train"]["rows"] == sum(map(len, TINY_CORPUS.values())) + 1
    # The refusals are logged, naming the correction and the corpus or test line.
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        f"correction #{contradicting['id']} " in w and f"contradicts {tiny_task.data}:2 (threat)" in w for w in warnings
    )
    assert any(
        f"correction #{in_test['id']} " in w and f"overlaps the test file {tiny_task.test}:" in w for w in warnings
    )
    # Raw data is immutable: the corrections live only in the store.
    assert tiny_task.data.read_bytes() == corpus_bytes


def test_feedback_list_shows_what_training_will_do(model_dir, tiny_task, store):
    contradicting = store.add("framing", CONTRADICTS, "neutral")
    fine = store.add("framing", WRONG, "threat", "stability", "v1")
    store.set_status([contradicting["id"], fine["id"]], "accepted")
    undecided = store.add("framing", TINY_CORPUS["stability"][2], "threat")
    args = ["--task", "framing", "--model-dir", str(model_dir), "--data", str(tiny_task.data)]
    result = stance("feedback", "list", *args, "--test", str(tiny_task.test))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "TASK", "LABEL", "PREDICTED", "CREATED", "TEXT"]
    assert f"NOT MERGED: contradicts {tiny_task.data}:2 (threat)" in lines[2]
    assert lines[3].split()[:5] == [str(fine["id"]), "accepted", "framing", "threat", "stability"]
    assert lines[4].strip() == "merged by the next training run"
    assert f"would not merge: contradicts {tiny_task.data}:" in lines[6]

    as_json = json.loads(stance("feedback", "list", *args, "--test", str(tiny_task.test), "--json").output)
    assert [row["id"] for row in as_json] == [contradicting["id"], fine["id"], undecided["id"]]
    assert as_json[1]["merge"] == "merged by the next training run"


def test_reject_and_export(model_dir, store, tmp_path):
    first = store.add("framing", WRONG, "threat", "stability", "v1", "terrify = threat")
    second = store.add("framing", "The parade was cancelled because of rain.", "neutral")
    common = ["--model-dir", str(model_dir)]
    assert stance("feedback", "accept", *common, str(first["id"])).exit_code == 0
    assert stance("feedback", "reject", *common, str(second["id"])).exit_code == 0
    out = tmp_path / "exported" / "corrections.csv"
    assert stance("feedback", "export", *common, "-o", str(out)).exit_code == 0
    exported = load_labeled(out)
    assert exported.X == [WRONG] and exported.y == ["threat"]
    assert exported.rows[0]["note"] == "terrify = threat"
    assert exported.rows[0]["status"] == "accepted"
    # An unchanged export leaves the file alone, so make sees no change.
    stamp = out.stat().st_mtime_ns
    assert stance("feedback", "export", *common, "-o", str(out)).exit_code == 0
    assert out.stat().st_mtime_ns == stamp
    everything = stance("feedback", "export", *common, "--status", "all").output.splitlines()
    assert everything[0] == "text,target,label,id,task,predicted_label,model_version,note,status,created_at,reviewed_at"
    assert len(everything) == 3


def test_accepting_an_unknown_id_fails_cleanly(model_dir, store):
    store.add("framing", WRONG, "threat")
    result = CliRunner().invoke(cli, ["feedback", "accept", "--model-dir", str(model_dir), "1", "7"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no correction with id 7 in ")
    assert store.get(1)["status"] == "pending"


def test_accept_checks_the_task(model_dir, store):
    store.add("other", WRONG, "yes")
    result = CliRunner().invoke(cli, ["feedback", "accept", "--task", "framing", "--model-dir", str(model_dir), "1"])
    assert result.exit_code == 1
    assert result.output == "Error: correction 1 is not of task 'framing'\n"


def test_corrections_that_disagree_with_each_other_are_both_refused(tiny_task):
    train = load_labeled(tiny_task.data)
    corrections = [
        {"id": 1, "text": WRONG, "label": "threat"},
        {"id": 2, "text": WRONG.lower(), "label": "neutral"},
        {"id": 3, "text": "The parade was cancelled because of rain.", "label": "neutral"},
        {"id": 4, "text": "The parade was cancelled because of rain!", "label": "neutral"},
    ]
    review = review_corrections(corrections, train)
    assert [r["id"] for r in review.refused] == [1, 2]
    assert "corrections disagree on this text: #1 (threat), #2 (neutral)" in review.reason_for(1)
    assert [c["id"] for c in review.merged] == [3]
    assert [c["id"] for c in review.known] == [4]


def test_a_stored_correction_the_api_would_refuse_is_refused_not_trained_on(tiny_task):
    # A store written before it checked texts as the API does can hold one: zero-width characters alone
    # give no feature, so the row would only pull the model's intercept toward its label.
    train = load_labeled(tiny_task.data)
    corrections = [
        {"id": 1, "text": "\u200b\u200d", "label": "threat"},
        {"id": 2, "text": "The parade was cancelled because of rain.", "label": "neutral"},
    ]
    review = review_corrections(corrections, train)
    assert [r["id"] for r in review.refused] == [1]
    assert review.reason_for(1) == "the correction's text is empty or only whitespace (or invisible characters)"
    assert [c["id"] for c in review.merged] == [2]


def test_training_without_a_store_creates_none(model_dir, tiny_task):
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3, force=True)
    assert metadata["data"]["corrections"]["accepted"] == 0
    assert not default_db_path().exists()
    assert not (model_dir / "feedback.sqlite3").exists()


def test_an_export_from_a_mistyped_store_warns_and_one_of_an_unknown_task_fails(model_dir, store, tmp_path, caplog):
    store.add("framing", WRONG, "threat")
    out = tmp_path / "corrections.csv"
    common = ["--model-dir", str(model_dir), "--status", "all", "-o", str(out)]
    assert stance("feedback", "export", *common).exit_code == 0
    before = out.read_text(encoding="utf-8")
    typo = tmp_path / "feedbak.sqlite3"
    result = CliRunner().invoke(cli, ["feedback", "export", *common[:-2], "--db", str(typo)])
    assert result.exit_code == 0
    assert f"{typo}: no corrections store there yet (--db); reading it as empty" in caplog.text
    result = CliRunner().invoke(cli, ["feedback", "export", *common, "--task", "framnig"])
    assert result.exit_code == 1
    assert "framnig" in result.output.splitlines()[0]
    assert out.read_text(encoding="utf-8") == before


def test_a_store_named_by_the_environment_may_not_exist_yet(model_dir, tmp_path, monkeypatch, caplog):
    path = tmp_path / "new" / "feedback.sqlite3"
    monkeypatch.setenv("STANCE_FEEDBACK_DB", str(path))
    result = CliRunner().invoke(cli, ["feedback", "export", "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("text,target,label")
    assert "no corrections store there yet (STANCE_FEEDBACK_DB); reading it as empty" in caplog.text


def test_a_correction_with_a_label_the_task_lacks_is_refused_not_trained(model_dir, tiny_task, store, caplog):
    # Such labels never come through POST /v1/feedback, but a store written another way (or before a
    # label was renamed in tasks.toml) holds them: merged, they trained a fourth class, or stopped
    # training with "too few rows of 'Threat'" blamed on the corpus file.
    slips = [
        store.add("framing", f"Villagers near post {n} say the howitzers terrify their children.", "Threat")
        for n in range(4)
    ]
    spaced = store.add("framing", WRONG, " threat ")
    store.set_status([row["id"] for row in slips] + [spaced["id"]], "accepted")

    caplog.set_level(logging.WARNING, logger="training.corrections")
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3, force=True)

    assert load_artifact(model_dir, "framing").labels == ["neutral", "stability", "threat"]
    corrections = metadata["data"]["corrections"]
    assert corrections["refused_ids"] == [row["id"] for row in slips]
    reason = corrections["refused"][0]["reason"]
    assert reason == (
        "label 'Threat' is not one of the task's labels: expected one of neutral, stability, threat; "
        "did you mean 'threat'?"
    )
    assert f"correction #{slips[0]['id']} (Threat) not merged: {reason}" in caplog.text
    # Spaces around a label are dropped, as the corpus loader drops them from a row's label.
    assert corrections["merged_ids"] == [spaced["id"]]
    assert metadata["data"]["train"]["labels"]["threat"] == len(TINY_CORPUS["threat"]) + 1

    args = ["--task", "framing", "--model-dir", str(model_dir), "--data", str(tiny_task.data)]
    listed = stance("feedback", "list", *args, "--test", str(tiny_task.test)).output
    assert f"NOT MERGED: {reason}" in listed


def test_feedback_list_keeps_one_line_per_correction(model_dir, tiny_task, store):
    store.add("framing", "Line one of a pasted paragraph.\nLine two\tthat threatens everyone.", "threat")
    result = stance("feedback", "list", "--model-dir", str(model_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[1].endswith("Line one of a pasted paragraph. Line two that threatens everyone.")
