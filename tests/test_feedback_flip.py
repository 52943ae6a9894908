"""``stance feedback accept/reject`` of a correction already decided says what changes and asks first."""

import json

import pytest
from click.testing import CliRunner

from model.store import current_version
from service.cli import cli
from training.feedback import FeedbackStore

# Sentences written for these tests.
RADAR = "The coastal radar was switched on at night, and fishermen called it a menace."
PARADE = "The parade of armoured vehicles was cut short by a storm."


@pytest.fixture
def db(tmp_path):
    return tmp_path / "corrections.sqlite3"


@pytest.fixture
def store(db):
    return FeedbackStore(db)


def stance(model_dir, db, *args, input=None):
    """Run ``stance feedback ARGS`` on the test's store and model folder."""
    return CliRunner().invoke(cli, ["feedback", *args, "--model-dir", str(model_dir), "--db", str(db)], input=input)


def used_by_current(model_dir, db, ids):
    """Record in the current version's metadata that its training merged corrections ``ids`` of ``db``."""
    version = current_version(model_dir, "framing")
    path = model_dir / "framing" / version / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["data"]["corrections"] = {"store": str(db), "accepted": len(ids), "merged": len(ids), "merged_ids": ids}
    path.write_text(json.dumps(metadata))
    return version


def decided(store, text, label, status, predicted=None):
    row = store.add("framing", text, label, predicted)
    return store.set_status([row["id"]], status)[0]


def test_pending_corrections_change_as_before(model_dir, db, store):
    row = store.add("framing", RADAR, "threat")
    result = stance(model_dir, db, "accept", str(row["id"]))
    assert result.exit_code == 0, result.output
    assert result.output == f"#{row['id']} accepted (framing, threat): {RADAR[:70]}\n"


def test_rejecting_a_used_correction_needs_yes_and_names_the_version(model_dir, db, store):
    row = decided(store, RADAR, "threat", "accepted")
    version = used_by_current(model_dir, db, [row["id"]])
    refused = stance(model_dir, db, "reject", str(row["id"]))
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: #{row['id']} was accepted and used by version {version} (current); if rejected: the next "
        f"training of framing leaves it out. Nothing changed: run again with --yes to reject it\n"
    )
    assert store.get(row["id"])["status"] == "accepted"
    done = stance(model_dir, db, "reject", "--yes", str(row["id"]))
    assert done.exit_code == 0, done.output
    assert done.output == (
        f"#{row['id']} was accepted and used by version {version} (current); now rejected: the next training "
        "of framing leaves it out\n"
    )
    assert store.get(row["id"])["status"] == "rejected"


def test_a_version_trained_with_another_store_did_not_use_the_correction(model_dir, db, store, tmp_path):
    row = decided(store, RADAR, "threat", "accepted")
    used_by_current(model_dir, tmp_path / "someone-elses.sqlite3", [row["id"]])
    done = stance(model_dir, db, "reject", "-y", str(row["id"]))
    assert done.output == (
        f"#{row['id']} was accepted (no trained version used it yet); now rejected: the next training of "
        "framing leaves it out\n"
    )


def test_accepting_a_rejected_correction_asks_at_a_terminal(model_dir, db, store, monkeypatch):
    row = decided(store, PARADE, "neutral", "rejected")
    monkeypatch.setattr("service.feedback_command._interactive", lambda: True)
    declined = stance(model_dir, db, "accept", str(row["id"]), input="n\n")
    assert declined.exit_code == 1
    assert f"#{row['id']} was rejected; if accepted: the next training of framing merges it" in declined.output
    assert "Accept it? [y/N]" in declined.output and "Aborted!" in declined.output
    assert store.get(row["id"])["status"] == "rejected"
    agreed = stance(model_dir, db, "accept", str(row["id"]), input="y\n")
    assert agreed.exit_code == 0, agreed.output
    assert agreed.output.splitlines()[-1] == (
        f"#{row['id']} was rejected; now accepted: the next training of framing merges it (unless it "
        "contradicts the corpus or overlaps the test file)"
    )
    assert store.get(row["id"])["status"] == "accepted"


def test_a_refused_flip_changes_none_of_the_ids_given(model_dir, db, store):
    waiting = store.add("framing", PARADE, "neutral")
    used = decided(store, RADAR, "threat", "accepted")
    result = stance(model_dir, db, "reject", str(waiting["id"]), str(used["id"]))
    assert result.exit_code == 1 and "run again with --yes to reject it" in result.output
    assert [r["status"] for r in store.list()] == ["pending", "accepted"]


def test_the_same_decision_again_changes_nothing(model_dir, db, store):
    row = decided(store, RADAR, "threat", "accepted")
    reviewed_at = row["reviewed_at"]
    result = stance(model_dir, db, "accept", str(row["id"]))
    assert result.exit_code == 0
    assert result.output == f"#{row['id']} is already accepted; nothing changed\n"
    assert store.get(row["id"])["reviewed_at"] == reviewed_at


def test_every_unknown_id_is_named(model_dir, db, store):
    store.add("framing", RADAR, "threat")
    result = stance(model_dir, db, "reject", "1", "8", "9")
    assert result.exit_code == 1
    assert result.output == f"Error: no correction with id 8, 9 in {db}; nothing changed\n"
    assert store.get(1)["status"] == "pending"


def test_the_list_marks_labels_that_confirm_the_model(model_dir, db, store, tiny_task):
    confirming = store.add("framing", RADAR, "threat", "threat", "v1")
    correcting = store.add("framing", PARADE, "neutral", "threat", "v1")
    unknown = store.add("framing", "The frigate left port on Friday.", "neutral")
    # Checked against the tiny corpus, never the project's own files.
    corpus = ("--task", "framing", "--data", str(tiny_task.data), "--test", str(tiny_task.test))
    table = stance(model_dir, db, "list", "--status", "pending", *corpus)
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[1].split()[0] == str(confirming["id"]) and lines[2].strip() == "confirms the model"
    assert lines[3].split()[0] == str(correcting["id"])
    assert "confirms the model" not in "\n".join(lines[3:])
    rows = json.loads(stance(model_dir, db, "list", "--json", *corpus).output)
    assert {r["id"]: r["agrees_with_model"] for r in rows} == {
        confirming["id"]: True,
        correcting["id"]: False,
        unknown["id"]: False,
    }


def test_list_names_the_versions_that_already_used_an_accepted_correction(model_dir, db, store):
    used = decided(store, RADAR, "threat", "accepted")
    unused = decided(store, PARADE, "neutral", "accepted")
    version = used_by_current(model_dir, db, [used["id"]])
    listed = json.loads(stance(model_dir, db, "list", "--json").output)
    notes = {row["id"]: row["merge"] for row in listed}
    assert notes[used["id"]] == f"used by version {version} (current); merged again by every training run"
    assert notes[unused["id"]] == "merged by the next training run"
