"""Public benchmarks: train the Emergent claim-stance task through the real training code and compare to the paper.

Emergent (Ferreira & Vlachos, NAACL 2016): stance of a news headline (text) toward a claim (target),
for / against / observing. The official train split is used for training and model selection
(claim-disjoint cross-validation, as ``train_task`` does for a task with a target column); the
official test split only for the reported scores. Three runs through ``train_task``:

1. ``text+target``: the task as declared in ``training/tasks.toml`` (headline TF-IDF plus
   text-claim relation features; the grid chooses the feature blocks);
2. ``text only``: the same pairs, but the pipeline's only feature block is the headline's TF-IDF
   (the paper's "BoW" row; the pairs still decide which rows are duplicates);
3. the majority class, computed from the test file.

The chosen setting is also scored on the 10 official claim-disjoint folds of the train split,
the paper's cross-validation. The benchmark files are read from ``../shared/benchmarks``
(relative to the repo) and never copied into the repo; without them it skips with a message.

Usage: ``python -m bench benchmarks`` or ``python -m bench.benchmarks [--benchmarks DIR]``.
Writes ``bench-results/benchmarks.json``.
"""

import argparse
import json
import logging
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

from bench.results import write_results
from model.pipeline import build_pipeline
from training.data import load_labeled
from training.tasks import get_task
from training.train import TARGET_GRID, train_task

logger = logging.getLogger("bench.benchmarks")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCHMARKS = REPO.parent / "shared" / "benchmarks"
EMERGENT_FOLDS = 10
# From emergent/SOURCE.md (willferreira/mscproject README and the paper's abstract).
EMERGENT_PUBLISHED = {
    "paper: logistic regression, all features": {"test_accuracy": 0.7328},
    "paper: logistic regression, BoW only": {"test_accuracy": 0.698, "cv_accuracy": 0.708},
    "majority class (for)": {"test_accuracy": 0.469},
}


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", default=str(DEFAULT_BENCHMARKS), help="The shared benchmarks folder.")
    parser.add_argument("--model-dir", default=None, help="Where to write the models (default: a temporary folder).")
    parser.add_argument("--out", default="bench-results/benchmarks.json")
    return parser.parse_args(argv)


def official_fold_accuracy(folder, task, params):
    """Mean accuracy of ``params`` over the official claim-disjoint folds of the train split."""
    columns = (task.text_column, task.label_column, task.labels, task.target_column)
    scores = []
    for fold in range(1, EMERGENT_FOLDS + 1):
        train = load_labeled(folder / f"url-versions-2015-06-14-clean-train-fold-{fold}.csv", *columns)
        test = load_labeled(folder / f"url-versions-2015-06-14-clean-test-fold-{fold}.csv", *columns)
        pipeline = build_pipeline(random_state=0, **_params(params)).fit(train.inputs, train.y)
        scores.append(accuracy_score(test.y, pipeline.predict(test.inputs)))
    return sum(scores) / len(scores)


def _params(params):
    """Metadata params (lists) back to builder arguments (tuples)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}


def run_emergent(folder, model_dir):
    """Train and score the Emergent task with and without its target; return the results dict."""
    task = get_task("emergent")
    # The task leaves out the split's one pair of conflicting rows itself (tasks.toml: drop_conflicts).
    data = folder / "url-versions-2015-06-14-clean-train.csv"
    dropped = []
    test_path = folder / "url-versions-2015-06-14-clean-test.csv"
    runs = {}
    text_only = replace(task, name="emergent-text-only")
    variants = (
        ("text+target", task, None),
        ("text only", text_only, {**TARGET_GRID, "target_features": [("text",)]}),
    )
    for name, variant, grid in variants:
        started = time.perf_counter()
        metadata = train_task(variant, model_dir, data, test_path, grid=grid)
        metrics = metadata["metrics"]
        dropped = metadata["data"]["dropped_conflicts"]
        runs[name] = {
            "params": metadata["params"],
            "cv_macro_f1": metadata["cross_validation"]["macro_f1_mean"],
            "cv_grouped_by_claim": metadata["cross_validation"]["grouped"],
            "official_folds_cv_accuracy": round(
                official_fold_accuracy(folder / "folds", variant, metadata["params"]), 4
            ),  # fmt: skip
            "test_accuracy": metrics["accuracy"],
            "test_macro_f1": metrics["macro_f1"],
            "test_f1_per_label": {label: s["f1"] for label, s in metrics["per_label"].items()},
            "version": metadata["version"],
            "seconds": round(time.perf_counter() - started, 1),
        }
        logger.info("emergent %s: %s", name, json.dumps(runs[name]))
    test = load_labeled(test_path, task.text_column, task.label_column, task.labels, task.target_column)
    majority, _ = Counter(test.y).most_common(1)[0]
    runs["majority class"] = {
        "test_accuracy": round(accuracy_score(test.y, [majority] * len(test)), 4),
        "test_macro_f1": round(f1_score(test.y, [majority] * len(test), average="macro"), 4),
    }
    return {"train_rows_dropped_for_conflicting_labels": len(dropped), "runs": runs, "published": EMERGENT_PUBLISHED}


def main(argv=None):
    """Run the benchmarks, log the comparison and write the JSON results; 0 also when skipped."""
    args = parse_args(argv or [])
    folder = Path(args.benchmarks) / "emergent"
    if not folder.is_dir():
        logger.warning("skipped: %s not found (the public benchmarks live outside the repo)", folder)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        results = {"emergent": run_emergent(folder, args.model_dir or scratch)}
    for name, run in results["emergent"]["runs"].items():
        logger.info(
            "Emergent %-15s test accuracy %.3f  macro-F1 %.3f", name, run["test_accuracy"], run["test_macro_f1"]
        )
    for name, scores in EMERGENT_PUBLISHED.items():
        logger.info("Emergent %-40s test accuracy %.3f", name, scores["test_accuracy"])
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
