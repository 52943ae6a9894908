"""Model selection on real text: each candidate setting's corpus cross-validation, real-news and test-file scores.

The real sentences (``../shared/benchmarks/realnews-dev`` or ``--realnews PATH``) only select: every
candidate is fitted on the training file alone, scored by 5-fold cross-validation on it, then on the
real sentences and on the held-out test file. The table this writes is the one the README's "How the
model was chosen" quotes.

Usage: ``python -m bench selection`` or ``python -m bench.selection [--realnews PATH] [--folds 5]
[--only NAME ...]``. Writes ``bench-results/selection.json``.
"""

import argparse
import logging
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_score

from bench.results import write_results
from model.pipeline import build_pipeline
from model.predictor import Predictor
from training.data import load_labeled
from training.evaluate import evaluate
from training.realnews import RealNewsError, load_realnews, realnews_path
from training.tasks import get_task
from training.train import SEED

# The framing task's declared prior (training/tasks.toml).
REAL_NEWS_PRIOR = get_task("framing").class_prior

logger = logging.getLogger("bench.selection")

BASE = {"C": 10.0, "word_ngrams": (1, 2), "negation": True}
# The rows with the Naive Bayes half share these settings (against BASE); each adds what it changes.
_BLENDED = {"cues": True, "class_prior": REAL_NEWS_PRIOR, "binary": True, "naive_bayes_blend": 0.5}
# Each candidate changes one thing against the one before it, or against BASE.
CANDIDATES = {
    "words 1-2, negation, C=10 (base)": {},
    "C=3": {"C": 3.0},
    "C=30": {"C": 30.0},
    "C=100 (the previous default)": {"C": 100.0},
    "no negation marking": {"negation": False},
    "words 1-3": {"word_ngrams": (1, 3)},
    "min_df=2": {"min_df": 2},
    "+ character 2-5-grams": {"char_ngrams": (2, 5)},
    "+ cue families": {"cues": True},
    "+ real-news prior": {"class_prior": REAL_NEWS_PRIOR},
    "+ cue families + real-news prior": {"cues": True, "class_prior": REAL_NEWS_PRIOR},
    "+ cue families + real-news prior, C=30": {"cues": True, "class_prior": REAL_NEWS_PRIOR, "C": 30.0},
    "+ cue families + real-news prior, C=3": {"cues": True, "class_prior": REAL_NEWS_PRIOR, "C": 3.0},
    "binary term frequency": {"binary": True},
    "+ cue families + real-news prior, C=30, binary term frequency": {
        "cues": True,
        "class_prior": REAL_NEWS_PRIOR,
        "C": 30.0,
        "binary": True,
    },
    "+ cue families + real-news prior, C=10, binary term frequency": {
        "cues": True,
        "class_prior": REAL_NEWS_PRIOR,
        "binary": True,
    },
    # NBSVM (model/naive_bayes_blend.py) averaged into the weights: still one linear model.
    **{
        f"+ cue families + real-news prior, C={c:g}, binary term frequency, half the weights from NBSVM": {
            **_BLENDED,
            "C": c,
        }
        for c in (30.0, 10.0)
    },
    # The shipped shape: the cue families also crossed with whether the sentence reports speech.
    **{
        f"+ cue families + real-news prior, C={c:g}, binary term frequency, half the weights from NBSVM, "
        "cues crossed with reported speech": {**_BLENDED, "reported_speech": True, "C": c}
        for c in (10.0, 30.0)
    },
    # The temperature (training/tasks.toml) changes only the probabilities, so only the calibration error.
    **{
        "+ cue families + real-news prior, C=30, binary term frequency, half the weights from NBSVM, "
        f"cues crossed with reported speech, temperature {t:g}": {
            **_BLENDED,
            "reported_speech": True,
            "C": 30.0,
            "temperature": t,
        }
        for t in (1.5, 2.0, 2.5, 3.0)
    },
    "+ cue families + prior 0.6 neutral": {
        "cues": True,
        "class_prior": {"neutral": 0.6, "stability": 0.2, "threat": 0.2},
    },  # noqa: E501
    "+ cue families + prior 0.5 neutral": {
        "cues": True,
        "class_prior": {"neutral": 0.5, "stability": 0.25, "threat": 0.25},
    },
}


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.selection", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--realnews", default=None, help="JSONL of real sentences (default: the shared realnews-dev set)"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="candidate names to run (default: all)")
    parser.add_argument("--out", default="bench-results/selection.json")
    return parser.parse_args(argv)


def score_candidate(params, train, test, real_texts, real_labels, folds):
    """Return the CV, real-news and test-file scores of one setting, fitted on the training file only."""
    started = time.perf_counter()
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    cv = cross_val_score(build_pipeline(random_state=SEED, **params), train.X, train.y, cv=splitter, scoring="f1_macro")
    pipeline = build_pipeline(random_state=SEED, **params).fit(train.X, train.y)
    predictor = Predictor(pipeline, {})
    labels = predictor.labels
    real = evaluate(real_labels, predictor.predict_proba(real_texts), labels) if real_texts else None
    held_out = evaluate(test.y, predictor.predict_proba(test.X), labels)
    texts = list(test.X) * 4
    began = time.perf_counter()
    predictor.predict_proba(texts)
    speed = len(texts) / (time.perf_counter() - began)
    return {
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
        "cv_macro_f1": round(float(np.mean(cv)), 4),
        "cv_std": round(float(np.std(cv)), 4),
        "realnews_macro_f1": real["macro_f1"] if real else None,
        "realnews_per_label_f1": {k: s["f1"] for k, s in real["per_label"].items()} if real else None,
        "realnews_ece": real["ece"] if real else None,
        "test_macro_f1": held_out["macro_f1"],
        "sentences_per_second": round(speed),
        "seconds": round(time.perf_counter() - started, 1),
    }


def score_two_stage(params, train, real_texts, real_labels, test):
    """Score the two-stage shape: framed-or-neutral first, then threat-or-stability among framed sentences.

    Both stages are the same TF-IDF + logistic regression; p(threat) = p(framed) * p(threat | framed).
    Measured for the README, not offered as a model option: it did not beat the one-stage model.
    """
    framed = ["neutral" if label == "neutral" else "framed" for label in train.y]
    prior = params.get("class_prior")
    first_prior = {"neutral": prior["neutral"], "framed": 1 - prior["neutral"]} if prior else None
    first = build_pipeline(random_state=SEED, **{**params, "class_prior": first_prior}).fit(train.X, framed)
    keep = [i for i, label in enumerate(train.y) if label != "neutral"]
    second = build_pipeline(random_state=SEED, **{**params, "class_prior": None})
    second.fit([train.X[i] for i in keep], [train.y[i] for i in keep])
    labels = ["neutral", *[str(c) for c in second.classes_]]

    def proba(texts):
        p_framed = first.predict_proba(texts)[:, list(first.classes_).index("framed")]
        return np.column_stack([1 - p_framed, p_framed[:, None] * second.predict_proba(texts)])

    real = evaluate(real_labels, proba(real_texts), labels) if real_texts else None
    return {
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
        "realnews_macro_f1": real["macro_f1"] if real else None,
        "realnews_ece": real["ece"] if real else None,
        "test_macro_f1": evaluate(test.y, proba(test.X), labels)["macro_f1"],
    }


def load_sets(realnews=None):
    """Return ``(task, train, test, path, real)`` of the framing task; ``real`` is ``(texts, labels)``.

    ``path`` and ``real`` are ``None`` when the real-news file is absent. Raises :class:`RealNewsError`
    naming the file and line of a bad real-news row.
    """
    task = get_task("framing")
    columns = (task.text_column, task.label_column, task.labels)
    train, test = load_labeled(task.data, *columns), load_labeled(task.test, *columns)
    path = realnews_path(realnews)
    if path is None:
        return task, train, test, None, None
    rows = load_realnews(path, set(task.labels))
    return task, train, test, path, ([r["text"] for r in rows], [r["label"] for r in rows])


def load_sets_or_say(realnews, without_real):
    """Return :func:`load_sets`, or None after logging a bad real-news row; ``without_real`` says what runs
    when the real-news file is absent."""
    try:
        sets = load_sets(realnews)
    except RealNewsError as exc:
        logger.error("%s", exc)
        return None
    if sets[3] is None:
        logger.warning("real-news file not found: %s", without_real)
    return sets


def main(argv=None):
    """Score every candidate and write the table; the real-news columns are empty without the file."""
    args = parse_args(argv if argv is not None else [])
    sets = load_sets_or_say(args.realnews, "selection by cross-validation and test file only")
    if sets is None:
        return 1
    task, train, test, path, real = sets
    real_texts, real_labels = real or ([], [])
    results = {}
    for name, change in CANDIDATES.items():
        if args.only and name not in args.only:
            continue
        results[name] = score_candidate({**BASE, **change}, train, test, real_texts, real_labels, args.folds)
        r = results[name]
        logger.info(
            "%-45s CV %.3f  real %s  test %.3f  %6d sent/s",
            name,
            r["cv_macro_f1"],
            f"{r['realnews_macro_f1']:.3f}" if r["realnews_macro_f1"] is not None else "-",
            r["test_macro_f1"],
            r["sentences_per_second"],
        )
    if not args.only:
        best = {"cues": True, "class_prior": REAL_NEWS_PRIOR}
        results["two-stage (framed?, then which frame), cue families + prior"] = score_two_stage(
            {**BASE, **best}, train, real_texts, real_labels, test
        )
        logger.info("two-stage: %s", results["two-stage (framed?, then which frame), cue families + prior"])
    write_results(
        Path(args.out),
        {"train": {"path": str(task.data), "rows": len(train)}, "test": {"path": str(task.test), "rows": len(test)},
         "realnews": str(path) if path else None, "candidates": results},
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
