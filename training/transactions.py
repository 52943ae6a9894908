"""One SQLite transaction around a block: committed when the block ends, rolled back when it raises."""

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
