"""The corrections store: labels sent back by users, kept in SQLite until a person accepts or rejects them.

One file holds every task's corrections. SQLite in WAL mode lets readers run while one writer
commits, and the busy timeout makes concurrent writers (several gunicorn workers, each with
threads) wait for the write lock instead of failing, so no correction is lost.
"""

import logging
import os
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from model.json_kind import json_kind
from model.text import EMPTY_TEXT, find_problem
from training.transactions import StoreSetup, has_data, transaction

log = logging.getLogger(__name__)

DB_ENV = "STANCE_FEEDBACK_DB"
DB_FILE = "feedback.sqlite3"
# Where per-user application data goes (XDG base directory specification); the store is users' data,
# so it stays out of the model folder, which training replaces and the service may only read.
DATA_HOME_ENV = "XDG_DATA_HOME"
STATUSES = ("pending", "accepted", "rejected")
# Seconds a writer waits for another one's lock; a commit takes milliseconds, so only a stuck
# process or a very long burst ever reaches it.
BUSY_TIMEOUT = 30.0
MAX_NOTE_CHARS = 2000
COLUMNS = (
    "id",
    "task",
    "text",
    "target",
    "label",
    "predicted_label",
    "model_version",
    "note",
    "status",
    "created_at",
    "reviewed_at",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task TEXT NOT NULL CHECK (length(task) > 0),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    target TEXT,
    label TEXT NOT NULL CHECK (length(label) > 0),
    predicted_label TEXT,
    model_version TEXT,
    note TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at TEXT NOT NULL,
    reviewed_at TEXT
);
CREATE INDEX IF NOT EXISTS corrections_task_status ON corrections (task, status);
-- Every correction from a user first looks up the earlier ones of its text (FeedbackStore.save).
CREATE INDEX IF NOT EXISTS corrections_task_text ON corrections (task, text);
"""


class FeedbackError(Exception):
    """A correction is invalid, unknown, or the store cannot be read or written."""


def confirms_model(label, predicted_label):
    """Whether a correction's label is the one the model gave for it: it confirms, not corrects."""
    return predicted_label is not None and label == predicted_label


@dataclass
class Saved:
    """What :meth:`FeedbackStore.save` did with a correction.

    ``row`` is the correction that stands for the text now: a new row (``new``), the pending one
    changed in place (``previous`` is that row as it was before), or an existing one left as it was.
    ``removed`` lists older pending duplicates deleted on the way.
    """

    row: dict
    predicted_label: str | None = None
    new: bool = True
    previous: dict | None = None
    removed: list = field(default_factory=list)

    @property
    def replaced(self):
        """Whether a pending correction of the text was changed to this one."""
        return self.previous is not None

    @property
    def agrees_with_model(self):
        """Whether the label is the one the model gave when this correction came (so it confirms, not corrects)."""
        return confirms_model(self.row["label"], self.predicted_label)


def default_db_path(model_dir=None, explicit=None):
    """Return the store's path: ``explicit``, else ``$STANCE_FEEDBACK_DB``, else :func:`default_store_path`."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env)
    return default_store_path(model_dir)


def default_store_path(model_dir=None):
    """Return the store's path when nothing names one: ``$XDG_DATA_HOME/stance/feedback.sqlite3``.

    ``XDG_DATA_HOME`` unset, empty or relative means ``~/.local/share``, as the XDG specification
    says. Stance before 2026-12 kept the store in the model folder: when ``model_dir`` still holds
    one with corrections and the default does not exist yet, a warning says to move it.
    """
    data_home = os.environ.get(DATA_HOME_ENV, "")
    if not os.path.isabs(data_home):
        try:
            data_home = Path.home() / ".local" / "share"
        except RuntimeError:
            raise FeedbackError(f"no home folder to keep the corrections store in; set {DB_ENV}") from None
    path = Path(data_home) / "stance" / DB_FILE
    old = Path(model_dir) / DB_FILE if model_dir is not None else None
    if old is not None and has_data(old) and not path.exists():
        log.warning(
            "%s holds corrections, but the store is now %s (outside the model folder): move the file there "
            "or set %s=%s",
            old,
            path,
            DB_ENV,
            old,
        )
    return path


def _now():
    return datetime.now(UTC).isoformat(timespec="seconds")


# Quotation marks that open and close a quotation, straight and curly, double and single; each
# opening mark with the closing marks it pairs with (German „ closes with “).
_QUOTE_PAIRS = {"\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}
_STRAIGHT_QUOTE = '"'


def _unbalanced_opening(text):
    """Whether ``text`` starts with a quotation mark that nothing in it closes."""
    mark = text[0]
    if mark == _STRAIGHT_QUOTE:
        return text.count(mark) % 2 == 1
    closers = _QUOTE_PAIRS.get(mark)
    # Every closer is counted against the opening marks: an apostrophe (’) can only keep a mark, never drop one.
    return closers is not None and sum(text.count(c) for c in closers) < text.count(mark)


def _unbalanced_closing(text):
    """Whether ``text`` ends with a quotation mark that nothing in it opens."""
    mark = text[-1]
    if mark == _STRAIGHT_QUOTE:
        return text.count(mark) % 2 == 1
    openers = [opener for opener, closers in _QUOTE_PAIRS.items() if mark in closers]
    if not openers or mark in _QUOTE_PAIRS:
        # “ opens and (after „) closes: a text ending in one is left as it is.
        return False
    if mark == "\u2019" and (len(text) < 2 or text[-2].isalnum()):
        # "the ministers’" ends with an apostrophe, not with the end of a quotation.
        return False
    return text.count(mark) > sum(text.count(o) for o in openers)


def trim_stray_quotes(text):
    """Return ``text`` without a quotation mark at its start or end that the text does not close or open.

    A sentence of a quotation that runs over several sentences keeps its mark on one side only
    ('"Nobody should read the drills as a threat.'); that mark belongs to the quotation, not to the
    sentence, so a correction of the sentence is stored without it. Balanced quotes, apostrophes and
    every other character stay exactly as written.

    Examples
    --------
    >>> trim_stray_quotes('"Nobody should read the drills as a threat.')
    'Nobody should read the drills as a threat.'
    >>> trim_stray_quotes('The units are defensive.\u201d')
    'The units are defensive.'
    >>> trim_stray_quotes('"The units are defensive," she said.')
    '"The units are defensive," she said.'
    """
    trimmed = text
    if trimmed.strip() and _unbalanced_opening(trimmed.lstrip()):
        trimmed = trimmed.lstrip()[1:].lstrip()
    if trimmed.strip() and _unbalanced_closing(trimmed.rstrip()):
        trimmed = trimmed.rstrip()[:-1].rstrip()
    # A text that is nothing but a quotation mark stays as it is: the rules for texts judge it.
    return trimmed if trimmed.strip() else text


def _check_str(name, value, allow_empty=False):
    """Return ``value`` if it is a usable string field, else raise :class:`FeedbackError`."""
    if not isinstance(value, str):
        raise FeedbackError(f"{name} must be a string, got {json_kind(value)}")
    # The check of every text (model/text.py): zero-width characters alone are blank, as the API says.
    problem = find_problem(value)
    if problem is not None and not (allow_empty and problem.code == EMPTY_TEXT):
        raise FeedbackError(problem.about(name))
    return value


def _check_correction(task, text, label, note, target):
    """Raise :class:`FeedbackError` unless the fields of a correction can be stored."""
    _check_str("task", task)
    _check_str("text", text)
    _check_str("label", label)
    if target is not None:
        _check_str("target", target)
    if note is not None:
        _check_str("note", note, allow_empty=True)
        if len(note) > MAX_NOTE_CHARS:
            raise FeedbackError(f"note has {len(note)} characters; the limit is {MAX_NOTE_CHARS}")


def _insert(conn, task, text, target, label, predicted_label, model_version, note):
    """Insert a pending correction inside the caller's transaction and return it as a dict."""
    cursor = conn.execute(
        "INSERT INTO corrections (task, text, target, label, predicted_label, model_version, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (task, text, target, label, predicted_label, model_version, note or None, _now()),
    )
    return dict(conn.execute("SELECT * FROM corrections WHERE id = ?", (cursor.lastrowid,)).fetchone())


def _add_missing_columns(conn):
    """Add the columns that stores written by older versions lack."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(corrections)")}
    if "target" not in columns:
        # Stores written before target tasks existed.
        conn.execute("ALTER TABLE corrections ADD COLUMN target TEXT")


class FeedbackStore:
    """Corrections in one SQLite file; each call opens its own connection, so threads and processes may share it.

    Parameters
    ----------
    path : str or Path
        The database file. It (and its folder) is created by the first write, never by a read, and
        created again by the next write if it is deleted or emptied while in use.
    busy_timeout : float
        Seconds a call waits for another writer's lock. ``stance feedback`` at a terminal can wait;
        the web service passes a short one so that a stuck writer never holds a worker for long.
    """

    def __init__(self, path, busy_timeout=BUSY_TIMEOUT):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._setup = StoreSetup(self.path, _SCHEMA, busy_timeout, migrate=_add_missing_columns)

    @contextmanager
    def _connect(self, write):
        """Yield a connection in a transaction; the transaction commits on success and rolls back on error."""
        if not write and not self.path.exists():
            yield None
            return
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: transaction() begins each transaction itself (see its docstring).
            with closing(sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)) as conn:
                conn.row_factory = sqlite3.Row
                if write:
                    # Made again if the file was deleted or emptied since, or every write would fail.
                    self._setup.ensure(conn)
                with transaction(conn, write):
                    yield conn
        except sqlite3.Error as exc:
            self._setup.noticed(exc)
            raise FeedbackError(f"{self.path}: {exc}") from None

    def add(self, task, text, label, predicted_label=None, model_version=None, note=None, target=None):
        """Store a new pending correction and return it as a dict (``target``: for a task with a target column).

        It adds a row whatever the store holds; corrections from users go through :meth:`save`.
        """
        _check_correction(task, text, label, note, target)
        with self._connect(write=True) as conn:
            return _insert(conn, task, text, target, label, predicted_label, model_version, note)

    def get(self, correction_id):
        """Return one correction, or raise :class:`FeedbackError` if there is none with that id."""
        with self._connect(write=False) as conn:
            row = conn and conn.execute("SELECT * FROM corrections WHERE id = ?", (correction_id,)).fetchone()
        if row is None:
            raise FeedbackError(f"no correction with id {correction_id} in {self.path}")
        return dict(row)

    def list(self, task=None, status=None):
        """Return corrections, oldest first, optionally only those of ``task`` and/or with ``status``."""
        if status is not None and status not in STATUSES:
            raise FeedbackError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        clauses, params = [], []
        if task is not None:
            clauses.append("task = ?")
            params.append(task)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._connect(write=False) as conn:
            if conn is None:
                return []
            rows = conn.execute(f"SELECT * FROM corrections{where} ORDER BY id", params).fetchall()
        return [dict(row) for row in rows]

    def find(self, task, text, target=None):
        """Return the corrections of exactly ``text`` (about ``target``) in ``task``, oldest first.

        ``text`` is looked up as :meth:`save` stores it, without stray quotation marks.
        """
        text = trim_stray_quotes(text)
        with self._connect(write=False) as conn:
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT * FROM corrections WHERE task = ? AND text = ? AND target IS ? ORDER BY id",
                (task, text, target),
            ).fetchall()
        return [dict(row) for row in rows]

    def save(self, task, text, label, predicted_label=None, model_version=None, note=None, target=None):
        """Store a correction under the one-pending-per-text rule and return what happened as a :class:`Saved`.

        ``POST /v1/feedback`` and the workbench pages store through here, so both follow these rules:

        * a text (``task``, ``text``, ``target``) with a pending correction keeps that one row: a new
          label, or a new note, replaces its label and note (and the prediction stored with it);
          the same label without a new note changes nothing;
        * a note of ``None`` (none sent) keeps the pending correction's note; an empty note clears it;
        * a label a person already accepted for the text, with nothing pending, is not stored again;
        * anything else is a new pending row: accepted and rejected corrections are history.

        The text is stored without a stray quotation mark at its start or end (:func:`trim_stray_quotes`):
        a sentence cut from a quotation over several sentences is the same sentence with or without it.
        Pending duplicates that stores written before this rule hold are deleted when their text is
        corrected again, so the reviewer sees one question per text. The whole decision is one write
        transaction: two requests racing on one text leave one pending row, never two.
        """
        _check_correction(task, text, label, note, target)
        text = trim_stray_quotes(text)
        with self._connect(write=True) as conn:
            where = "task = ? AND text = ? AND target IS ?"
            rows = [
                dict(row)
                for row in conn.execute(f"SELECT * FROM corrections WHERE {where} ORDER BY id", (task, text, target))
            ]
            pending = [row for row in rows if row["status"] == "pending"]
            if not pending:
                accepted = [row for row in rows if row["status"] == "accepted" and row["label"] == label]
                if accepted:
                    return Saved(accepted[-1], predicted_label, new=False)
                return Saved(
                    _insert(conn, task, text, target, label, predicted_label, model_version, note), predicted_label
                )
            current, older = pending[-1], pending[:-1]
            if older:
                marks = ", ".join("?" * len(older))
                conn.execute(f"DELETE FROM corrections WHERE id IN ({marks})", [row["id"] for row in older])
            # No note sent keeps the note a person wrote before; only an explicit empty one clears it.
            kept_note = current["note"] if note is None else note or None
            if current["label"] == label and kept_note == current["note"]:
                return Saved(current, predicted_label, new=False, removed=older)
            conn.execute(
                "UPDATE corrections SET label = ?, note = ?, predicted_label = ?, model_version = ? WHERE id = ?",
                (label, kept_note, predicted_label, model_version, current["id"]),
            )
            row = conn.execute("SELECT * FROM corrections WHERE id = ?", (current["id"],)).fetchone()
        return Saved(dict(row), predicted_label, new=False, previous=current, removed=older)

    def set_status(self, ids, status):
        """Set the status of every correction in ``ids`` (all or none) and return them, in the order given."""
        if status not in STATUSES:
            raise FeedbackError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise FeedbackError("no correction ids given")
        if not self.path.exists():
            raise FeedbackError(f"no correction with id {ids[0]} in {self.path} (the store is empty)")
        reviewed_at = None if status == "pending" else _now()
        with self._connect(write=True) as conn:
            marks = ", ".join("?" * len(ids))
            found = {row["id"] for row in conn.execute(f"SELECT id FROM corrections WHERE id IN ({marks})", ids)}
            missing = [str(i) for i in ids if i not in found]
            if missing:
                # Raising inside the transaction rolls it back: a typo in one id changes nothing.
                raise FeedbackError(f"no correction with id {', '.join(missing)} in {self.path}; nothing changed")
            conn.execute(
                f"UPDATE corrections SET status = ?, reviewed_at = ? WHERE id IN ({marks})", [status, reviewed_at, *ids]
            )
            rows = {
                row["id"]: dict(row) for row in conn.execute(f"SELECT * FROM corrections WHERE id IN ({marks})", ids)
            }
        return [rows[i] for i in ids]
