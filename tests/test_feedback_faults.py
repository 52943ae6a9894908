"""``POST /v1/feedback`` when the corrections store is locked, deleted or emptied (issue 11, item 3).

A locked store must cost a feedback request about a second, not the 30 s a sync worker has in all,
and a store removed while the service runs is created again by the next correction.
"""

import subprocess
import sys
import time

import pytest

from service import create_app
from service.errors import ServiceError
from service.feedback_api import DEFAULT_BUSY_TIMEOUT
from tests.conftest import AUTH, TOKEN
from training.feedback import FeedbackStore, default_db_path

BODY = {"text": "The drones threaten the fragile peace.", "label": "threat"}
# The holder takes the write lock, says so, and keeps it until its stdin is closed.
HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def make_app(model_dir, **config):
    """An app with feedback on, its store the default one unless ``FEEDBACK_DB`` says otherwise."""
    settings = {"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0, "FEEDBACK_TOKEN": TOKEN}
    return create_app(settings | config)


@pytest.fixture
def db(model_dir):
    """The corrections store's path: the default, in this test's data folder (which exists, the file not yet)."""
    path = default_db_path(model_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def hold_lock(db):
    """Start another process that holds a write transaction on the store; yield, then release it."""
    processes = []

    def start():
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        processes.append(process)
        assert process.stdout.readline().strip() == "locked"
        return process

    yield start
    for process in processes:
        process.stdin.close()
        process.wait(timeout=10)
        process.stdout.close()


def timed_post(client):
    """POST a correction; return the response and the seconds it took."""
    started = time.monotonic()
    response = client.post("/v1/feedback", json=BODY, headers=AUTH)
    return response, time.monotonic() - started


@pytest.mark.parametrize("written_before", [True, False], ids=["store-in-use", "new-store"])
def test_a_locked_store_fails_fast_with_a_json_503(model_dir, db, hold_lock, written_before):
    client = make_app(model_dir).test_client()
    if written_before:
        assert client.post("/v1/feedback", json=BODY, headers=AUTH).status_code == 201
    holder = hold_lock()
    response, seconds = timed_post(client)
    assert response.status_code == 503, response.json
    assert response.json["error"]["code"] == "feedback_unavailable"
    assert response.headers["Retry-After"] == "1"
    assert DEFAULT_BUSY_TIMEOUT <= 2.0
    assert seconds < 2.5
    # Classification never touches the store.
    assert client.post("/v1/classify", json={"text": BODY["text"]}).status_code == 200
    holder.stdin.close()
    holder.wait(timeout=10)
    # Another sentence: BODY's may already wait for review, and a second one would change it (200), not add one.
    later = {**BODY, "text": "The drones still threaten the fragile peace."}
    assert client.post("/v1/feedback", json=later, headers=AUTH).status_code == 201


def test_the_busy_timeout_is_configurable(model_dir, hold_lock):
    client = make_app(model_dir, FEEDBACK_BUSY_TIMEOUT=0.2).test_client()
    assert client.post("/v1/feedback", json=BODY, headers=AUTH).status_code == 201
    hold_lock()
    response, seconds = timed_post(client)
    assert response.status_code == 503
    assert seconds < 1.0


@pytest.mark.parametrize("value", [0, -1, "soon", True, float("nan"), float("inf")])
def test_a_bad_busy_timeout_stops_the_start(model_dir, value):
    with pytest.raises(ServiceError, match="STANCE_FEEDBACK_BUSY_TIMEOUT"):
        make_app(model_dir, FEEDBACK_BUSY_TIMEOUT=value)


def test_the_busy_timeout_reads_a_number_from_the_environment(model_dir, monkeypatch):
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    monkeypatch.setenv("STANCE_FEEDBACK_TOKEN", TOKEN)
    monkeypatch.setenv("STANCE_FEEDBACK_BUSY_TIMEOUT", "0.5")
    app = create_app()
    assert app.extensions["stance_feedback"].busy_timeout == 0.5


def remove_store(db):
    """Delete the store and its WAL files, as an operator cleaning up would."""
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


@pytest.mark.parametrize(
    "damage",
    [remove_store, lambda db: db.write_bytes(b""), lambda db: __import__("shutil").rmtree(db.parent)],
    ids=["deleted", "emptied", "folder-deleted"],
)
def test_a_store_removed_while_serving_is_created_again(model_dir, tmp_path, damage):
    db = tmp_path / "corrections" / "feedback.sqlite3"
    client = make_app(model_dir, FEEDBACK_DB=str(db)).test_client()
    assert client.post("/v1/feedback", json=BODY, headers=AUTH).status_code == 201
    damage(db)
    response = client.post("/v1/feedback", json=BODY, headers=AUTH)
    assert response.status_code == 201, response.json
    assert [row["text"] for row in FeedbackStore(db).list()] == [BODY["text"]]
