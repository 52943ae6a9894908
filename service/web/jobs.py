"""Background jobs of the pages (a corpus analysis, a review queue, a retrain): state in SQLite, work in a process.

Why a child process and not a thread: a corpus or a retrain is minutes of CPU. In a gunicorn
worker a thread would compete with requests for the GIL and die with the worker at its timeout or
restart; a child started with ``python -m service.web.jobs DB ID`` outlives the request and the
worker. It writes its progress and a heartbeat to ``jobs.sqlite3`` (beside the corrections
store), so a page reload, a second browser or another gunicorn worker reads the same state. A job
whose heartbeat stops (killed, out of memory, the machine restarted) is marked failed when it is
next read, and when a server starts. ``JOBS_INLINE`` runs the job in the request instead (tests).
"""

import importlib
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from training.transactions import StoreSetup, transaction

log = logging.getLogger(__name__)

JOBS_FILE = "jobs.sqlite3"
ACTIVE = ("queued", "running")
# The runner writes a heartbeat this often; one older than STALE_SECONDS means the process is gone.
HEARTBEAT_SECONDS = 2.0
STALE_SECONDS = 30.0
BUSY_TIMEOUT = 10.0
# Views that take a corpus or review file: their uploads may be as large as CORPUS_MAX_BYTES.
UPLOAD_ENDPOINTS = ("web.corpus.upload", "web.review.start")
JOB_ID = re.compile(r"^[0-9a-f]{16}$")
# kind -> "module:function" that does the work: function(job, folder, report) -> result dict.
RUNNERS = {
    "corpus": "service.web.corpus_job:run_corpus",
    "review": "service.web.review_job:run_queue",
    "retrain": "service.web.review_job:run_retrain",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    params TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    message TEXT,
    result TEXT,
    pid INTEGER,
    heartbeat REAL,
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS review_labels (
    job_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    correction_id INTEGER,
    PRIMARY KEY (job_id, position)
);
"""


class JobError(Exception):
    """A job cannot be started or found."""


class JobLimit(JobError):
    """As many jobs as allowed are already queued or running."""


class JobNotFound(JobError):
    """No job has this id (or it is of another kind): never created, or deleted."""


class JobBusy(JobError):
    """The job, or a job reading its files, is queued or running, so it cannot be deleted now."""


class JobFailed(Exception):
    """A job stopped for a reason the user can act on (bad rows, a missing column); the message says which."""


def _now():
    return datetime.now(UTC).isoformat(timespec="seconds")


def _alive(pid):
    """Whether a process with this id exists on this machine."""
    if not pid:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class JobStore:
    """Jobs in one SQLite file (WAL, one connection per call, so workers and job processes share it)."""

    def __init__(self, path):
        self.path = Path(path)
        self._setup = StoreSetup(self.path, _SCHEMA, BUSY_TIMEOUT)

    @property
    def folder(self):
        """Where each job keeps its files: ``jobs/<id>/`` beside the database."""
        return self.path.parent / "jobs"

    def job_folder(self, job_id):
        """Return the folder of one job (checked id, so it never leaves :attr:`folder`)."""
        if not isinstance(job_id, str) or not JOB_ID.match(job_id):
            raise JobError(f"there is no job {job_id!r}")
        return self.folder / job_id

    @contextmanager
    def _connect(self):
        """Yield a connection inside a write transaction (BEGIN IMMEDIATE), committed on success."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)) as conn:
                conn.row_factory = sqlite3.Row
                self._setup.ensure(conn)
                with transaction(conn):
                    yield conn
        except sqlite3.Error as exc:
            self._setup.noticed(exc)
            raise JobError(f"{self.path}: {exc}") from None

    def _reap(self, conn):
        """Mark failed the active jobs whose process is gone (stale heartbeat, or no such pid)."""
        cutoff = time.time() - STALE_SECONDS
        for row in conn.execute("SELECT id, pid, heartbeat FROM jobs WHERE status IN ('queued', 'running')"):
            if (row["heartbeat"] or 0) < cutoff or not _alive(row["pid"]):
                log.warning("job %s: its process stopped without finishing; marked failed", row["id"])
                conn.execute(
                    "UPDATE jobs SET status = 'failed', finished_at = ?, message = ? WHERE id = ?",
                    (_now(), "The server stopped while this job ran (its process is gone). Start it again.", row["id"]),
                )

    def reap(self):
        """Mark failed every job left running by a dead process (called when a server starts)."""
        with self._connect() as conn:
            self._reap(conn)

    def create(self, kind, params, limit):
        """Queue a new job and return it; raise :class:`JobLimit` when ``limit`` jobs are already active."""
        with self._connect() as conn:
            self._reap(conn)
            active = conn.execute("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')").fetchone()[0]
            if active >= limit:
                raise JobLimit(
                    f"{active} jobs are already running, the most this server runs at once (STANCE_MAX_JOBS={limit}). "
                    "Wait for one to finish and start this one again."
                )
            job_id = secrets.token_hex(8)
            conn.execute(
                "INSERT INTO jobs (id, kind, status, params, heartbeat, created_at) VALUES (?, ?, 'queued', ?, ?, ?)",
                (job_id, kind, json.dumps(params), time.time(), _now()),
            )
        return self.get(job_id)

    def get(self, job_id, kind=None):
        """Return one job as a dict (params and result parsed); raise :class:`JobError` if there is none."""
        self.job_folder(job_id)
        with self._connect() as conn:
            self._reap(conn)
            row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or (kind is not None and row["kind"] != kind):
            raise JobError(f"there is no job {job_id!r}")
        return _as_job(row)

    def list(self, kind, limit=20):
        """Return the newest jobs of ``kind``, newest first."""
        with self._connect() as conn:
            self._reap(conn)
            rows = conn.execute(
                "SELECT * FROM jobs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?", (kind, limit)
            ).fetchall()
        return [_as_job(row) for row in rows]

    def update(self, job_id, **fields):
        """Set some columns of a job (``result`` and ``params`` are stored as JSON)."""
        for key in ("result", "params"):
            if key in fields:
                fields[key] = json.dumps(fields[key])
        names = ", ".join(f"{name} = ?" for name in fields)
        with self._connect() as conn:
            conn.execute(f"UPDATE jobs SET {names} WHERE id = ?", (*fields.values(), job_id))

    def delete(self, job_id, kind=None):
        """Delete a finished or failed job: its record, its review labels and its folder; return the job as it was.

        Raise :class:`JobNotFound` if there is no such job, :class:`JobBusy` if it is queued or running
        or an active job reads a file in its folder (a review queue of a corpus's sentences).
        """
        folder = self.job_folder(job_id)
        # Moved aside inside the transaction, removed after it: a job is never listed without its files,
        # and a failed delete puts the folder back.
        aside = self.folder / f".deleted-{job_id}-{secrets.token_hex(4)}"
        moved = False
        try:
            with self._connect() as conn:
                self._reap(conn)
                row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
                if row is None or (kind is not None and row["kind"] != kind):
                    raise JobNotFound(f"there is no job {job_id!r}")
                if row["status"] in ACTIVE:
                    raise JobBusy(f"its job is {row['status']}; wait for it to finish, then delete it")
                readers = _readers(conn, folder)
                if readers:
                    reader = readers[0]
                    raise JobBusy(
                        f"the {reader['kind']} job {reader['id']} is reading its files; wait for it to finish"
                    )
                if folder.exists():
                    try:
                        folder.rename(aside)
                    except OSError as exc:
                        raise JobError(f"job {job_id}: its folder cannot be removed ({exc.strerror})") from None
                    moved = True
                conn.execute("DELETE FROM review_labels WHERE job_id = ?", (job_id,))
                conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        except BaseException:
            if moved:
                try:
                    aside.rename(folder)
                except OSError as exc:
                    log.error("job %s: not deleted, and its folder stays at %s: %s", job_id, aside, exc)
            raise
        if moved:
            try:
                shutil.rmtree(aside)
            except OSError as exc:
                log.warning("job %s deleted, but not all its files were removed from %s: %s", job_id, aside, exc)
        return _as_job(row)

    def label_item(self, job_id, position, label, correction_id):
        """Record the label given to one item of a review queue (again: the newer one counts)."""
        with self._connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO review_labels (job_id, position, label, correction_id) VALUES (?, ?, ?, ?)",
                (job_id, position, label, correction_id),
            )

    def labelled(self, job_id):
        """Return ``{position: {"label", "correction_id"}}`` of a review queue's labelled items."""
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM review_labels WHERE job_id = ?", (job_id,)).fetchall()
        return {row["position"]: {"label": row["label"], "correction_id": row["correction_id"]} for row in rows}


def _readers(conn, folder):
    """Return the active jobs whose input (``params["path"]``) is a file in ``folder``."""
    readers = []
    folder = folder.resolve()
    for row in conn.execute("SELECT id, kind, params FROM jobs WHERE status IN ('queued', 'running')"):
        path = json.loads(row["params"]).get("path")
        if isinstance(path, str) and Path(path).resolve().is_relative_to(folder):
            readers.append({"id": row["id"], "kind": row["kind"]})
    return readers


def _as_job(row):
    job = dict(row)
    job["params"] = json.loads(job["params"])
    job["result"] = json.loads(job["result"]) if job["result"] else None
    return job


class Reporter:
    """What a runner tells the page: progress from 0 to 1 and a line of what it is doing."""

    def __init__(self, store, job_id):
        self.store = store
        self.job_id = job_id

    def __call__(self, progress, message=None):
        """Store the progress (and heartbeat); ``message`` replaces the status line when given."""
        fields = {"progress": max(0.0, min(float(progress), 1.0)), "heartbeat": time.time()}
        if message is not None:
            fields["message"] = message
        self.store.update(self.job_id, **fields)


class _Heartbeat(threading.Thread):
    """Touches the job's heartbeat while the runner works, so readers know the process is alive."""

    def __init__(self, store, job_id):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.store, self.job_id = store, job_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            try:
                self.store.update(self.job_id, heartbeat=time.time())
            except JobError as exc:
                log.warning("job %s: heartbeat not written: %s", self.job_id, exc)


def run_job(db_path, job_id):
    """Do one queued job to its end: running, then done with its result or failed with a message."""
    store = JobStore(db_path)
    job = store.get(job_id)
    if job["status"] != "queued":
        raise JobError(f"job {job_id} is {job['status']}, not queued")
    store.update(job_id, status="running", pid=os.getpid(), heartbeat=time.time())
    module, name = RUNNERS[job["kind"]].split(":")
    runner = getattr(importlib.import_module(module), name)
    folder = store.job_folder(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    beat = _Heartbeat(store, job_id)
    beat.start()
    try:
        result = runner(job, folder, Reporter(store, job_id))
    except JobFailed as exc:
        log.warning("job %s (%s) failed: %s", job_id, job["kind"], exc)
        store.update(job_id, status="failed", message=str(exc), finished_at=_now())
    except Exception:
        log.exception("job %s (%s) failed unexpectedly", job_id, job["kind"])
        store.update(job_id, status="failed", message="The job failed unexpectedly; the error was logged.", finished_at=_now())  # fmt: skip
    else:
        store.update(job_id, status="done", progress=1.0, result=result, finished_at=_now())
        log.info("job %s (%s) done", job_id, job["kind"])
    finally:
        beat.stopped.set()
    return store.get(job_id)


def start_job(config, store, job):
    """Run ``job``: in this request with ``JOBS_INLINE``, else in a child process that outlives the request."""
    if config.get("JOBS_INLINE"):
        return run_job(store.path, job["id"])
    folder = store.job_folder(job["id"])
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "job.log", "ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.web.jobs", str(store.path), job["id"]],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C or SIGTERM meant for the server's process group does not stop the job.
            start_new_session=True,
        )
    store.update(job["id"], pid=process.pid)
    # Reaped by a thread, so a finished child does not linger as a zombie of this worker.
    threading.Thread(target=process.wait, name=f"job-{job['id']}-wait", daemon=True).start()
    log.info("job %s (%s) started in process %d", job["id"], job["kind"], process.pid)
    return store.get(job["id"])


def jobs_db_path(config):
    """Return the jobs database: ``JOBS_DB``, else ``jobs.sqlite3`` beside the corrections store."""
    if config.get("JOBS_DB"):
        return Path(str(config["JOBS_DB"]))
    from service.feedback_api import feedback_db_path

    return feedback_db_path(config).parent / JOBS_FILE


def init_app(app):
    """Open the jobs store, let uploads to the job pages be larger, and mark failed the jobs a dead server left running."""
    from flask import request

    from service.errors import ServiceError
    from service.store_paths import check_store_path

    @app.before_request
    def upload_limit():
        # At app level, so it applies before the pages' CSRF check reads the form.
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = app.config["CORPUS_MAX_BYTES"]

    path = jobs_db_path(app.config)
    try:
        check_store_path(path, "STANCE_JOBS_DB")
    except ServiceError as exc:
        if app.config.get("JOBS_DB"):
            raise  # named by the operator: a mistake to fix before serving
        # The default place: the API serves without it; only the pages' corpus and review jobs need it.
        app.logger.warning("%s; the workbench's corpus and review jobs will fail", exc)
    app.config["JOBS_DB"] = str(path)
    store = JobStore(path)
    app.extensions["stance_jobs"] = store
    if path.exists():
        try:
            store.reap()
        except JobError as exc:
            app.logger.warning("cannot check the jobs store: %s", exc)


def main(argv=None):
    """Entry point of a job process: ``python -m service.web.jobs DB JOB_ID``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m service.web.jobs JOBS_DB JOB_ID", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    job = run_job(*args)
    return 0 if job["status"] == "done" else 1


if __name__ == "__main__":
    # Run through the module's own name: executed as __main__, this file's JobFailed would be a second
    # class, and the runners' JobFailed (service.web.jobs.JobFailed) would pass as an unexpected error.
    from service.web.jobs import main as job_main

    sys.exit(job_main())
