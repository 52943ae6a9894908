"""HTTP benchmark: single-sentence load, 1,000-sentence batches and model reloads under load.

Starts ``stance serve`` (gunicorn) on a free 127.0.0.1 port over a private copy of the current
model, then measures:

1. single sentences, 16 concurrent connections: requests/s, p50, p99 (wrk when installed,
   ``apt-get install wrk``; otherwise a Python load generator);
2. batches of 1,000 sentences per request: sentences/s, and the ratio to in-process
   ``Predictor.predict_proba`` on the same sentences in the same run;
3. five reloads (the CURRENT pointer flips between two versions) under single-sentence load:
   failed requests must be zero.

Usage: ``python -m bench http [--model-dir artifacts] [--workers 2] [--threads 1] [--duration 10]``.
Writes ``bench-results/http.json``.
"""

import argparse
import http.client
import json
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.results import write_results

logger = logging.getLogger("bench.http")

SENTENCE = "Belgrade warned that the new drones threaten Serbs in the north."
TARGETS = {"requests_per_s": 1000, "p99_ms": 25, "batch_ratio": 0.8}


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default="framing")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds per single-sentence run.")
    parser.add_argument("--batch-requests", type=int, default=20)
    parser.add_argument("--reloads", type=int, default=5)
    parser.add_argument("--python-load", action="store_true", help="Use the Python load generator even if wrk exists.")
    parser.add_argument("--out", default="bench-results/http.json")
    return parser.parse_args(argv)


def free_port():
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_model(model_dir, task, target):
    """Copy the task's current version into ``target`` and add a twin version to flip to; return both names."""
    from model.store import current_version, set_current

    version = current_version(model_dir, task)
    if version is None:
        raise SystemExit(f"no current model for {task!r} in {model_dir}; run `make train` first")
    src = Path(model_dir) / task / version
    shutil.copytree(src, target / task / version)
    twin = version + "-b"
    shutil.copytree(src, target / task / twin)
    meta_path = target / task / twin / "metadata.json"
    metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    metadata["version"] = twin
    meta_path.write_text(json.dumps(metadata), encoding="utf-8")
    set_current(target, task, version)
    return version, twin


def start_server(model_dir, port, workers, threads, log_path):
    """Start ``stance serve`` and wait until /readyz answers 200."""
    stance = Path(sys.executable).with_name("stance")
    env = dict(os.environ, STANCE_RELOAD_INTERVAL="1")
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop_server
    cmd = [str(stance), "-q", "serve", "--model-dir", str(model_dir), "--port", str(port)]
    cmd += ["--workers", str(workers), "--threads", str(threads)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    proc.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {log_path}")
        try:
            status, _ = request(port, "GET", "/readyz")
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise SystemExit(f"server did not become ready in 60 s; see {log_path}")


def stop_server(proc):
    """Stop the server with SIGTERM (gunicorn's graceful stop) and wait for it."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log.close()


def request(port, method, path, body=None, conn=None):
    """Send one request; return ``(status, body bytes)``."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def run_wrk(port, connections, duration, body):
    """Run wrk with a POST script; return requests/s, p50, p99 and failures."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body.decode())}\n"
        )
    try:
        # One wrk thread: the machine has two cores and the server needs them more.
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{int(duration)}s", "--latency", "-s", script.name]
        out = subprocess.run(
            cmd + [f"http://127.0.0.1:{port}/v1/classify"], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    logger.debug("wrk output:\n%s", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "tool": "wrk",
        "requests": total,
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "failed": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def _ms(text):
    """Convert wrk's ``1.23ms`` / ``450.00us`` / ``1.20s`` to milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 3)


def run_python_load(port, connections, duration, body):
    """A keep-alive Python load generator (used when wrk is missing): requests/s, p50, p99, failures."""
    latencies, failures = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _ = request(port, "POST", "/v1/classify", body, conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = None
            mine.append(time.perf_counter() - started)
            failed += status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "tool": "python",
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 3),
        "failed": failures[0],
    }


def load_sentences(task_name, n):
    """Return ``n`` real sentences of the task's training file (repeated if it is shorter)."""
    from training.data import load_labeled
    from training.tasks import get_task

    task = get_task(task_name)
    X = load_labeled(task.data, task.text_column, task.label_column).X
    return [X[i % len(X)] for i in range(n)]


def measure_batches(port, model_dir, task, requests_n, sentences):
    """Sentences/s of 1,000-sentence requests against in-process predict_proba on the same sentences.

    The two are interleaved (one in-process call, one request, and so on) and compared pair by
    pair: this machine's CPU speed drifts by up to 2x over tens of seconds, so blocks measured one
    after the other would compare different machines.
    """
    from model.artifact import load_artifact

    # The same predict function the server runs, so the ratio is the cost of HTTP alone.
    predictor = load_artifact(model_dir, task)
    predictor.predict_proba(sentences)
    body = json.dumps({"texts": sentences}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    request(port, "POST", "/v1/classify", body, conn)
    served, in_process, failed = [], [], 0
    for _ in range(requests_n):
        started = time.perf_counter()
        predictor.predict_proba(sentences)
        in_process.append(time.perf_counter() - started)
        started = time.perf_counter()
        status, payload = request(port, "POST", "/v1/classify", body, conn)
        served.append(time.perf_counter() - started)
        failed += status != 200 or len(json.loads(payload)["results"]) != len(sentences)
    conn.close()
    ratios = [local / remote for local, remote in zip(in_process, served)]
    in_process_rate = len(sentences) / statistics.median(in_process)
    http_rate = len(sentences) / statistics.median(served)
    return {
        "sentences_per_request": len(sentences),
        "requests": requests_n,
        "failed": failed,
        "http_sentences_per_s": round(http_rate),
        "in_process_sentences_per_s": round(in_process_rate),
        "ratio": round(statistics.median(ratios), 3),
        "ratio_of_medians": round(http_rate / in_process_rate, 3),
        "http_request_ms_median": round(statistics.median(served) * 1000, 2),
        "in_process_ms_median": round(statistics.median(in_process) * 1000, 2),
    }


def measure_reloads(port, model_dir, task, versions, reloads, connections, body, load):
    """Flip the CURRENT pointer ``reloads`` times during a load run; count failed requests and swaps."""
    from model.store import set_current

    interval = 2.0
    duration = interval * (reloads + 2)
    result = {}
    runner = threading.Thread(target=lambda: result.update(load(port, connections, duration, body)))
    runner.start()
    served = []
    for i in range(reloads):
        time.sleep(interval)
        version = versions[(i + 1) % 2]
        set_current(model_dir, task, version)
        served.append(version)
        logger.info("reload %d/%d: CURRENT -> %s", i + 1, reloads, version)
    runner.join()
    time.sleep(1.5)
    status, payload = request(port, "GET", "/metrics")
    swaps = sum(
        float(v) for v in re.findall(r"^stance_model_reloads_total\{[^}]*\} ([\d.e+]+)$", payload.decode(), re.M)
    )
    status, payload = request(port, "POST", "/v1/classify", body)
    return {
        **result,
        "reloads": reloads,
        "worker_swaps_seen_in_metrics": swaps,
        "version_after": json.loads(payload)["model"]["version"],
        "expected_version_after": served[-1],
    }


def main(argv=None):
    """Run the three measurements, log them and write the JSON results."""
    args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    use_wrk = shutil.which("wrk") is not None and not args.python_load
    load = run_wrk if use_wrk else run_python_load
    if not use_wrk:
        logger.warning("wrk not found (apt-get install wrk); using the Python load generator")
    body = json.dumps({"text": SENTENCE}).encode()
    with tempfile.TemporaryDirectory(prefix="stance-bench-http-") as tmp:
        model_dir = Path(tmp) / "models"
        versions = copy_model(args.model_dir, args.task, model_dir)
        port = free_port()
        log_path = Path(tmp) / "server.log"
        proc = start_server(model_dir, port, args.workers, args.threads, log_path)
        try:
            load(port, args.connections, 2, body)  # warm-up
            single = load(port, args.connections, args.duration, body)
            logger.info(
                "single sentence, %d connections: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d failed",
                args.connections,
                single["requests_per_s"],
                single["p50_ms"],
                single["p99_ms"],
                single["failed"],
            )
            batch = measure_batches(port, model_dir, args.task, args.batch_requests, load_sentences(args.task, 1000))
            logger.info(
                "batches of 1,000: %d sentences/s over HTTP, %d in process, ratio %.2f",
                batch["http_sentences_per_s"],
                batch["in_process_sentences_per_s"],
                batch["ratio"],
            )
            reload = measure_reloads(port, model_dir, args.task, versions, args.reloads, args.connections, body, load)
            logger.info(
                "%d reloads under load: %d requests, %d failed, %.0f worker swaps, now serving %s",
                reload["reloads"],
                reload["requests"],
                reload["failed"],
                reload["worker_swaps_seen_in_metrics"],
                reload["version_after"],
            )
        finally:
            stop_server(proc)
    results = {
        "server": {
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread" if args.threads > 1 else "sync",
        },
        "cpus": os.cpu_count(),
        "single_sentence": single,
        "batch_1000": batch,
        "reload_under_load": reload,
        "targets": TARGETS,
        "targets_met": {
            "requests_per_s": single["requests_per_s"] >= TARGETS["requests_per_s"],
            "p99_ms": single["p99_ms"] < TARGETS["p99_ms"],
            "batch_ratio": batch["ratio"] >= TARGETS["batch_ratio"],
            "reload_no_failures": reload["failed"] == 0,
        },
    }
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
