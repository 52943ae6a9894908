"""Standard input that Ctrl-C always interrupts.

CPython runs a Python signal handler between bytecodes. A signal that lands after the interpreter last
checked and before a blocking ``read()`` starts is handled only when that read returns, which on a pipe
that stays open may be never: the run ignores Ctrl-C (seen once in 65 runs of the Ctrl-C test). Waiting
in ``select()`` on stdin and on a wake-up pipe, which the C-level handler writes to
(:func:`signal.set_wakeup_fd`), closes that window: the wait ends and the handler runs.
"""

import io
import os
import select
import signal
import threading
from contextlib import contextmanager

BUFFER_SIZE = 1 << 16


class _WakingReader(io.RawIOBase):
    """Raw reads from ``fd`` that return to the interpreter whenever a signal arrives."""

    def __init__(self, fd, wake_fd):
        super().__init__()
        self.fd = fd
        self.wake_fd = wake_fd

    def readable(self):
        """Readable, like the stream it stands for."""
        return True

    def readinto(self, buffer):
        """Wait for data or a signal; read what is there (0 at end of input)."""
        while True:
            ready, _, _ = select.select([self.fd, self.wake_fd], [], [])
            if self.fd in ready:
                return os.readv(self.fd, [buffer])
            # A signal woke the wait: drop its bytes and loop, and the interpreter runs the handler
            # (Ctrl-C raises KeyboardInterrupt) before the next wait.
            _drain(self.wake_fd)


def _drain(fd):
    """Read a non-blocking pipe empty."""
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


@contextmanager
def interruptible(stream):
    """Yield a buffered reader over ``stream``'s file descriptor that a signal always wakes.

    ``stream`` itself is yielded where that cannot be done: no stream, no file descriptor, not POSIX, or
    not the main thread (only it may set the wake-up descriptor). Nothing must have read ``stream``
    yet, since the reader starts at its descriptor's position.
    """
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation, ValueError):
        fd = None
    if fd is None or os.name != "posix" or threading.current_thread() is not threading.main_thread():
        yield stream
        return
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    previous = signal.set_wakeup_fd(wake_write)
    try:
        yield io.BufferedReader(_WakingReader(fd, wake_read), buffer_size=BUFFER_SIZE)
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wake_read)
        os.close(wake_write)
