"""Feedback-store benchmark: corrections written per second by one writer, by threads and by processes.

Each writer adds corrections through :class:`training.feedback.FeedbackStore` (a connection and a
committed transaction per correction, as ``POST /v1/feedback`` does) into a fresh SQLite file in WAL
mode. Processes wait on a barrier so that their start-up is not counted. Every run checks that no
write was lost.

Usage: ``python -m bench feedback`` or ``python -m bench.feedback [--writes N] [--threads T] [--processes P]``.
Writes ``bench-results/feedback.json``.
"""

import argparse
import logging
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.results import write_results
from training.feedback import FeedbackStore

logger = logging.getLogger("bench.feedback")


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.feedback", description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200, help="Corrections per writer.")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--out", default="bench-results/feedback.json")
    return parser.parse_args(argv)


def _write(path, writer, writes, latencies=None):
    """Add ``writes`` corrections as writer number ``writer``; record each one's seconds in ``latencies``."""
    store = FeedbackStore(path)
    for i in range(writes):
        started = time.perf_counter()
        store.add("framing", f"writer {writer} sentence {i}", "neutral", "threat", "bench", "benchmark")
        if latencies is not None:
            latencies.append(time.perf_counter() - started)


def _process_writer(path, writer, writes, barrier, times):
    barrier.wait()
    started = time.time()
    _write(path, writer, writes)
    times[writer] = (started, time.time())


def _check(path, expected):
    stored = len(FeedbackStore(path).list())
    if stored != expected:
        raise RuntimeError(f"{path}: {stored} corrections stored, {expected} written")
    return stored


def single(folder, writes):
    """One writer: writes per second and latency percentiles."""
    path = Path(folder) / "single.sqlite3"
    latencies = []
    started = time.perf_counter()
    _write(path, 0, writes, latencies)
    seconds = time.perf_counter() - started
    _check(path, writes)
    latencies.sort()
    return {
        "writers": 1,
        "writes": writes,
        "seconds": round(seconds, 3),
        "writes_per_second": round(writes / seconds),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 2),
        "latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }


def threads(folder, count, writes):
    """``count`` threads writing at once."""
    path = Path(folder) / "threads.sqlite3"
    workers = [threading.Thread(target=_write, args=(path, w, writes)) for w in range(count)]
    FeedbackStore(path).add("framing", "schema", "neutral")  # Create the file first, as a running service has.
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    _check(path, count * writes + 1)
    return {"writers": count, "writes": count * writes, "seconds": round(seconds, 3), "writes_per_second": round(count * writes / seconds)}  # fmt: skip


def processes(folder, count, writes):
    """``count`` processes writing at once, timed from the barrier that releases them together."""
    path = Path(folder) / "processes.sqlite3"
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier, times = manager.Barrier(count), manager.dict()
        workers = [
            context.Process(target=_process_writer, args=(path, w, writes, barrier, times)) for w in range(count)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if any(worker.exitcode != 0 for worker in workers):
            raise RuntimeError("a writer process failed")
        spans = list(times.values())
    seconds = max(end for _, end in spans) - min(start for start, _ in spans)
    _check(path, count * writes)
    return {"writers": count, "writes": count * writes, "seconds": round(seconds, 3), "writes_per_second": round(count * writes / seconds)}  # fmt: skip


def main(argv=None):
    """Run the three measurements, log them and write the JSON file."""
    args = parse_args(argv if argv is not None else [])
    with tempfile.TemporaryDirectory(prefix="stance-feedback-bench-") as folder:
        results = {
            "single": single(folder, args.writes),
            "threads": threads(folder, args.threads, args.writes),
            "processes": processes(folder, args.processes, args.writes),
        }
    results["cpu_count"] = os.cpu_count()
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    for name in ("single", "threads", "processes"):
        r = results[name]
        logger.info(
            "%s: %d writers, %d corrections in %.2f s = %d/s, none lost",
            name,
            r["writers"],
            r["writes"],
            r["seconds"],
            r["writes_per_second"],
        )
    logger.info("one writer: p50 %.2f ms, p99 %.2f ms per correction", results["single"]["latency_ms_p50"], results["single"]["latency_ms_p99"])  # fmt: skip
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
