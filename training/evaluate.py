"""Metrics as data: accuracy, macro-F1, per-label scores, confusion matrix and calibration error."""

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

CALIBRATION_BINS = 10


def expected_calibration_error(y_true, proba, labels, bins=CALIBRATION_BINS):
    """Return the expected calibration error of the top-label confidence, and the reliability table.

    Confidences are grouped into ``bins`` equal-width bins; ECE is the support-weighted mean gap
    between each bin's mean confidence and its accuracy.
    """
    proba = np.asarray(proba)
    confidence = proba.max(axis=1)
    predicted = np.asarray(labels)[proba.argmax(axis=1)]
    correct = predicted == np.asarray(y_true)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # A confidence of exactly 1.0 belongs in the last bin, not past it.
    which = np.minimum(np.digitize(confidence, edges[1:-1], right=True), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        mask = which == b
        if not mask.any():
            continue
        gap = abs(confidence[mask].mean() - correct[mask].mean())
        ece += mask.mean() * gap
        table.append(
            {
                "bin": [round(float(edges[b]), 2), round(float(edges[b + 1]), 2)],
                "count": int(mask.sum()),
                "confidence": round(float(confidence[mask].mean()), 4),
                "accuracy": round(float(correct[mask].mean()), 4),
            }
        )
    return round(float(ece), 4), table


def evaluate(y_true, proba, labels):
    """Return the metrics of probabilities ``proba`` (columns in ``labels`` order) against ``y_true``.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``per_label`` {label: precision, recall, f1, support},
        ``confusion_matrix`` {labels, rows = true, columns = predicted}, ``ece`` and ``reliability``.
    """
    labels = list(labels)
    y_pred = np.asarray(labels)[np.asarray(proba).argmax(axis=1)]
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    ece, reliability = expected_calibration_error(y_true, proba, labels)
    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)), 4),
        "per_label": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        "confusion_matrix": {
            "labels": labels,
            "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        },
        "ece": ece,
        "reliability": reliability,
    }


def misclassified(texts, y_true, proba, labels, limit=None):
    """Return the wrongly labeled texts, the most confident mistakes first."""
    proba = np.asarray(proba)
    rows = []
    for text, truth, p in zip(texts, y_true, proba):
        predicted = labels[int(p.argmax())]
        if predicted != truth:
            rows.append({"text": text, "true": truth, "predicted": predicted, "confidence": round(float(p.max()), 4)})
    rows.sort(key=lambda r: -r["confidence"])
    return rows[:limit] if limit else rows
