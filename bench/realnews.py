"""Real-news benchmark: score the current model on real published sentences.

Reads ``../shared/benchmarks/realnews-dev/sentences.jsonl`` beside the repository (or ``--data PATH``,
or ``STANCE_REALNEWS``; the file is read where it is, never copied) and reports framing macro-F1,
per-label and per-region scores, the confusion matrix, calibration (ECE) and speaker / disputed
precision, recall and F1 of whole-sentence analysis. Without the file it logs why and skips.

Usage: ``python -m bench realnews`` or ``python -m bench.realnews [--data PATH] [--model-dir DIR]
[--task framing] [--errors N]``. Writes ``bench-results/realnews.json``.
"""

import argparse
import logging
import os
import time
from pathlib import Path

from bench.results import write_results
from model.artifact import ArtifactError, load_artifact
from training.evaluate import misclassified
from training.realnews import RealNewsError, evaluate_realnews, load_realnews, realnews_path, summary_line

logger = logging.getLogger("bench.realnews")


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.realnews", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="JSONL of real sentences (default: the shared realnews-dev set)")
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default="framing")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        help="how many of the most confident mistakes to log (they are not written to the results)",
    )
    parser.add_argument("--out", default="bench-results/realnews.json")
    return parser.parse_args(argv)


def measure_speed(predictor, texts, total=20_000, rounds=3):
    """Return sentences per second of ``predictor.predict_proba`` in this process on ``texts`` repeated to ``total``.

    The real sentences' own lengths are what the model will meet; the best of ``rounds`` is kept
    because this machine's CPU speed drifts for stretches of seconds.
    """
    batch = (texts * (total // len(texts) + 1))[:total]
    predictor.predict_proba(batch[:1000])
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        predictor.predict_proba(batch)
        best = max(best, len(batch) / (time.perf_counter() - started))
    return {"sentences": len(batch), "rounds": rounds, "sentences_per_second": round(best)}


def main(argv=None):
    """Score the current model on the real sentences and write the figures; 0 also when skipped."""
    args = parse_args(argv if argv is not None else [])
    path = realnews_path(args.data)
    if path is None:
        logger.warning("real-news file %s not found: skipped", args.data or "realnews-dev")
        return 0 if args.data is None else 1
    try:
        predictor = load_artifact(args.model_dir, args.task)
        rows = load_realnews(path, set(predictor.labels))
    except (ArtifactError, RealNewsError) as exc:
        logger.error("%s", exc)
        return 1
    report = evaluate_realnews(predictor, rows)
    report["speed"] = measure_speed(predictor, [row["text"] for row in rows])
    proba = predictor.predict_proba([row["text"] for row in rows])
    mistakes = misclassified([row["text"] for row in rows], [row["label"] for row in rows], proba, predictor.labels)
    logger.info("model %s/%s: %s", args.task, predictor.version, summary_line(report))
    for region, scores in report["regions"].items():
        logger.info("  region %s (%d): macro-F1 %.3f", region, scores["n"], scores["macro_f1"])
    logger.info(
        "  in-process Predictor.predict_proba: %(sentences_per_second)s sentences/s (one process, best of %(rounds)s rounds of %(sentences)s)",
        report["speed"],
    )
    logger.info(
        "  confusion (rows true, columns predicted %s): %s",
        report["framing"]["confusion_matrix"]["labels"],
        report["framing"]["confusion_matrix"]["matrix"],
    )
    for mistake in mistakes[: args.errors]:
        logger.info(
            "  mistake: %s -> %s (%.2f): %s",
            mistake["true"],
            mistake["predicted"],
            mistake["confidence"],
            mistake["text"],
        )
    # Only the count of mistakes is written: the sentences are other people's text and stay where they are.
    write_results(
        Path(args.out),
        {
            "data": str(path),
            "model": {"task": args.task, "version": predictor.version},
            **report,
            "mistakes": len(mistakes),
        },
    )
    return 0


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
