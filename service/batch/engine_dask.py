"""The Dask engine: the same chunk scoring on a Dask cluster, the model sent to the workers once."""

import logging
from contextlib import ExitStack

from service.batch.ordered import ordered_results
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
            client = stack.enter_context(Client(scheduler))
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

        yield from ordered_results(submit, chunks, window=2 * max(threads, 1) + 1)
