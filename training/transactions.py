"""SQLite helpers shared by the corrections store and the workbench job store.

One transaction around a block (committed when the block ends, rolled back when it raises), and the
first-use set-up of a store file (WAL and its tables).
"""

import random
import sqlite3
import time
from contextlib import contextmanager


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
