"""Attribution benchmark: cost per sentence, analyze latency in process and over HTTP, cost of --attributions.

Measures:

1. ``attribute()`` over every sentence of the task's training and test files: ms per sentence;
2. ``split_sentences()`` over those sentences joined into one text: ms per sentence;
3. ``analyze_article()`` with the current model on an article: p50 and p99 latency over ``--repeat``
   runs in process, and the share of it spent in ``predictor.predict``;
4. ``POST /v1/analyze`` of the same article against ``stance serve`` (gunicorn) on a free 127.0.0.1
   port: p50 and p99 over ``--http-requests`` sequential keep-alive requests, and whether the answer
   equals ``analyze_article`` in process;
5. ``stance score`` of ``--batch-rows`` generated rows (the batch benchmark's input) with and without
   ``--attributions``: rows/s of each and the ratio;
6. speaker and disputed precision, recall and F1 on the task's test file and on
   ``training/data/attribution_test.csv`` (sentences written after the rules), so ``make bench`` tracks
   quality beside cost.

The article is ``--article PATH``, else the team's seed article (``shared/seed/article.txt`` beside the
repo: kept outside it, so a clone without it falls back), else :data:`BUILT_IN_ARTICLE`.

Usage: ``python -m bench attribution`` or ``python -m bench.attribution [--article PATH] [--model-dir DIR]
[--http-requests 200] [--batch-rows 100000]``; 0 skips a measurement. Writes ``bench-results/attribution.json``.
"""

import argparse
import csv
import http.client
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.results import write_results
from model.article import analyze_article
from model.artifact import ArtifactError, load_artifact
from model.attribution import attribute
from model.sentences import split_sentences
from training.evaluate_attribution import evaluate_attribution, read_gold
from training.tasks import get_task

logger = logging.getLogger("bench.attribution")

# The seed article sits in the shared folder next to the repository, never inside it.
SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
# Written for this benchmark: a story of the same kind as the seed article (sources that frame a
# purchase as stability, a government that calls it a threat, quotes, a pronoun speaker).
BUILT_IN_ARTICLE = """\
The coast guard of Estonia has received the first two of six new patrol boats ordered from a Finnish shipyard. According to the Ministry of Defence, the boats will patrol the Gulf of Finland and help protect undersea cables.
The boats carry radar, night cameras and a light machine gun. Each can reach a speed of 40 knots and stay at sea for five days.
Naval analysts say the purchase strengthens deterrence and makes the region safer. They argue that better patrols reduce the risk of sabotage against energy links.
The boats do not represent a threat to anyone, as claimed by the Russian embassy. On the contrary, officials in Tallinn said the vessels are purely defensive and meet NATO standards.
“These boats let us see what happens in our waters, day and night,” said Commander Liis Tamm, who leads the coast guard's northern squadron.
“We are not arming for a conflict; we are closing a gap,” Tamm said.
The Russian embassy warned that the patrols are a provocation that could escalate tensions in the Baltic Sea.
Security expert Martin Kask rejected that view, stressing that the contract was public and the boats are lightly armed.
The remaining four boats are due by the end of next year, the ministry said.
Parliament approved the contract in March by 68 votes to 21.
"""
RESULTS = Path("bench-results")


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.attribution", description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default="framing")
    parser.add_argument("--article", help="A text file to analyse (default: the seed article, else a built-in one).")
    parser.add_argument("--repeat", type=int, default=50, help="Runs of analyze_article to time.")
    parser.add_argument("--http-requests", type=int, default=200, help="Sequential POST /v1/analyze to time.")
    parser.add_argument("--http-workers", type=int, default=2, help="gunicorn workers of the server.")
    parser.add_argument("--batch-rows", type=int, default=100_000, help="Rows scored with and without --attributions.")
    parser.add_argument("--out", default=str(RESULTS / "attribution.json"))
    return parser.parse_args(argv)


def corpus_sentences(task):
    """Every sentence of the task's training and test files."""
    texts = []
    for path in (task.data, task.test):
        with open(path, encoding="utf-8", newline="") as fh:
            texts.extend(row[task.text_column] for row in csv.DictReader(fh))
    return texts


def choose_article(path=None, seed=None):
    """Return ``(name, text)``: the given file, else the seed article when present, else the built-in one."""
    if path:
        return str(path), Path(path).read_text(encoding="utf-8")
    seed = Path(seed) if seed else SEED_ARTICLE
    if seed.is_file():
        return "seed article", seed.read_text(encoding="utf-8")
    logger.info("seed article not found at %s; using the built-in article", seed)
    return "built-in article", BUILT_IN_ARTICLE


def per_sentence_ms(function, items, rounds=3):
    """Best-of-``rounds`` wall time of ``function(items)``, in ms per item."""
    best = min(_timed(function, items) for _ in range(rounds))
    return 1000 * best / len(items)


def _timed(function, items):
    """Seconds taken by one call of ``function(items)``."""
    started = time.perf_counter()
    function(items)
    return time.perf_counter() - started


def percentiles(seconds):
    """Return p50, p99 and the mean of a list of durations, in ms."""
    ordered = sorted(seconds)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 3),
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 3),
        "mean_ms": round(1000 * statistics.fmean(ordered), 3),
    }


# Written for this benchmark: a run-on sentence with every cue family the attribution rules scan for.
LONG_TEXT_UNIT = (
    "Kosovo's Defence Minister, Dren Lila, said “the army is ready, as claimed by Belgrade's critics” "
    "and rejected claims by Sofia, the agency quoted the official as saying, "
    "while officials point out that the report by the Tarsk Institute was false and the envoy declined and said "
    "the claims of the Ostrava Government were disinformation, "
    "Oslo, Riga and Tallinn said Tarsk claimed to have downed a drone, a claim denied by Ostrava officials, "
    "Lt. Col. Maren Tamm, head of the branch said, and local media reports say the budget was published, "
    "the ministry declined to comment and the army could not confirm it, "
)


# A "sentence" of nothing but capitalised titles, which once made article resolution quadratic.
TITLES_TEXT_UNIT = "Mr. Dr. Gen. Col. Lt. Gov. Sen. Minister General "
# Sentences that once made it quadratic too: a bare "the newspaper" looked back over every speaker so far.
OUTLETS_TEXT_UNIT = "The newspaper said. The group said. (Adds as claimed by Lind, "


def names_text(size):
    """Sentences with a new full name each and a bare surname after it: the name table once grew quadratic."""
    parts, total, i = [], 0, 0
    while total < size:
        name = "".join(chr(ord("a") + int(d)) for d in f"{i:05d}").capitalize()
        parts.append(f"Ivo {name} said it. Lind said it. ")
        total += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


def attribution_quality(task):
    """Return ``{file name: {"speaker": scores, "disputed": scores}}`` on the test and attribution test files."""
    quality = {}
    for path in (Path(task.test), Path(task.test).parent / "attribution_test.csv"):
        if not path.is_file():
            continue
        report = evaluate_attribution(read_gold(path))
        quality[path.name] = {role: report[role] for role in ("speaker", "disputed")}
        logger.info(
            "%s: speaker F1 %.3f, disputed F1 %.3f (%d sentences)",
            path.name,
            report["speaker"]["f1"],
            report["disputed"]["f1"],
            report["n"],
        )
    return quality


def long_text_seconds(sizes=(10_000, 100_000)):
    """Return ``{chars: seconds}`` of ``attribute()`` on run-on text of each size: linear time gives a 10x step."""
    timings = {}
    for size in sizes:
        text = (LONG_TEXT_UNIT * (size // len(LONG_TEXT_UNIT) + 1))[:size]
        started = time.perf_counter()
        attribute(text)
        timings[str(size)] = round(time.perf_counter() - started, 4)
    return timings


def long_article_seconds(predictor, sizes=(10_000, 100_000)):
    """Return ``{unit: {chars: seconds}}`` of ``analyze_article`` on run-on text: linear time gives a 10x step."""
    timings = {}
    units = {"run_on": LONG_TEXT_UNIT, "titles": TITLES_TEXT_UNIT, "outlets": OUTLETS_TEXT_UNIT, "names": None}
    for name, unit in units.items():
        timings[name] = {}
        for size in sizes:
            text = names_text(size) if unit is None else (unit * (size // len(unit) + 1))[:size]
            started = time.perf_counter()
            analyze_article(predictor, text)
            timings[name][str(size)] = round(time.perf_counter() - started, 4)
    return timings


def main(argv):
    """Measure, log and write the results; return 0."""
    args = parse_args(argv)
    task = get_task(args.task)
    sentences = corpus_sentences(task)
    # Other work on this machine skews every figure here; the load average says how much there was.
    results = {"load_average_1min_at_start": round(os.getloadavg()[0], 2), "sentences": len(sentences)}
    results["attribute_ms_per_sentence"] = round(per_sentence_ms(lambda xs: [attribute(x) for x in xs], sentences), 4)
    joined = "\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    results["split_ms_per_sentence"] = round(per_sentence_ms(lambda _: split_sentences(joined), sentences), 4)
    logger.info(
        "attribute: %.3f ms/sentence, split: %.4f ms/sentence over %d sentences",
        results["attribute_ms_per_sentence"],
        results["split_ms_per_sentence"],
        len(sentences),
    )
    results["long_text_attribute_seconds"] = long_text_seconds()
    logger.info("attribute() on long run-on text: %s", results["long_text_attribute_seconds"])
    results["quality"] = attribution_quality(task)
    results["article"], article = choose_article(args.article)
    try:
        predictor = load_artifact(args.model_dir, args.task)
    except ArtifactError as exc:
        logger.warning("skipping analyze latency, HTTP and batch: %s", exc)
    else:
        results.update(_analyze_latency(predictor, article, args.repeat))
        results["long_text_analyze_seconds"] = long_article_seconds(predictor)
        logger.info("analyze_article() on long run-on text: %s", results["long_text_analyze_seconds"])
        if args.http_requests > 0:
            results["http_analyze"] = _http_latency(args, predictor, article)
        if args.batch_rows > 0:
            results["batch_attributions"] = _batch_cost(args.model_dir, task, args.batch_rows)
    write_results(args.out, results)
    return 0


def _analyze_latency(predictor, article, repeat):
    """Time ``analyze_article`` and, for the same sentences, ``predictor.predict`` alone."""
    analyze_article(predictor, article)  # warm-up: first predict builds caches
    times = [_timed(lambda a: analyze_article(predictor, a), article) for _ in range(repeat)]
    texts = [article[s:e] for s, e in split_sentences(article)]
    predict = statistics.median(_timed(predictor.predict, texts) for _ in range(repeat))
    latency = percentiles(times)
    result = {
        "article_chars": len(article),
        "article_sentences": len(texts),
        "analyze_p50_ms": latency["p50_ms"],
        "analyze_p99_ms": latency["p99_ms"],
        "predict_share": round(predict / statistics.median(times), 3),
    }
    logger.info(
        "analyze_article on %d sentences (%d chars): p50 %.2f ms, p99 %.2f ms, predict %.0f%% of it",
        len(texts),
        len(article),
        result["analyze_p50_ms"],
        result["analyze_p99_ms"],
        100 * result["predict_share"],
    )
    return result


def _http_latency(args, predictor, article):
    """p50/p99 of sequential ``POST /v1/analyze`` requests to a real ``stance serve``."""
    from bench.http import free_port, request, start_server, stop_server

    body = json.dumps({"text": article, "task": args.task}).encode()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="stance-bench-analyze-") as tmp:
        proc = start_server(args.model_dir, port, args.http_workers, 1, Path(tmp) / "server.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for _ in range(10):  # warm-up: every worker's first predict builds caches
                status, payload = request(port, "POST", "/v1/analyze", body, conn)
            served, failed = [], 0
            for _ in range(args.http_requests):
                started = time.perf_counter()
                status, payload = request(port, "POST", "/v1/analyze", body, conn)
                served.append(time.perf_counter() - started)
                failed += status != 200
            conn.close()
        finally:
            stop_server(proc)
    result = {
        "requests": args.http_requests,
        "server_workers": args.http_workers,
        "failed": failed,
        **percentiles(served),
        "response_bytes": len(payload),
        # The service must answer what the library and `stance analyze --json` give.
        "equals_in_process": status == 200 and json.loads(payload) == analyze_article(predictor, article),
    }
    logger.info(
        "POST /v1/analyze, %d sequential requests: p50 %.2f ms, p99 %.2f ms, %d failed, same as in process: %s",
        result["requests"],
        result["p50_ms"],
        result["p99_ms"],
        failed,
        result["equals_in_process"],
    )
    return result


def _batch_cost(model_dir, task, rows):
    """Rows/s of ``stance score`` on generated rows with and without ``--attributions``."""
    from bench.batch import run_score, write_input

    RESULTS.mkdir(exist_ok=True)
    source = write_input(RESULTS / f"batch-input-{rows}.csv", task.data, rows)
    target = RESULTS / "attribution-batch-output.csv"
    try:
        plain = run_score(model_dir, task.name, source, target, [])
        with_sources = run_score(model_dir, task.name, source, target, ["--attributions"])
    finally:
        target.unlink(missing_ok=True)
    result = {
        "rows": rows,
        "cores": os.cpu_count(),
        "without": plain,
        "with_attributions": with_sources,
        "rows_per_second_ratio": round(with_sources["rows_per_second"] / plain["rows_per_second"], 3),
        "extra_cpu_ms_per_row": round(1000 * (with_sources["cpu_seconds"] - plain["cpu_seconds"]) / rows, 4),
    }
    logger.info(
        "stance score of %d rows: %.0f rows/s without, %.0f rows/s with --attributions (x%.2f), +%.3f CPU ms/row",
        rows,
        plain["rows_per_second"],
        with_sources["rows_per_second"],
        result["rows_per_second_ratio"],
        result["extra_cpu_ms_per_row"],
    )
    return result


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
