"""Training: versions, promotion, and failures that must leave the working model current."""

from dataclasses import replace

import pytest

from model.artifact import load_artifact
from model.store import current_version, list_versions
from tests.conftest import TINY_CORPUS, TINY_GRID, make_task, write_csv
from training.data import DataError
from training.train import train_task


def test_retrain_adds_a_version_and_makes_it_current(model_dir, tiny_task):
    first = current_version(model_dir, "framing")
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3)
    assert current_version(model_dir, "framing") == metadata["version"] != first
    assert list_versions(model_dir, "framing") == sorted([first, metadata["version"]])


def test_conflicting_labels_refuse_training_and_keep_the_old_model(model_dir, tiny_task, tmp_path):
    before = current_version(model_dir, "framing")
    corpus = {k: list(v) for k, v in TINY_CORPUS.items()}
    corpus["neutral"].append(TINY_CORPUS["threat"][0])
    bad = write_csv(tmp_path / "conflict.csv", corpus)
    with pytest.raises(DataError, match="same text with different labels"):
        train_task(tiny_task, model_dir, data_path=bad, grid=TINY_GRID, folds=3)
    assert current_version(model_dir, "framing") == before
    assert list_versions(model_dir, "framing") == [before]


def test_a_task_of_public_data_leaves_out_conflicting_rows_and_names_them(tiny_task, tmp_path, caplog):
    # tasks.toml's drop_conflicts, for a benchmark file this project may not edit.
    corpus = {k: list(v) for k, v in TINY_CORPUS.items()}
    twice = TINY_CORPUS["threat"][0]
    corpus["neutral"].append(twice)
    bad = write_csv(tmp_path / "conflict.csv", corpus)
    task = replace(tiny_task, drop_conflicts=True)
    metadata = train_task(task, tmp_path / "models", data_path=bad, grid=TINY_GRID, folds=3, realnews=False)
    dropped = metadata["data"]["dropped_conflicts"]
    assert len(dropped) == 2
    assert metadata["data"]["train"]["rows"] == sum(len(v) for v in corpus.values()) - 2
    assert "leaving out rows with the same text and different labels" in caplog.text
    assert all(f"line {line}" in caplog.text for line in dropped)


def test_training_rows_of_one_label_are_refused_with_the_label_and_the_old_model_stays(model_dir, tiny_task, tmp_path):
    before = current_version(model_dir, "framing")
    one_label = write_csv(tmp_path / "threat_only.csv", {"threat": TINY_CORPUS["threat"]})
    rows = len(TINY_CORPUS["threat"])
    message = f"threat_only.csv: every training row has the label 'threat' \\({rows} rows\\); a classifier needs rows of at least two labels"
    with pytest.raises(DataError, match=message):
        train_task(tiny_task, model_dir, data_path=one_label, grid=TINY_GRID, folds=3)
    assert list_versions(model_dir, "framing") == [before]


@pytest.mark.parametrize(
    ("corpus", "message"),
    [
        (
            {"threat": TINY_CORPUS["threat"], "stability": TINY_CORPUS["stability"]},
            "no training row has the label 'neutral'; the task's class_prior",
        ),
        (
            {label: rows[:2] for label, rows in TINY_CORPUS.items()},
            "too few rows of 'neutral' \\(2\\), 'stability' \\(2\\), 'threat' \\(2\\); 3-fold cross-validation",
        ),
    ],
    ids=["a label of the class prior missing", "fewer rows of a label than folds"],
)
def test_labels_scikit_learn_cannot_fit_are_refused_by_name(model_dir, tiny_task, tmp_path, corpus, message):
    task = replace(tiny_task, class_prior={"neutral": 0.6, "stability": 0.2, "threat": 0.2})
    before = list_versions(model_dir, "framing")
    with pytest.raises(DataError, match=message):
        train_task(task, model_dir, data_path=write_csv(tmp_path / "few.csv", corpus), grid=TINY_GRID, folds=3)
    assert list_versions(model_dir, "framing") == before


def test_test_sentences_in_training_data_refuse_training(model_dir, tiny_task, tmp_path):
    before = current_version(model_dir, "framing")
    leaky = write_csv(
        tmp_path / "leaky.csv",
        {**TINY_CORPUS, "neutral": TINY_CORPUS["neutral"] + ["The first vehicles were delivered on Monday."]},
    )
    with pytest.raises(DataError, match="overlaps"):
        train_task(tiny_task, model_dir, data_path=leaky, grid=TINY_GRID, folds=3)
    assert current_version(model_dir, "framing") == before


def test_crash_while_saving_leaves_no_half_version(model_dir, tiny_task, monkeypatch):
    before = current_version(model_dir, "framing")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("model.artifact.write_atomic", disk_full)
    with pytest.raises(OSError, match="No space left"):
        train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3)
    assert current_version(model_dir, "framing") == before
    assert sorted(p.name for p in (model_dir / "framing").iterdir()) == sorted(["CURRENT", before])
    load_artifact(model_dir, "framing")


def test_training_is_reproducible(tmp_path):
    task = make_task(tmp_path)
    a = train_task(task, tmp_path / "a", grid=TINY_GRID, folds=3)
    b = train_task(task, tmp_path / "b", grid=TINY_GRID, folds=3)
    assert a["metrics"] == b["metrics"]
    assert a["params"] == b["params"]
