"""The analysts' workbench: server-rendered pages beside the JSON API, under ``/``.

One parent blueprint, ``web``, owns what every page shares: the templates and static files of
this package, the HTML error pages, the security headers, and the cross-site checks on every
POST (:mod:`service.web.auth`). Each page is a child blueprint in its own module; to add one,
write the module with a ``bp``, list it in :data:`PAGE_MODULES` and, if it belongs in the
navigation, add its endpoint to :data:`NAV`.
"""

import importlib

from flask import Blueprint

# Modules of service.web that each define a child blueprint ``bp`` (registered in this order).
PAGE_MODULES = ("auth", "analyze_page", "corpus_page", "review_page", "models_page")
# The main navigation: (endpoint, title). An endpoint not registered in the app is left out.
NAV = (
    ("web.analyze.index", "Analyze"),
    ("web.corpus.index", "Corpus"),
    ("web.review.index", "Review"),
    ("web.models.index", "Models"),
)


def create_blueprint():
    """Return the ``web`` blueprint with every page module's blueprint nested in it."""
    from service.web import pages

    # /assets, not /static: the app keeps Flask's own /static route (to an empty folder).
    web = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")
    pages.init_blueprint(web)
    for name in PAGE_MODULES:
        web.register_blueprint(importlib.import_module(f"service.web.{name}").bp)
    return web


def init_app(app):
    """Configure sessions and form limits for the pages and register the ``web`` blueprint."""
    from service.web import auth, jobs, pages

    auth.init_app(app)
    pages.init_app(app)
    # The corpus and review pages' background jobs (after the feedback store: their file sits beside it).
    jobs.init_app(app)
    app.register_blueprint(create_blueprint())
