"""A quality floor for the shipped corpus: the default training reaches it on the held-out test file."""

import pytest

from training.tasks import get_task
from training.train import train_task


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Train the default task on the shipped corpus, exactly as `stance train` does."""
    return train_task(get_task(), tmp_path_factory.mktemp("shipped"))


def test_shipped_corpus_is_large_and_balanced(shipped):
    counts = shipped["data"]["train"]["labels"]
    assert sum(counts.values()) >= 1500
    assert shipped["data"]["test"]["rows"] >= 300
    assert max(counts.values()) / min(counts.values()) < 1.2


def test_test_file_macro_f1_floor(shipped):
    # Measured 0.92 when this floor was set; the floor leaves room for corpus edits, not for regressions.
    assert shipped["metrics"]["macro_f1"] >= 0.85
    assert all(s["f1"] >= 0.8 for s in shipped["metrics"]["per_label"].values())
    assert shipped["metrics"]["ece"] < 0.15
