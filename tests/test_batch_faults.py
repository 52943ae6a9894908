"""Faults around batch scoring: hostile input, closed or full streams, a full disk, Ctrl-C."""

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_helpers import read_jsonl, run_score, write_csv_rows

import service.batch.writers as writers

GOOD = "Belgrade warned that the new drones endanger Serbs in the north."


def _leftovers(folder):
    """Temporary files the writer may have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _stance(model_dir, *args):
    """The command line of ``stance score`` in a fresh interpreter."""
    command = [sys.executable, "-c", "from service.cli import cli; cli()", "score", *map(str, args)]
    return command + ["--model-dir", str(model_dir), "--workers", "1"]


class FullDisk:
    """A binary file that takes ``room`` bytes and then fails as a full disk does, also on flush and close."""

    def __init__(self, stream, room):
        self.stream = stream
        self.room = room

    def write(self, data):
        """Write while there is room; raise ENOSPC after."""
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class FullOnClose:
    """A binary file whose close fails as a full disk does when the last buffered bytes are flushed."""

    def __init__(self, stream):
        self.stream = stream

    def close(self):
        """Close the real file, then report the lost flush."""
        self.stream.close()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.stream, name)


@pytest.fixture
def full_disk(monkeypatch):
    """Make the writer's temporary file run out of space after its first 100 bytes."""
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FullDisk(real(fd, *args, **kwargs), room=100)

    monkeypatch.setattr(writers.os, "fdopen", fdopen)


def test_a_line_nested_too_deeply_is_an_error_row(trained_model_dir, tmp_path):
    lines = [json.dumps({"text": GOOD}), "[" * 100_000, json.dumps({"text": GOOD})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_score(trained_model_dir, tmp_path / "in.jsonl", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [row["error"] for row in rows] == ["", "line 2: malformed JSON: nested too deeply", ""]
    assert rows[0]["label"] and rows[2]["label"]


def test_a_first_line_nested_too_deeply_does_not_stop_the_check(trained_model_dir, tmp_path):
    (tmp_path / "in.jsonl").write_text("[" * 100_000 + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    result = run_score(trained_model_dir, tmp_path / "in.jsonl", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert [row["error"] for row in read_jsonl(result.stdout)] == ["line 1: malformed JSON: nested too deeply", ""]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_full_disk_gives_a_clean_error_and_removes_the_temporary_file(
    trained_model_dir, tmp_path, full_disk, workers
):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 50)
    out = tmp_path / "out.csv"
    result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", out, "--batch-size", "5", "--workers", workers)
    assert result.exit_code == 1, result.output
    assert f"Error: {out}: cannot write (No space left on device); no output was written" in result.output
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_a_full_disk_at_the_last_flush_removes_the_temporary_file(trained_model_dir, tmp_path, monkeypatch):
    """Everything fits in the write buffer; the disk is found full only when the file is closed."""
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FullOnClose(real(fd, *args, **kwargs))

    monkeypatch.setattr(writers.os, "fdopen", fdopen)
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 3)
    out = tmp_path / "out.csv"
    result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", out, "--workers", "1")
    assert result.exit_code == 1, result.output
    assert f"Error: {out}: cannot write (No space left on device)" in result.output
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_parquet_run_to_stdout_leaves_no_readable_file(trained_model_dir, tmp_path):
    """Arrow writes a Parquet footer when its writer is garbage-collected: it made the rows written so far a whole-looking file."""
    lines = ["id,text", *(f"{n},{GOOD}" for n in range(50)), '51,"a quote never closed']
    command = _stance(trained_model_dir, "-", "--format", "csv", "--output-format", "parquet", "--batch-size", "5")
    # stdout redirected to a file (stance score - > out.parquet), as a shell does.
    with open(tmp_path / "out.parquet", "wb") as out:
        done = subprocess.run(command, input="\n".join(lines).encode(), stdout=out, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 1
    assert b"line 52: a quoted field opened here is not closed" in done.stderr
    with pytest.raises(pa.ArrowInvalid):
        pq.read_table(tmp_path / "out.parquet")


def test_a_full_disk_while_writing_parquet(trained_model_dir, tmp_path, full_disk):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 50)
    out = tmp_path / "out.parquet"
    result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", out, "--batch-size", "5", "--workers", "1")
    assert result.exit_code == 1, result.output
    assert f"Error: {out}: cannot write (" in result.output
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_an_output_that_is_a_fifo_is_written_in_place_not_replaced(trained_model_dir, tmp_path):
    """Renaming a finished file onto a FIFO (or /dev/null) would replace it with a plain file."""
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 3)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen([sys.executable, "-c", f"import sys; print(len(open({str(fifo)!r}).readlines()))"],
                              stdout=subprocess.PIPE)  # fmt: skip
    try:
        result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", fifo, "--output-format", "csv")
        # A run that failed never opened the FIFO: its reader (perhaps not started yet on a busy
        # machine) would wait for a writer forever, so say why the run failed instead of waiting.
        assert result.exit_code == 0, (result.output, result.exception, result.exc_info)
        try:
            lines = reader.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            kind = "a regular file" if os.path.isfile(fifo) else "still a FIFO" if os.path.exists(fifo) else "gone"
            pytest.fail(
                f"the run succeeded but its reader got no end of file; the output path is {kind}: {result.output}"
            )
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
        reader.stdout.close()
    assert lines.strip() == b"4"
    assert os.path.exists(fifo) and not os.path.isfile(fifo)
    assert _leftovers(tmp_path) == []


def test_stdout_on_a_full_device_gives_a_clean_error(trained_model_dir, tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 3)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(_stance(trained_model_dir, tmp_path / "in.csv"), stdout=full, stderr=subprocess.PIPE)
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert "Error: -: cannot write (No space left on device)" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("closed", "message"),
    [
        (0, "Error: -: stdin is closed; pass a file name or pipe the input in"),
        (1, "Error: -: stdout is closed; write to a file with --output"),
    ],
)
def test_a_closed_stdin_or_stdout_gives_a_clean_error(trained_model_dir, tmp_path, closed, message):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)])
    source = "-" if closed == 0 else tmp_path / "in.csv"
    done = subprocess.run(
        _stance(trained_model_dir, source), stderr=subprocess.PIPE, preexec_fn=lambda: os.close(closed)
    )
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert message in stderr
    assert "Traceback" not in stderr


def _no_core_file():
    """In the child before it starts: an aborted run dumps its stacks, not a core file into the tests' folder.

    Ctrl-C also takes its default action, as in a terminal: a suite started in the background by a shell
    without job control ("make test &") inherits an ignored SIGINT, and Python keeps a signal ignored at
    start ignored, so the run would never see the Ctrl-C this test sends.
    """
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_and_leaves_no_temporary_file(trained_model_dir, tmp_path):
    target = tmp_path / "out.csv"
    command = _stance(trained_model_dir, "-", "-o", target, "--batch-size", "1", "--format", "txt")
    # faulthandler prints every thread's stack on SIGABRT: what a run that ignored Ctrl-C was doing.
    environment = dict(os.environ, PYTHONFAULTHANDLER="1")
    process = subprocess.Popen(
        command + ["--output-format", "csv"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        preexec_fn=_no_core_file,
    )
    try:
        process.stdin.write((GOOD + "\n").encode() * 3)
        process.stdin.flush()
        deadline = time.monotonic() + 60
        # The temporary file exists once the input is checked; the run then waits for more stdin.
        while not _leftovers(tmp_path):
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no partial output appeared"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        try:
            status = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            # communicate() reads stderr while it waits, so a long dump cannot block on a full pipe.
            _, stacks = process.communicate(timeout=30)
            pytest.fail(f"Ctrl-C did not end the run; its stacks:\n{stacks.decode()}")
        stderr = process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
            # Reaped here, or its Popen warns "still running" when collected during a later test.
            process.wait()
        process.stdin.close()
        process.stderr.close()
    assert status == 130, (status, stderr)
    assert "Traceback" not in stderr
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_ctrl_c_while_the_model_loads_exits_130_not_click_abort(trained_model_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    import service.score_command as score_command
    from service.cli import cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # Ctrl-C in the first seconds lands in the model load, before the batch run's own handler.
    monkeypatch.setattr(score_command, "load_artifact", interrupted)
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)])
    arguments = [
        "score",
        str(tmp_path / "in.csv"),
        "-o",
        str(tmp_path / "out.csv"),
        "--model-dir",
        str(trained_model_dir),
    ]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 130, result.output
    assert "Interrupted." in result.output
    assert "Aborted!" not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_a_parquet_file_with_a_corrupt_page_is_refused_cleanly(trained_model_dir, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = tmp_path / "good.parquet"
    rows = [f"{GOOD} Row {i} of a long file." for i in range(4000)]
    pq.write_table(pa.table({"text": rows}), good, row_group_size=1000, compression="snappy")
    data = bytearray(good.read_bytes())
    # Scramble bytes in the middle of the file: inside a later row group's compressed page.
    middle = len(data) // 2
    data[middle : middle + 300] = bytes(b ^ 0x5A for b in data[middle : middle + 300])
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(bytes(data))
    target = tmp_path / "out.csv"
    result = run_score(trained_model_dir, bad, "-o", target, "--workers", "1")
    assert result.exit_code == 1, result.output
    assert "corrupt Parquet data" in result.output
    assert f"{bad}: row " in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(("ending", "warned"), [("", True), ("\n", False)])
def test_a_last_stdin_line_without_a_newline_is_scored_with_a_warning(trained_model_dir, tmp_path, ending, warned):
    command = _stance(trained_model_dir, "-", "--format", "txt", "--output-format", "jsonl")
    done = subprocess.run(command, input=f"{GOOD}\n{GOOD}{ending}".encode(), capture_output=True)
    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    assert len(read_jsonl(done.stdout.decode())) == 2
    assert ("the last line has no newline at its end" in stderr) is warned
