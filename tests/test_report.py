"""Each version's report.html: the figures, the charts, the mistakes, and nothing unescaped."""

import re
from html import escape

from model.artifact import read_metadata, rebuild_pipeline
from model.store import current_version
from tests.conftest import TINY_TEST
from tests.lifecycle_helpers import train_worse
from training.evaluate import evaluate
from training.report import REPORT_FILE, render_report, top_ngrams


def read_report(model_dir, version):
    return (model_dir / "framing" / version / REPORT_FILE).read_text(encoding="utf-8")


def test_training_writes_a_report_with_the_figures(trained_model_dir):
    version = current_version(trained_model_dir, "framing")
    metadata = read_metadata(trained_model_dir, "framing", version)
    html = read_report(trained_model_dir, version)
    assert html.startswith("<!DOCTYPE html>")
    assert f"version {version}" in html
    assert f'<td>macro-F1</td><td class="n">{metadata["metrics"]["macro_f1"]:.4f}</td>' in html
    assert f'<td>accuracy</td><td class="n">{metadata["metrics"]["accuracy"]:.4f}</td>' in html
    # Confusion counts: one table row per true label, the counts in label order.
    matrix = metadata["metrics"]["confusion_matrix"]
    for label, row in zip(matrix["labels"], matrix["matrix"]):
        cells = "".join(f'<td class="n">{count}</td>' for count in row)
        assert f"<tr><td>{label}</td>{cells}</tr>" in html
    assert html.count("<svg") == 2  # confusion heat map and reliability plot
    assert 'Quality gate: <span class="pass">passed</span>' in html
    # Self-contained: no scripts, no external files.
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)


def test_report_lists_misclassified_sentences_with_probabilities(model_dir, tiny_task, tmp_path):
    metadata = train_worse(tiny_task, model_dir, tmp_path, promote=False)
    html = read_report(model_dir, metadata["version"])
    assert "<svg" in html
    matrix = metadata["metrics"]["confusion_matrix"]["matrix"]
    wrong_count = sum(map(sum, matrix)) - sum(matrix[i][i] for i in range(len(matrix)))
    assert wrong_count >= 6
    assert f"Misclassified test sentences ({wrong_count} of 9)" in html
    listed = [t for texts in TINY_TEST.values() for t in texts if f"<td>{escape(t)}</td>" in html]
    assert len(listed) == wrong_count
    assert "<th>p(neutral)</th><th>p(stability)</th><th>p(threat)</th>" in html


def test_report_escapes_text_from_the_data(trained_model_dir):
    version = current_version(trained_model_dir, "framing")
    metadata = read_metadata(trained_model_dir, "framing", version)
    pipeline = rebuild_pipeline(trained_model_dir, "framing", version)
    texts = ['<script>alert("x")</script> The drills threaten the region & its people.']
    proba = pipeline.predict_proba(texts)
    labels = [str(c) for c in pipeline.classes_]
    wrong = next(label for label in labels if label != labels[proba[0].argmax()])
    metadata["metrics"] = evaluate([wrong], proba, labels)
    html = render_report(metadata, pipeline, texts, [wrong], proba)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; The drills threaten the region &amp; its people." in html
    p_wrong = proba[0][labels.index(wrong)]
    assert f'<td class="n">{p_wrong:.3f}</td>' in html


def test_report_is_reproducible(trained_model_dir):
    version = current_version(trained_model_dir, "framing")
    metadata = read_metadata(trained_model_dir, "framing", version)
    pipeline = rebuild_pipeline(trained_model_dir, "framing", version)
    texts = TINY_TEST["threat"]
    proba = pipeline.predict_proba(texts)
    first = render_report(metadata, pipeline, texts, ["threat"] * 3, proba)
    assert render_report(metadata, pipeline, texts, ["threat"] * 3, proba) == first


def test_top_ngrams_point_toward_their_label(trained_model_dir):
    version = current_version(trained_model_dir, "framing")
    pipeline = rebuild_pipeline(trained_model_dir, "framing", version)
    grams = top_ngrams(pipeline, n=5)
    assert set(grams) == {"neutral", "stability", "threat"}
    for label, rows in grams.items():
        assert rows and all(weight > 0 for _, weight in rows)
        # The strongest n-gram of a label, alone, is classified as that label.
        assert pipeline.predict([rows[0][0]])[0] == label
