"""SQLite helpers shared by the corrections store and the workbench job store.

One transaction around a block (committed when the block ends, rolled back when it raises), and the
first-use set-up of a store file (WAL and its tables).
"""

import random
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def transaction(conn, write=True):
    """Run the block in a transaction on ``conn`` (opened with ``isolation_level=None``).

    A writer begins with BEGIN IMMEDIATE: it takes the write lock up front and waits for it under the
    busy timeout, instead of failing on a read-to-write lock upgrade halfway through.
    """
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def prepare_store(conn, schema, busy_timeout):
    """Switch the file to WAL (a persistent setting) and run its ``CREATE ... IF NOT EXISTS`` script.

    Several processes opening a new file race to switch it to WAL; SQLite reports the loser as
    "locked" at once instead of waiting under the busy timeout, so this retries until ``busy_timeout``.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(schema)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01 + random.random() * 0.05)


def has_data(path):
    """Whether the store file exists and is not empty (SQLite reads an empty file as a database without tables)."""
    try:
        return Path(path).stat().st_size > 0
    except FileNotFoundError:
        return False


class StoreSetup:
    """Sets a store file up (WAL and its tables) on first use, and again once the file has been replaced.

    Each store keeps one, so that later connections skip the set-up. ``migrate(conn)`` runs after the
    schema script, for columns that files written by older versions lack.
    """

    def __init__(self, path, schema, busy_timeout, migrate=None):
        self.path = Path(path)
        self.schema = schema
        self.busy_timeout = busy_timeout
        self.migrate = migrate
        self.ready = False

    def ensure(self, conn):
        """Set the file of ``conn`` up, unless this object did so already and the file still holds data."""
        if self.ready and has_data(self.path):
            return
        prepare_store(conn, self.schema, self.busy_timeout)
        if self.migrate is not None:
            self.migrate(conn)
        self.ready = True

    def noticed(self, exc):
        """Forget the set-up after "no such table": the file was replaced, so the next call sets it up again."""
        if "no such table" in str(exc):
            self.ready = False
