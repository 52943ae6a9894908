"""Standard input that a signal always wakes: the data comes through whole, and a signal ends a blocked read."""

import io
import os
import signal
import threading

import pytest

from service.batch.interruptible import interruptible

pytestmark = pytest.mark.skipif(os.name != "posix", reason="select() on pipes and wake-up descriptors are POSIX")


def test_the_data_comes_through_whole_and_the_wakeup_fd_is_restored():
    read_end, write_end = os.pipe()
    data = b"".join(f"line {i}, with some text to fill the pipe buffer\n".encode() for i in range(5000))
    writer = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
    before = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(before)
    with open(read_end, "rb", closefd=True) as raw_stdin:
        writer.start()
        with interruptible(raw_stdin) as stdin:
            assert stdin is not raw_stdin
            first = stdin.readline()
            assert first == b"line 0, with some text to fill the pipe buffer\n"
            assert first + stdin.read() == data
        writer.join()
    # The descriptor in force before is back (set_wakeup_fd returns the one it replaces).
    assert signal.set_wakeup_fd(before) == before


def test_every_byte_is_read_in_order():
    read_end, write_end = os.pipe()
    data = bytes(range(256)) * 2000
    writer = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
    with open(read_end, "rb") as raw_stdin:
        writer.start()
        with interruptible(raw_stdin) as stdin:
            assert stdin.read() == data
        writer.join()


def test_a_signal_ends_a_read_that_would_block_forever():
    read_end, write_end = os.pipe()

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with open(read_end, "rb") as raw_stdin, interruptible(raw_stdin) as stdin:
            # Nothing is ever written and the pipe stays open: only the signal can end the read.
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            with pytest.raises(KeyboardInterrupt):
                stdin.read(10)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        os.close(write_end)


def test_a_stream_without_a_descriptor_is_used_as_it_is():
    stream = io.BytesIO(b"text\n")
    with interruptible(stream) as stdin:
        assert stdin is stream
    with interruptible(None) as stdin:
        assert stdin is None
