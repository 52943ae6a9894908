"""Refuse at start a store path that the service could never open, rather than answer 500 on each request."""

import os
from pathlib import Path

from service.errors import ServiceError


def check_store_path(path, setting):
    """Make sure the SQLite file ``path`` can be created or opened; raise :class:`ServiceError` naming ``setting``.

    Its folder is created when missing (the store would create it on first use anyway); a path that
    is a folder, or a folder this process cannot create or write, stops the service before it serves.
    """
    path = Path(path)
    if path.is_dir():
        raise ServiceError(f"{setting} {path}: is a folder; name a database file in it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServiceError(f"{setting} {path}: cannot create its folder ({exc.strerror})") from None
    if not os.access(path.parent, os.W_OK | os.X_OK) or path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ServiceError(f"{setting} {path}: this process cannot write there (permission denied)")


def check_stores(config):
    """Check the stores a worker's ``create_app`` opens, so ``stance serve`` refuses them once, before its workers boot.

    The feedback store counts only when a token turns corrections on; the jobs store only when
    ``STANCE_JOBS_DB`` names it (its default place is only warned about, by each worker).
    """
    from service.feedback_api import feedback_db_path, feedback_token

    if feedback_token(config):
        check_store_path(feedback_db_path(config), "STANCE_FEEDBACK_DB")
    if config.get("JOBS_DB"):
        check_store_path(config["JOBS_DB"], "STANCE_JOBS_DB")
