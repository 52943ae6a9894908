"""Real worker processes of ``stance score``: a killed worker or parent ends the run, and nothing stays behind."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker ids from /proc")

LINE = b"Belgrade warned that the new drones endanger Serbs in the north.\n"
WAIT = 30


def _children(pid):
    """The ids of a process's children, from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(n) for n in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _running(pid):
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition, what):
    """Poll ``condition`` until it holds, failing after :data:`WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _feed(stream):
    """Write lines to the run's stdin until it stops reading, so its workers always have work."""
    try:
        while True:
            stream.write(LINE * 200)
            stream.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass


@pytest.fixture
def run(trained_model_dir, tmp_path):
    """Start ``stance score`` with two workers on an endless stdin; kill whatever is left at the end."""
    started = []

    def start():
        command = [sys.executable, "-c", "from service.cli import cli; cli()", "score", "-", "--format", "txt",
                   "-o", str(tmp_path / "out.csv"), "--output-format", "csv", "--workers", "2",
                   "--batch-size", "50", "--model-dir", str(trained_model_dir)]  # fmt: skip
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        workers = []
        feeder = threading.Thread(target=_feed, args=(process.stdin,), daemon=True)
        started.append((process, workers, feeder))
        feeder.start()
        _wait_for(lambda: len(_children(process.pid)) >= 2, "the workers did not start")
        workers += _children(process.pid)
        _wait_for(lambda: any(p.name.endswith(".part") for p in tmp_path.iterdir()), "no partial output appeared")
        return process, workers

    yield start
    for process, workers, feeder in started:
        for pid in [process.pid, *workers]:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=WAIT)
        # The feeder stops at the broken pipe; only then is stdin closed, from this thread alone.
        feeder.join(WAIT)
        try:
            process.stdin.close()
        except BrokenPipeError:
            pass
        process.stderr.close()


def _leftovers(folder):
    """Temporary files the writer may have left behind."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_a_killed_worker_ends_the_run_with_a_clear_error(run, tmp_path):
    process, workers = run()
    os.kill(workers[0], signal.SIGKILL)
    status = process.wait(timeout=WAIT)
    stderr = process.stderr.read().decode()
    assert status == 1, stderr
    assert "Error: a worker process died (out of memory or killed); no output was written" in stderr
    assert "Traceback" not in stderr
    assert _leftovers(tmp_path) == []
    _wait_for(lambda: not any(_running(pid) for pid in workers), "a worker outlived the run")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminated_run_stops_its_workers_and_removes_its_file(run, tmp_path, signum):
    process, workers = run()
    process.send_signal(signum)
    status = process.wait(timeout=WAIT)
    stderr = process.stderr.read().decode()
    assert status == 128 + signum, stderr
    assert "Traceback" not in stderr
    assert _leftovers(tmp_path) == []
    _wait_for(lambda: not any(_running(pid) for pid in workers), "a worker outlived the run")


def test_workers_die_with_a_killed_parent(run):
    process, workers = run()
    process.kill()
    process.wait(timeout=WAIT)
    _wait_for(lambda: not any(_running(pid) for pid in workers), "a worker outlived its killed parent")
