"""Output is written under a temporary name and renamed at the end: a failed run leaves no final file."""

import os
import signal
import subprocess
import sys
import time

import pytest
from batch_helpers import read_csv, run_score, write_csv_rows

import service.batch.engine_local as engine_local

GOOD = "Belgrade warned that the new drones endanger Serbs in the north."


def _leftovers(folder):
    """Temporary files the writer may have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.fixture
def failing_after_one_chunk(monkeypatch):
    """Make scoring fail on the second chunk, after the first one has been written."""
    real = engine_local.score_chunk
    calls = []

    def score_chunk(predictor, chunk):
        calls.append(chunk)
        if len(calls) > 1:
            raise RuntimeError("simulated crash")
        return real(predictor, chunk)

    monkeypatch.setattr(engine_local, "score_chunk", score_chunk)
    return calls


def test_a_failed_run_leaves_no_output_file(trained_model_dir, tmp_path, failing_after_one_chunk):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 5)
    result = run_score(
        trained_model_dir, tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--batch-size", "2", "--workers", "1"
    )
    assert isinstance(result.exception, RuntimeError)
    assert len(failing_after_one_chunk) == 2
    assert not (tmp_path / "out.csv").exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_run_leaves_an_existing_output_untouched(trained_model_dir, tmp_path, failing_after_one_chunk):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 5)
    (tmp_path / "out.csv").write_text("previous results\n", encoding="utf-8")
    result = run_score(
        trained_model_dir, tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--batch-size", "2", "--workers", "1"
    )
    assert result.exit_code != 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "previous results\n"
    assert _leftovers(tmp_path) == []


def test_a_failed_parquet_run_leaves_an_existing_output_untouched(trained_model_dir, tmp_path, failing_after_one_chunk):
    """Parquet rows are held for a whole row group: the crash comes before any is written, and still nothing is kept."""
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 5)
    (tmp_path / "out.parquet").write_bytes(b"previous results")
    result = run_score(
        trained_model_dir, tmp_path / "in.csv", "-o", tmp_path / "out.parquet", "--batch-size", "2", "--workers", "1"
    )
    assert isinstance(result.exception, RuntimeError)
    assert (tmp_path / "out.parquet").read_bytes() == b"previous results"
    assert _leftovers(tmp_path) == []


def test_a_complete_run_replaces_the_output_with_normal_permissions(trained_model_dir, tmp_path):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)] * 5)
    (tmp_path / "out.csv").write_text("previous results\n", encoding="utf-8")
    result = run_score(
        trained_model_dir, tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--batch-size", "2", "--workers", "1"
    )
    assert result.exit_code == 0, result.output
    assert len(read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))) == 5
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o666 & ~umask
    assert _leftovers(tmp_path) == []


def test_an_output_in_a_missing_folder_fails_before_any_work(trained_model_dir, tmp_path):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)])
    result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", tmp_path / "nowhere" / "out.csv")
    assert result.exit_code == 1
    assert (
        f"Error: {tmp_path / 'nowhere' / 'out.csv'}: the folder {tmp_path / 'nowhere'} does not exist" in result.output
    )


def test_the_output_cannot_be_an_input(trained_model_dir, tmp_path):
    write_csv_rows(tmp_path / "in.csv", ["text"], [(GOOD,)])
    result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", tmp_path / "in.csv")
    assert result.exit_code == 1
    assert "is also an input; choose another output file" in result.output


def test_a_killed_run_leaves_no_final_file(trained_model_dir, tmp_path):
    """SIGTERM mid-run (stdin still open): no output under the final name and no temporary file."""
    target = tmp_path / "out.csv"
    command = [
        sys.executable,
        "-c",
        "from service.cli import cli; cli()",
        "score",
        "-",
        "-o",
        str(target),
        "--workers",
        "1",
    ]
    command += ["--batch-size", "1", "--format", "txt", "--output-format", "csv", "--model-dir", str(trained_model_dir)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.stdin.write((GOOD + "\n").encode() * 3)
        process.stdin.flush()
        deadline = time.monotonic() + 60
        # The temporary file exists once the input is checked; the run then waits for more stdin.
        while not _leftovers(tmp_path):
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no partial output appeared"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=60)
        assert status == 128 + signal.SIGTERM, (status, process.stderr.read().decode())
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close()
        process.stderr.close()
    assert not target.exists()
    assert _leftovers(tmp_path) == []
