"""An output file the user named: its permissions, a link to it, a read-only one, and a missing input beside it."""

import os
import stat

import pytest
from batch_helpers import read_csv, run_score, write_csv_rows

import model.store as store
from model.store import atomic_file

GOOD = "The ministry said the new radars are purely defensive."


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.csv"
    write_csv_rows(path, ["text"], [(GOOD,)] * 3)
    return path


def test_a_replaced_output_keeps_its_permissions(trained_model_dir, corpus, tmp_path):
    out = tmp_path / "private.csv"
    out.write_text("old\n")
    out.chmod(0o600)
    result = run_score(trained_model_dir, corpus, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(read_csv(out.read_text())) == 3
    assert _mode(out) == 0o600


def test_a_new_output_gets_what_a_plain_open_would_give(trained_model_dir, corpus, tmp_path):
    out = tmp_path / "new.csv"
    assert run_score(trained_model_dir, corpus, "-o", out).exit_code == 0
    assert _mode(out) == 0o666 & ~store.current_umask()


def test_an_output_through_a_link_writes_the_file_and_keeps_the_link(trained_model_dir, corpus, tmp_path):
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "scored.csv"
    real.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    result = run_score(trained_model_dir, corpus, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(read_csv(real.read_text())) == 3
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["scored.csv"]


def test_an_output_this_user_may_not_write_is_refused_and_kept(trained_model_dir, corpus, tmp_path, monkeypatch):
    out = tmp_path / "locked.csv"
    out.write_text("keep me\n")
    out.chmod(0o444)
    # Tests may run as root, whom no permission stops; the check asks os.access as it would for a user.
    real_access = os.access
    monkeypatch.setattr(store.os, "access", lambda p, m: False if str(p) == str(out) else real_access(p, m))
    result = run_score(trained_model_dir, corpus, "-o", out)
    assert result.exit_code == 1
    assert f"Error: {out}: the file exists and is not writable (permission denied); no output was written" in (
        result.output
    )
    assert out.read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "locked.csv"]


def test_a_user_output_written_whole_keeps_mode_and_link(tmp_path):
    real = tmp_path / "report.csv"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with atomic_file(link, user_output=True) as fh:
        fh.write(b"new\n")
    assert link.is_symlink() and real.read_text() == "new\n" and _mode(real) == 0o640


@pytest.mark.parametrize("command", ["score", "analyze"])
def test_a_missing_input_is_named_even_when_the_output_exists(trained_model_dir, tmp_path, command):
    from click.testing import CliRunner

    from service.cli import cli

    out = tmp_path / "exists.csv"
    out.write_text("keep me\n")
    missing = tmp_path / "nosuch.csv"
    args = [command, str(missing), "-o", str(out), "--model-dir", str(trained_model_dir)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"Error: {missing}: no such file" in result.output
    assert out.read_text() == "keep me\n"
