"""``python -m bench.corpus_pages`` times every page type of a generated corpus, the alert page only when it has one."""

import contextlib
import io
import json
import subprocess

import pytest

from bench import corpus_pages


def test_the_bench_runs_on_a_corpus_without_alerts_and_says_the_alert_page_was_skipped(model_dir, tmp_path, monkeypatch):  # fmt: skip
    # Its generated frames never shift, so since alerts are tested for chance it has none, and the
    # alert page answered 404: the whole run stopped there, before the downloads were timed.
    monkeypatch.setattr(corpus_pages, "RESULTS", tmp_path / "results")

    def in_process(command, **_):
        """Run the page's fresh process (``python -m bench.corpus_pages --page ...``) here, for speed."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert corpus_pages.main(command[3:]) == 0
        return subprocess.CompletedProcess(command, 0, stdout=out.getvalue())

    monkeypatch.setattr(corpus_pages.subprocess, "run", in_process)
    args = ["--articles", "40", "--folder", str(tmp_path / "job"), "--model-dir", str(model_dir), "--repeat", "1"]
    assert corpus_pages.main(args) == 0
    pages = json.loads((tmp_path / "results" / "corpus_pages.json").read_text())["pages"]
    assert set(pages) == {name for name, _ in corpus_pages.PAGES}
    assert pages["alert"] == {"skipped": "/sentences?cell=a0: HTTP 404, the corpus has no such number"}
    assert all(figures["bytes"] > 0 for name, figures in pages.items() if name != "alert")


def test_a_page_that_must_be_there_still_fails_the_run(model_dir, tmp_path):
    folder = tmp_path / "job"
    job_id = corpus_pages.build_job(folder, model_dir, 40)
    with pytest.raises(SystemExit, match="HTTP 404"):
        corpus_pages.measure_page(folder, model_dir, job_id, "/sentences?cell=a0", 1)
