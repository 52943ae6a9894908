"""A quality floor for the shipped corpus: the default training reaches it on the held-out test file,
and on real published sentences when the shared set is beside the clone."""

from pathlib import Path

import pytest

from model.artifact import load_artifact
from training.realnews import DEFAULT_REALNEWS, evaluate_realnews, load_realnews
from training.tasks import get_task
from training.train import train_task

# Training on the whole shipped corpus takes about a minute.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Train the default task on the shipped corpus, exactly as `stance train` does; return (metadata, model dir)."""
    model_dir = tmp_path_factory.mktemp("shipped")
    return train_task(get_task(), model_dir, realnews=False), model_dir


def test_shipped_corpus_is_large_and_mostly_context(shipped):
    metadata, _ = shipped
    counts = metadata["data"]["train"]["labels"]
    total = sum(counts.values())
    assert total >= 10_000
    assert metadata["data"]["test"]["rows"] >= 1_500
    # Real news is mostly context: about half of the corpus is neutral, the frames near balance.
    assert 0.4 <= counts["neutral"] / total <= 0.6
    assert 0.8 <= counts["threat"] / counts["stability"] <= 1.25


def test_test_file_macro_f1_floor(shipped):
    metadata, _ = shipped
    # Measured 0.92-0.93 when this floor was set; it leaves room for corpus edits, not for regressions.
    assert metadata["metrics"]["macro_f1"] >= 0.90
    assert all(s["f1"] >= 0.85 for s in metadata["metrics"]["per_label"].values())
    assert metadata["metrics"]["ece"] < 0.08


@pytest.mark.skipif(not DEFAULT_REALNEWS.is_file(), reason="the shared realnews-dev set is not beside this clone")
def test_realnews_floor(shipped):
    metadata, model_dir = shipped
    predictor = load_artifact(model_dir, metadata["task"])
    report = evaluate_realnews(predictor, load_realnews(DEFAULT_REALNEWS, set(predictor.labels)))
    # Real text, never used for fitting: measured 0.735 once the corpus no longer shared five-word runs
    # with it (0.46 before the rebuilt corpus), and 0.735 again with the denial shards of 2026-12-01.
    assert report["framing"]["macro_f1"] >= 0.70
    assert report["framing"]["ece"] <= 0.08
    assert report["attribution"]["speaker"]["f1"] >= 0.85


@pytest.mark.skipif(not DEFAULT_REALNEWS.is_file(), reason="the shared realnews-dev set is not beside this clone")
def test_shipped_corpus_shares_no_six_word_run_with_the_real_sentences():
    from training.checks import find_shared_runs
    from training.data import load_labeled

    task = get_task()
    real = [row["text"] for row in load_realnews(DEFAULT_REALNEWS)]
    attribution_test = Path(task.test).parent / "attribution_test.csv"
    for path in (task.data, task.test, attribution_test):
        shared = find_shared_runs(load_labeled(path, task.text_column, task.label_column).X, real)
        assert not shared, f"{path}: {len(shared)} rows share six consecutive words with realnews-dev"
