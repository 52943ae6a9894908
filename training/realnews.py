"""Score a model on real published sentences: framing, per region, calibration and attribution.

The real sentences live outside the repository (``../shared/benchmarks/realnews-dev`` beside it, or
any file of the same shape): they are other people's text, read where they are and never copied.
Each JSONL line has ``text``, ``label`` and optionally ``speaker``, ``disputed`` and ``region``.
"""

import json
import os
import re
from collections import Counter
from pathlib import Path

from model.article import analyze_article
from model.json_text import load_json
from training.evaluate import evaluate
from training.evaluate_attribution import ROLES, _scores

REPO = Path(__file__).resolve().parent.parent
# Set STANCE_REALNEWS to score another file of the same shape (e.g. the set kept outside the repo).
REALNEWS_ENV = "STANCE_REALNEWS"
DEFAULT_REALNEWS = REPO.parent / "shared" / "benchmarks" / "realnews-dev" / "sentences.jsonl"
# Annotators' notes inside a gold source, e.g. "He [=Ilazi]": the source as written is "He".
_NOTE = re.compile(r"\s*\[[^\]]*\]")
_SEPARATOR = re.compile(r"[|;]")


class RealNewsError(ValueError):
    """The real-news file is unreadable or a line lacks text or a known label."""


def realnews_path(path=None):
    """Return the real-news file to score (argument, then ``STANCE_REALNEWS``, then the shared dev set), or None if absent."""
    candidate = Path(path or os.environ.get(REALNEWS_ENV) or DEFAULT_REALNEWS)
    return candidate if candidate.is_file() else None


def load_realnews(path, labels=None):
    """Read a real-news JSONL file into a list of row dicts, checking each line.

    Raises :class:`RealNewsError` naming the file and line of a bad row.
    """
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line_number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = load_json(line)
            except json.JSONDecodeError as exc:
                raise RealNewsError(f"{path}, line {line_number}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
                raise RealNewsError(f"{path}, line {line_number}: field 'text' must be a non-empty string")
            if labels is not None and row.get("label") not in labels:
                raise RealNewsError(
                    f"{path}, line {line_number}: field 'label' is {row.get('label')!r}, not one of {sorted(labels)}"
                )
            rows.append(row)
    if not rows:
        raise RealNewsError(f"{path}: no sentences")
    return rows


def gold_sources(cell):
    """Split a gold source cell into sources, without annotators' bracketed notes.

    Sources are joined with ``|`` in this project's files; the real-news file also joins a few with ``;``.
    """
    parts = _SEPARATOR.split(cell or "")
    return [_NOTE.sub("", part).strip() for part in parts if _NOTE.sub("", part).strip()]


def evaluate_realnews(predictor, rows):
    """Return framing metrics, per-region macro-F1 and speaker/disputed scores of ``predictor`` on ``rows``.

    Framing goes through ``predictor.predict_proba`` (the predict function every path uses);
    attribution through :func:`model.article.analyze_article` on each sentence alone, as a
    ``POST /v1/analyze`` of that sentence would.
    """
    labels = predictor.labels
    texts = [row["text"] for row in rows]
    y_true = [row["label"] for row in rows]
    proba = predictor.predict_proba(texts)
    report = {"n": len(rows), "framing": evaluate(y_true, proba, labels)}
    regions = sorted({row.get("region") for row in rows if row.get("region")})
    report["regions"] = {}
    for region in regions:
        picked = [i for i, row in enumerate(rows) if row.get("region") == region]
        scores = evaluate([y_true[i] for i in picked], proba[picked], labels)
        report["regions"][region] = {k: scores[k] for k in ("n", "accuracy", "macro_f1")}
    report["attribution"] = score_attribution(predictor, rows)
    return report


def score_attribution(predictor, rows):
    """Return speaker and disputed precision/recall/F1 of whole-sentence analysis against the gold columns."""
    from model.attribution import head_noun

    counts = {role: Counter() for role in ROLES}
    for row in rows:
        gold = {role: Counter(head_noun(s) for s in gold_sources(row.get(role))) for role in ROLES}
        found = analyze_article(predictor, row["text"])["sentences"]
        predicted = {role: Counter() for role in ROLES}
        for sentence in found:
            for item in sentence["attributions"]:
                predicted[item["role"]][head_noun(item["source"])] += 1
        for role in ROLES:
            counts[role].update(
                tp=sum((gold[role] & predicted[role]).values()),
                predicted=sum(predicted[role].values()),
                gold=sum(gold[role].values()),
            )
    return {role: _scores(counts[role]) for role in ROLES}


def summary_line(report):
    """Return the headline figures of a real-news report as one readable line."""
    framing = report["framing"]
    per_label = ", ".join(f"{label} {s['f1']:.2f}" for label, s in framing["per_label"].items())
    attribution = report["attribution"]
    return (
        f"real news ({report['n']} sentences): macro-F1 {framing['macro_f1']:.3f} ({per_label}), "
        f"ECE {framing['ece']:.3f}, speaker F1 {attribution['speaker']['f1']:.3f}, "
        f"disputed F1 {attribution['disputed']['f1']:.3f}"
    )
