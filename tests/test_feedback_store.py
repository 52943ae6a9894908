"""The corrections store: validation, status changes, WAL mode, and no lost write under concurrency."""

import multiprocessing
import sqlite3
import threading

import pytest

from training.feedback import DB_ENV, FeedbackError, FeedbackStore, default_db_path

TEXT = "The drills were an intimidating rehearsal for an invasion."


@pytest.fixture
def store(tmp_path):
    """An empty store in a fresh folder."""
    return FeedbackStore(tmp_path / "db" / "feedback.sqlite3")


def test_add_returns_the_stored_row(store):
    row = store.add("framing", TEXT, "threat", "neutral", "v1", "obvious threat")
    assert row == {
        "id": 1,
        "task": "framing",
        "text": TEXT,
        "target": None,
        "label": "threat",
        "predicted_label": "neutral",
        "model_version": "v1",
        "note": "obvious threat",
        "status": "pending",
        "created_at": row["created_at"],
        "reviewed_at": None,
    }
    assert row["created_at"].endswith("+00:00")
    assert store.get(1) == row


def test_the_file_is_in_wal_mode(store):
    store.add("framing", TEXT, "threat")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"task": ""}, "task is empty"),
        ({"text": "   "}, "text is empty"),
        # Zero-width characters alone: blank, as the API and training data judge it (model/text.is_blank).
        ({"text": "\u200b\u2060"}, "text is empty or only whitespace"),
        ({"target": "\ufeff"}, "target is empty or only whitespace"),
        ({"label": "\u200b"}, "label is empty or only whitespace"),
        ({"text": 3}, "text must be a string, got a number"),
        ({"label": ""}, "label is empty"),
        ({"text": "a\x00b"}, "text contains a NUL character"),
        ({"note": "x" * 2001}, "note has 2001 characters; the limit is 2000"),
    ],
)
def test_invalid_corrections_are_refused(store, fields, message):
    values = {"task": "framing", "text": TEXT, "label": "threat", **fields}
    with pytest.raises(FeedbackError, match=message):
        store.add(**values)
    assert store.list() == []


def test_reading_an_absent_store_creates_nothing(tmp_path):
    store = FeedbackStore(tmp_path / "absent.sqlite3")
    assert store.list() == []
    assert store.list(task="framing", status="accepted") == []
    with pytest.raises(FeedbackError, match="no correction with id 1"):
        store.get(1)
    assert not store.path.exists()


def test_status_changes_and_filters(store):
    for label in ("threat", "stability", "neutral"):
        store.add("framing", f"{TEXT} {label}", label)
    store.add("other", TEXT, "yes")
    accepted = store.set_status([1, 3], "accepted")
    assert [r["id"] for r in accepted] == [1, 3]
    assert all(r["status"] == "accepted" and r["reviewed_at"] for r in accepted)
    store.set_status([2], "rejected")
    assert [r["id"] for r in store.list(task="framing", status="accepted")] == [1, 3]
    assert [r["id"] for r in store.list(status="pending")] == [4]
    assert [r["id"] for r in store.list(task="other")] == [4]
    # Back to pending clears the review time.
    assert store.set_status([3], "pending")[0]["reviewed_at"] is None


def test_an_unknown_id_changes_nothing(store):
    store.add("framing", TEXT, "threat")
    with pytest.raises(FeedbackError, match=r"no correction with id 9 in .*feedback.sqlite3; nothing changed"):
        store.set_status([1, 9], "accepted")
    assert store.get(1)["status"] == "pending"


def test_an_unknown_status_is_refused(store):
    with pytest.raises(FeedbackError, match="unknown status 'done'"):
        store.set_status([1], "done")
    with pytest.raises(FeedbackError, match="unknown status 'done'"):
        store.list(status="done")


def test_default_path_is_in_the_users_data_folder_not_the_model_folder(monkeypatch, tmp_path):
    models = tmp_path / "models"
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path(models) == tmp_path / "data" / "stance" / "feedback.sqlite3"
    # Unset or relative: ~/.local/share, as the XDG specification says.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for value in ("", "relative/data"):
        monkeypatch.setenv("XDG_DATA_HOME", value)
        assert default_db_path(models) == tmp_path / "home" / ".local" / "share" / "stance" / "feedback.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path(models) == tmp_path / "home" / ".local" / "share" / "stance" / "feedback.sqlite3"
    monkeypatch.setenv(DB_ENV, str(tmp_path / "elsewhere.db"))
    assert default_db_path(models) == tmp_path / "elsewhere.db"
    assert default_db_path(models, "given.db").name == "given.db"


def test_a_store_left_in_the_model_folder_is_pointed_out(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    models = tmp_path / "models"
    FeedbackStore(models / "feedback.sqlite3").add("framing", "An older correction.", "neutral")
    path = default_db_path(models)
    assert path == tmp_path / "data" / "stance" / "feedback.sqlite3"
    assert f"{models / 'feedback.sqlite3'} holds corrections, but the store is now {path}" in caplog.text
    # Once the store is in its new place, nothing is said.
    caplog.clear()
    FeedbackStore(path).add("framing", "A newer correction.", "neutral")
    default_db_path(models)
    assert "holds corrections" not in caplog.text


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    path.write_text("not a database, just text " * 100)
    with pytest.raises(FeedbackError, match="feedback.sqlite3: file is not a database"):
        FeedbackStore(path).add("framing", TEXT, "threat")


WRITES_PER_WRITER = 25


def _write_many(path, writer, start=None):
    """Add WRITES_PER_WRITER corrections as one writer (a thread or a process) would."""
    store = FeedbackStore(path)
    if start is not None:
        start.wait()
    for i in range(WRITES_PER_WRITER):
        store.add("framing", f"writer {writer} sentence {i}", "neutral", "threat", "v1")


def _assert_all_stored(path, writers):
    texts = [r["text"] for r in FeedbackStore(path).list()]
    expected = {f"writer {w} sentence {i}" for w in range(writers) for i in range(WRITES_PER_WRITER)}
    assert len(texts) == len(expected)
    assert set(texts) == expected


def test_concurrent_threads_lose_nothing(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    threads = [threading.Thread(target=_write_many, args=(path, w)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _assert_all_stored(path, 8)


def test_concurrent_processes_lose_nothing(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    # Each process creates the schema itself on its first write, racing the others, as gunicorn workers do.
    context = multiprocessing.get_context("spawn")
    # The barrier makes the first writes (and so the switch of the new file to WAL) happen together.
    start = context.Barrier(4)
    processes = [context.Process(target=_write_many, args=(path, w, start)) for w in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    _assert_all_stored(path, 4)


def test_find_returns_the_corrections_of_exactly_that_text_and_target(store):
    first = store.add("framing", TEXT, "threat")
    store.add("framing", TEXT + " ", "neutral")
    store.add("other", TEXT, "yes")
    about = store.add("framing", TEXT, "favour", target="the drills")
    second = store.add("framing", TEXT, "stability")
    assert [r["id"] for r in store.find("framing", TEXT)] == [first["id"], second["id"]]
    assert store.find("framing", TEXT, target="the drills") == [about]
    assert FeedbackStore(store.path.parent / "none.sqlite3").find("framing", TEXT) == []


def test_save_adds_a_row_for_a_text_without_corrections(store):
    saved = store.save("framing", TEXT, "threat", "neutral", "v1", "a rehearsal is a threat")
    assert saved.new and not saved.replaced and saved.removed == []
    assert saved.row == store.get(saved.row["id"])
    assert (saved.row["label"], saved.row["predicted_label"], saved.row["note"]) == (
        "threat",
        "neutral",
        "a rehearsal is a threat",
    )
    assert not saved.agrees_with_model


def test_save_changes_the_pending_correction_in_place(store):
    first = store.save("framing", TEXT, "threat", "neutral", "v1", "a rehearsal is a threat").row
    saved = store.save("framing", TEXT, "stability", "neutral", "v2")
    assert not saved.new and saved.replaced
    assert saved.previous == first
    # Same row: the label is the new correction's, and so are the prediction and version; no note
    # was sent, so the one written before stays.
    assert saved.row == {**first, "label": "stability", "note": "a rehearsal is a threat", "model_version": "v2"}
    assert store.list() == [saved.row]


def test_save_of_the_same_label_changes_nothing_unless_a_new_note_comes(store):
    first = store.save("framing", TEXT, "threat", "neutral", "v1", "a rehearsal is a threat").row
    again = store.save("framing", TEXT, "threat", "stability", "v2")
    assert not again.new and not again.replaced
    assert again.row == first == store.get(first["id"])
    noted = store.save("framing", TEXT, "threat", "neutral", "v2", "the drills are framed as a menace")
    assert noted.replaced and noted.row["note"] == "the drills are framed as a menace"
    assert len(store.list()) == 1


def test_save_keeps_accepted_and_rejected_corrections_as_history(store):
    accepted = store.save("framing", TEXT, "threat").row
    store.set_status([accepted["id"]], "accepted")
    # The accepted label again: nothing new to review.
    again = store.save("framing", TEXT, "threat", "threat")
    assert not again.new and not again.replaced and again.row["id"] == accepted["id"]
    assert again.row["status"] == "accepted" and again.agrees_with_model
    # Another label is a new question beside the accepted one; once rejected, the same label asks again.
    other = store.save("framing", TEXT, "neutral").row
    store.set_status([other["id"]], "rejected")
    asked_again = store.save("framing", TEXT, "neutral")
    assert asked_again.new
    assert [(r["label"], r["status"]) for r in store.list()] == [
        ("threat", "accepted"),
        ("neutral", "rejected"),
        ("neutral", "pending"),
    ]


def test_save_tells_texts_targets_and_tasks_apart(store):
    store.save("framing", TEXT, "threat")
    assert store.save("framing", TEXT + " ", "threat").new
    assert store.save("other", TEXT, "threat").new
    assert store.save("framing", TEXT, "favour", target="the drills").new
    assert store.save("framing", TEXT, "against", target="the invasion").new
    assert len(store.list(status="pending")) == 5


def test_save_folds_pending_duplicates_from_older_stores_into_the_newest(store):
    # Before the rule, every correction added a row: one text could wait for review twice.
    older = store.add("framing", TEXT, "threat")
    newest = store.add("framing", TEXT, "neutral")
    other = store.add("framing", "The budget passed on Monday.", "neutral")
    saved = store.save("framing", TEXT, "stability")
    assert saved.replaced and saved.row["id"] == newest["id"] and saved.previous == newest
    assert saved.removed == [older]
    assert [(r["id"], r["label"]) for r in store.list()] == [(newest["id"], "stability"), (other["id"], "neutral")]


def test_save_refuses_what_add_refuses(store):
    with pytest.raises(FeedbackError, match="note has 2001 characters"):
        store.save("framing", TEXT, "threat", note="n" * 2001)
    with pytest.raises(FeedbackError, match="text is empty"):
        store.save("framing", " ", "threat")
    assert store.list() == []


def _save_same_text(path, label, start):
    start.wait()
    FeedbackStore(path).save("framing", TEXT, label)


def test_concurrent_saves_of_one_text_leave_one_pending_row(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).add("framing", "Another sentence, so the file exists.", "neutral")
    start = threading.Barrier(8)
    labels = ["threat", "stability", "neutral", "threat"] * 2
    threads = [threading.Thread(target=_save_same_text, args=(path, label, start)) for label in labels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(FeedbackStore(path).find("framing", TEXT)) == 1
