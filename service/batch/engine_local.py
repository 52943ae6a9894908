"""The local engine: score in this process, or in worker processes that each load the model once."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from model.artifact import load_artifact
from service.batch.ordered import ordered_results
from service.batch.score import score_chunk

# Set in each worker process by its initializer; the parent process never fills it.
_worker_state = {}


def _load_model(model_dir, task, version):
    """Worker initializer: load (and verify) the artifact once for the life of the process."""
    _worker_state["predictor"] = load_artifact(model_dir, task, version)


def _score_in_worker(chunk):
    """Score a chunk with the worker's own predictor."""
    return score_chunk(_worker_state["predictor"], chunk)


def score_serial(predictor, chunks):
    """Yield chunk results scored in this process."""
    for chunk in chunks:
        yield score_chunk(predictor, chunk)


def score_parallel(predictor, chunks, workers, model_dir):
    """Yield chunk results scored by ``workers`` processes, in input order."""
    # forkserver: workers start from a clean process (no threads or open files inherited from
    # the parent), and preloading the scoring module makes each fork cheap.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["service.batch.engine_local"])
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_load_model,
        initargs=(str(model_dir), predictor.task, predictor.version),
    ) as pool:
        yield from ordered_results(lambda chunk: pool.submit(_score_in_worker, chunk), chunks, window=2 * workers + 1)
