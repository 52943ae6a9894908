"""The quality gate: a worse model stays a candidate, the current one keeps serving."""

import json

import pytest
from click.testing import CliRunner

from model.artifact import METADATA_FILE, load_artifact
from model.store import current_version, list_versions
from service.cli import cli
from tests.conftest import TINY_GRID, TINY_TEST
from tests.lifecycle_helpers import train_worse, write_mislabeled_corpus
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


def test_unloadable_current_version_does_not_block_training(model_dir, tiny_task):
    version = current_version(model_dir, "framing")
    (model_dir / "framing" / version / "model.json").write_bytes(b"not a model")
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3)
    assert metadata["gate"]["passed"] is True
    assert "cannot be loaded" in metadata["gate"]["reason"]


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
