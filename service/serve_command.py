"""The ``stance serve`` command: the API under gunicorn, with metrics shared across worker processes."""

import logging
import os
import shutil
import tempfile

import click

from service.cli_options import model_dir_option

logger = logging.getLogger(__name__)


def make_application(options):
    """Return a gunicorn application that builds the Flask app with ``create_app()`` in each worker."""
    from gunicorn.app.base import BaseApplication

    class StanceApplication(BaseApplication):
        """Gunicorn running ``service.create_app()`` with settings from code, not from a config file."""

        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from service import create_app

            return create_app()

    return StanceApplication()


def _check_host(ctx, param, value):
    """Refuse an empty --host: gunicorn would listen on every interface without saying so."""
    if not value.strip():
        raise click.BadParameter("is empty; give an address (127.0.0.1: this machine only; 0.0.0.0: every interface)")
    return value


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, callback=_check_host, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes; each loads the model once. About one per core.",
)
@click.option(
    "--threads",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per worker. Requests reach a thread only once fully received, so slow clients hold none.",
)
@model_dir_option
def serve(host, port, workers, threads, model_dir):
    """Serve the HTTP API with gunicorn until interrupted.

    Every worker serves the current model of each task in the model folder and switches to a new
    version when `stance train` makes one current. Other settings come from STANCE_* variables:
    STANCE_DEFAULT_TASK, STANCE_MAX_TEXTS, STANCE_MAX_TEXT_CHARS, STANCE_MAX_CONTENT_LENGTH,
    STANCE_MAX_ARTICLE_CHARS, STANCE_RELOAD_INTERVAL, STANCE_ADMIN_TOKEN, STANCE_FEEDBACK_TOKEN,
    STANCE_FEEDBACK_DB.

    \b
    Example:
        stance serve --port 8000 --workers 2
        curl -s localhost:8000/v1/classify -H 'Content-Type: application/json' \\
             -d '{"text": "The drones threaten the north."}'
    """
    from service import build_config
    from service.errors import ServiceError

    os.environ["STANCE_MODEL_DIR"] = model_dir
    # Check the config and load the models once here, so a missing model is one plain error
    # instead of every worker failing to boot. prometheus_client is not imported by this check.
    try:
        from model.artifact import ArtifactError
        from service.models_registry import load_models
        from service.store_paths import check_stores

        config = build_config()
        load_models(config)
        check_stores(config)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    except ArtifactError as exc:
        raise click.ClickException(f"cannot serve: {exc}") from None

    # The variable must be set before prometheus_client is first imported (by the workers' create_app).
    own_dir = None
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        own_dir = tempfile.mkdtemp(prefix="stance-prometheus-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_dir
    from service.gunicorn_conf import gunicorn_options

    logger.info("serving %s on http://%s:%d with %d worker(s) x %d thread(s)", model_dir, host, port, workers, threads)
    master = os.getpid()
    try:
        make_application(gunicorn_options(host, port, workers, threads)).run()
    finally:
        # Workers are forked from this call and leave through it too (gunicorn's sys.exit): only the
        # master may remove the folder, or one worker replaced would take it from the others and from
        # the worker that replaces it, which then fails to boot and stops the whole server.
        if own_dir is not None and os.getpid() == master:
            shutil.rmtree(own_dir, ignore_errors=True)
