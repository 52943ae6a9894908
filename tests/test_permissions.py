"""The model folder's files follow the umask, and the model layer never imports training."""

import ast
import os
import stat
from pathlib import Path

import pytest

from model.lifecycle import HISTORY_FILE, promote_version
from model.store import CURRENT_POINTER, list_versions, write_atomic
from tests.conftest import TINY_GRID, make_task
from training.train import train_task

MODEL_PACKAGE = Path(__file__).resolve().parent.parent / "model"


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it afterwards."""
    saved = os.umask(0o022)
    yield lambda value: os.umask(value)
    os.umask(saved)


def mode(path):
    """Return the permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def trained_twice(tmp_path):
    """Train two versions into a fresh model folder and promote the first back, so HISTORY exists."""
    task = make_task(tmp_path)
    model_dir = tmp_path / "models"
    first = train_task(task, model_dir, grid=TINY_GRID, folds=3, realnews=False)["version"]
    train_task(task, model_dir, grid=TINY_GRID, folds=3, realnews=False, force=True)
    promote_version(model_dir, "framing", first)
    return model_dir / "framing"


@pytest.mark.parametrize(
    ("value", "file_mode", "folder_mode"),
    [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)],
    ids=["umask-022", "umask-077"],
)
def test_model_folder_follows_the_umask(tmp_path, umask, value, file_mode, folder_mode):
    umask(value)
    folder = trained_twice(tmp_path)
    assert mode(folder) == folder_mode
    assert mode(folder / CURRENT_POINTER) == file_mode
    assert mode(folder / HISTORY_FILE) == file_mode
    versions = list_versions(folder.parent, "framing")
    assert len(versions) == 2
    for version in versions:
        assert mode(folder / version) == folder_mode
        files = sorted((folder / version).iterdir())
        assert {p.name for p in files} >= {
            "model.json",
            "clf.coef.npy",
            "metadata.json",
            "metrics.json",
            "MODEL_CARD.md",
        }
        assert {p.name: mode(p) for p in files} == {p.name: file_mode for p in files}
    # Nothing temporary is left beside the versions.
    assert sorted(p.name for p in folder.iterdir()) == sorted([CURRENT_POINTER, HISTORY_FILE, *versions])


def test_write_atomic_replaces_a_private_file_with_the_usual_mode(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "CURRENT"
    path.write_text("old\n")
    path.chmod(0o600)
    write_atomic(path, "new\n")
    assert (path.read_text(), mode(path)) == ("new\n", 0o644)
    write_atomic(path, b"bytes\n")
    assert path.read_bytes() == b"bytes\n"


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "HISTORY"
    path.write_text("kept\n")
    with pytest.raises(TypeError):
        write_atomic(path, 42)
    assert path.read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["HISTORY"]


def imported_modules(path):
    """Return every module name that ``path`` imports, at any depth (inside functions too)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_the_model_layer_never_imports_training():
    sources = sorted(MODEL_PACKAGE.rglob("*.py"))
    assert sources, f"no modules found in {MODEL_PACKAGE}"
    offenders = [
        f"{path.relative_to(MODEL_PACKAGE.parent)}: {name}"
        for path in sources
        for name in imported_modules(path)
        if name == "training" or name.startswith("training.")
    ]
    assert offenders == []
