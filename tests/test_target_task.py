"""Tasks with a target column: data validation, training, the (text, target) pipeline, CLI and batch scoring."""

import csv
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from target_helpers import (
    TARGET_GRID,
    TARGET_ROWS,
    TARGET_TASK,
    TARGET_TEST_ROWS,
    make_target_task,
    train_target_task,
    write_target_csv,
)

from model.artifact import load_artifact
from model.pipeline import build_pipeline, build_target_pipeline
from model.target_features import mark_target, relation_vector
from model.text import BLANK
from service.cli import cli
from training.checks import check_corpus, summarise_problems
from training.data import DataError, load_labeled
from training.tasks import TaskError, get_task, load_tasks
from training.train import train_task

BENCHMARKS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"


@pytest.fixture(scope="module")
def target_model_dir(tmp_path_factory):
    """A model folder with the tiny target task trained through ``train_task``."""
    folder = tmp_path_factory.mktemp("target")
    model_dir = folder / "models"
    task, _ = train_target_task(folder, model_dir)
    return model_dir


@pytest.fixture
def tasks_file(tmp_path, monkeypatch):
    """A tasks.toml declaring the tiny target task (and a text-only one), used by the CLI through get_task."""
    make_target_task(tmp_path)
    path = tmp_path / "tasks.toml"
    path.write_text(
        "[framing]\n"
        'data = "train.csv"\ntest = "test.csv"\n'
        "[framing.labels]\nthreat = ''\nstability = ''\nneutral = ''\n"
        f"[{TARGET_TASK}]\n"
        'data = "proposal-train.csv"\ntest = "proposal-test.csv"\n'
        'text_column = "sentence"\nlabel_column = "stance"\ntarget_column = "proposal"\n'
        f"[{TARGET_TASK}.labels]\nfavour = ''\noppose = ''\nreport = ''\n",
        encoding="utf-8",
    )
    import training.tasks

    monkeypatch.setattr(training.tasks, "TASKS_FILE", path)
    monkeypatch.setattr(training.tasks.get_task, "__defaults__", (None, path))
    return path


# --- declaring and loading ---------------------------------------------------------------


def test_tasks_toml_reads_the_target_column(tasks_file):
    tasks = load_tasks(tasks_file)
    assert tasks[TARGET_TASK].target_column == "proposal"
    assert tasks["framing"].target_column is None


def test_repo_declares_the_emergent_benchmark_with_its_target():
    task = get_task("emergent")
    assert (task.text_column, task.target_column, task.label_column) == (
        "articleHeadline",
        "claimHeadline",
        "articleHeadlineStance",
    )
    assert task.label_names == ["against", "for", "observing"]


def test_a_missing_benchmark_file_is_a_clear_error(tmp_path):
    task = get_task("emergent")
    from dataclasses import replace

    missing = replace(task, data=tmp_path / "absent.csv")
    with pytest.raises(DataError, match=r"absent\.csv: no such file"):
        train_task(missing, tmp_path / "models")


def test_load_labeled_returns_targets_and_pairs(tmp_path):
    path = write_target_csv(tmp_path / "d.csv", TARGET_ROWS[:3])
    data = load_labeled(path, "sentence", "stance", target_column="proposal")
    assert data.targets == [row[1] for row in TARGET_ROWS[:3]]
    assert data.inputs == [(row[0], row[1]) for row in TARGET_ROWS[:3]]
    assert data.shown[0] == f"{TARGET_ROWS[0][0]} [target: {TARGET_ROWS[0][1]}]"


@pytest.mark.parametrize(
    ("target", "message"),
    [(blank, f"column 'proposal' {BLANK}") for blank in ("", "   ", "\u200b\u2060")],
)
def test_an_empty_target_names_file_line_and_column(tmp_path, target, message):
    rows = [*TARGET_ROWS[:2], ("A sentence without its proposal.", target, "report")]
    path = write_target_csv(tmp_path / "d.csv", rows)
    with pytest.raises(DataError) as caught:
        load_labeled(path, "sentence", "stance", target_column="proposal")
    assert str(caught.value) == f"{path}:4: {message}"


def test_a_missing_target_column_is_named(tmp_path):
    path = write_target_csv(tmp_path / "d.csv", TARGET_ROWS[:2], header=("sentence", "entity", "stance"))
    with pytest.raises(DataError, match=r"d\.csv:1: missing column\(s\) 'proposal'"):
        load_labeled(path, "sentence", "stance", target_column="proposal")


def test_a_jsonl_target_must_be_a_string(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"sentence": "The bridge opens.", "proposal": 3, "stance": "report"}) + "\n")
    with pytest.raises(DataError, match=r"d\.jsonl:1: field 'proposal' must be a string, got a number"):
        load_labeled(path, "sentence", "stance", target_column="proposal")


def test_checks_compare_text_target_pairs(tmp_path):
    text = "Residents voted on it on Sunday."
    rows = [(text, "the curfew", "report"), (text, "the tax cut", "favour"), (text, "the curfew", "oppose")]
    data = load_labeled(write_target_csv(tmp_path / "d.csv", rows), "sentence", "stance", target_column="proposal")
    report = check_corpus(data)
    # Same text about two targets is two examples; the same pair with two labels is a conflict.
    assert [[r["line"] for r in group] for group in report["conflicts"]] == [[2, 4]]
    assert report["conflicts"][0][0]["target"] == "the curfew"
    assert report["near_duplicates"] == []
    assert summarise_problems(report)[0].startswith(
        f"{data.path}: same text and target with different labels at line 2"
    )


def test_test_overlap_needs_the_same_target(tmp_path):
    text = "Residents voted on it on Sunday."
    columns = ("sentence", "stance", None, "proposal")
    train = load_labeled(write_target_csv(tmp_path / "a.csv", [(text, "the curfew", "report")]), *columns)
    other = load_labeled(write_target_csv(tmp_path / "b.csv", [(text, "the tax cut", "report")]), *columns)
    same = load_labeled(write_target_csv(tmp_path / "c.csv", [(text, "the curfew", "report")]), *columns)
    assert check_corpus(train, other)["ok"]
    assert not check_corpus(train, same)["ok"]


# --- features and pipeline ---------------------------------------------------------------


def test_mark_target_replaces_shared_words_and_marks_negation():
    marked = mark_target("Apple does not sell the watches, analysts say", "Apple will sell 19 million Apple Watches")
    assert marked.split()[:2] == ["TARGET", "does"]
    assert "not_TARGET" in marked.split()


def test_relation_features_see_overlap_and_doubt():
    claim = "A burger was kept for 20 years"
    assert relation_vector("Burger kept for 20 years is a hoax", claim)[0] > 0.5
    assert relation_vector("Stocks fell on Monday", claim)[:3] == [0.0, 0.0, 1.0]


def test_one_builder_makes_both_pipelines():
    assert [name for name, _ in build_pipeline().steps] == ["tfidf", "clf"]
    target = build_target_pipeline()
    assert [name for name, _ in target.steps] == ["features", "clf"]
    assert [name for name, _ in target.steps[0][1].transformer_list] == ["text", "relation"]
    with pytest.raises(ValueError, match="target_features must name"):
        build_pipeline(target_features=("text", "wrong"))


def test_target_pipeline_accepts_pairs_or_dicts_and_pickles():
    X = [(text, target) for text, target, _ in TARGET_ROWS]
    y = [label for _, _, label in TARGET_ROWS]
    pipeline = build_pipeline(target_features=("text", "marked", "relation", "target")).fit(X, y)
    as_dicts = [{"text": text, "target": target} for text, target in X]
    np.testing.assert_allclose(pipeline.predict_proba(X), pipeline.predict_proba(as_dicts))
    restored = pickle.loads(pickle.dumps(pipeline))
    np.testing.assert_allclose(restored.predict_proba(X), pipeline.predict_proba(X))


# --- training, artifact and Predictor ----------------------------------------------------


def test_training_records_the_target_column(target_model_dir):
    metadata = load_artifact(target_model_dir, TARGET_TASK).metadata
    assert metadata["target_column"] == "proposal"
    assert metadata["params"]["target_features"] == ["text", "relation"]
    assert metadata["cross_validation"]["grouped"] is True
    assert metadata["metrics"]["accuracy"] >= 0.6


def test_round_trip_of_a_target_artifact(target_model_dir):
    predictor = load_artifact(target_model_dir, TARGET_TASK)
    texts = [text for text, _, _ in TARGET_TEST_ROWS]
    targets = [target for _, target, _ in TARGET_TEST_ROWS]
    expected = predictor.pipeline.predict_proba(list(zip(texts, targets)))
    np.testing.assert_allclose(predictor.predict_proba(texts, targets=targets), expected)
    # Also pickled again: every transformer is a module-level class.
    again = pickle.loads(pickle.dumps(predictor.pipeline))
    np.testing.assert_allclose(again.predict_proba(list(zip(texts, targets))), expected)


def test_predictor_needs_targets_for_a_target_task(target_model_dir):
    predictor = load_artifact(target_model_dir, TARGET_TASK)
    assert predictor.target_column == "proposal"
    assert predictor._scorer is None  # The fast path declines a pipeline it cannot reproduce.
    with pytest.raises(ValueError, match=r"task 'proposal' needs a target .*its 'proposal' column\): give targets"):
        predictor.predict(["The bridge opens."])
    with pytest.raises(ValueError, match="got 2 texts but 1 targets"):
        predictor.predict(["The bridge opens.", "The curfew ends."], targets=["the new bridge"])
    [result] = predictor.predict(["Commuters praised the new bridge."], targets=["the new bridge"], explain=True)
    assert list(result)[:3] == ["text", "target", "label"]
    assert result["target"] == "the new bridge"
    assert result["explanation"]["toward"], result


def test_the_target_changes_the_prediction(target_model_dir):
    predictor = load_artifact(target_model_dir, TARGET_TASK)
    text = "Residents praised the new bridge."
    about_it, about_other = predictor.predict_proba([text, text], targets=["the new bridge", "the school merger"])
    assert not np.allclose(about_it, about_other)


def test_text_only_predictor_refuses_targets_and_keeps_its_fast_path(trained_model_dir):
    predictor = load_artifact(trained_model_dir, "framing")
    assert predictor.target_column is None
    assert predictor._scorer is not None
    assert predictor.predict(["The drones threaten peace."])[0]["label"]
    with pytest.raises(ValueError, match="task 'framing' takes no target; drop targets"):
        predictor.predict(["The drones threaten peace."], targets=["drones"])


# --- CLI and batch -----------------------------------------------------------------------


def test_cli_classify_with_target(tasks_file, target_model_dir):
    result = CliRunner().invoke(
        cli,
        ["classify", "--task", TARGET_TASK, "--model-dir", str(target_model_dir), "--target", "the curfew"],
        input="Students rejected the curfew.\nThe curfew starts at midnight.\n",
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["target"] for line in lines] == ["the curfew", "the curfew"]
    predictor = load_artifact(target_model_dir, TARGET_TASK)
    assert [line["label"] for line in lines] == [
        r["label"]
        for r in predictor.predict(
            ["Students rejected the curfew.", "The curfew starts at midnight."], targets=["the curfew"] * 2
        )
    ]


def test_cli_classify_without_target_says_what_is_missing(tasks_file, target_model_dir):
    result = CliRunner().invoke(
        cli, ["classify", "--task", TARGET_TASK, "--model-dir", str(target_model_dir), "The curfew ends."]
    )
    assert result.exit_code == 1
    assert (
        "Error: task 'proposal' needs a target (the claim or entity each text is about, its 'proposal' column): give --target"
        in result.output
    )


def test_cli_classify_refuses_target_for_a_text_only_task(tasks_file, trained_model_dir):
    result = CliRunner().invoke(
        cli, ["classify", "--model-dir", str(trained_model_dir), "--target", "drones", "The drones arrived."]
    )
    assert result.exit_code == 1
    assert result.output.strip().endswith("Error: task 'framing' takes no target; drop --target")


def _score(args, input_rows, tmp_path, model_dir, header=("sentence", "proposal", "id")):
    path = write_target_csv(tmp_path / "in.csv", input_rows, header=header)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        cli, ["score", str(path), "-o", str(out), "--workers", "1", "--model-dir", str(model_dir), *args]
    )
    if not out.exists():
        return result, None
    with open(out, encoding="utf-8", newline="") as fh:
        return result, list(csv.DictReader(fh))


def test_batch_scores_with_the_target_column(tasks_file, target_model_dir, tmp_path):
    rows = [("Drivers slammed the bike lanes.", "the bike lanes", "1"), ("No target here.", "", "2")]
    args = ["--task", TARGET_TASK, "--text-column", "sentence", "--target-column", "proposal"]
    result, scored = _score(args, rows, tmp_path, target_model_dir)
    assert result.exit_code == 0, result.output
    predictor = load_artifact(target_model_dir, TARGET_TASK)
    [expected] = predictor.predict(["Drivers slammed the bike lanes."], targets=["the bike lanes"])
    assert scored[0]["label"] == expected["label"]
    assert float(scored[0]["confidence"]) == expected["confidence"]
    assert scored[1]["error"] == "empty or missing target in 'proposal'"
    assert scored[1]["label"] == ""


def test_batch_defaults_to_the_tasks_target_column(tasks_file, target_model_dir, tmp_path):
    rows = [("Drivers slammed the bike lanes.", "the bike lanes", "1")]
    result, scored = _score(["--task", TARGET_TASK, "--text-column", "sentence"], rows, tmp_path, target_model_dir)
    assert result.exit_code == 0, result.output
    assert scored[0]["label"] in ("favour", "oppose", "report")


def test_batch_names_a_missing_target_column(tasks_file, target_model_dir, tmp_path):
    args = ["--task", TARGET_TASK, "--text-column", "sentence", "--target-column", "claim"]
    result, _ = _score(args, [("A sentence.", "the curfew", "1")], tmp_path, target_model_dir)
    assert result.exit_code == 1
    assert "no column 'claim'" in result.output and "--target-column" in result.output


def test_batch_refuses_a_target_column_for_a_text_only_task(tasks_file, trained_model_dir, tmp_path):
    result, _ = _score(["--target-column", "proposal"], [("x", "y", "1")], tmp_path, trained_model_dir, ("text", "proposal", "id"))  # fmt: skip
    assert result.exit_code == 1
    assert "Error: task 'framing' takes no target; drop --target-column" in result.output


def test_unknown_task_is_still_a_clear_error(tasks_file):
    with pytest.raises(TaskError, match="unknown task 'nope'"):
        get_task("nope")


# --- the public benchmark ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not (BENCHMARKS / "emergent").is_dir(), reason="../shared/benchmarks is absent")
def test_emergent_trains_and_beats_the_majority_class(tmp_path):
    task = get_task("emergent")
    data = load_labeled(task.data, task.text_column, task.label_column, task.labels, task.target_column)
    # Training refuses conflicting labels; the public train split has one pair with two labels.
    conflicting = {row["line"] for group in check_corpus(data)["conflicts"] for row in group}
    rows = [(t, g, y) for t, g, y, line in zip(data.X, data.targets, data.y, data.lines) if line not in conflicting]
    from dataclasses import replace

    clean = replace(
        task,
        data=write_target_csv(
            tmp_path / "train.csv", rows, header=("articleHeadline", "claimHeadline", "articleHeadlineStance")
        ),  # fmt: skip
    )
    metadata = train_task(clean, tmp_path / "models", grid={"C": [3.0], "word_ngrams": [(1, 2)]}, folds=3)
    majority = 246 / 524  # "for" in the official test split (SOURCE.md)
    assert metadata["metrics"]["n"] == 524
    assert metadata["metrics"]["accuracy"] > majority + 0.15


def test_models_diff_scores_a_target_task_with_its_targets(tasks_file, tmp_path):
    model_dir = tmp_path / "diff-models"
    task, first = train_target_task(tmp_path, model_dir)
    # The second version learns rotated labels, so it is sure to disagree with the first.
    rotate = {"favour": "oppose", "oppose": "report", "report": "favour"}
    mislabeled = write_target_csv(
        tmp_path / "proposal-mislabeled.csv", [(text, target, rotate[label]) for text, target, label in TARGET_ROWS]
    )
    second = train_task(task, model_dir, data_path=mislabeled, grid=TARGET_GRID, folds=3, force=True)
    result = CliRunner().invoke(
        cli,
        [
            "models",
            "diff",
            first["version"],
            second["version"],
            "--task",
            TARGET_TASK,
            "--model-dir",
            str(model_dir),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert diff["n"] == len(TARGET_TEST_ROWS)
    # Each changed row is shown with the target it was scored with.
    assert diff["changed"], "the two versions must disagree somewhere, or this checks nothing"
    assert all("[target: " in row["text"] for row in diff["changed"])


@pytest.mark.parametrize(
    ("target_column", "has_target", "takes_targets", "problem"),
    [
        ("proposal", True, True, None),
        ("proposal", False, True, "missing"),
        ("proposal", True, False, "unsupported"),
        (None, False, True, None),
        (None, True, True, "unexpected"),
        (None, False, False, None),
    ],
)
def test_the_one_target_rule(target_column, has_target, takes_targets, problem):
    from model.targets import target_problem

    assert target_problem(target_column, has_target, takes_targets) == problem
