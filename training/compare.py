"""Compare two versions of a task on the same labeled texts: metric deltas and the labels that changed.

It lives in training, not in :mod:`model.lifecycle`, because it scores with training's metrics
(:func:`training.evaluate.evaluate`), and the model layer never imports training.
"""

from model.artifact import load_artifact
from model.predictor import summarise_proba

# Same metrics as training writes to metrics.json, so a diff's numbers match the versions' own.
from training.evaluate import evaluate


def diff_versions(model_dir, task, version_a, version_b, texts, y_true):
    """Score versions A and B on the same labeled texts; return their metric deltas and changed labels.

    Returns
    -------
    dict
        ``task``, ``a``, ``b``, ``n``; ``metrics``: ``[{"name", "a", "b", "delta"}]`` for accuracy,
        macro-F1, ECE and each label's F1; ``changed``: the texts whose label differs, each with the
        true label, both labels and confidences and a ``verdict`` (``fixed``: B right, A wrong;
        ``broken``: A right, B wrong; ``changed``: both wrong); ``counts`` of each verdict.
    """
    texts = list(texts)
    predictor_a = load_artifact(model_dir, task, version_a)
    predictor_b = load_artifact(model_dir, task, version_b)
    # Score each version once: metrics and changed labels both come from these probabilities.
    proba_a = predictor_a.predict_proba(texts)
    proba_b = predictor_b.predict_proba(texts)
    metrics_a = evaluate(y_true, proba_a, predictor_a.labels)
    metrics_b = evaluate(y_true, proba_b, predictor_b.labels)
    results_a = _top_labels(proba_a, predictor_a.labels)
    results_b = _top_labels(proba_b, predictor_b.labels)

    rows = [(name, metrics_a[name], metrics_b[name]) for name in ("accuracy", "macro_f1", "ece")]
    for label in sorted(set(metrics_a["per_label"]) | set(metrics_b["per_label"])):
        f1_a = metrics_a["per_label"].get(label, {}).get("f1")
        f1_b = metrics_b["per_label"].get(label, {}).get("f1")
        rows.append((f"f1 {label}", f1_a, f1_b))
    metrics = [
        {"name": name, "a": a, "b": b, "delta": None if a is None or b is None else round(b - a, 4)}
        for name, a, b in rows
    ]

    changed = []
    for text, truth, ra, rb in zip(texts, y_true, results_a, results_b):
        if ra["label"] == rb["label"]:
            continue
        verdict = "fixed" if rb["label"] == truth else "broken" if ra["label"] == truth else "changed"
        changed.append(
            {
                # A target task's inputs are (text, target) pairs.
                "text": text if isinstance(text, str) else f"{text[0]} [target: {text[1]}]",
                "true": truth,
                "a": ra["label"],
                "a_confidence": ra["confidence"],
                "b": rb["label"],
                "b_confidence": rb["confidence"],
                "verdict": verdict,
            }
        )
    counts = {v: sum(c["verdict"] == v for c in changed) for v in ("fixed", "broken", "changed")}
    return {
        "task": task,
        "a": predictor_a.version,
        "b": predictor_b.version,
        "n": len(texts),
        "metrics": metrics,
        "changed": changed,
        "counts": counts,
    }


def _top_labels(proba, labels):
    """Return ``{"label", "confidence"}`` of the likeliest label per row, rounded as Predictor.predict rounds."""
    best, rounded = summarise_proba(proba)
    return [{"label": labels[index], "confidence": row[index]} for index, row in zip(best, rounded)]
