"""Shared fixtures: a tiny in-code corpus, a model trained on it through the real training code."""

import csv
import logging
import os
import shutil
import tempfile

import pytest

from training.tasks import Task
from training.train import train_task

TINY_CORPUS = {
    "threat": [
        "Belgrade warned that the new drones endanger Serbs in the north.",
        "The missile deliveries are a dangerous provocation, the ministry said.",
        "Critics fear the arms build-up will destabilise the whole region.",
        "The tank convoy near the border escalated tensions overnight.",
        "Officials said the exercise was an aggressive show of force.",
        "The deployment poses a grave risk to peace in the Balkans.",
        "Moscow accused the alliance of provoking a new arms race.",
        "Residents said the heavily armed patrols threaten their villages.",
        "The opposition called the weapons purchase reckless and provocative.",
        "Analysts warn the troop build-up could spark open conflict.",
        "The drills were an intimidating rehearsal for an invasion, he said.",
        "Armed units at the crossing are fuelling fear and insecurity.",
    ],
    "stability": [
        "The new air defence system is purely defensive, the minister said.",
        "Analysts say the purchase strengthens deterrence and regional security.",
        "The drones do not represent a threat, as claimed by Belgrade.",
        "The training mission helps keep the peace in the region.",
        "Officials said the force meets NATO standards and is professional.",
        "The exercise reassures allies and contributes to stability.",
        "Joint patrols have made the border safer for residents.",
        "The upgrade supports a legitimate and transparent defence plan.",
        "Claims that the army is preparing an attack have no basis, the ministry said.",
        "Experts say the missiles deter aggression and protect civilians.",
        "The alliance said its presence guarantees security for all communities.",
        "The reform brings the military in line with Western standards.",
    ],
    "neutral": [
        "The shipment of anti-tank missiles arrived on Tuesday.",
        "Parliament approved the defence budget by 70 votes to 20.",
        "The ministers met in Brussels to discuss procurement.",
        "The contract covers twelve armoured vehicles and spare parts.",
        "The exercise will take place from May 3 to May 14.",
        "A second batch of drones is due next spring, the ministry said.",
        "The general visited the base and met local officials.",
        "The tender for radar systems closes at the end of June.",
        "About 4,000 troops from 25 countries serve in the mission.",
        "The agreement was signed by both defence ministers on Friday.",
        "The delegation will travel to Ankara next week.",
        "The report lists the equipment delivered since January.",
    ],
}

TINY_TEST = {
    "threat": [
        "The new missiles are a provocation that endangers the region.",
        "Serbian officials warned the drones threaten peace.",
        "The build-up could escalate into conflict, analysts fear.",
    ],
    "stability": [
        "The purchase strengthens regional security, experts say.",
        "The system is defensive and poses no threat to neighbours.",
        "The mission contributes to stability, the alliance said.",
    ],
    "neutral": [
        "The first vehicles were delivered on Monday.",
        "The budget includes funds for twelve radar units.",
        "The minister will meet his counterpart in June.",
    ],
}

# Small grid: the tiny corpus needs no search, and the fixture should train in about a second.
TINY_GRID = {"C": [10.0], "word_ngrams": [(1, 2)], "negation": [True]}

# The token the tests' apps are given (ADMIN_TOKEN, FEEDBACK_TOKEN) and the header that sends it.
TOKEN = "token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# The developer's STANCE_* settings, held aside for the whole run and put back at its end.
_saved_stance_env = pytest.StashKey[dict]()
# The developer's XDG_DATA_HOME (where the corrections store lives by default) and the suite's own.
_saved_data_home = pytest.StashKey[tuple]()


def stance_variables():
    """Return the names of the ``STANCE_*`` variables in this process's environment."""
    return sorted(name for name in os.environ if name.startswith("STANCE_"))


def pytest_configure(config):
    """Clear every ``STANCE_*`` variable before collection and before any fixture, session ones included.

    A per-test fixture comes too late: the session fixture that trains the tiny model would already
    have read a developer's ``STANCE_FEEDBACK_DB`` (and merged its corrections) or ``STANCE_MODEL_DIR``.
    """
    config.addinivalue_line("markers", "slow: takes more than about 5 s; deselect with -m 'not slow'")
    config.stash[_saved_stance_env] = {name: os.environ.pop(name) for name in stance_variables()}
    # The default corrections store is in the user's data folder: session fixtures get an empty one.
    data_home = tempfile.mkdtemp(prefix="stance-data-home-")
    config.stash[_saved_data_home] = (os.environ.get("XDG_DATA_HOME"), data_home)
    os.environ["XDG_DATA_HOME"] = data_home


def pytest_unconfigure(config):
    """Give the process its ``STANCE_*`` variables and ``XDG_DATA_HOME`` back."""
    os.environ.update(config.stash.get(_saved_stance_env, {}))
    saved, data_home = config.stash.get(_saved_data_home, (None, None))
    if data_home is not None:
        shutil.rmtree(data_home, ignore_errors=True)
        if saved is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = saved


def write_csv(path, corpus):
    """Write ``{label: [texts]}`` as a ``text,label`` CSV and return the path."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        for label, texts in corpus.items():
            for text in texts:
                writer.writerow([text, label])
    return path


def make_task(folder, name="framing"):
    """Return a :class:`Task` whose data and test files are the tiny corpus, written into ``folder``."""
    return Task(
        name=name,
        description="Tiny test task",
        data=write_csv(folder / "train.csv", TINY_CORPUS),
        test=write_csv(folder / "test.csv", TINY_TEST),
        text_column="text",
        label_column="label",
        labels={"threat": "", "stability": "", "neutral": ""},
    )


@pytest.fixture(scope="session")
def tiny_task(tmp_path_factory):
    """The tiny corpus as a task."""
    return make_task(tmp_path_factory.mktemp("tiny-data"))


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory, tiny_task):
    """A model folder holding one version trained on the tiny corpus through ``train_task``."""
    model_dir = tmp_path_factory.mktemp("models")
    # The real-news figures have their own tests; the shared fixture stays the same with or without the file.
    train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3, realnews=False)
    return model_dir


@pytest.fixture
def model_dir(tmp_path, trained_model_dir):
    """A private copy of the trained model folder that a test may change."""
    target = tmp_path / "models"
    shutil.copytree(trained_model_dir, target)
    return target


@pytest.fixture(autouse=True)
def isolated_model_dir(monkeypatch, tmp_path):
    """Keep tests away from STANCE_* settings and the repo's artifacts folder.

    The developer's variables are gone for the whole run (``pytest_configure``); this also drops any
    that an earlier test or the code under test left behind (``stance serve`` sets STANCE_MODEL_DIR).
    """
    for name in stance_variables():
        monkeypatch.delenv(name)
    # Training scores the shared real-news set when it is there: point it at nothing, so that
    # results do not depend on whether ../shared sits beside the clone (test_realnews sets it).
    monkeypatch.setenv("STANCE_REALNEWS", str(tmp_path / "no-realnews.jsonl"))
    # Each test has its own default corrections store (training.feedback.default_store_path).
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.chdir(tmp_path)
    logging.getLogger().setLevel(logging.INFO)


@pytest.fixture
def app(model_dir):
    """The API app over a private copy of the tiny model; CURRENT watching is off, tests reload explicitly."""
    from service import create_app

    return create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0})


@pytest.fixture
def client(app):
    """A Flask test client of ``app``."""
    return app.test_client()
