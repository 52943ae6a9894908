"""Workbench benchmark: what the article page adds to ``POST /v1/analyze`` for an 80-sentence article.

``stance serve`` (one worker) runs over a private copy of the task's current model; one kept-alive
connection sends the same article alternately to ``POST /v1/analyze`` and to the page (``POST /``,
the multipart form a browser sends), which analyses it with the same function and renders the marked
sentences and the who-says-what table. Both request bodies are encoded once, up front, so only the
server's work and the bytes it sends are timed. Two page settings:

1. read only (no token configured): the page anyone sees;
2. signed in (a token configured, 1,000 corrections in the store): every row also gets its
   "Correct frame" control.

Reported: p50 and p99 of each over ``--requests`` requests, and the page's extra time relative to
the API (target: at most 30 %). The article is built from sentences written for this benchmark.

Then the corpus page end to end (``--corpus-articles``, 10,000 by default; 0 skips it): the articles
of ``bench.analyze_corpus`` (its sentences, its fixed seed) as a JSONL file, uploaded signed in to
``POST /corpus`` with the text, id, date and outlet columns; the job's status polled every
``POLL_SECONDS`` until done; then the dashboard. Reported: seconds from the start of the upload to
the dashboard's last byte (and each step), and peak RSS sampled from /proc every ``SAMPLE_SECONDS``:
the server's processes (``stance serve`` and its gunicorn worker) and the job's process tree
(``python -m service.web.jobs``, started by the worker, so not a child of this benchmark and out of
reach of ``RUSAGE_CHILDREN``), plus the kernel's high-water mark (VmHWM) of the job process.

Usage: ``python -m bench web`` or ``python -m bench.web [--model-dir artifacts] [--requests 50]
[--corpus-articles 10000]``. Writes ``bench-results/web.json``.
"""

import argparse
import html
import http.client
import json
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil

from bench.results import write_results

logger = logging.getLogger("bench.web")

TARGET_EXTRA = 0.30
TOKEN = "bench-token"
# How often the corpus job's status is asked for, and the process tree's memory read.
POLL_SECONDS = 0.2
SAMPLE_SECONDS = 0.1
# The command line of a job process (service/web/jobs.py start_job).
JOB_MODULE = "service.web.jobs"
MB = 1024 * 1024
# Written for this benchmark: defence news with speakers, a disputed claim, dates and figures.
SENTENCES = [
    "The ministry said on {day} that the new air defence battery is purely defensive.",
    "Belgrade warned that the armed drones endanger Serbs living near the crossings.",
    "The drones do not represent a threat to anyone, as claimed by Belgrade, the minister told reporters.",
    "The first {n} armoured vehicles arrived at the northern base on {day}.",
    "Analysts in Skopje say the purchase strengthens deterrence across the region.",
    "Residents fear that heavily armed patrols will escalate tensions before the elections.",
    "A spokesperson for the mission said the troops remain in close contact with both sides.",
    "Parliament approved the defence budget by {n} votes to 19 after a short debate.",
    "The opposition called the contract reckless and provocative, and demanded an inquiry.",
    "The training mission helps keep the peace, the alliance said in a statement on {day}.",
    "Moscow accused the alliance of turning the Balkans into a staging ground.",
    "The tender for {n} radar units closes at the end of the month, officials said.",
    "Critics argue that the rapid build-up could spark an arms race with the neighbours.",
    "The general visited the barracks and met the mayors of three border towns.",
    "Claims that the army is preparing an offensive have no basis, the chief of staff said.",
    "The delegation will travel to Brussels next week to discuss the procurement plan.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default="framing")
    parser.add_argument("--sentences", type=int, default=80)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--corrections", type=int, default=1000, help="Corrections in the store when signed in.")
    parser.add_argument(
        "--corpus-articles", type=int, default=10000, help="Articles uploaded to the corpus page (0: skip)."
    )
    parser.add_argument("--out", default="bench-results/web.json")
    return parser.parse_args(argv)


def build_article(n_sentences):
    """Return an article of ``n_sentences`` sentences, in paragraphs of four."""
    lines = []
    for i in range(n_sentences):
        sentence = SENTENCES[i % len(SENTENCES)].format(day=DAYS[i % len(DAYS)], n=12 + i)
        lines.append(sentence + ("\n" if i % 4 == 3 else " "))
    return "".join(lines).strip()


def copy_current(model_dir, task, target):
    """Copy the task's current version into ``target`` and make it current there."""
    from model.store import current_version, set_current

    version = current_version(model_dir, task)
    if version is None:
        raise SystemExit(f"no current model for {task!r} in {model_dir}; run `make train` first")
    shutil.copytree(Path(model_dir) / task / version, target / task / version)
    set_current(target, task, version)
    return version


def percentile(values, q):
    """The ``q``-th percentile (0-100) of ``values``, by linear interpolation."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(seconds):
    """p50, p99 and mean of a list of durations, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


class Session:
    """One kept-alive connection to the server, with the pages' session cookie."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""

    def send(self, method, path, body=None, content_type=None):
        """Send one request; return ``(status, body bytes)`` and keep any new session cookie."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if content_type:
            headers["Content-Type"] = content_type
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def form_token(self, path="/"):
        """Open the page at ``path`` and return its CSRF token."""
        status, page = self.send("GET", path)
        assert status == 200, status
        return html.unescape(re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode())

    def sign_in(self):
        """Sign the session in with the benchmark's token through the sign-in form."""
        body, kind = multipart({"csrf_token": self.form_token(), "token": TOKEN})
        status, _ = self.send("POST", "/sign-in", body, kind)
        assert status == 303, status


def multipart(fields, files=None):
    """Encode ``fields`` and ``files`` (``{name: (filename, bytes)}``) as the multipart/form-data body a
    browser sends; return ``(body, content type)``."""
    boundary = "----stance-bench-" + "7" * 16
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in (files or {}).items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@contextmanager
def server(model_dir, tmp, env):
    """Run ``stance serve`` with one worker and the extra ``STANCE_*`` settings in ``env``; yield its port."""
    from bench.http import free_port, start_server, stop_server

    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        port = free_port()
        proc = start_server(model_dir, port, 1, 1, Path(tmp) / f"server-{port}.log")
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    try:
        yield port, proc
    finally:
        stop_server(proc)


def fill_store(feedback_db, task, n):
    """Put ``n`` corrections of other sentences into the store, as a store in use would hold."""
    from training.feedback import FeedbackStore

    store = FeedbackStore(feedback_db)
    for i in range(n):
        store.add(task, f"Stored correction number {i} about a shipment of radar parts.", "neutral", "threat", "v")


def measure(session, article, requests, signed_in):
    """Alternate API and page requests; return their durations in seconds, the sentences and the page size."""
    if signed_in:
        session.sign_in()
    token = session.form_token()
    api_body = json.dumps({"text": article}).encode()
    page_body, page_type = multipart({"csrf_token": token, "text": article})
    api_seconds, page_seconds = [], []
    for i in range(requests + 3):
        started = time.perf_counter()
        api_status, api = session.send("POST", "/v1/analyze", api_body, "application/json")
        api_time = time.perf_counter() - started
        started = time.perf_counter()
        page_status, page = session.send("POST", "/", page_body, page_type)
        page_time = time.perf_counter() - started
        assert api_status == 200 and page_status == 200, (api_status, page_status)
        if i >= 3:  # the first requests warm caches (templates, feature names)
            api_seconds.append(api_time)
            page_seconds.append(page_time)
    frames = re.findall(r'data-frame="([^"]+)"', page.decode())
    assert frames == [s["label"] for s in json.loads(api)["sentences"]], "the page and the API disagree"
    if signed_in:
        assert page.count(b">Correct frame</label>") == len(frames)
    return api_seconds, page_seconds, len(frames), len(page)


def _vm_hwm(pid):
    """The kernel's peak RSS of process ``pid`` (VmHWM in /proc/PID/status), in bytes; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Read the RSS of a server's process tree every ``SAMPLE_SECONDS``: the job processes apart from the rest.

    A job process is one running ``python -m service.web.jobs``; its own children count with it.
    """

    def __init__(self, pid):
        super().__init__(name="rss-sampler", daemon=True)
        self.root = psutil.Process(pid)
        self.stopped = threading.Event()
        self.server_peak = self.job_peak = self.job_hwm = 0
        self.job_pids = set()

    def sample(self):
        """Add one reading of the tree to the peaks."""
        members = [self.root, *self.root.children(recursive=True)]
        jobs = set()
        for member in members:
            try:
                if JOB_MODULE in member.cmdline():
                    jobs.add(member.pid)
                    self.job_pids.add(member.pid)
                    self.job_hwm = max(self.job_hwm, _vm_hwm(member.pid))
                    jobs.update(child.pid for child in member.children(recursive=True))
            except psutil.Error:
                pass
        server = job = 0
        for member in members:
            try:
                rss = member.memory_info().rss
            except psutil.Error:
                continue
            if member.pid in jobs:
                job += rss
            else:
                server += rss
        self.server_peak = max(self.server_peak, server)
        self.job_peak = max(self.job_peak, job)

    def run(self):
        """Sample until stopped."""
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(SAMPLE_SECONDS)

    def stop(self):
        """Stop sampling, after one last reading."""
        self.stopped.set()
        self.join()
        self.sample()


def corpus_file(tmp, count):
    """Write ``count`` articles of ``bench.analyze_corpus`` (same sentences, same seed) as JSONL; return the bytes."""
    from bench.analyze_corpus import write_corpus

    return write_corpus(tmp / "corpus.jsonl", count).read_bytes()


def measure_corpus(session, server_pid, count, tmp):
    """Upload ``count`` articles to the corpus page, wait for the job, open the dashboard; return the figures."""
    content = corpus_file(tmp, count)
    session.sign_in()
    fields = {"csrf_token": session.form_token("/corpus"), "kind": "articles", "text_column": "text"}
    fields.update(id_column="id", date_column="date", group_column="outlet")
    body, kind = multipart(fields, {"file": ("articles.jsonl", content)})
    sampler = TreeSampler(server_pid)
    sampler.start()
    try:
        started = time.perf_counter()
        # Sent by hand: the redirect's Location names the job.
        session.conn.request("POST", "/corpus", body=body, headers={"Cookie": session.cookie, "Content-Type": kind})
        response = session.conn.getresponse()
        response.read()
        uploaded = time.perf_counter()
        location = response.getheader("Location") or ""
        if response.status != 303 or not re.search(r"/corpus/[0-9a-f]{16}$", location):
            raise SystemExit(f"the upload was refused: {response.status} {location!r}")
        job_path = "/corpus/" + location.rsplit("/", 1)[1]
        while True:
            status, data = session.send("GET", job_path + "/status")
            state = json.loads(data) if status == 200 else {"status": f"HTTP {status}"}
            if state["status"] == "done":
                break
            if state["status"] not in ("queued", "running"):
                raise SystemExit(f"the corpus job ended {state['status']}: {state.get('message')}")
            time.sleep(POLL_SECONDS)
        done = time.perf_counter()
        status, page = session.send("GET", job_path)
        finished = time.perf_counter()
    finally:
        sampler.stop()
    assert status == 200, status
    text = page.decode()
    assert "Who says what" in text, "the dashboard has no who-says-what table"
    sentences = int(re.search(r'id="total-sentences">([\d,]+)<', text).group(1).replace(",", ""))
    figures = {
        "articles": count,
        "upload_bytes": len(content),
        "sentences": sentences,
        "upload_seconds": round(uploaded - started, 2),
        "job_seconds": round(done - uploaded, 2),
        "dashboard_seconds": round(finished - done, 2),
        "total_seconds": round(finished - started, 2),
        "poll_seconds": POLL_SECONDS,
        "server_peak_rss_mb": round(sampler.server_peak / MB, 1),
        "job_peak_rss_mb": round(sampler.job_peak / MB, 1),
        "job_vm_hwm_mb": round(sampler.job_hwm / MB, 1),
        "job_processes_seen": len(sampler.job_pids),
        "sample_seconds": SAMPLE_SECONDS,
        "cores": os.cpu_count(),
    }
    logger.info(
        "corpus of %d articles (%.1f MB, %d sentences): upload to dashboard %.1f s (upload %.1f s, job %.1f s, "
        "dashboard %.1f s); peak RSS: server %.0f MB, job %.0f MB (VmHWM %.0f MB)",
        count,
        len(content) / MB,
        sentences,
        figures["total_seconds"],
        figures["upload_seconds"],
        figures["job_seconds"],
        figures["dashboard_seconds"],
        figures["server_peak_rss_mb"],
        figures["job_peak_rss_mb"],
        figures["job_vm_hwm_mb"],
    )
    return figures


def main(argv=None):
    """Measure the API and the page on the same article, log the figures and write the JSON results."""
    args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    article = build_article(args.sentences)
    results = {"article_chars": len(article), "requests": args.requests, "target_extra": TARGET_EXTRA}
    with tempfile.TemporaryDirectory(prefix="stance-bench-web-") as tmp:
        model_dir = Path(tmp) / "models"
        results["version"] = copy_current(args.model_dir, args.task, model_dir)
        feedback_db = Path(tmp) / "feedback.sqlite3"
        fill_store(feedback_db, args.task, args.corrections)
        for name, signed_in in (("read_only", False), ("signed_in", True)):
            env = {"STANCE_FEEDBACK_DB": str(feedback_db)}
            if signed_in:
                env["STANCE_ADMIN_TOKEN"] = TOKEN
            with server(model_dir, tmp, env) as (port, _):
                session = Session(port)
                api_seconds, page_seconds, sentences, page_bytes = measure(session, article, args.requests, signed_in)
            api, page = summary(api_seconds), summary(page_seconds)
            extra = {key: round(page[key] / api[key] - 1, 3) for key in ("p50_ms", "p99_ms")}
            results[name] = {
                "sentences": sentences,
                "page_bytes": page_bytes,
                "api": api,
                "page": page,
                "extra": extra,
                "target_met": extra["p50_ms"] <= TARGET_EXTRA and extra["p99_ms"] <= TARGET_EXTRA,
            }
            logger.info(
                "%s, %d sentences: API p50 %.1f ms p99 %.1f ms; page p50 %.1f ms p99 %.1f ms (%d bytes); "
                "page adds %+.0f %% (p50), %+.0f %% (p99)",
                name,
                sentences,
                api["p50_ms"],
                api["p99_ms"],
                page["p50_ms"],
                page["p99_ms"],
                page_bytes,
                100 * extra["p50_ms"],
                100 * extra["p99_ms"],
            )
        if args.corpus_articles:
            env = {"STANCE_FEEDBACK_DB": str(feedback_db), "STANCE_ADMIN_TOKEN": TOKEN}
            with server(model_dir, tmp, env) as (port, proc):
                results["corpus"] = measure_corpus(Session(port), proc.pid, args.corpus_articles, Path(tmp))
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
