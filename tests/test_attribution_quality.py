"""A floor for rule-based attribution on the repo's two labelled files: the framing test file and the
attribution test file, whose sentences were written after the rules by writers who never saw them."""

from pathlib import Path

import pytest

from training.evaluate_attribution import evaluate_attribution, read_gold

DATA = Path(__file__).resolve().parent.parent / "training" / "data"


@pytest.mark.parametrize(
    ("name", "speaker_floor", "disputed_floor"),
    [
        # Measured 0.937 / 0.884 when these floors were set (0.888 / 0.835 with the rules it was written after).
        ("attribution_test.csv", 0.92, 0.85),
        # Measured 0.927 / 0.775.
        ("framing_test.csv", 0.90, 0.74),
    ],
)
def test_attribution_floor(name, speaker_floor, disputed_floor):
    report = evaluate_attribution(read_gold(DATA / name))
    assert report["speaker"]["f1"] >= speaker_floor, report["speaker"]
    assert report["disputed"]["f1"] >= disputed_floor, report["disputed"]
    assert report["role_accuracy"] >= 0.99


def test_the_attribution_benchmark_reports_both_files():
    from bench.attribution import attribution_quality
    from training.tasks import get_task

    quality = attribution_quality(get_task())
    assert set(quality) == {"framing_test.csv", "attribution_test.csv"}
    assert (
        quality["attribution_test.csv"]["speaker"]["f1"]
        == evaluate_attribution(read_gold(DATA / "attribution_test.csv"))["speaker"]["f1"]
    )
