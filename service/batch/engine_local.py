"""The local engine: score in this process, or in worker processes that each load the model once."""

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from model.artifact import load_artifact
from service.batch.ordered import ordered_results
from service.batch.score import score_chunk

# Set in each worker process by its initializer; the parent process never fills it.
_worker_state = {}


def _load_model(model_dir, task, version):
    """Worker initializer: load (and verify) the artifact once for the life of the process.

    A forked worker already holds a copy of the parent's verified predictor and keeps it.
    """
    if "predictor" not in _worker_state:
        _worker_state["predictor"] = load_artifact(model_dir, task, version)


def _score_in_worker(chunk):
    """Score a chunk with the worker's own predictor."""
    return score_chunk(_worker_state["predictor"], chunk)


def _start_method():
    """Fork when this process has a single thread, else start workers from a clean forkserver.

    Forking skips the seconds it takes each worker to import scikit-learn again, but forking a
    process with other threads (a Dask client, a test runner's helpers) can copy a held lock and hang.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["service.batch.engine_local"])
        return context
    return multiprocessing.get_context("spawn")


def score_serial(predictor, chunks):
    """Yield chunk results scored in this process."""
    for chunk in chunks:
        yield score_chunk(predictor, chunk)


def score_parallel(predictor, chunks, workers, model_dir):
    """Yield chunk results scored by ``workers`` processes, in input order."""
    context = _start_method()
    if context.get_start_method() == "fork":
        # Forked workers inherit this predictor, which saves each of them loading the model again.
        _worker_state["predictor"] = predictor
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_load_model,
            initargs=(str(model_dir), predictor.task, predictor.version),
        ) as pool:
            yield from ordered_results(
                lambda chunk: pool.submit(_score_in_worker, chunk), chunks, window=2 * workers + 1
            )
    finally:
        _worker_state.pop("predictor", None)
