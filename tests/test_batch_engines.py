"""The serial, parallel and Dask engines give the same rows, in order, and match `stance classify`."""

import json

import pytest
from batch_helpers import read_csv, read_jsonl, run_score
from click.testing import CliRunner
from conftest import TINY_CORPUS, TINY_TEST

from model.artifact import load_artifact
from service.batch.run import ScoreOptions, score_files
from service.cli import cli

SENTENCES = [text for texts in (*TINY_TEST.values(), *TINY_CORPUS.values()) for text in texts]


@pytest.fixture
def awkward_csv(tmp_path):
    """A CSV with good rows between awkward ones: quoted newlines, bad bytes, empty text, long lines."""
    path = tmp_path / "awkward.csv"
    with open(path, "wb") as fh:
        fh.write(b"id,text\n")
        for i, text in enumerate(SENTENCES):
            if i % 7 == 1:
                fh.write(f'{i},"{text}\nsecond line"\n'.encode())
            elif i % 11 == 2:
                fh.write(f'{i},"{text} '.encode() + b'\xff"\n')
            elif i % 13 == 3:
                fh.write(f"{i},\n".encode())
            elif i % 17 == 4:
                fh.write(f'{i},"{" ".join([text] * 3000)}"\n'.encode())
            else:
                fh.write(f'{i},"{text}"\n'.encode())
    return path


def _score(trained_model_dir, path, output, **options):
    """Score ``path`` in-process with ``score_files`` and return the output rows."""
    predictor = load_artifact(trained_model_dir, "framing")
    options = ScoreOptions(
        inputs=[str(path)], output=str(output), model_dir=str(trained_model_dir), batch_size=5, **options
    )
    summary = score_files(predictor, options)
    rows = read_csv(output.read_text(encoding="utf-8"))
    assert summary.rows == len(rows)
    return rows


def test_serial_parallel_and_dask_engines_agree(trained_model_dir, tmp_path, awkward_csv):
    serial = _score(trained_model_dir, awkward_csv, tmp_path / "serial.csv", workers=1)
    parallel = _score(trained_model_dir, awkward_csv, tmp_path / "parallel.csv", workers=2)
    dask = _score(trained_model_dir, awkward_csv, tmp_path / "dask.csv", workers=2, engine="dask", dask_processes=False)
    assert len(serial) == len(SENTENCES)
    assert [r["id"] for r in serial] == [str(i) for i in range(len(SENTENCES))]
    assert serial == parallel == dask
    errors = {r["error"] for r in serial}
    assert errors == {"", "text is empty or only whitespace (or invisible characters)", "undecodable bytes (not UTF-8)"}


def test_dask_engine_on_an_existing_cluster_from_the_command_line(trained_model_dir, tmp_path, awkward_csv):
    from dask.distributed import LocalCluster

    serial = run_score(trained_model_dir, awkward_csv, "--workers", "1", "--batch-size", "9")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        result = run_score(
            trained_model_dir,
            awkward_csv,
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--batch-size",
            "9",
        )
    assert result.exit_code == 0, result.output
    assert read_csv(result.stdout) == read_csv(serial.stdout)


def test_scheduler_needs_the_dask_engine(trained_model_dir, awkward_csv):
    result = run_score(trained_model_dir, awkward_csv, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1
    assert "Error: --scheduler needs --engine dask" in result.output


def test_labels_and_probabilities_equal_stance_classify(trained_model_dir, tmp_path):
    (tmp_path / "in.txt").write_text("".join(t + "\n" for t in SENTENCES), encoding="utf-8")
    scored = run_score(trained_model_dir, tmp_path / "in.txt", "--workers", "1", "--batch-size", "4")
    classified = CliRunner().invoke(cli, ["classify", "--model-dir", str(trained_model_dir), *SENTENCES])
    assert scored.exit_code == classified.exit_code == 0
    expected = [json.loads(line) for line in classified.stdout.splitlines()]
    for row, want in zip(read_jsonl(scored.stdout), expected, strict=True):
        assert row["text"] == want["text"]
        assert row["label"] == want["label"]
        assert row["confidence"] == want["confidence"]
        assert {label: row[f"p_{label}"] for label in want["probabilities"]} == want["probabilities"]
        assert row["model"] == want["model"]


def test_an_unreachable_dask_scheduler_is_named_not_a_traceback(trained_model_dir, tmp_path, monkeypatch):
    import dask.distributed

    def refuse(address, *args, **kwargs):
        raise OSError(f"Timed out trying to connect to {address} after 30 s")

    monkeypatch.setattr(dask.distributed, "Client", refuse)
    path = tmp_path / "in.csv"
    path.write_text("text\nThe ships arrived.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = [path, "-o", out, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:8999"]
    result = run_score(trained_model_dir, *args)
    assert result.exit_code == 1
    assert (
        "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:8999 (Timed out trying to connect" in result.output
    )
    assert not out.exists()
