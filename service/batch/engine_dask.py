"""The Dask engine: the same chunk scoring on a Dask cluster, the model sent to the workers once."""

import logging
from contextlib import ExitStack

from service.batch.ordered import ordered_results
from service.batch.run import BatchError
from service.batch.score import score_chunk

log = logging.getLogger(__name__)


def score_dask(predictor, chunks, workers, scheduler=None, processes=True):
    """Yield chunk results scored on the cluster at ``scheduler``, or on a new LocalCluster.

    The parent reads the input and writes the output; only raw chunks travel to the workers,
    which need the ``stance`` package installed but not the model folder.
    """
    from dask.distributed import Client, LocalCluster

    if not log.isEnabledFor(logging.DEBUG):
        # distributed logs every worker start and stop at INFO; keep the summary readable.
        logging.getLogger("distributed").setLevel(logging.WARNING)
    with ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler))
            except OSError as exc:
                raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=processes,
                    dashboard_address=None,
                    silence_logs=logging.WARNING,
                )
            )
            client = stack.enter_context(Client(cluster))
        threads = sum(client.nthreads().values())
        log.info(
            "dask: %d workers with %d threads at %s",
            len(client.nthreads()),
            threads,
            client.scheduler_info()["address"],
        )
        # broadcast: every worker gets the model now, once, instead of fetching it per task.
        model = client.scatter(predictor, broadcast=True)

        def submit(chunk):
            return client.submit(score_chunk, model, chunk, pure=False)

        try:
            yield from ordered_results(submit, chunks, window=2 * max(threads, 1) + 1)
        except _CANCELLED:
            # Dask cancels the tasks whose input (the scattered model) died with every worker holding it.
            raise BatchError(
                "a Dask worker died and the model it held was lost with it; no output was written"
            ) from None


def _cancelled_errors():
    """The exceptions a Dask future raises when its task was cancelled (names differ between versions)."""
    import asyncio
    import concurrent.futures

    errors = [asyncio.CancelledError, concurrent.futures.CancelledError]
    try:
        from distributed.client import FutureCancelledError
    except ImportError:
        pass
    else:
        errors.append(FutureCancelledError)
    return tuple(errors)


_CANCELLED = _cancelled_errors()
