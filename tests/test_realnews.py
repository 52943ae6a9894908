"""Real-news figures: the benchmark command, and training that reports them when the file is there."""

import json

import pytest

from bench import realnews as bench_realnews
from bench.__main__ import main as bench_main
from model.artifact import load_artifact
from tests.conftest import TINY_GRID
from training.realnews import RealNewsError, evaluate_realnews, gold_sources, load_realnews, realnews_path
from training.train import train_task

# Written for these tests, in the shape of the shared realnews-dev file.
REAL_ROWS = [
    {"text": "Belgrade condemned the delivery of the drones as a provocation.", "label": "threat",
     "speaker": "Belgrade", "disputed": "", "region": "balkans"},
    {"text": "The system is defensive and threatens no one, the minister said.", "label": "stability",
     "speaker": "the minister", "disputed": "", "region": "balkans"},
    {"text": "The first vehicles were delivered to the base on Monday.", "label": "neutral",
     "speaker": "", "disputed": "", "region": "other"},
    {"text": "The drones do not represent a threat, as claimed by Belgrade.", "label": "stability",
     "speaker": "", "disputed": "Belgrade", "region": "other"},
]  # fmt: skip


def write_jsonl(path, rows):
    """Write rows as JSON lines and return the path."""
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_realnews_path_prefers_argument_then_env(tmp_path, monkeypatch):
    real = write_jsonl(tmp_path / "real.jsonl", REAL_ROWS)
    assert realnews_path(real) == real
    monkeypatch.setenv("STANCE_REALNEWS", str(real))
    assert realnews_path() == real
    monkeypatch.setenv("STANCE_REALNEWS", str(tmp_path / "absent.jsonl"))
    assert realnews_path() is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "x", "label": "threat"}\nnot json\n', "line 2: not JSON"),
        ('{"label": "threat"}\n', "line 1: field 'text'"),
        ('{"text": "A sentence.", "label": "maybe"}\n', "line 1: field 'label' is 'maybe'"),
        ("\n", "no sentences"),
    ],
)
def test_load_realnews_names_the_bad_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RealNewsError, match=message):
        load_realnews(path, {"threat", "stability", "neutral"})


def test_gold_sources_drop_annotators_notes():
    assert gold_sources("He [=Ilazi]|the ministry") == ["He", "the ministry"]
    assert gold_sources("the president; the envoy") == ["the president", "the envoy"]
    assert gold_sources("") == []


def test_evaluate_realnews_reports_framing_regions_and_attribution(model_dir, tmp_path):
    predictor = load_artifact(model_dir, "framing")
    rows = load_realnews(write_jsonl(tmp_path / "real.jsonl", REAL_ROWS))
    report = evaluate_realnews(predictor, rows)
    assert report["n"] == 4
    assert set(report["framing"]["per_label"]) == {"threat", "stability", "neutral"}
    assert sum(map(sum, report["framing"]["confusion_matrix"]["matrix"])) == 4
    assert set(report["regions"]) == {"balkans", "other"}
    assert report["regions"]["balkans"]["n"] == 2
    # ECE is the support-weighted gap between confidence and accuracy over the reliability bins.
    reliability = report["framing"]["reliability"]
    assert sum(row["count"] for row in reliability) == 4
    gaps = sum(row["count"] / 4 * abs(row["confidence"] - row["accuracy"]) for row in reliability)
    assert report["framing"]["ece"] == pytest.approx(gaps, abs=1e-3)
    # Two gold speakers and one disputed source, all of forms the rules know.
    assert report["attribution"]["speaker"]["gold"] == 2
    assert report["attribution"]["disputed"]["gold"] == 1
    assert report["attribution"]["disputed"]["tp"] == 1


def test_bench_realnews_writes_figures(model_dir, tmp_path):
    real = write_jsonl(tmp_path / "real.jsonl", REAL_ROWS)
    out = tmp_path / "realnews.json"
    status = bench_realnews.main(["--data", str(real), "--model-dir", str(model_dir), "--out", str(out)])
    assert status == 0
    results = json.loads(out.read_text())
    assert results["n"] == 4
    # The figures of the library function, on the same model and file.
    expected = evaluate_realnews(load_artifact(model_dir, "framing"), load_realnews(real))
    assert results["framing"]["macro_f1"] == pytest.approx(expected["framing"]["macro_f1"])
    assert results["framing"]["ece"] == pytest.approx(expected["framing"]["ece"])
    # Other people's sentences stay in their file: the results carry figures, not text.
    assert "Belgrade condemned" not in out.read_text()


def test_python_m_bench_passes_options_to_the_one_benchmark_named(model_dir, tmp_path):
    # The README's form: python -m bench realnews --data FILE.
    real = write_jsonl(tmp_path / "real.jsonl", REAL_ROWS)
    out = tmp_path / "realnews.json"
    status = bench_main(["realnews", "--data", str(real), "--model-dir", str(model_dir), "--out", str(out)])
    assert status == 0
    assert json.loads(out.read_text())["n"] == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["realnews", "attribution", "--data", "x.jsonl"], "name exactly one"),
        (["--data", "x.jsonl"], "name exactly one"),
        (["realnws"], "unknown benchmark 'realnws'"),
    ],
)
def test_python_m_bench_refuses_options_without_one_benchmark(args, message, caplog, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert bench_main(args) == 2
    assert message in caplog.text
    assert not (tmp_path / "bench-results").exists()


def test_bench_realnews_skips_cleanly_without_the_file(model_dir, tmp_path):
    out = tmp_path / "realnews.json"
    assert bench_realnews.main(["--model-dir", str(model_dir), "--out", str(out)]) == 0
    assert not out.exists()
    # A file asked for by name must exist.
    assert bench_realnews.main(["--data", str(tmp_path / "absent.jsonl"), "--out", str(out)]) == 1


def test_training_reports_realnews_when_present(tiny_task, tmp_path, monkeypatch):
    real = write_jsonl(tmp_path / "real.jsonl", REAL_ROWS)
    monkeypatch.setenv("STANCE_REALNEWS", str(real))
    metadata = train_task(tiny_task, tmp_path / "models", grid=TINY_GRID, folds=3)
    assert metadata["realnews"]["n"] == 4
    assert metadata["realnews"]["path"] == str(real)
    version_dir = tmp_path / "models" / "framing" / metadata["version"]
    assert "Real published sentences (the yardstick)" in (version_dir / "MODEL_CARD.md").read_text()
    assert json.loads((version_dir / "metrics.json").read_text())["realnews"]["n"] == 4


def test_training_runs_without_realnews(tiny_task, tmp_path):
    metadata = train_task(tiny_task, tmp_path / "models", grid=TINY_GRID, folds=3)
    assert metadata["realnews"] is None
    version_dir = tmp_path / "models" / "framing" / metadata["version"]
    assert "Not scored" in (version_dir / "MODEL_CARD.md").read_text()
