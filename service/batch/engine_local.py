"""The local engine: score in this process, or in worker processes that each load the model once."""

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait

from model.artifact import load_artifact
from service.batch.ordered import ordered_results
from service.batch.score import score_chunk

# Set in each worker process by its initializer; the parent process never fills it.
_worker_state = {}


# From <linux/prctl.h>: deliver a signal to this process when its parent dies.
PR_SET_PDEATHSIG = 1
# How long a pool that is being torn down may take to reap its killed workers.
REAP_SECONDS = 5
# How often the parent checks that its workers are alive while it waits for a chunk.
WATCH_SECONDS = 0.5


def _die_with_parent():
    """Make this worker end when the process that started it ends, however that one ended.

    A killed ``stance score`` (SIGKILL, SIGHUP) must not leave workers scoring for nobody. On Linux the
    kernel delivers SIGKILL at once; everywhere, a thread watches the parent's sentinel pipe, which
    also covers a forkserver worker, whose OS parent is the forkserver rather than the run.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            # No prctl in this libc: the watch thread below still ends the worker.
            pass
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent.sentinel,), daemon=True).start()


def _exit_when_gone(sentinel):
    """Wait for the parent's sentinel to close, then end this process without cleanup."""
    wait([sentinel])
    os._exit(1)


def _load_model(model_dir, task, version):
    """Worker initializer: default signals, die with the parent, load the artifact once.

    A forked worker inherits the parent's SIGTERM handler, which raises SystemExit: inside a task
    that exception is caught and sent back as the task's result, so the pool could never terminate
    the worker. Workers take the default actions; the parent alone handles Ctrl-C and cleans up.
    A forked worker already holds a copy of the parent's verified predictor and keeps it.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    # Ctrl-C reaches the whole process group; the parent stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
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
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_load_model,
        initargs=(str(model_dir), predictor.task, predictor.version),
    )
    try:
        yield from ordered_results(
            lambda chunk: pool.submit(_score_in_worker, chunk),
            chunks,
            window=2 * workers + 1,
            result=lambda future: _result_while_workers_live(pool, future),
        )
    except BaseException:
        # A dead worker, an interrupt or a failed write: the chunks in flight are not wanted, so
        # stop the workers now rather than wait for them (shutdown(wait=True) would finish them all).
        _stop(pool)
        raise
    else:
        pool.shutdown()
    finally:
        # Workers fork when the first chunk is submitted, so the predictor stays until the end.
        _worker_state.pop("predictor", None)


def _result_while_workers_live(pool, future):
    """Wait for ``future``'s result, raising :class:`BrokenProcessPool` as soon as a worker has died.

    The pool notices a dead worker by itself, except when the worker was killed halfway through
    sending a result larger than the pipe holds (a 1,000-row chunk can be): the pool's own thread
    then waits for the rest of that message for ever, and so would the run, with the other worker
    blocked on the lock the dead one held.
    """
    while True:
        try:
            return future.result(timeout=WATCH_SECONDS)
        except FutureTimeout:
            dead = next((p for p in _workers(pool) if p.exitcode is not None), None)
            if dead is not None:
                raise BrokenProcessPool(f"worker process {dead.pid} ended with exit code {dead.exitcode}") from None


def _workers(pool):
    """The pool's worker processes (none once it has broken or shut down)."""
    # ProcessPoolExecutor has no public way to reach its workers; its process table is the one handle.
    return list((getattr(pool, "_processes", None) or {}).values())


def _stop(pool):
    """Cancel what is queued, kill the workers and reap them, within :data:`REAP_SECONDS`."""
    processes = _workers(pool)
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(REAP_SECONDS)
    if results is not None:
        # The pool's thread may be waiting for the rest of a result a killed worker was sending.
        # With every worker gone, closing this process's end of the pipe gives it end of file, so
        # it finishes and the interpreter can exit (it joins that thread on the way out).
        results._writer.close()
    if manager is not None:
        manager.join(REAP_SECONDS)
