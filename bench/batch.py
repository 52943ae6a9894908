"""Batch scoring throughput and memory: ``python -m bench.batch [--rows N] [--rounds N] [--model-dir DIR]``.

Generates a CSV of news-like sentences (clauses of the training corpus recombined with a fixed
seed), then measures in one run:

- rows/s of ``stance score`` with all cores vs single-process in-process ``pipeline.predict_proba``
  over the same sentences already in memory (target >= 1.6x on two cores, reading/parsing/writing
  included), and vs single-process ``Predictor.predict_proba`` (the scorer the workers run, so this
  ratio is the parallel speed-up alone). This machine's CPU speed drifts by up to 2x for stretches
  of tens of seconds, so the run alternates: baseline, ``stance score``, baseline, ... and rates each
  ``stance score`` run against the mean of the baselines measured just before and just after it;
  inside a baseline the two in-process functions take turns batch by batch;
- peak RSS of the whole ``stance score`` process tree at 10% of the rows and at all rows
  (target: the full run within 1.25x of the small one);
- ``--engine dask`` on a LocalCluster of 2 workers: rows/s and its ratio to the local engine.
"""

import argparse
import csv
import logging
import os
import random
import re
import sys
import time
from pathlib import Path

from bench.measure import run_measured
from bench.results import write_results
from model.artifact import load_artifact
from training.tasks import get_task

log = logging.getLogger(__name__)
RESULTS = Path("bench-results")
SEED = 20240601
BASELINE_BATCH = 10_000
# Split sentences into clauses at commas and at the words that usually start a new clause.
_CLAUSE = re.compile(r",\s+|\s+(?=(?:that|while|but|after|as|because|which|amid)\s)")


def generate_sentences(corpus_path, rows, seed=SEED):
    """Yield ``rows`` sentences made of a first clause and a continuation from two corpus sentences."""
    with open(corpus_path, encoding="utf-8", newline="") as fh:
        sentences = [row["text"] for row in csv.DictReader(fh)]
    heads, tails = [], []
    for sentence in sentences:
        parts = _CLAUSE.split(sentence.rstrip("."), maxsplit=1)
        if len(parts) == 2:
            heads.append(parts[0])
            tails.append(parts[1])
    rng = random.Random(seed)
    for _ in range(rows):
        yield f"{rng.choice(heads)}, {rng.choice(tails)}."


def write_input(path, corpus_path, rows):
    """Write the generated sentences as an ``id,text`` CSV (reused when it already has ``rows`` rows)."""
    marker = path.with_suffix(".rows")
    if path.exists() and marker.exists() and marker.read_text() == str(rows):
        return path
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerows(enumerate(generate_sentences(corpus_path, rows), 1))
    marker.write_text(str(rows))
    return path


def read_texts(path):
    """Return the text column of the generated CSV."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def measure_baselines(model_dir, task, texts):
    """Rows/s of single-process ``pipeline.predict_proba`` and ``Predictor.predict_proba`` over texts in memory.

    The two take turns batch by batch, so a stretch of slower CPU hits both alike.
    """
    predictor = load_artifact(model_dir, task)
    functions = {"pipeline": predictor.pipeline.predict_proba, "predictor": predictor.predict_proba}
    seconds = dict.fromkeys(functions, 0.0)
    for begin in range(0, len(texts), BASELINE_BATCH):
        batch = texts[begin : begin + BASELINE_BATCH]
        for name, function in functions.items():
            start = time.perf_counter()
            function(batch)
            seconds[name] += time.perf_counter() - start
    return {name: round(len(texts) / spent, 1) for name, spent in seconds.items()}


def run_score(model_dir, task, source, target, extra):
    """Run ``stance score`` as a user would and return its wall time, peak tree RSS and output rows."""
    stance = Path(sys.executable).with_name("stance")
    command = [
        str(stance),
        "-q",
        "score",
        str(source),
        "-o",
        str(target),
        "--task",
        task,
        "--model-dir",
        str(model_dir),
    ]
    command += extra
    seconds, cpu, peak = run_measured(command)
    with open(target, "rb") as fh:
        rows = sum(1 for _ in csv.reader(line.decode("utf-8") for line in fh)) - 1
    return {
        "command": " ".join(command[2:]),
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds, 1),
        # CPU of the whole process tree, start-up included: unlike wall time, other load hardly skews it.
        "cpu_seconds": round(cpu, 2),
        "rows_per_cpu_second": round(rows / cpu, 1),
        "peak_rss_mb": round(peak / 2**20, 1),
    }


def _rates(rates):
    """Format in-process rows/s for the log."""
    return ", ".join(f"{name}.predict_proba {rate:,.0f} rows/s" for name, rate in rates.items())


def main(argv=None):
    """Generate the input, run the measurements, log them and write bench-results/batch.json."""
    parser = argparse.ArgumentParser(prog="python -m bench batch", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="Rows in the large file (default 1,000,000).")
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default=None)
    parser.add_argument(
        "--rounds", type=int, default=3, help="stance score runs, each between two baselines (default 3)."
    )
    parser.add_argument("--skip-dask", action="store_true", help="Leave out the Dask run.")
    args = parser.parse_args(argv)
    task = get_task(args.task)
    load_at_start = round(os.getloadavg()[0], 2)
    RESULTS.mkdir(exist_ok=True)
    cores = os.cpu_count() or 1
    small_rows = max(args.rows // 10, 1)
    large = write_input(RESULTS / f"batch-input-{args.rows}.csv", task.data, args.rows)
    small = write_input(RESULTS / f"batch-input-{small_rows}.csv", task.data, small_rows)
    log.info("input: %s (%s rows), %s (%s rows); %d cores", large, f"{args.rows:,}", small, f"{small_rows:,}", cores)

    texts = read_texts(large)
    baselines = [measure_baselines(args.model_dir, task.name, texts)]
    log.info("in-process, 1 process: %s", _rates(baselines[-1]))

    output = RESULTS / "batch-output.csv"
    small_run = run_score(args.model_dir, task.name, small, output, [])
    log.info("stance score %s rows: peak RSS %.0f MB", f"{small_rows:,}", small_run["peak_rss_mb"])
    rounds = []
    for number in range(1, args.rounds + 1):
        local = run_score(args.model_dir, task.name, large, output, [])
        baselines.append(measure_baselines(args.model_dir, task.name, texts))
        around = {name: (baselines[-2][name] + baselines[-1][name]) / 2 for name in baselines[-1]}
        local["ratio_to_pipeline_predict_proba"] = round(local["rows_per_second"] / around["pipeline"], 2)
        local["ratio_to_predictor_predict_proba"] = round(local["rows_per_second"] / around["predictor"], 2)
        rounds.append(local)
        log.info(
            "round %d: stance score, %d workers: %s rows/s = %.2fx pipeline.predict_proba (target >= 1.6x), "
            "%.2fx Predictor.predict_proba; peak RSS %.0f MB; then in-process: %s",
            number,
            cores,
            f"{local['rows_per_second']:,.0f}",
            local["ratio_to_pipeline_predict_proba"],
            local["ratio_to_predictor_predict_proba"],
            local["peak_rss_mb"],
            _rates(baselines[-1]),
        )
    del texts
    # The middle round (the lower of the two middle ones for an even count).
    median = sorted(rounds, key=lambda run: run["ratio_to_pipeline_predict_proba"])[(len(rounds) - 1) // 2]
    memory_ratio = max(run["peak_rss_mb"] for run in rounds) / small_run["peak_rss_mb"]
    log.info(
        "median of %d rounds: %s rows/s = %.2fx pipeline.predict_proba (target >= 1.6x; rounds: %s), %.2fx "
        "Predictor.predict_proba; peak RSS %.2fx the %s-row run (target <= 1.25x)",
        len(rounds),
        f"{median['rows_per_second']:,.0f}",
        median["ratio_to_pipeline_predict_proba"],
        ", ".join(f"{run['ratio_to_pipeline_predict_proba']:.2f}" for run in rounds),
        median["ratio_to_predictor_predict_proba"],
        memory_ratio,
        f"{small_rows:,}",
    )
    results = {
        "rows": args.rows,
        "cores": cores,
        # Other work on the machine skews every figure here; the load average says how much there was.
        "load_average_1min_at_start": load_at_start,
        "in_process_rows_per_second": baselines,
        "local_rounds": rounds,
        "local": median,
        "local_ratio_to_predict_proba": median["ratio_to_pipeline_predict_proba"],
        "local_ratio_to_predictor_predict_proba": median["ratio_to_predictor_predict_proba"],
        "small_run": small_run,
        "peak_rss_ratio_large_to_small": round(memory_ratio, 2),
        "targets": {"local_ratio_min": 1.6, "peak_rss_ratio_max": 1.25},
    }
    if not args.skip_dask:
        dask = run_score(args.model_dir, task.name, large, output, ["--engine", "dask", "--workers", "2"])
        results["dask"] = dask
        results["dask_ratio_to_local"] = round(dask["rows_per_second"] / median["rows_per_second"], 2)
        log.info(
            "stance score --engine dask (LocalCluster, 2 workers): %s rows/s = %.2fx the local engine",
            f"{dask['rows_per_second']:,.0f}",
            results["dask_ratio_to_local"],
        )
    output.unlink(missing_ok=True)
    results["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    write_results(RESULTS / "batch.json", results)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main())
