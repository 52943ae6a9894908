"""Lifecycle benchmark: what the quality gate and report.html add to a training run.

Measures, in-process, with the task's current model and test file:

1. importing matplotlib (paid once per ``stance train`` process, in a fresh interpreter);
2. ``render_report()`` of the current version on the test file: best of ``--repeat`` runs, and its size;
3. ``check_gate()``: loading and re-scoring the current version on the test file, best of ``--repeat``.

Usage: ``python -m bench lifecycle`` or ``python -m bench.lifecycle [--model-dir DIR] [--task NAME]``.
Writes ``bench-results/lifecycle.json``.
"""

import argparse
import logging
import os
import subprocess
import sys
import time

from bench.results import write_results
from model.artifact import ArtifactError, read_metadata, rebuild_pipeline, resolve_version
from training.data import load_labeled
from training.gate import check_gate
from training.report import render_report
from training.tasks import get_task

logger = logging.getLogger("bench.lifecycle")


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.lifecycle", description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default=None)
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each step; the best is kept.")
    parser.add_argument("--out", default="bench-results/lifecycle.json")
    return parser.parse_args(argv)


def best_seconds(function, repeat):
    """Best wall time of ``repeat`` calls of ``function()``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def import_seconds(module):
    """Seconds a fresh interpreter takes to import ``module`` (minus an empty interpreter's start-up)."""

    def run(code):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    return max(run(f"import {module}") - run("pass"), 0.0)


def main(argv):
    """Measure, log and write the results; return 0 (1 when there is no current model)."""
    args = parse_args(argv)
    task = get_task(args.task)
    try:
        version = resolve_version(args.model_dir, task.name)
        metadata = read_metadata(args.model_dir, task.name, version)
        pipeline = rebuild_pipeline(args.model_dir, task.name, version)
    except ArtifactError as exc:
        logger.error("%s", exc)
        return 1
    test = load_labeled(task.test, task.text_column, task.label_column, task.labels)
    proba = pipeline.predict_proba(test.X)

    results = {"version": version, "test_rows": len(test), "training_seconds": metadata.get("training_seconds")}
    results["matplotlib_import_seconds"] = round(import_seconds("matplotlib.figure"), 3)
    seconds, html = best_seconds(lambda: render_report(metadata, pipeline, test.X, test.y, proba), args.repeat)
    results["report_seconds"] = round(seconds, 3)
    results["report_bytes"] = len(html.encode("utf-8"))
    seconds, _ = best_seconds(
        lambda: check_gate(
            args.model_dir, task.name, metadata["metrics"]["macro_f1"], metadata["labels"], test.X, test.y
        ),
        args.repeat,
    )
    results["gate_seconds"] = round(seconds, 3)
    logger.info(
        "report.html: %.3f s, %d bytes (+%.2f s matplotlib import); gate re-score: %.3f s; training took %s s",
        results["report_seconds"],
        results["report_bytes"],
        results["matplotlib_import_seconds"],
        results["gate_seconds"],
        results["training_seconds"],
    )
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
