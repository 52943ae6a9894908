"""What every page shares: navigation, security headers, form limits and HTML error pages."""

import logging
from pathlib import Path

from flask import current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from service.errors import error_response
from service.web import auth
from service.web.article_view import readable_ngram
from service.wording import counted

logger = logging.getLogger(__name__)

# Everything a page loads comes from this site: a template that names another host breaks visibly.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# Bytes a form field may hold in memory: an article of MAX_ARTICLE_CHARS characters at up to 4 bytes each.
_FORM_FIELD_MARGIN = 64 * 1024
# Form parts besides one per sentence (each sentence row posts its "Correct frame" choice).
_FORM_PARTS_MARGIN = 100


_JSON_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "unauthorized",
    404: "not_found",
    413: "payload_too_large",
    503: "feedback_unavailable",
}


# Endpoint -> function that renders its page's form again after a refused, expired form (see refill_after_expiry).
_EXPIRED_FORM_PAGES = {}


class FormError(Exception):
    """A form the page cannot use: empty text, a file that is not UTF-8, an unknown sentence or version."""

    # The heading above the message, when the page's own ("The article cannot be analysed") would be wrong.
    heading = None

    def __init__(self, message, status=400, field=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


class ExpiredForm(FormError):
    """A form of this site refused for its expired session, shown again with what was typed (nothing was done)."""

    heading = "The form had expired"


def form_field_bytes(chars):
    """Bytes a form field needs for an article of ``chars`` characters (at most 4 bytes each, with room to spare)."""
    return 4 * chars + _FORM_FIELD_MARGIN


def init_app(app):
    """Set werkzeug's form limits from the article limit: a form field is refused only if its article would be."""
    # Werkzeug's own default (500,000 bytes) neither fits the largest article of a larger limit nor
    # matches a smaller one: the limit a user is told is the article's, in characters.
    chars = app.config["MAX_ARTICLE_CHARS"]
    app.config["MAX_FORM_MEMORY_SIZE"] = form_field_bytes(chars)
    # An article of one-word sentences has a row (and a posted choice) per few characters.
    parts = chars // 2 + _FORM_PARTS_MARGIN
    if (app.config.get("MAX_FORM_PARTS") or 0) < parts:
        app.config["MAX_FORM_PARTS"] = parts


def wants_json():
    """Whether the request came from the pages' script, which asks for JSON instead of a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def nav_items():
    """Return the navigation entries whose pages exist, marking the current one."""
    from service.web import NAV

    endpoint = request.endpoint or ""
    items = []
    for target, title in NAV:
        if target not in current_app.view_functions:
            continue
        section = target.rsplit(".", 1)[0]
        items.append({"url": url_for(target), "title": title, "current": endpoint.startswith(section + ".")})
    return items


def template_context():
    """Values every page template uses: navigation, sign-in state and the form token."""
    return {
        "nav_items": nav_items(),
        "csrf_token": auth.csrf_token,
        "csrf_field": auth.CSRF_FIELD,
        "signed_in": auth.signed_in(),
        "writing_enabled": auth.writing_enabled(),
        "default_task": current_app.extensions["stance"].default_task,
        "readable_ngram": readable_ngram,
    }


def secure_headers(response):
    """Add the headers that keep pages local, unframed and out of shared caches."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Same-origin: the pages' own POSTs keep their Referer (checked when Origin is absent), others get none.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        # Pages carry the session's form token and may show an article: never stored by a cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def render_error(message, status, title=None):
    """Answer an error as a page (or as the API's JSON error when the script asked for JSON)."""
    if wants_json():
        # Codes from the API's one list (service.errors.ERROR_CODES), so the script reads one format.
        code = _JSON_CODES.get(status) or ("internal_error" if status >= 500 else "bad_request")
        return error_response(status, code, message)
    return render_template("error.html", title=title or "Something went wrong", message=message), status


def printable_name(name):
    """The last part of an uploaded file's name without control characters (a NUL, a CR/LF).

    The pages name an upload with it, and every download of a corpus is named after it: a control
    character cannot go into the Content-Disposition header, so each download would fail.
    """
    return "".join(c for c in Path(name).name if c.isprintable()) or "upload"


def posted_files():
    """Return ``(field, file name)`` of every file the posted form carries (a field left empty is not one)."""
    return [
        (field, printable_name(upload.filename)) for field, upload in request.files.items(multi=True) if upload.filename
    ]


def chosen_file():
    """The name of the file posted in the form's ``file`` field, or ``None``: a page shown again has lost it."""
    upload = request.files.get("file") if request.method == "POST" else None
    return printable_name(upload.filename) if upload is not None and upload.filename else None


def handle_sign_in_needed(exc):
    """Show the sign-in page, which re-posts the refused form's fields with the token.

    A file the form carried is not kept: it arrived before the token was checked, and keeping it
    would let anyone store files on the server. The sign-in page names it and asks for it again.
    """
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
    if wants_json():
        if exc.status == 429:
            return error_response(exc.status, "too_many_attempts", exc.message, headers=headers)
        return error_response(exc.status, "unauthorized", exc.message)
    if exc.status == 403:
        return render_error(exc.message, 403, "Writing is off")
    page, status = auth.render_sign_in(
        exc.message, exc.status, request.path, auth.carried_fields(), error=True, files=posted_files()
    )
    return page, status, headers


def refill_after_expiry(endpoint):
    """Register ``render(message)`` to show ``endpoint``'s form again, with what was typed, when its form expired.

    Only for forms whose page can be shown filled in without doing anything (analyse, upload): the
    refused form still does nothing, and its files are not read (the page asks for them again).
    """

    def register(render):
        _EXPIRED_FORM_PAGES[endpoint] = render
        return render

    return register


def expired_form_message():
    """Say that a form's session had expired, that nothing was done, and that what was typed is back.

    The page says which file, if any, must be chosen again.
    """
    return (
        "This form had expired (its security token is missing or wrong: the browser's session ended, or the "
        "server's token changed since the page was opened), so nothing was done. What you typed is back in the "
        "form: check it and send it again."
    )


def handle_cross_site(exc):
    """Refuse a form without its token or from another site.

    A form of this site whose session expired (400, not another site's 403) comes back filled in,
    when its page can show it, so nothing typed is lost; the refused form itself still does nothing.
    """
    render = _EXPIRED_FORM_PAGES.get(request.endpoint) if exc.status == 400 else None
    if render is None or wants_json():
        return render_error(exc.message, exc.status, "Form refused")
    logger.info("expired form posted to %s: shown again with its fields", request.path)
    return render(expired_form_message())


def handle_form_error(exc):
    """Show a form problem on an error page (pages that can show it beside the form handle it themselves)."""
    return render_error(exc.message, exc.status, "Cannot do that")


def too_large_message(what="The text"):
    """Say which limit a form over werkzeug's limits broke, as the limit that applies to what the user sent.

    A form field is refused only past :func:`form_field_bytes` of the article limit, so a text that
    is refused is longer than an article may be: that limit, in characters, is the one to name. The
    body's limit (STANCE_MAX_CONTENT_LENGTH) is named only when it is the smaller of the two.
    """
    config = current_app.config
    chars, body = config["MAX_ARTICLE_CHARS"], config["MAX_CONTENT_LENGTH"]
    over_body = request.content_length is not None and request.content_length > body
    if over_body and body < form_field_bytes(chars):
        return (
            f"The form or file is larger than this server accepts ({body:,} bytes, about {body / 2**20:,.1f} MB; "
            "STANCE_MAX_CONTENT_LENGTH). Nothing was analysed: split it and send one part at a time."
        )
    return (
        f"{what} is too long: an article may have at most {chars:,} characters (STANCE_MAX_ARTICLE_CHARS). "
        "Nothing was analysed: split it and send one part at a time."
    )


def handle_http_error(exc):
    """Render werkzeug's 404, 405, 413 ... as a page."""
    messages = {
        404: "There is no such page here.",
        413: too_large_message() if exc.code == 413 else None,
    }
    status = exc.code or 500
    # A view's own description (abort(404, description=...)) says more than werkzeug's default text.
    custom = exc.description if exc.description != type(exc).description else None
    return render_error(custom or messages.get(status) or exc.description or exc.name, status, exc.name)


def handle_unexpected(exc):
    """Log a failure with its traceback and answer a page without internals."""
    logger.exception("unhandled error while serving a page")
    return render_error("The server failed to answer this page; the error was logged.", 500)


def init_blueprint(web):
    """Give the ``web`` blueprint its checks, headers, template values and error pages."""
    web.before_request(auth.protect_post)
    web.after_request(secure_headers)
    web.context_processor(template_context)
    # {{ n|counted("sentence") }}: "1 sentence", "1,204 sentences".
    web.add_app_template_filter(counted, "counted")
    web.register_error_handler(auth.SignInNeeded, handle_sign_in_needed)
    web.register_error_handler(auth.CrossSiteRefused, handle_cross_site)
    web.register_error_handler(FormError, handle_form_error)
    web.register_error_handler(HTTPException, handle_http_error)
    web.register_error_handler(Exception, handle_unexpected)
