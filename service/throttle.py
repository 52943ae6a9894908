"""A brake on token guessing: a client that sends too many wrong tokens is made to wait.

A server counts wrong tokens per client address in one SQLite file beside its corrections store
(:class:`SharedTokenGuesses`), so all its gunicorn workers add to one count: a client gets
:data:`WRONG_TOKENS` guesses per :data:`WINDOW_SECONDS` however many workers answer it. Behind a
reverse proxy every client has the proxy's address, so one guesser makes everyone wait; that is the
price of not trusting a forwarded header that anyone can set.

A restart keeps the count (the file stays; a guess leaves it once it is older than the window):
gunicorn restarts a worker that timed out or died, so a count kept in memory would let a guesser who
can crash a worker start again with a clean slate.
"""

import logging
import math
import sqlite3
import threading
import time
from collections import deque
from contextlib import closing, contextmanager
from pathlib import Path

from training.transactions import StoreSetup, has_data, transaction

logger = logging.getLogger(__name__)

# Wrong tokens a client may send within the window before it has to wait.
WRONG_TOKENS = 10
WINDOW_SECONDS = 300
# Addresses remembered at most, so a flood of spoofed sources cannot grow the table without bound.
MAX_CLIENTS = 10_000
# The shared count's file, beside the corrections store (the folder the server writes its state to).
GUESSES_FILE = "token-guesses.sqlite3"
# Seconds a check waits for another worker's write: a write takes milliseconds, and a request must not hang.
BUSY_TIMEOUT = 1.0
# One row per wrong token; and one per client with the time of its last, so that counting the clients and
# finding the one to forget read an index instead of grouping every guess (10,000 clients: 27 ms -> 1.1 ms a try).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS wrong_tokens (
    client TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS wrong_tokens_by_client ON wrong_tokens (client, at);
CREATE INDEX IF NOT EXISTS wrong_tokens_by_time ON wrong_tokens (at);
CREATE TABLE IF NOT EXISTS clients (
    client TEXT PRIMARY KEY,
    last REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS clients_by_last ON clients (last);
"""
# The file's layout (PRAGMA user_version): 0 had no clients table, 1 has it.
_LAYOUT = 1


class TokenGuesses:
    """Recent wrong tokens per client; thread-safe, for the threads of one server process."""

    def __init__(self, limit=WRONG_TOKENS, window=WINDOW_SECONDS, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures = {}
        self._lock = threading.Lock()

    def attempt(self, client):
        """Return how long ``client`` must wait (as :meth:`wait_seconds`); when 0, count this try as a wrong token.

        The check and the count are one step, so requests in other threads cannot all pass a count one
        short of the limit; :meth:`right` clears the try once its token proves right.
        """
        with self._lock:
            wait = self._wait(client)
            if not wait:
                self._add(client)
            return wait

    def wait_seconds(self, client):
        """Return how many seconds ``client`` must wait before trying a token again (0: it may try now)."""
        with self._lock:
            return self._wait(client)

    def wrong(self, client):
        """Count a wrong token from ``client``."""
        with self._lock:
            self._add(client)

    def _wait(self, client):
        """:meth:`wait_seconds`, the lock held."""
        times = self._recent(client)
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[0] + self.window - self.clock()))

    def _add(self, client):
        """Count a wrong token, the lock held."""
        if client not in self._failures and len(self._failures) >= MAX_CLIENTS:
            self._forget_oldest()
        self._failures.setdefault(client, deque()).append(self.clock())

    def right(self, client):
        """Forget ``client``'s wrong tokens once it has sent the right one."""
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client):
        """The times of ``client``'s wrong tokens within the window (older ones are dropped)."""
        times = self._failures.get(client, deque())
        cutoff = self.clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        if not times:
            self._failures.pop(client, None)
        return times

    def _forget_oldest(self):
        """Drop the client whose last wrong token is oldest."""
        oldest = min(self._failures, key=lambda client: self._failures[client][-1])
        del self._failures[oldest]


class SharedTokenGuesses:
    """Recent wrong tokens per client in a SQLite file, so every process of one server adds to the same count.

    Each call opens its own connection, so threads and forked workers may share one object. Times are
    wall-clock seconds, which every process reads alike. If the file cannot be read or written, the
    error is logged and this process goes on counting in memory alone (the brake holds, per process).
    """

    def __init__(self, path, limit=WRONG_TOKENS, window=WINDOW_SECONDS, clock=time.time):
        self.path = Path(path)
        self.limit = limit
        self.window = window
        self.clock = clock
        self._setup = StoreSetup(self.path, _SCHEMA, BUSY_TIMEOUT, migrate=_add_clients)
        # Counted as well, and used only while the file fails.
        self._local = TokenGuesses(limit, window, clock)

    def wait_seconds(self, client):
        """Return how many seconds ``client`` must wait before trying a token again (0: it may try now)."""
        try:
            with self._connect(write=False) as conn:
                count, oldest = self._recent(conn, client)
        except sqlite3.Error as exc:
            # "No such table": another worker is creating the file this moment (or it was replaced), no failure.
            if "no such table" not in str(exc):
                self._failed("read", exc)
            return self._local.wait_seconds(client)
        return self._wait(count, oldest)

    def attempt(self, client):
        """Return how long ``client`` must wait (as :meth:`wait_seconds`); when 0, count this try as a wrong token.

        The check and the count are one write transaction, so requests in other threads and workers
        cannot all pass a count one short of the limit (with 8 workers, 16 or 17 of 80 tokens sent at
        once were looked at, not 10); :meth:`right` clears the try once its token proves right.
        """
        try:
            with self._connect(write=True) as conn:
                count, oldest = self._recent(conn, client)
                wait = self._wait(count, oldest)
                if not wait:
                    self._insert(conn, client)
        except sqlite3.Error as exc:
            self._failed("count a try in", exc)
            return self._local.attempt(client)
        if not wait:
            self._local.wrong(client)
        return wait

    def wrong(self, client):
        """Count a wrong token from ``client``."""
        self._local.wrong(client)
        try:
            with self._connect(write=True) as conn:
                self._insert(conn, client)
        except sqlite3.Error as exc:
            self._failed("count a wrong token in", exc)

    def _wait(self, count, oldest):
        """The seconds to wait of a client with ``count`` wrong tokens in the window, the oldest at ``oldest``."""
        if count < self.limit:
            return 0
        # At most the window: a clock set back must not hold a client for longer.
        return max(1, min(self.window, math.ceil(oldest + self.window - self.clock())))

    def _insert(self, conn, client):
        """Add a wrong token of ``client`` now, in the write transaction of ``conn``."""
        now = self.clock()
        self._expire(conn, now)
        if self._no_room_for(conn, client):
            self._forget_oldest(conn)
        conn.execute("INSERT INTO wrong_tokens (client, at) VALUES (?, ?)", (client, now))
        conn.execute(
            "INSERT INTO clients (client, last) VALUES (?, ?) ON CONFLICT (client) DO UPDATE SET last = excluded.last",
            (client, now),
        )

    def _expire(self, conn, now):
        """Drop the guesses that count no more, and the clients left without one (each an indexed range)."""
        cutoff = now - self.window
        # Guesses older than the window count no more; ones after now were made before a clock was set back.
        conn.execute("DELETE FROM wrong_tokens WHERE at <= ? OR at > ?", (cutoff, now))
        conn.execute("DELETE FROM clients WHERE last <= ?", (cutoff,))
        # A client whose last guess is after now (a clock set back) keeps the guesses it has left, if any.
        conn.execute(
            "DELETE FROM clients WHERE last > ? AND NOT EXISTS "
            "(SELECT 1 FROM wrong_tokens WHERE wrong_tokens.client = clients.client)",
            (now,),
        )
        conn.execute(
            "UPDATE clients SET last = (SELECT max(at) FROM wrong_tokens WHERE wrong_tokens.client = clients.client) "
            "WHERE last > ?",
            (now,),
        )

    def right(self, client):
        """Forget ``client``'s wrong tokens once it has sent the right one."""
        self._local.right(client)
        if not self.path.exists():
            return  # no wrong token nor try was ever counted
        try:
            with self._connect(write=True) as conn:
                _forget(conn, client)
        except sqlite3.Error as exc:
            self._failed("clear a count in", exc)

    def _recent(self, conn, client):
        """Return how many wrong tokens ``client`` sent within the window, and the time of the oldest."""
        if conn is None:
            return 0, None
        now = self.clock()
        return conn.execute(
            "SELECT count(*), min(at) FROM wrong_tokens WHERE client = ? AND at > ? AND at <= ?",
            (client, now - self.window, now),
        ).fetchone()

    def _no_room_for(self, conn, client):
        """Whether ``client`` is new to the table and the table already holds :data:`MAX_CLIENTS` addresses."""
        if conn.execute("SELECT 1 FROM clients WHERE client = ?", (client,)).fetchone():
            return False
        # count(*) adds up the rows of each page, not row by row: 68 pages at 10,000 clients, about 3 µs.
        return conn.execute("SELECT count(*) FROM clients").fetchone()[0] >= MAX_CLIENTS

    def _forget_oldest(self, conn):
        """Drop the client whose last wrong token is oldest."""
        oldest = conn.execute("SELECT client FROM clients ORDER BY last LIMIT 1").fetchone()
        if oldest:
            _forget(conn, oldest[0])

    @contextmanager
    def _connect(self, write):
        """Yield a connection in a transaction, the file set up on first write; ``None`` for a read before any write."""
        if not write and not has_data(self.path):
            yield None
            return
        # isolation_level=None: transaction() begins each transaction itself (BEGIN IMMEDIATE to write).
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)) as conn:
            if write:
                # Made again if the file was deleted or emptied since.
                self._setup.ensure(conn)
            with transaction(conn, write):
                yield conn

    def _failed(self, action, exc):
        """Log that the shared count could not be used; this process's own count stands in."""
        self._setup.noticed(exc)
        logger.error("cannot %s the wrong-token count %s: %s; counting in this process only", action, self.path, exc)


def _forget(conn, client):
    """Drop every wrong token of ``client``, in the write transaction of ``conn``."""
    conn.execute("DELETE FROM wrong_tokens WHERE client = ?", (client,))
    conn.execute("DELETE FROM clients WHERE client = ?", (client,))


def _add_clients(conn):
    """Fill the clients table of a file written before it existed, once (the file then says layout 1).

    The guesses are kept (a restart keeps the count): each client's row is made from its latest one.
    """
    with transaction(conn):
        if conn.execute("PRAGMA user_version").fetchone()[0] >= _LAYOUT:
            return
        conn.execute(
            "INSERT OR IGNORE INTO clients (client, last) SELECT client, max(at) FROM wrong_tokens GROUP BY client"
        )
        conn.execute(f"PRAGMA user_version = {_LAYOUT}")


def token_guesses(config):
    """Return the brake for an app with ``config``: shared by its workers when a token makes guessing possible.

    ``FEEDBACK_DB`` is set (and its folder checked writable) whenever a feedback or admin token is; without
    a token nothing is guessed, and a count in this process costs nothing.
    """
    store = config.get("FEEDBACK_DB")
    if not store:
        return TokenGuesses()
    return SharedTokenGuesses(Path(store).parent / GUESSES_FILE)


def wait_message(seconds):
    """Say how long to wait, in words a person reads."""
    minutes = math.ceil(seconds / 60)
    span = f"{seconds} seconds" if seconds < 60 else f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"too many wrong tokens from this address; try again in {span}"
