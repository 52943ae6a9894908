"""Gunicorn settings and hooks for ``stance serve``."""

import logging
import os

logger = logging.getLogger(__name__)


def gunicorn_options(host, port, workers, threads, timeout=30):
    """Return gunicorn settings: the worker class follows ``threads`` (see bench/http.py for the choice)."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # gthread keeps connections alive between requests; sync opens one per request.
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 10,
        # The app logs one structured line per request itself (service/request_log.py).
        "accesslog": None,
        "errorlog": "-",
        "child_exit": child_exit,
        # gunicorn's control socket has one default path per user: two servers would fight over it.
        "control_socket_disable": True,
    }


def child_exit(server, worker):
    """Drop a dead worker's live gauges (the model version it served) from the Prometheus files."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
