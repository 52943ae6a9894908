"""`stance models list|show|promote|rollback|diff` through click's CliRunner."""

import json

import pytest
from click.testing import CliRunner

from model.store import current_version
from service.cli import cli
from tests.lifecycle_helpers import mark_other_library, train_worse


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def two_versions(model_dir, tiny_task, tmp_path):
    """``(good, bad)``: the current tiny model and a worse candidate that the gate refused."""
    good = current_version(model_dir, "framing")
    bad = train_worse(tiny_task, model_dir, tmp_path, promote=False)["version"]
    return good, bad


def models(runner, model_dir, *args):
    return runner.invoke(cli, ["models", *args, "--model-dir", str(model_dir)])


def test_list_marks_the_current_version(runner, model_dir, two_versions):
    good, bad = two_versions
    result = models(runner, model_dir, "list")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["VERSION", "CREATED", "MACRO-F1", "STATUS"]
    assert len(rows) == 2
    # Both versions are made in the same second, so their order depends on the model checksum.
    good_row = next(row for row in rows if good in row)
    bad_row = next(row for row in rows if bad in row)
    assert good_row.startswith(f"* {good} ") and good_row.endswith(" 1.0000  current")
    assert bad_row.startswith(f"  {bad} ")


def test_list_json(runner, model_dir, two_versions):
    result = models(runner, model_dir, "list", "--json")
    rows = {r["version"]: r for r in json.loads(result.stdout)}
    assert {v: r["current"] for v, r in rows.items()} == {two_versions[0]: True, two_versions[1]: False}
    assert rows[two_versions[0]]["macro_f1"] == 1.0 and rows[two_versions[0]]["created_at"]


def test_show_prints_metadata(runner, model_dir, two_versions):
    good, bad = two_versions
    result = models(runner, model_dir, "show")
    assert json.loads(result.stdout)["version"] == good
    result = models(runner, model_dir, "show", bad[:20])
    assert json.loads(result.stdout)["version"] == bad


def test_show_unknown_version_is_a_clean_error(runner, model_dir):
    result = models(runner, model_dir, "show", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: task 'framing' has no version 'nope' in ")


def test_promote_then_rollback(runner, model_dir, two_versions):
    good, bad = two_versions
    result = models(runner, model_dir, "promote", bad)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"framing: {bad} is now current (was {good})"
    assert current_version(model_dir, "framing") == bad
    listed = models(runner, model_dir, "list").stdout
    # Found by name, not by place: versions made in the same second sort by their checksum.
    good_row = next(row for row in listed.splitlines() if good in row)
    assert good_row.startswith(f"  {good} ") and good_row.endswith("rollback target")

    result = models(runner, model_dir, "rollback")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"framing: rolled back from {bad} to {good}"
    assert current_version(model_dir, "framing") == good


def test_rollback_without_history_fails(runner, model_dir):
    before = current_version(model_dir, "framing")
    result = models(runner, model_dir, "rollback")
    assert result.exit_code == 1
    assert "Error: task 'framing' has no earlier current version to roll back to" in result.stderr
    assert current_version(model_dir, "framing") == before


def test_diff_prints_deltas_and_changed_sentences(runner, model_dir, two_versions, tiny_task):
    good, bad = two_versions
    result = models(runner, model_dir, "diff", good, bad, "--test", str(tiny_task.test))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"framing: A = {good}, B = {bad}"
    assert lines[1] == f"scored on {tiny_task.test} (9 sentences)"
    assert lines[3].split() == ["metric", "A", "B", "B", "-", "A"]
    macro = next(line for line in lines if line.startswith("macro_f1"))
    assert macro.split()[1] == "1.0000" and macro.split()[3].startswith("-")
    assert any(line.startswith("  broken  ") and "true " in line for line in lines)


def test_diff_json(runner, model_dir, two_versions, tiny_task):
    good, bad = two_versions
    result = models(runner, model_dir, "diff", "current", bad, "--test", str(tiny_task.test), "--json")
    data = json.loads(result.stdout)
    assert (data["a"], data["b"]) == (good, bad)
    assert data["counts"]["broken"] == len(data["changed"]) > 0
    assert {row["name"] for row in data["metrics"]} >= {"accuracy", "macro_f1", "ece"}


def test_list_marks_versions_that_cannot_load_and_promote_refuses_them(runner, model_dir, two_versions):
    good, bad = two_versions
    mark_other_library(model_dir, "framing", bad)
    listed = models(runner, model_dir, "list")
    bad_row = next(row for row in listed.stdout.splitlines() if bad in row)
    assert bad_row.endswith("cannot load (older format or library): retrain")
    rows = {r["version"]: r for r in json.loads(models(runner, model_dir, "list", "--json").stdout)}
    assert "trained with scikit-learn 0.0.1" in rows[bad]["problem"] and rows[good]["problem"] is None
    refused = models(runner, model_dir, "promote", bad)
    assert refused.exit_code == 1
    assert f"cannot promote {bad}: it does not load" in refused.output and "Traceback" not in refused.output
    assert current_version(model_dir, "framing") == good


def test_list_marks_a_current_version_with_a_damaged_model_file(runner, model_dir, two_versions):
    # promote and /readyz check the checksums; the listing must not call such a version plain "current".
    good, bad = two_versions
    coef = model_dir / "framing" / good / "clf.coef.npy"
    with open(coef, "ab") as fh:
        fh.write(b"changed")
    result = models(runner, model_dir, "list")
    assert result.exit_code == 0, result.output
    good_row = next(row for row in result.stdout.splitlines() if good in row)
    assert good_row.startswith(f"* {good} ")
    assert f"  damaged: {coef}: SHA-256 " in good_row and good_row.endswith(" recorded at training time")
    bad_row = next(row for row in result.stdout.splitlines() if bad in row)
    assert "damaged" not in bad_row
    rows = {r["version"]: r for r in json.loads(models(runner, model_dir, "list", "--json").stdout)}
    assert rows[good]["current"] is True
    assert rows[good]["status"] == f"damaged: {rows[good]['problem']}"
    assert rows[good]["problem"].startswith(f"{coef}: SHA-256 ")
    assert rows[bad]["problem"] is None


def test_list_marks_a_version_whose_model_file_is_missing(runner, model_dir, two_versions):
    good, bad = two_versions
    missing = model_dir / "framing" / bad / "model.json"
    missing.unlink()
    result = models(runner, model_dir, "list", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["version"]: r for r in json.loads(result.stdout)}
    assert rows[bad]["status"] == f"damaged: {missing}: no such file"
    assert rows[good]["status"] == "current"
