"""A brake on token guessing: a client that sends too many wrong tokens is made to wait.

Each server process keeps its own count per client address, so with N gunicorn workers a client
gets at most N times :data:`WRONG_TOKENS` guesses per :data:`WINDOW_SECONDS`. Behind a reverse
proxy every client has the proxy's address, so one guesser makes everyone wait; that is the price
of not trusting a forwarded header that anyone can set.
"""

import math
import threading
import time
from collections import deque

# Wrong tokens a client may send within the window before it has to wait.
WRONG_TOKENS = 10
WINDOW_SECONDS = 300
# Addresses remembered at most, so a flood of spoofed sources cannot grow the table without bound.
MAX_CLIENTS = 10_000


class TokenGuesses:
    """Recent wrong tokens per client; thread-safe, for the threads of one server process."""

    def __init__(self, limit=WRONG_TOKENS, window=WINDOW_SECONDS, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures = {}
        self._lock = threading.Lock()

    def wait_seconds(self, client):
        """Return how many seconds ``client`` must wait before trying a token again (0: it may try now)."""
        with self._lock:
            times = self._recent(client)
            if len(times) < self.limit:
                return 0
            return max(1, math.ceil(times[0] + self.window - self.clock()))

    def wrong(self, client):
        """Count a wrong token from ``client``."""
        with self._lock:
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


def wait_message(seconds):
    """Say how long to wait, in words a person reads."""
    minutes = math.ceil(seconds / 60)
    span = f"{seconds} seconds" if seconds < 60 else f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"too many wrong tokens from this address; try again in {span}"
