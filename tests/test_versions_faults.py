"""Faults around versions: concurrent trainings, a killed training's leftovers, a read-only model folder."""

import fcntl
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import training.train
from model.artifact import STAGING_GRACE_SECONDS, load_artifact, save_artifact
from model.lifecycle import LifecycleError, promote_version, rollback_version
from model.store import current_version, list_versions
from service.cli import cli
from tests.conftest import TINY_GRID
from tests.lifecycle_helpers import copy_version, train_worse
from training.gate import GateRefused
from training.train import ModelFolderError, train_task

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner():
    return CliRunner()


def train_good(task, model_dir, **kwargs):
    """Train the tiny corpus into ``model_dir`` (quickly: one setting, three folds)."""
    return train_task(task, model_dir, grid=TINY_GRID, folds=3, realnews=False, **kwargs)


# --- two trainings at once -------------------------------------------------------------------


def test_gate_is_decided_while_holding_the_task_lock(model_dir, tiny_task, monkeypatch):
    # Another process's promotion takes this lock; if it is free while the gate decides, the
    # current version can change between the comparison and the promotion.
    real_check_gate = training.train.check_gate
    lock_free_during_gate = []

    def check_gate(model_dir_, task, *args, **kwargs):
        fd = os.open(model_dir_ / task, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            lock_free_during_gate.append(True)
        except BlockingIOError:
            lock_free_during_gate.append(False)
        finally:
            os.close(fd)
        return real_check_gate(model_dir_, task, *args, **kwargs)

    monkeypatch.setattr(training.train, "check_gate", check_gate)
    train_good(tiny_task, model_dir)
    assert lock_free_during_gate == [False]


def test_a_better_version_promoted_meanwhile_is_not_replaced_by_a_worse_one(
    model_dir, tiny_task, tmp_path, monkeypatch
):
    # Current: a poor model. Candidate G (good) waits to be promoted; training B (poor) runs.
    poor = train_worse(tiny_task, model_dir, tmp_path, force=True, realnews=False)["version"]
    good = train_good(tiny_task, model_dir, promote=False)["version"]
    assert current_version(model_dir, "framing") == poor

    real_check_gate = training.train.check_gate
    gated, promoted = threading.Event(), threading.Event()
    outcome = {}

    def check_gate(*args, **kwargs):
        decision = real_check_gate(*args, **kwargs)
        gated.set()
        # Give the concurrent promotion of G its chance to land between B's gate and B's promotion.
        promoted.wait(timeout=1.0)
        return decision

    def train_b():
        try:
            outcome["b"] = train_worse(tiny_task, model_dir, tmp_path / "b", realnews=False)
        except GateRefused as exc:
            outcome["b"] = exc.metadata

    def promote_g():
        promote_version(model_dir, "framing", good)
        promoted.set()

    (tmp_path / "b").mkdir()
    monkeypatch.setattr(training.train, "check_gate", check_gate)
    b = threading.Thread(target=train_b)
    b.start()
    assert gated.wait(timeout=60)
    g = threading.Thread(target=promote_g)
    g.start()
    b.join(timeout=60)
    g.join(timeout=60)
    assert not b.is_alive() and not g.is_alive()
    # B was judged against the version current when it was promoted, so G, promoted after, is current;
    # had G landed first, B's gate would have compared against G and refused B.
    assert outcome["b"]["gate"]["current_version"] == poor
    assert current_version(model_dir, "framing") == good


def test_a_version_promoted_before_the_gate_is_the_one_compared_against(model_dir, tiny_task, tmp_path, monkeypatch):
    poor = train_worse(tiny_task, model_dir, tmp_path, force=True, realnews=False)["version"]
    good = train_good(tiny_task, model_dir, promote=False)["version"]
    real_select = training.train.select_params
    calls = []

    def select_then_promote(*args, **kwargs):
        # Another user promotes G while B cross-validates.
        result = real_select(*args, **kwargs)
        calls.append(promote_version(model_dir, "framing", good))
        return result

    monkeypatch.setattr(training.train, "select_params", select_then_promote)
    with pytest.raises(GateRefused) as caught:
        train_worse(tiny_task, model_dir, tmp_path, realnews=False)
    assert calls == [poor]
    assert caught.value.decision.current_version == good
    assert current_version(model_dir, "framing") == good


# --- staging folders left by a killed training -----------------------------------------------


def kill_during_save(model_dir):
    """Run a save in a child process that is SIGKILLed halfway, as the OOM killer would; return the leftover."""
    code = (
        "import os, signal, sys\n"
        "from model.artifact import load_artifact, save_artifact\n"
        "model_dir = sys.argv[1]\n"
        "pipeline = load_artifact(model_dir, 'framing').pipeline\n"
        "def die(full):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "save_artifact(pipeline, {}, model_dir, 'framing', extra_files=die)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(model_dir)], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr
    (leftover,) = (model_dir / "framing").glob(".staging-*")
    assert (leftover / "model.json").is_file()
    return leftover


def age(path, seconds):
    """Set ``path``'s modification time ``seconds`` into the past."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_training_removes_the_staging_folder_of_a_killed_training(model_dir, tiny_task, caplog):
    leftover = kill_during_save(model_dir)
    age(leftover, STAGING_GRACE_SECONDS + 60)
    with caplog.at_level(logging.WARNING, logger="model.artifact"):
        train_good(tiny_task, model_dir)
    assert not leftover.exists()
    assert not list((model_dir / "framing").glob(".staging-*"))
    assert f"by an interrupted training: {leftover.name}" in caplog.text


def test_save_removes_an_abandoned_staging_folder(model_dir, caplog):
    leftover = model_dir / "framing" / ".staging-abandoned"
    leftover.mkdir()
    (leftover / "model.json").write_bytes(b"half a model")
    age(leftover, STAGING_GRACE_SECONDS + 60)
    pipeline = load_artifact(model_dir, "framing").pipeline
    with caplog.at_level(logging.WARNING, logger="model.artifact"):
        version = save_artifact(pipeline, {}, model_dir, "framing")
    assert not leftover.exists()
    assert version in list_versions(model_dir, "framing")
    assert ".staging-abandoned" in caplog.text


def test_a_staging_folder_that_a_live_save_owns_is_kept(model_dir):
    # A save in progress in another process holds a lock on its staging folder.
    busy = model_dir / "framing" / ".staging-busy"
    busy.mkdir()
    (busy / "model.json").write_bytes(b"being written")
    age(busy, STAGING_GRACE_SECONDS + 60)
    fd = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        save_artifact(load_artifact(model_dir, "framing").pipeline, {}, model_dir, "framing")
    finally:
        os.close(fd)
    assert (busy / "model.json").read_bytes() == b"being written"


def test_a_staging_folder_created_just_now_is_kept(model_dir):
    # Between creating its folder and locking it, a save owns an unlocked folder for an instant.
    fresh = model_dir / "framing" / ".staging-fresh"
    fresh.mkdir()
    save_artifact(load_artifact(model_dir, "framing").pipeline, {}, model_dir, "framing")
    assert fresh.is_dir()


def kill_during_prune(model_dir):
    """Prune in a child process that is SIGKILLed after renaming a version away, before deleting it."""
    code = (
        "import os, shutil, signal, sys\n"
        "from model.lifecycle import prune_versions\n"
        "real_rmtree = shutil.rmtree\n"
        "def rmtree(path, *args, **kwargs):\n"
        "    if os.path.basename(path).startswith('.pruned-') and not kwargs.get('ignore_errors'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real_rmtree(path, *args, **kwargs)\n"
        "shutil.rmtree = rmtree\n"
        "prune_versions(sys.argv[1], 'framing', keep=1)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(model_dir)], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr
    (leftover,) = (model_dir / "framing").glob(".pruned-*")
    return leftover


def test_the_next_training_removes_the_folder_of_a_killed_prune(model_dir, tiny_task, caplog):
    old = copy_version(model_dir, "framing", current_version(model_dir, "framing"), "20000101-000000-old")
    leftover = kill_during_prune(model_dir)
    assert leftover.name == f".pruned-{old}" and (leftover / "model.json").is_file()
    assert old not in list_versions(model_dir, "framing")
    with caplog.at_level(logging.WARNING, logger="model.lifecycle"):
        train_good(tiny_task, model_dir)
    assert not list((model_dir / "framing").glob(".pruned-*"))
    assert f"by an interrupted prune: {leftover.name}" in caplog.text


# --- a read-only model folder ----------------------------------------------------------------


@pytest.fixture
def read_only(monkeypatch):
    """Return a function that makes a folder read-only for this process.

    chmod does it for an ordinary user; root writes through any mode bits, so for root (CI) the
    writability check is told the truth that a read-only mount or another owner would tell it.
    """
    made = []

    def make(folder):
        folder = Path(folder)
        folder.chmod(0o555)
        made.append(folder)
        if os.access(folder, os.W_OK):
            real_access = os.access

            def access(path, mode, **kwargs):
                if mode & os.W_OK and Path(path).resolve() in {f.resolve() for f in made}:
                    return False
                return real_access(path, mode, **kwargs)

            monkeypatch.setattr(os, "access", access)
        return folder

    yield make
    for folder in made:
        folder.chmod(0o755)


@pytest.fixture
def no_cross_validation(monkeypatch):
    """Fail the test if training gets as far as cross-validation."""

    def select_params(*args, **kwargs):
        raise AssertionError("cross-validation ran before the model folder was checked")

    monkeypatch.setattr(training.train, "select_params", select_params)


def test_training_into_a_read_only_task_folder_fails_before_any_work(
    model_dir, tiny_task, read_only, no_cross_validation
):
    folder = read_only(model_dir / "framing")
    before = list_versions(model_dir, "framing")
    with pytest.raises(ModelFolderError) as caught:
        train_good(tiny_task, model_dir)
    message = str(caught.value)
    assert message == (
        f"cannot train task 'framing': the model folder {folder} is not writable by this user; "
        "fix its permissions or choose another --model-dir"
    )
    assert list_versions(model_dir, "framing") == before


def test_training_a_new_task_into_a_read_only_model_folder_fails_before_any_work(
    tmp_path, tiny_task, read_only, no_cross_validation
):
    (tmp_path / "models").mkdir()
    folder = read_only(tmp_path / "models")  # the task folder does not exist yet
    with pytest.raises(ModelFolderError, match=f"the model folder {folder} is not writable"):
        train_good(tiny_task, folder)


def test_stance_train_into_a_read_only_folder_prints_one_error_line(
    runner, model_dir, tiny_task, read_only, no_cross_validation
):
    folder = read_only(model_dir / "framing")
    args = ["train", "--data", str(tiny_task.data), "--test", str(tiny_task.test), "--model-dir", str(model_dir)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[-1] == (
        f"Error: cannot train task 'framing': the model folder {folder} is not writable by this user; "
        "fix its permissions or choose another --model-dir"
    )


def test_python_m_training_train_into_a_read_only_folder_exits_1(
    model_dir, tiny_task, read_only, no_cross_validation, caplog
):
    read_only(model_dir / "framing")
    argv = ["--data", str(tiny_task.data), "--test", str(tiny_task.test), "--model-dir", str(model_dir)]
    assert training.train.main(argv) == 1
    assert "is not writable" in caplog.text


def test_stance_models_promote_in_a_read_only_folder_fails_cleanly(runner, model_dir, tiny_task, tmp_path, read_only):
    candidate = train_worse(tiny_task, model_dir, tmp_path, promote=False, realnews=False)["version"]
    before = current_version(model_dir, "framing")
    folder = read_only(model_dir / "framing")
    result = runner.invoke(cli, ["models", "promote", candidate, "--model-dir", str(model_dir)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.output == (
        f"Error: cannot promote {candidate}: the model folder {folder} is not writable by this user; "
        "fix its permissions or choose another --model-dir\n"
    )
    assert current_version(model_dir, "framing") == before


def test_stance_models_rollback_in_a_read_only_folder_fails_cleanly(runner, model_dir, tiny_task, read_only):
    first = current_version(model_dir, "framing")
    second = train_good(tiny_task, model_dir)["version"]
    assert current_version(model_dir, "framing") == second != first
    folder = read_only(model_dir / "framing")
    result = runner.invoke(cli, ["models", "rollback", "--model-dir", str(model_dir)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.output == (
        f"Error: cannot roll back task 'framing': the model folder {folder} is not writable by this user; "
        "fix its permissions or choose another --model-dir\n"
    )
    assert current_version(model_dir, "framing") == second
    with pytest.raises(LifecycleError, match="is not writable"):
        rollback_version(model_dir, "framing")


def test_promoting_the_current_version_in_a_read_only_folder_is_still_a_no_op(model_dir, read_only):
    version = current_version(model_dir, "framing")
    read_only(model_dir / "framing")
    assert promote_version(model_dir, "framing", version) == version


def test_one_version_with_broken_metadata_does_not_hide_the_others(runner, model_dir, tiny_task, tmp_path):
    worse = train_worse(tiny_task, model_dir, tmp_path, promote=False)["version"]
    (Path(model_dir) / "framing" / worse / "metadata.json").write_text("{broken", encoding="utf-8")
    result = runner.invoke(cli, ["models", "list", "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("* ") and current_version(model_dir, "framing") in line for line in lines)
    assert any(worse in line and "cannot read:" in line for line in lines)


def test_a_current_pointer_edited_into_a_bad_name_is_named_as_the_file_to_fix(runner, model_dir):
    pointer = Path(model_dir) / "framing" / "CURRENT"
    pointer.write_text("../../etc\n", encoding="utf-8")
    result = runner.invoke(cli, ["models", "list", "--model-dir", str(model_dir)])
    # The listing still shows every version: it is where a person chooses the one that repairs it.
    assert result.exit_code == 0, result.output
    assert f"Warning: {pointer}: invalid version name '../../etc'" in result.stderr
    assert "no version is marked current: promote one to repair it" in result.stderr
    assert current_version_line(result.stdout) is None and "VERSION" in result.stdout


def test_promoting_a_version_repairs_a_current_pointer_edited_into_a_bad_name(runner, model_dir):
    version = current_version(model_dir, "framing")
    pointer = Path(model_dir) / "framing" / "CURRENT"
    pointer.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["models", "promote", version, "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert pointer.read_text(encoding="utf-8").strip() == version
    assert runner.invoke(cli, ["models", "list", "--model-dir", str(model_dir)]).exit_code == 0


def test_a_current_pointer_that_cannot_be_read_is_named_not_a_traceback(runner, model_dir):
    pointer = Path(model_dir) / "framing" / "CURRENT"
    pointer.write_bytes(b"\xff\xfe\n")
    result = runner.invoke(cli, ["models", "list", "--model-dir", str(model_dir), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Warning: {pointer}: cannot read the current version's name ('utf-8' codec")
    rows = json.loads(result.stdout)
    assert rows and not any(row["current"] for row in rows)


def current_version_line(listing):
    """The line of a ``stance models list`` table marked current (``*``), or None."""
    return next((line for line in listing.splitlines() if line.startswith("*")), None)


def test_a_current_pointer_that_is_a_folder_is_replaced_when_empty_and_named_when_not(runner, model_dir):
    version = current_version(model_dir, "framing")
    pointer = Path(model_dir) / "framing" / "CURRENT"
    pointer.unlink()
    (pointer / "notes").mkdir(parents=True)
    result = runner.invoke(cli, ["models", "promote", version, "--model-dir", str(model_dir)])
    assert result.exit_code == 1
    assert f"{pointer} is a folder, not a file: move it away, then promote a version" in result.output
    (pointer / "notes").rmdir()
    result = runner.invoke(cli, ["models", "promote", version, "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert pointer.read_text(encoding="utf-8").strip() == version
