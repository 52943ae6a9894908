"""Run chunks through a pool with a bounded number in flight, yielding results in input order."""

from collections import deque


def ordered_results(submit, chunks, window):
    """Yield ``submit(chunk).result()`` for every chunk, in order, with at most ``window`` pending.

    Bounding the futures in flight keeps memory flat however large the input is: the reader
    only runs ahead of the slowest worker by ``window`` chunks.
    """
    pending = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
