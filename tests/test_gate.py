"""The quality gate: a worse model stays a candidate, the current one keeps serving."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from model.artifact import METADATA_FILE, load_artifact
from model.store import current_version, list_versions
from service.cli import cli
from tests.conftest import TINY_GRID, TINY_TEST
from tests.lifecycle_helpers import mark_other_library, train_worse, write_mislabeled_corpus
from training.gate import GateRefused, check_gate, parse_tolerance
from training.train import train_task

TEST_X = [t for texts in TINY_TEST.values() for t in texts]
TEST_Y = [label for label, texts in TINY_TEST.items() for _ in texts]


def test_first_version_passes(tmp_path):
    decision = check_gate(tmp_path / "empty", "framing", 0.2, ["a", "b"], TEST_X, TEST_Y)
    assert decision.passed
    assert decision.current_version is None
    assert "first version" in decision.reason


def test_equally_good_version_passes_and_becomes_current(model_dir, tiny_task):
    before = current_version(model_dir, "framing")
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3)
    assert metadata["promoted"] is True
    assert metadata["gate"]["passed"] is True
    assert metadata["gate"]["current_version"] == before
    assert current_version(model_dir, "framing") == metadata["version"]


def test_worse_version_is_kept_as_candidate_and_current_is_unchanged(model_dir, tiny_task, tmp_path):
    before = current_version(model_dir, "framing")
    with pytest.raises(GateRefused, match="quality gate refused") as caught:
        train_worse(tiny_task, model_dir, tmp_path)
    decision, metadata = caught.value.decision, caught.value.metadata
    assert not decision.passed
    assert decision.current_version == before
    assert decision.current_macro_f1 >= 0.8
    assert decision.candidate_macro_f1 < decision.current_macro_f1 - decision.tolerance
    assert metadata["promoted"] is False
    assert current_version(model_dir, "framing") == before
    # The candidate is saved, with the verdict in its metadata, for inspection or a manual promote.
    assert metadata["version"] in list_versions(model_dir, "framing")
    stored = json.loads((model_dir / "framing" / metadata["version"] / METADATA_FILE).read_text())
    assert stored["gate"]["passed"] is False
    assert load_artifact(model_dir, "framing").version == before


def test_force_promotes_a_refused_version(model_dir, tiny_task, tmp_path):
    metadata = train_worse(tiny_task, model_dir, tmp_path, force=True)
    assert metadata["promoted"] is True
    assert metadata["gate"] == {**metadata["gate"], "passed": False, "forced": True}
    assert current_version(model_dir, "framing") == metadata["version"]


def test_a_large_tolerance_lets_a_worse_version_through(model_dir, tiny_task, tmp_path):
    metadata = train_worse(tiny_task, model_dir, tmp_path, tolerance=1.0)
    assert metadata["gate"]["passed"] is True
    assert current_version(model_dir, "framing") == metadata["version"]


def test_current_version_is_rescored_not_trusted(model_dir, tiny_task, tmp_path):
    # The stored score may come from an older test file; a low stored value must not let a bad model in.
    version = current_version(model_dir, "framing")
    path = model_dir / "framing" / version / METADATA_FILE
    metadata = json.loads(path.read_text())
    metadata["metrics"]["macro_f1"] = 0.0
    path.write_text(json.dumps(metadata))
    with pytest.raises(GateRefused) as caught:
        train_worse(tiny_task, model_dir, tmp_path)
    assert caught.value.decision.current_macro_f1 >= 0.8
    assert current_version(model_dir, "framing") == version


def test_changed_labels_are_refused(model_dir):
    decision = check_gate(model_dir, "framing", 1.0, ["threat", "neutral"], TEST_X, TEST_Y)
    assert not decision.passed
    assert "labels changed" in decision.reason


def _bad_name(pointer):
    pointer.write_text("../elsewhere\n", encoding="utf-8")
    return "invalid version name '../elsewhere'"


def _not_utf8(pointer):
    pointer.write_bytes(b"\xff\xfe\n")
    return "cannot read the current version's name ('utf-8' codec can't decode"


def _a_folder(pointer):
    pointer.unlink()
    pointer.mkdir()
    return "cannot read the current version's name (Is a directory)"


def _missing_version(pointer):
    pointer.write_text("20990101-000000-deadbeef\n", encoding="utf-8")
    return "names version 20990101-000000-deadbeef, but "


def _damaged_model(pointer):
    version = pointer.read_text(encoding="utf-8").strip()
    (pointer.parent / version / "model.json").write_bytes(b"not a model")
    return f"version {version} does not load: {pointer.parent / version / 'model.json'}: SHA-256 "


def _deleted(pointer):
    pointer.unlink()
    return f"{pointer}: no such file, but 1 version(s) of 'framing' are beside it"


def _state(pointer):
    """What the pointer is now: its bytes, "folder" or None when it is gone."""
    return "folder" if pointer.is_dir() else pointer.read_bytes() if pointer.exists() else None


UNKNOWN_CURRENT = [_bad_name, _not_utf8, _a_folder, _missing_version, _damaged_model, _deleted]


@pytest.mark.parametrize("damage", UNKNOWN_CURRENT, ids=lambda f: f.__name__.strip("_"))
def test_a_current_version_that_cannot_be_compared_refuses_the_new_one(model_dir, tiny_task, tmp_path, damage):
    # A running service still serves the old model from memory: no new version may take its place unseen.
    pointer = model_dir / "framing" / "CURRENT"
    before = list_versions(model_dir, "framing")
    problem = damage(pointer)
    pointer_state = _state(pointer)
    with pytest.raises(GateRefused) as caught:
        train_worse(tiny_task, model_dir, tmp_path, keep=1)
    reason = caught.value.decision.reason
    assert reason.startswith("quality gate refused: cannot compare with the current version: ")
    assert problem in reason
    assert "A running service may still serve the old model from memory" in reason
    assert f"repair {pointer} with `stance models promote OLD_VERSION`" in reason
    assert "train with --force (`make train FORCE=1`) or run `stance models promote NEW_VERSION`" in reason
    # Nothing moved: the pointer is as it was, the old versions are all kept (not pruned), the new one waits.
    assert _state(pointer) == pointer_state
    metadata = caught.value.metadata
    assert metadata["promoted"] is False and metadata["gate"]["passed"] is False
    assert list_versions(model_dir, "framing") == sorted([*before, metadata["version"]])


def test_an_unreadable_current_pointer_refuses_the_new_version(model_dir, tiny_task, tmp_path, monkeypatch):
    pointer = model_dir / "framing" / "CURRENT"
    pointer.chmod(0o000)
    real_read_text = Path.read_text

    def read_text(self, *args, **kwargs):
        # chmod stops an ordinary user; root reads through it, so for root the denial is simulated.
        if self == pointer:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    try:
        with pytest.raises(GateRefused, match=re.escape(f"{pointer}: cannot read the current version's name (Perm")):
            train_worse(tiny_task, model_dir, tmp_path)
    finally:
        pointer.chmod(0o644)


def test_force_replaces_a_current_version_that_cannot_be_compared(model_dir, tiny_task, tmp_path):
    pointer = model_dir / "framing" / "CURRENT"
    _damaged_model(pointer)
    metadata = train_worse(tiny_task, model_dir, tmp_path, force=True)
    assert metadata["promoted"] is True
    assert metadata["gate"]["passed"] is False and metadata["gate"]["forced"] is True
    assert current_version(model_dir, "framing") == metadata["version"]


def test_first_training_into_an_empty_folder_passes(tmp_path, tiny_task):
    # A fresh clone: `make run` trains and serves without a word about the gate.
    metadata = train_task(tiny_task, tmp_path / "fresh", grid=TINY_GRID, folds=3)
    assert metadata["promoted"] is True
    assert metadata["gate"]["reason"] == "first version of task 'framing'"
    assert current_version(tmp_path / "fresh", "framing") == metadata["version"]


def test_a_current_version_from_another_scikit_learn_is_replaced_as_its_message_says(model_dir, tiny_task):
    # Intact but unloadable by this install: "retrain with `make train`" must work without --force.
    version = current_version(model_dir, "framing")
    mark_other_library(model_dir, "framing", version)
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3)
    assert metadata["promoted"] is True
    assert metadata["gate"]["reason"].startswith("the current version cannot be loaded (")
    assert "trained with scikit-learn 0.0.1" in metadata["gate"]["reason"]


def test_cli_names_the_broken_current_version_and_the_ways_on(runner, model_dir, tiny_task, tmp_path):
    pointer = model_dir / "framing" / "CURRENT"
    problem = _damaged_model(pointer)
    bad = write_mislabeled_corpus(tmp_path / "bad.csv")
    result = runner.invoke(cli, train_args(model_dir, bad, tiny_task.test))
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: quality gate refused: cannot compare with the current version: ")
    assert problem in error and "--force" in error
    assert json.loads(result.stdout)["promoted"] is False


@pytest.mark.parametrize("value", ["-0.1", "1.5", "nan", "abc", None])
def test_bad_tolerance_is_refused(value):
    with pytest.raises(ValueError, match="gate tolerance must be"):
        parse_tolerance(value)


@pytest.fixture
def runner(monkeypatch):
    # The CLI trains with the default grid; the tiny corpus needs one setting, not sixteen.
    monkeypatch.setattr("training.train.DEFAULT_GRID", TINY_GRID)
    for name in ("STANCE_GATE_TOLERANCE", "STANCE_KEEP_VERSIONS"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def train_args(model_dir, data, test, *extra):
    return ["train", "--data", str(data), "--test", str(test), "--model-dir", str(model_dir), *extra]


def test_cli_refusal_exits_non_zero_with_both_scores(runner, model_dir, tiny_task, tmp_path):
    before = current_version(model_dir, "framing")
    bad = write_mislabeled_corpus(tmp_path / "bad.csv")
    result = runner.invoke(cli, train_args(model_dir, bad, tiny_task.test))
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: quality gate refused: test macro-F1 0.")
    assert f"vs 1.0000 for current version {before} (tolerance 0.01)" in error
    summary = json.loads(result.stdout)
    assert summary["promoted"] is False
    assert summary["version"] in list_versions(model_dir, "framing")
    assert current_version(model_dir, "framing") == before


def test_cli_force_promotes(runner, model_dir, tiny_task, tmp_path):
    bad = write_mislabeled_corpus(tmp_path / "bad.csv")
    result = runner.invoke(cli, train_args(model_dir, bad, tiny_task.test, "--force"))
    assert result.exit_code == 0, result.output
    assert current_version(model_dir, "framing") == json.loads(result.stdout)["version"]


def test_cli_tolerance_from_environment(runner, model_dir, tiny_task, tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_GATE_TOLERANCE", "1")
    bad = write_mislabeled_corpus(tmp_path / "bad.csv")
    result = runner.invoke(cli, train_args(model_dir, bad, tiny_task.test))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["gate"]["tolerance"] == 1.0


def test_cli_force_onto_a_current_folder_keeps_the_version_and_says_why(runner, model_dir, tiny_task, tmp_path):
    pointer = model_dir / "framing" / "CURRENT"
    pointer.unlink()
    (pointer / "notes").mkdir(parents=True)
    bad = write_mislabeled_corpus(tmp_path / "bad.csv")
    result = runner.invoke(cli, train_args(model_dir, bad, tiny_task.test, "--force"))
    assert result.exit_code == 1
    assert not isinstance(result.exception, OSError)
    error = result.stderr.strip().splitlines()[-1]
    assert error == (
        f"Error: the new version was saved but not made current: {pointer} is a folder, not a file: "
        "move it away, then promote a version"
    )
    assert (pointer / "notes").is_dir()
