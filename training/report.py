"""Render a version's ``report.html``: metrics, confusion heat map, reliability plot, top n-grams, mistakes.

The page is self-contained (inline SVG and CSS, no scripts or external files) so it can be opened
from disk, attached to a ticket or served as is. Every piece of text is HTML-escaped: the sentences
come from data files and may contain markup.
"""

import io
from html import escape

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from model.store import REPORT_FILE  # noqa: F401 (the file name train.py writes the page to)

TOP_NGRAMS = 15
# Text stays text in the SVG (searchable, a third of the size); a fixed salt makes the output reproducible.
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "stance-report", "font.size": 9}

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
.figs{display:flex;flex-wrap:wrap;gap:2em}.figs figure{margin:0}.ngrams{display:flex;flex-wrap:wrap;gap:1.5em}
.pass{color:#176117}.fail{color:#a11}small{color:#666}
"""


def _svg(figure):
    """Return a matplotlib figure as an inline ``<svg>`` element (no XML prolog)."""
    buffer = io.StringIO()
    # Fixed margins rather than bbox_inches="tight", which draws the figure twice (half the render time).
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def confusion_svg(matrix, labels):
    """Return the confusion matrix as an SVG heat map with the count in each cell."""
    counts = np.asarray(matrix)
    with rc_context(_SVG_RC):
        # A Figure without pyplot: no global state and no GUI backend, safe in any thread.
        side = 0.9 * len(labels)
        figure = Figure(figsize=(side + 1.4, side + 1.3))
        figure.subplots_adjust(left=1.2 / (side + 1.4), right=0.97, bottom=1.1 / (side + 1.3), top=0.97)
        axes = figure.subplots()
        # Colour by the share of each true label, so a small class's errors show as clearly as a large one's.
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
        axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        axes.set_yticks(range(len(labels)), labels)
        axes.set_xlabel("predicted")
        axes.set_ylabel("true")
        for i in range(len(labels)):
            for j in range(len(labels)):
                colour = "white" if shares[i, j] > 0.6 else "black"
                axes.text(j, i, str(int(counts[i, j])), ha="center", va="center", color=colour)
        return _svg(figure)


def reliability_svg(reliability):
    """Return the reliability diagram: accuracy against mean confidence per confidence bin."""
    with rc_context(_SVG_RC):
        figure = Figure(figsize=(4.2, 3.6))
        figure.subplots_adjust(left=0.15, right=0.97, bottom=0.14, top=0.97)
        axes = figure.subplots()
        axes.plot([0, 1], [0, 1], linestyle="--", color="#999", label="perfect calibration")
        if reliability:
            confidence = [b["confidence"] for b in reliability]
            accuracy = [b["accuracy"] for b in reliability]
            sizes = [20 + 200 * b["count"] / max(r["count"] for r in reliability) for b in reliability]
            axes.plot(confidence, accuracy, color="#1f5fa8")
            axes.scatter(confidence, accuracy, s=sizes, color="#1f5fa8", label="bins (area: sentences)")
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1.02)
        axes.set_xlabel("mean confidence")
        axes.set_ylabel("accuracy")
        axes.legend(loc="upper left", frameon=False)
        return _svg(figure)


def top_ngrams(pipeline, n=TOP_NGRAMS):
    """Return ``{label: [(ngram, weight)]}``: the n-grams that push hardest toward each label.

    Weights are the logistic-regression coefficients minus their mean over labels, as in
    :meth:`model.predictor.Predictor.explain`: only differences between labels move the softmax.
    """
    names = [str(name).split("__", 1)[-1] for name in pipeline[:-1].get_feature_names_out()]
    classifier = pipeline[-1]
    coef = classifier.coef_
    if coef.shape[0] == 1:
        # Binary logistic regression stores one row, for classes_[1].
        coef = np.vstack([-coef[0], coef[0]]) / 2
    centred = coef - coef.mean(axis=0, keepdims=True)
    result = {}
    for label, row in zip(classifier.classes_, centred):
        order = np.argsort(row)[::-1][:n]
        result[str(label)] = [(names[i], round(float(row[i]), 3)) for i in order if row[i] > 0]
    return result


def misclassified_rows(texts, y_true, proba, labels):
    """Return the wrongly labeled texts with every label's probability, the most confident mistakes first."""
    proba = np.asarray(proba)
    rows = []
    for text, truth, p in zip(texts, y_true, proba):
        predicted = labels[int(p.argmax())]
        if predicted != truth:
            rows.append({"text": text, "true": truth, "predicted": predicted, "probabilities": dict(zip(labels, p))})
    rows.sort(key=lambda r: -max(r["probabilities"].values()))
    return rows


def _table(header, rows, numeric_from=1):
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(str(c))}</td>' if i >= numeric_from else f"<td>{escape(str(c))}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _gate_html(gate):
    if not gate:
        return ""
    verdict = '<span class="pass">passed</span>' if gate["passed"] else '<span class="fail">refused</span>'
    forced = " (promoted with --force)" if gate.get("forced") else ""
    return f"<p>Quality gate: {verdict}{escape(forced)}: {escape(gate['reason'])}</p>"


def render_report(metadata, pipeline, X_test, y_test, proba):
    """Return the HTML report of one version.

    Parameters
    ----------
    metadata : dict
        The version's complete metadata (as written to ``metadata.json``), with ``metrics``.
    pipeline : sklearn.pipeline.Pipeline
        The fitted pipeline, for the top n-grams per label.
    X_test, y_test : list of str
        The held-out test texts and their true labels.
    proba : array of shape (n_texts, n_labels)
        The pipeline's probabilities for ``X_test``, columns in ``pipeline.classes_`` order.
    """
    metrics = metadata["metrics"]
    labels = [str(c) for c in pipeline.classes_]
    matrix = metrics["confusion_matrix"]
    cv = metadata.get("cross_validation", {})
    data = metadata.get("data", {})
    title = f"{metadata['task']} {metadata['version']}"

    summary = _table(
        ["metric", "value"],
        [
            ["test sentences", metrics["n"]],
            ["accuracy", f"{metrics['accuracy']:.4f}"],
            ["macro-F1", f"{metrics['macro_f1']:.4f}"],
            ["expected calibration error", f"{metrics['ece']:.4f}"],
            [
                f"cross-validated macro-F1 ({cv.get('folds', '?')} folds)",
                f"{cv.get('macro_f1_mean', float('nan')):.4f}",
            ],
        ],
    )
    per_label = _per_label_table(metrics["per_label"])
    confusion_table = _confusion_table(matrix)
    reliability_table = _table(
        ["confidence bin", "sentences", "mean confidence", "accuracy"],
        [
            [f"{b['bin'][0]:.1f}-{b['bin'][1]:.1f}", b["count"], b["confidence"], b["accuracy"]]
            for b in metrics["reliability"]
        ],
    )
    ngrams = "".join(
        f"<div><h3>{escape(label)}</h3>" + _table(["n-gram", "weight"], [[g, f"{w:+.3f}"] for g, w in grams]) + "</div>"
        for label, grams in top_ngrams(pipeline).items()
    )
    mistakes = misclassified_rows(X_test, y_test, proba, labels)
    mistakes_table = (
        _table(
            ["sentence", "true", "predicted", *[f"p({label})" for label in labels]],
            [
                [m["text"], m["true"], m["predicted"], *[f"{m['probabilities'][label]:.3f}" for label in labels]]
                for m in mistakes
            ],
            numeric_from=3,
        )
        if mistakes
        else "<p>None: every test sentence was labeled correctly.</p>"
    )
    provenance = _table(
        ["", ""],
        [
            ["created", metadata.get("created_at", "")],
            ["git commit", metadata.get("git_commit") or "unknown"],
            [
                "training file",
                f"{data.get('train', {}).get('path', '')} ({data.get('train', {}).get('rows', '?')} rows)",
            ],
            ["test file", f"{data.get('test', {}).get('path', '')} ({data.get('test', {}).get('rows', '?')} rows)"],
            ["parameters", metadata.get("params", {})],
            ["libraries", ", ".join(f"{k} {v}" for k, v in metadata.get("versions", {}).items())],
            ["model SHA-256", metadata.get("model_sha256", "")],
        ],
        numeric_from=2,
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>Model report: {escape(metadata["task"])} <small>version {escape(metadata["version"])}</small></h1>
{_gate_html(metadata.get("gate"))}
{_realnews_html(metadata.get("realnews"))}
<h2>Test-file metrics</h2>
{summary}
{per_label}
<h2>Confusion matrix and calibration</h2>
<div class="figs">
<figure>{confusion_svg(matrix["matrix"], matrix["labels"])}<figcaption>Rows: true label; columns: predicted.
Shade: share of the true label.</figcaption>{confusion_table}</figure>
<figure>{reliability_svg(metrics["reliability"])}<figcaption>Reliability: a well-calibrated model's
points lie on the diagonal.</figcaption>{reliability_table}</figure>
</div>
<h2>Top n-grams per label</h2>
<div class="ngrams">{ngrams}</div>
<h2>Misclassified test sentences ({len(mistakes)} of {metrics["n"]})</h2>
{mistakes_table}
<h2>Provenance</h2>
{provenance}
</body></html>
"""


def _per_label_table(per_label):
    """Return the HTML table of precision, recall, F1 and support per label."""
    return _table(
        ["label", "precision", "recall", "F1", "support"],
        [
            [label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", s["support"]]
            for label, s in per_label.items()
        ],
    )


def _confusion_table(matrix):
    """Return the HTML confusion matrix (rows: true label, columns: predicted)."""
    return _table(
        ["true \\ predicted", *matrix["labels"]],
        [[label, *row] for label, row in zip(matrix["labels"], matrix["matrix"])],
    )


def _realnews_html(real):
    """Return the report's section on real published sentences (the yardstick), or a note that they were absent."""
    if not real:
        return (
            "<h2>Real published sentences</h2><p>Not scored: the real-news file was not present at training time.</p>"
        )
    framing, attribution = real["framing"], real["attribution"]
    matrix = framing["confusion_matrix"]
    summary = _table(
        ["metric", "value"],
        [
            ["real sentences", real["n"]],
            ["accuracy", f"{framing['accuracy']:.4f}"],
            ["macro-F1", f"{framing['macro_f1']:.4f}"],
            ["expected calibration error", f"{framing['ece']:.4f}"],
            *[
                [f"macro-F1, region {region} (n = {s['n']})", f"{s['macro_f1']:.4f}"]
                for region, s in real["regions"].items()
            ],
            *[
                [f"{role} F1 (P {s['precision']:.3f}, R {s['recall']:.3f})", f"{s['f1']:.4f}"]
                for role, s in attribution.items()
            ],
        ],
    )
    per_label = _per_label_table(framing["per_label"])
    confusion = _confusion_table(matrix)
    return (
        "<h2>Real published sentences (the yardstick)</h2>"
        f"<p>{escape(real['path'])}: sentences nobody on the team wrote, never used for fitting.</p>"
        f"{summary}{per_label}{confusion}"
    )
