"""Workbench corpus pages of a large corpus: ``python -m bench.corpus_pages [--articles N] [--folder DIR]``.

Builds a corpus job through the real page (``POST /corpus``, the job run inline): ``--articles``
articles (5,000 by default) from 60 invented outlets over two years, each of 10 to 40 sentences
written for this benchmark, with a fixed seed. The job's folder is kept in ``--folder`` and reused
when it already holds a job of that many articles, so the pages can be timed again after a change.

Then, for each page type (dashboard, a group's period, one frame of it, a source, an alert, the
summary CSV and JSON, the report), a fresh process opens the page ``--repeat`` times (3 by default)
with the Flask test client, reading each answer piece by piece and keeping none, as a browser
saving a download does. Reported: the first time (cold: nothing parsed yet in the process) and the
best of the others, the answer's bytes and SHA-256 (to compare the pages before and after a
change), and how far the process's RSS (sampled every 10 ms) rose above what it was before the
first request; also the sizes of the job's cached summary files. Writes
``bench-results/corpus_pages.json``.
"""

import argparse
import csv
import datetime as dt
import gc
import hashlib
import json
import logging
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

log = logging.getLogger(__name__)
RESULTS = Path("bench-results")
SEED = 20261202
TOKEN = "bench-token"
SAMPLE_SECONDS = 0.01
FIRST_DAY = dt.date(2025, 1, 6)
WEEKS = 104
PLACES = (
    "Lakeside",
    "Granite",
    "Hollow",
    "Ember",
    "Northgate",
    "Willow",
    "Saltmarsh",
    "Pinecrest",
    "Redbank",
    "Ashford",
)
PAPERS = ("Herald", "Gazette", "Courier", "Tribune", "Sentinel", "Dispatch")
OUTLETS = tuple(f"{place} {paper}" for place in PLACES for paper in PAPERS)
# Written for this benchmark: regional defence news with speakers, disputed claims, numbers and dates.
SENTENCES = (
    "The defence minister said on Monday that the new coastal radar is meant only to watch shipping lanes.",
    "Opposition leader Marta Kovic warned that the rocket purchase would provoke the neighbouring states.",
    "The patrol boats pose no danger to fishermen, as claimed by the harbour union, the navy said.",
    "Colonel Ivo Brandt told reporters that the brigade will finish its exercise by the end of the week.",
    "Residents of the valley fear that the new firing range will bring noise and danger to their farms.",
    "The alliance said in a statement that the joint drills strengthen security for every member.",
    "Twelve armoured trucks crossed the river bridge early on Saturday, local radio reported.",
    "A spokesperson for the foreign ministry called the missile test across the border a reckless escalation.",
    "Analysts at the capital's university say the treaty keeps the region calm for another decade.",
    "The budget committee approved the spending plan after a debate that lasted late into the night.",
    "Claims that the army is preparing an offensive are false, the chief of staff said.",
    "Villagers near the base complained that helicopters flew low over the school during lessons.",
    "The contract for forty radios was signed in the presence of both defence ministers.",
    "Critics say the rapid build-up of troops near the pass could spark a confrontation.",
    "Prime Minister Elena Rask said the agreement guarantees peace along the whole frontier.",
    "The talks resumed in Geneva after a pause of three months, diplomats said.",
    "General Tomas Orlov denied reports that his soldiers had been put on high alert.",
    "The mayor said the road to the border crossing will be closed for repairs until spring.",
    "Neighbouring officials accused the government of turning the islands into a fortress.",
    "The training centre will host cadets from five countries next year, the ministry said.",
    "Retired officers argue the modernisation is overdue and will deter any aggression.",
    "Turnout in the regional elections reached 52 percent, the election board said.",
    "The drones can stay in the air for a full day and carry cameras but no weapons.",
    "Security experts warn that the arms race in the region is speeding up.",
    "Whatever the critics say, the presence of allied troops keeps the border quiet, the envoy said.",
    "The court postponed the trial of the former procurement chief until March.",
    "Protesters gathered outside parliament to demand that the base be moved away from the town.",
    "The navy said the submarine visit was a routine port call planned months ago.",
    "According to the interior minister, the police have enough officers to secure the summit.",
    "Farmers near the airfield say the expansion has taken their best grazing land.",
    "The new howitzers will be delivered in three batches over two years.",
    "An official in the capital called the shipment of rifles a direct threat to peace talks.",
    "The monitoring mission reported no shots fired along the line during the week.",
    "Local media said a convoy of fuel tankers reached the northern depot on Thursday.",
    "The minister rejected accusations by the opposition that the tender had been rigged.",
    "Observers from three embassies were invited to watch the exercise, officials said.",
    "The president warned that any incursion would be met with a firm response.",
    "Engineers finished the repairs to the damaged pier ahead of schedule, the port authority said.",
    "Diplomats say both sides are ready to sign a deal on sharing the river's water.",
    "A senior lawmaker said the ministry had failed to explain why the costs had doubled.",
)
SUBJECTS = ("Drills", "Radar", "Budget", "Border talks", "Patrol boats", "Howitzers", "Base plan", "Treaty")
VERBS = ("spark debate", "move ahead", "stall again", "draw protest", "win approval", "face questions")
# The pages timed: (name, path under /corpus/<job>, or the cell kind the path is found for).
PAGES = (
    ("dashboard", ""),
    ("group_period", "/sentences?cell=g0-p0"),
    ("group_period_frame", "/sentences?cell=g0-p0-f0"),
    ("source", "/sentences?cell=s0-speaker-f0"),
    ("alert", "/sentences?cell=a0"),
    ("summary_csv", "/summary.csv"),
    ("summary_json", "/summary.json"),
    ("report", "/report.html"),
)
# Pages a corpus may lack, skipped (and said so) when it does: since alerts are tested for chance, the
# generated corpus, whose frames never shift, has no alert, and the alert page answers 404.
OPTIONAL = ("alert",)


def generate_articles(count, seed=SEED):
    """Yield ``count`` articles as ``[id, date, outlet, title, text]``."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(WEEKS * 7))
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} in {rng.choice(PLACES)}"
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(10, 40)))
        yield [f"n{number}", day.isoformat(), rng.choice(OUTLETS), title, text]


def write_corpus(path, count):
    """Write the articles as CSV (id, date, outlet, title, text); return the path."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "date", "outlet", "title", "text"])
        writer.writerows(generate_articles(count))
    return path


def make_app(folder, model_dir):
    """The workbench over ``model_dir`` with its jobs in ``folder``, jobs run inline, signed-in uploads allowed."""
    from service import create_app

    return create_app(
        {
            "TESTING": True,
            "MODEL_DIR": str(model_dir),
            "RELOAD_INTERVAL": 0.0,
            "FEEDBACK_DB": str(folder / "feedback.sqlite3"),
            "JOBS_DB": str(folder / "jobs.sqlite3"),
            "JOBS_INLINE": True,
            "ADMIN_TOKEN": TOKEN,
            "CORPUS_MAX_BYTES": 1 << 30,
        }
    )


def _token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def build_job(folder, model_dir, count):
    """Upload ``count`` articles through ``POST /corpus`` (the job runs inline); return the job id."""
    marker = folder / "job.json"
    if marker.exists() and json.loads(marker.read_text())["articles"] == count:
        return json.loads(marker.read_text())["job"]
    folder.mkdir(parents=True, exist_ok=True)
    source = write_corpus(folder / "articles.csv", count)
    client = make_app(folder, model_dir).test_client()
    client.post("/sign-in", data={"token": TOKEN, "csrf_token": _token(client, "/sign-in")})
    started = time.perf_counter()
    with open(source, "rb") as fh:
        form = {"csrf_token": _token(client, "/corpus"), "kind": "articles", "text_column": "text"}
        form.update(id_column="id", date_column="date", group_column="outlet", title_column="title")
        response = client.post("/corpus", data={**form, "file": (fh, "articles.csv")})
    location = response.headers.get("Location", "")
    if response.status_code != 303:
        raise SystemExit(f"the upload was refused: {response.status_code} {response.get_data(as_text=True)[:500]}")
    job_id = location.rsplit("/", 1)[1]
    log.info("corpus job %s of %s articles built in %.0f s", job_id, f"{count:,}", time.perf_counter() - started)
    marker.write_text(json.dumps({"articles": count, "job": job_id}))
    return job_id


class PeakRss(threading.Thread):
    """Samples this process's RSS every ``SAMPLE_SECONDS`` until stopped; ``peak`` is the highest, in bytes."""

    def __init__(self):
        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def stop(self):
        """Stop sampling, after one last reading."""
        self.stopped.set()
        self.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def measure_page(folder, model_dir, job_id, path, repeat, optional=False):
    """Open ``path`` ``repeat`` times in this process; return the figures (called in a fresh process).

    An ``optional`` page that answers 404 (a number this corpus has not) is skipped: ``{"skipped": why}``.
    """
    client = make_app(folder, model_dir).test_client()
    client.get("/corpus")  # imports and templates, so the page's own cost is what is measured
    gc.collect()
    before = psutil.Process().memory_info().rss
    sampler = PeakRss()
    sampler.start()
    seconds = []
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            # Read as a browser does, piece by piece, keeping none: the memory measured is the server's.
            response = client.get(f"/corpus/{job_id}{path}", buffered=False)
            digest, size = hashlib.sha256(), 0
            for chunk in response.response:
                digest.update(chunk)
                size += len(chunk)
            response.close()
            seconds.append(time.perf_counter() - started)
            if optional and response.status_code == 404:
                return {"skipped": f"{path}: HTTP 404, the corpus has no such number"}
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
    finally:
        sampler.stop()
    return {
        "first_seconds": round(seconds[0], 3),
        "best_seconds": round(min(seconds[1:] or seconds), 3),
        "bytes": size,
        "sha256": digest.hexdigest(),
        "peak_rss_growth_mb": round((sampler.peak - before) / 2**20, 1),
    }


def summary_files(folder, job_id):
    """The sizes of the job's cached summary files, in MB."""
    job_folder = folder / "jobs" / job_id
    found = sorted(job_folder.rglob("summary-*"))
    return {str(p.relative_to(job_folder)): round(p.stat().st_size / 2**20, 2) for p in found if p.is_file()}


def main(argv=None):
    """Build (or reuse) the corpus job, time every page type in a fresh process each, write the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--folder", type=Path, default=RESULTS / "corpus-pages")
    parser.add_argument("--model-dir", type=Path, default=Path("artifacts"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page", help=argparse.SUPPRESS)
    parser.add_argument("--optional", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS / "corpus_pages.json")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if args.page is not None:
        job_id = json.loads((folder / "job.json").read_text())["job"]
        print(json.dumps(measure_page(folder, args.model_dir, job_id, args.page, args.repeat, args.optional)))
        return 0
    job_id = build_job(folder, args.model_dir, args.articles)
    results = {"articles": args.articles, "job": job_id, "repeat": args.repeat, "load_at_start": os.getloadavg()[0]}
    pages = {}
    for name, path in PAGES:
        command = [sys.executable, "-m", "bench.corpus_pages", "--folder", str(folder), "--page", path]
        command += ["--model-dir", str(args.model_dir), "--repeat", str(args.repeat)]
        command += ["--optional"] if name in OPTIONAL else []
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        pages[name] = json.loads(output.strip().splitlines()[-1])
        log.info("%-18s %s", name, pages[name])
    results["pages"] = pages
    results["summary_files_mb"] = summary_files(folder, job_id)
    results["load_at_end"] = os.getloadavg()[0]
    RESULTS.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main())
