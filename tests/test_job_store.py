"""The workbench job store: its file is set up once, again when replaced, and by racing processes at once."""

import multiprocessing
import subprocess
import sys

from service.web.jobs import JobStore


def test_a_replaced_file_is_set_up_again(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    first = store.create("corpus", {"filename": "a.csv"}, limit=5)
    assert store.get(first["id"])["status"] == "queued"
    # Deleted while the server runs (a clean-up script, a restored backup): the next call must still work.
    for leftover in tmp_path.glob("jobs.sqlite3*"):
        leftover.unlink()
    second = store.create("corpus", {"filename": "b.csv"}, limit=5)
    assert [job["id"] for job in store.list("corpus")] == [second["id"]]


def _create_one(path, name, barrier):
    """Open a store on ``path`` in a fresh process, together with the others, and queue one job."""
    store = JobStore(path)
    barrier.wait(60)
    store.create("corpus", {"filename": name}, limit=100)


def test_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(6)
    processes = [context.Process(target=_create_one, args=(path, f"{i}.csv", barrier)) for i in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    # Each gunicorn worker opens the store on its first request; the loser of the WAL switch must wait, not fail.
    assert [process.exitcode for process in processes] == [0] * 6
    assert len(JobStore(path).list("corpus", limit=50)) == 6


def test_a_job_process_shows_the_reason_of_an_expected_failure(tmp_path, model_dir):
    # The job runs as `python -m service.web.jobs`, as the server starts it; a file without the chosen
    # column is an expected failure whose reason the page must show, not "failed unexpectedly".
    source = tmp_path / "no-text.csv"
    source.write_text("id,body\n1,The brigade moved north.\n", encoding="utf-8")
    store = JobStore(tmp_path / "jobs.sqlite3")
    params = {
        "model_dir": str(model_dir),
        "task": "framing",
        "version": None,
        "path": str(source),
        "filename": "no-text.csv",
        "text_column": "text",
        "format": None,
        "n": 5,
    }
    job = store.create("review", params, limit=2)
    done = subprocess.run(
        [sys.executable, "-m", "service.web.jobs", str(store.path), job["id"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    failed = store.get(job["id"])
    assert failed["status"] == "failed"
    assert "no column 'text'" in failed["message"] and "no-text.csv" in failed["message"]
