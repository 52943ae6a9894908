"""Run chunks through a pool with a bounded number in flight, yielding results in input order."""

from collections import deque


def ordered_results(submit, chunks, window, result=None):
    """Yield ``submit(chunk).result()`` for every chunk, in order, with at most ``window`` pending.

    Bounding the futures in flight keeps memory flat however large the input is: the reader
    only runs ahead of the slowest worker by ``window`` chunks. ``result(future)``, when given,
    waits for a future instead of ``future.result()``.
    """
    result = result or (lambda future: future.result())
    pending = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
