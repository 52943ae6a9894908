"""`make train` trains when the training or test file's content changed, even if make's file times say otherwise."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from training.stamp import main as stamp_main
from training.stamp import stamp_text, write_stamp

ROOT = Path(__file__).resolve().parent.parent

# Stands in for the venv's `stance`: records each training and writes CURRENT as a real run would.
FAKE_STANCE = textwrap.dedent(
    """\
    #!{python}
    import os, sys, time
    from pathlib import Path
    args = sys.argv[1:]
    if "export" in args:
        out = Path(args[args.index("-o") + 1])
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("text,target,label\\n")
    elif "train" in args:
        with open(os.environ["FAKE_TRAIN_LOG"], "a") as log:
            log.write(" ".join(args) + "\\n")
        current = Path(os.environ["STANCE_MODEL_DIR"]) / "framing" / "CURRENT"
        current.parent.mkdir(parents=True, exist_ok=True)
        current.write_text(f"v{{time.time_ns()}}\\n")
    """
)


@pytest.fixture
def make_train(tmp_path):
    """Return a function running `make train` on tmp files with a fake stance; it returns the trainings so far."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    fake = venv / "bin" / "stance"
    fake.write_text(FAKE_STANCE.format(python=sys.executable))
    fake.chmod(0o755)
    log = tmp_path / "trainings.log"
    log.touch()
    data, test = tmp_path / "train.csv", tmp_path / "test.csv"
    data.write_text("text,label\nThe tanks arrived.,neutral\n")
    test.write_text("text,label\nThe drills began.,neutral\n")
    env = {**os.environ, "FAKE_TRAIN_LOG": str(log)}
    settings = [f"VENV={venv}", f"STANCE_MODEL_DIR={tmp_path / 'models'}", f"DATA={data}", f"TEST_DATA={test}"]

    def run():
        result = subprocess.run(
            ["make", "-C", str(ROOT), "train", f"PYTHON={sys.executable}", *settings],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return log.read_text().splitlines()

    run.data = data
    return run


def test_an_edit_older_than_current_is_still_trained(make_train):
    assert len(make_train()) == 1
    assert len(make_train()) == 1  # nothing changed: nothing to do
    # A sentence added before a rollback (or while a training ran): the data is older than CURRENT.
    with open(make_train.data, "a") as stream:
        stream.write("The envoy called the missiles a danger to every town.,threat\n")
    past = make_train.data.stat().st_mtime - 3600
    os.utime(make_train.data, (past, past))
    assert len(make_train()) == 2
    assert len(make_train()) == 2


def test_the_stamp_changes_only_with_a_name_or_content(tmp_path):
    data = tmp_path / "a.csv"
    data.write_text("text,label\n")
    stamp = tmp_path / "models" / "framing.training-files"
    assert write_stamp(stamp, [data, tmp_path / "missing.csv"]) is True
    lines = stamp.read_text().splitlines()
    assert lines[0].startswith(f"{data}\t") and len(lines[0].split("\t")[1]) == 64
    assert lines[1] == f"{tmp_path / 'missing.csv'}\tmissing"
    written = stamp.stat().st_mtime_ns
    assert write_stamp(stamp, [data, tmp_path / "missing.csv"]) is False
    assert stamp.stat().st_mtime_ns == written
    data.write_text("text,label\nA,threat\n")
    assert stamp_main([str(stamp), str(data)]) == 0
    assert stamp.read_text() == stamp_text([data]) != "\n".join(lines) + "\n"
