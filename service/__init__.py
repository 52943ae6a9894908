"""The Flask service and the `stance` command line."""

from flask import Config, Flask

DEFAULT_CONFIG = {
    "MODEL_DIR": "artifacts",
    "DEFAULT_TASK": "framing",
    "MAX_TEXTS": 1000,
    "MAX_TEXT_CHARS": 5000,
    # Longest article POST /v1/analyze takes: the same default as `stance analyze` (model.article.DEFAULT_MAX_CHARS).
    "MAX_ARTICLE_CHARS": 100_000,
    # Most articles in one POST /v1/analyze body (STANCE_MAX_ARTICLES); their sentences are classified in one call.
    "MAX_ARTICLES": 100,
    # 1,000 texts of 5,000 characters need ~5 MB; a little more leaves room for JSON escapes.
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "ADMIN_TOKEN": None,
    # Signs the pages' session cookies (STANCE_SECRET_KEY); unset, it is derived from ADMIN_TOKEN (service/web/auth.py).
    "SECRET_KEY": None,
    "RELOAD_INTERVAL": 1.0,
    # Watch CURRENT in a background thread as well as on requests. None: on when the config comes
    # from STANCE_* variables (a server), off under test_config, so tests drive reloads themselves.
    "RELOAD_THREAD": None,
    # The workbench's background jobs (service/web/jobs.py): largest corpus or review file uploaded from
    # a page (STANCE_CORPUS_MAX_BYTES), jobs queued or running at once (STANCE_MAX_JOBS), and their
    # SQLite file (STANCE_JOBS_DB; unset: jobs.sqlite3 beside FEEDBACK_DB).
    "CORPUS_MAX_BYTES": 200 * 1024 * 1024,
    "MAX_JOBS": 2,
    "JOBS_DB": None,
    # Run each job in the request that starts it instead of a child process (tests).
    "JOBS_INLINE": False,
    # The task declarations a retrain from the page reads (STANCE_TASKS_FILE; unset: training/tasks.toml).
    "TASKS_FILE": None,
}
_POSITIVE_INTS = (
    "MAX_TEXTS",
    "MAX_TEXT_CHARS",
    "MAX_ARTICLE_CHARS",
    "MAX_ARTICLES",
    "MAX_CONTENT_LENGTH",
    "CORPUS_MAX_BYTES",
    "MAX_JOBS",
)


def load_config(config, test_config=None):
    """Fill ``config`` with the defaults, then ``STANCE_*`` variables or ``test_config``; check the types."""
    from service.errors import ServiceError

    config.from_mapping(DEFAULT_CONFIG)
    if test_config is None:
        # from_prefixed_env parses values as JSON when it can: STANCE_MAX_TEXTS=100 becomes an int.
        config.from_prefixed_env("STANCE")
    else:
        config.update(test_config)
    for key in _POSITIVE_INTS:
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ServiceError(f"STANCE_{key} must be a positive integer, got {value!r}")
    interval = config["RELOAD_INTERVAL"]
    if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 0:
        raise ServiceError(f"STANCE_RELOAD_INTERVAL must be a number of seconds >= 0, got {interval!r}")
    thread = config["RELOAD_THREAD"]
    if thread is None:
        config["RELOAD_THREAD"] = test_config is None
    elif not isinstance(thread, bool):
        raise ServiceError(f"STANCE_RELOAD_THREAD must be true or false, got {thread!r}")
    token = config["ADMIN_TOKEN"]
    # STANCE_ADMIN_TOKEN=12345 arrives as an int; an empty token means the admin endpoint is off.
    config["ADMIN_TOKEN"] = str(token) if token not in (None, "") else None
    config["MODEL_DIR"] = str(config["MODEL_DIR"])
    config["DEFAULT_TASK"] = str(config["DEFAULT_TASK"])
    return config


def build_config(test_config=None, root_path="."):
    """Return a checked config without an app (``stance serve`` checks it before starting workers)."""
    return load_config(Config(root_path), test_config)


def create_app(test_config=None):
    """Create the API app: config, the models of every task, routes, JSON errors, logs and metrics.

    Raises :class:`~service.errors.ServiceError` when the config is invalid or no version of the
    default task can be loaded, so a server never starts without a model. When the current version
    fails but an older one verifies, the app serves that one and ``/readyz`` says ``degraded``.
    With ``RELOAD_THREAD`` (on when serving) a daemon thread watches for new current versions.
    """
    from model.artifact import ArtifactError
    from service import (
        analyze_api,
        api,
        errors,
        feedback_api,
        json_provider,
        metrics,
        models_registry,
        openapi,
        reports_api,
        request_log,
        throttle,
        web,
    )

    app = Flask(__name__)
    load_config(app.config, test_config)
    # Result keys in the order the CLI prints them, non-ASCII text readable, and fast to encode.
    app.json = json_provider.OrjsonProvider(app)

    app_metrics = metrics.Metrics()
    try:
        registry = models_registry.load_models(app.config, on_change=app_metrics.model_changed)
    except ArtifactError as exc:
        raise errors.ServiceError(f"cannot serve: {exc}") from None
    app.extensions["stance"] = registry
    app.extensions["stance_metrics"] = app_metrics

    request_log.init_app(app)
    app_metrics.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(analyze_api.bp)
    api.init_admin(app)
    feedback_api.init_app(app)
    # Wrong tokens per client address, for the API's bearer checks and the pages' sign-in: shared by every
    # worker of the server through a file beside the corrections store, whose folder init_app has checked.
    app.extensions["stance_token_guesses"] = throttle.token_guesses(app.config)
    app.register_blueprint(reports_api.bp)
    openapi.init_app(app)
    # The analysts' pages under / (issue 13): HTML, sign-in and CSRF; the JSON API above is unchanged.
    web.init_app(app)
    errors.register_error_handlers(app)
    if app.config["RELOAD_THREAD"]:
        # Here, in each gunicorn worker after the fork: an idle worker switches before its next request.
        registry.start_watching()
    return app
