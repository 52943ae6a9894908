"""Helpers shared by the gate, lifecycle, models-command and models-page tests: a worse model, an unloadable version."""

import json
import shutil

from tests.conftest import TINY_CORPUS, TINY_GRID, write_csv
from training.train import train_task

# Every sentence gets the wrong label, always the same one: a model trained on it is reliably worse.
ROTATE = {"threat": "stability", "stability": "neutral", "neutral": "threat"}


def write_mislabeled_corpus(path):
    """Write the tiny corpus with its labels rotated and return the path."""
    return write_csv(path, {ROTATE[label]: texts for label, texts in TINY_CORPUS.items()})


def train_worse(task, model_dir, folder, **kwargs):
    """Train on the mislabeled corpus into ``model_dir`` and return the metadata (or raise GateRefused)."""
    data = write_mislabeled_corpus(folder / "mislabeled.csv")
    return train_task(task, model_dir, data_path=data, grid=TINY_GRID, folds=3, **kwargs)


def copy_version(model_dir, task, version, new_name):
    """Copy a version folder under another name (a cheap extra version for pruning tests)."""
    shutil.copytree(model_dir / task / version, model_dir / task / new_name)
    return new_name


def mark_other_library(model_dir, task, version):
    """Make a version's metadata say another scikit-learn trained it, so this one cannot load it."""
    path = model_dir / task / version / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["versions"]["scikit-learn"] = "0.0.1"
    path.write_text(json.dumps(metadata))
