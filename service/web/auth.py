"""Sign-in for the actions that write, and the cross-site checks on every form the pages post.

Reading pages are open. Writing (a correction, a promotion, a rollback) needs a session signed in
with the service's ``ADMIN_TOKEN``: a form with a ``Token`` field sets Flask's signed session
cookie (HttpOnly, SameSite=Strict). Every POST must carry the session's CSRF token and, when the
browser says where it comes from (``Origin``, else ``Referer``), come from this site. Without a
token configured, writing from the pages is off and they say so.

Any form may carry the token field: the sign-in page for an action re-posts that action's fields
with it, so signing in from a correction stores the correction, and from an analysis shows it again.
A file the refused form carried is not kept on the server (it arrived before the token was checked,
so keeping it would let anyone store files there): the sign-in page names it and has a field to
choose it again, sent with the token and the other fields in one post.
"""

import hashlib
import hmac
import logging
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from service.auth import token_guesses
from service.throttle import wait_message

logger = logging.getLogger(__name__)

CSRF_FIELD = "csrf_token"
TOKEN_FIELD = "token"
# Form fields a sign-in page does not carry over to the action it continues.
_NOT_CARRIED = (CSRF_FIELD, TOKEN_FIELD)
_SESSION_CSRF = "csrf"
_SESSION_WRITER = "writer"

bp = Blueprint("auth", __name__)


class SignInNeeded(Exception):
    """An action that writes was asked for without a signed-in session (or with a wrong token)."""

    def __init__(self, message, status=401, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        # Seconds to wait (429 only), sent as Retry-After as the API's bearer checks send it.
        self.retry_after = retry_after


class CrossSiteRefused(Exception):
    """A POST without this session's CSRF token, or sent from another site."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def session_secret(config):
    """Return the key that signs session cookies: ``SECRET_KEY``, else one derived from ``ADMIN_TOKEN``.

    Derived with HMAC, so every gunicorn worker (and every restart) computes the same key and a
    cookie set by one worker is valid in the others. Without either setting nothing in a session
    grants a right (writing is off), so the key only has to agree between workers.
    """
    secret = config.get("SECRET_KEY")
    # STANCE_SECRET_KEY=12345 arrives as an int through from_prefixed_env.
    if secret not in (None, ""):
        return secret if isinstance(secret, str | bytes) else str(secret)
    token = config.get("ADMIN_TOKEN")
    if token:
        return hmac.new(token.encode(), b"stance web session key", hashlib.sha256).hexdigest()
    return hmac.new(b"stance web session key, no token", str(config["MODEL_DIR"]).encode(), hashlib.sha256).hexdigest()


def init_app(app):
    """Set the session key and cookie flags the pages rely on."""
    app.secret_key = session_secret(app.config)
    app.config["SESSION_COOKIE_NAME"] = "stance_session"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    # Strict: the browser never sends the cookie with a request another site starts.
    app.config["SESSION_COOKIE_SAMESITE"] = "Strict"


def writing_enabled():
    """Whether a token is configured, so that signing in (and writing from the pages) is possible."""
    return bool(current_app.config.get("ADMIN_TOKEN"))


def _writer_mark(token):
    """The session's proof of a sign-in; a new token (or key) makes older sessions signed out."""
    key = current_app.secret_key
    key = key if isinstance(key, bytes) else key.encode()
    return hmac.new(key, b"writer:" + token.encode(), hashlib.sha256).hexdigest()


def signed_in():
    """Whether this session signed in with the token configured now."""
    token = current_app.config.get("ADMIN_TOKEN")
    mark = session.get(_SESSION_WRITER)
    return bool(token and isinstance(mark, str) and hmac.compare_digest(mark, _writer_mark(token)))


def csrf_token():
    """Return this session's CSRF token, creating it (and so the session) on first use."""
    token = session.get(_SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = session[_SESSION_CSRF] = secrets.token_urlsafe(32)
    return token


def check_same_site():
    """Raise :class:`CrossSiteRefused` when ``Origin`` (else ``Referer``) names another site.

    Browsers send ``Origin`` with every POST; a client that sends neither still needs the CSRF token.
    Only the host and port are compared, so a TLS-terminating proxy in front does not break forms.
    """
    origin = request.headers.get("Origin")
    source = origin if origin is not None else request.headers.get("Referer")
    if not source:
        return
    if source == "null" or urlsplit(source).netloc.lower() != request.host.lower():
        logger.warning("refused a form posted to %s from %s", request.path, source)
        raise CrossSiteRefused(
            "This form was sent from another site, so it was refused. Open the page on this site and send it again.",
            403,
        )


def check_csrf():
    """Raise :class:`CrossSiteRefused` unless the form carries this session's CSRF token."""
    expected = session.get(_SESSION_CSRF)
    given = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CrossSiteRefused(
            "This form has expired or did not come from this site (its security token is missing or wrong). "
            "Reload the page and send it again.",
            400,
        )


def posted_token():
    """The token the form carries, stripped; ``""`` when it has no token field or left it empty."""
    return request.form.get(TOKEN_FIELD, "").strip()


def sign_in_from_form():
    """Sign the session in when the form carries a token; raise :class:`SignInNeeded` if it is wrong.

    A token field left empty is no token: no guess is counted, and the action asks for a sign-in
    as if the field were not there.
    """
    given = posted_token()
    if not given:
        return
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        raise SignInNeeded(off_message(), 403)
    guesses = token_guesses()
    # Counted as a wrong token as it is let through (the right one clears it), so that forms sent at once
    # cannot all pass a count one short of the limit.
    wait = guesses.attempt(request.remote_addr)
    if wait:
        # Refused before the token is compared, so guessing on gets nowhere while the address waits.
        raise SignInNeeded(wait_message(wait).capitalize() + ".", 429, retry_after=wait)
    # compare_digest: the time taken must not reveal how much of the token matched.
    if not hmac.compare_digest(given.encode(), token.encode()):
        logger.warning("wrong token on the sign-in form from %s", request.remote_addr)
        raise SignInNeeded("Wrong token. Check it and try again.")
    guesses.right(request.remote_addr)
    session[_SESSION_WRITER] = _writer_mark(token)
    # A new CSRF token for the signed-in session: a token seen before signing in is worth nothing after.
    session[_SESSION_CSRF] = secrets.token_urlsafe(32)
    logger.info("signed in from %s", request.remote_addr)


def protect_post():
    """Check every POST to a page: same site, CSRF token, and a sign-in if the form carries the token."""
    if request.method != "POST":
        return
    check_same_site()
    check_csrf()
    sign_in_from_form()


def off_message():
    """Say why writing from the pages is off."""
    return (
        "Writing from these pages is off: the server has no token configured. "
        "Set STANCE_ADMIN_TOKEN and restart it to sign in and save corrections, promote or roll back."
    )


def require_writer(action):
    """Raise :class:`SignInNeeded` unless the session is signed in; ``action`` says what needs it."""
    if not writing_enabled():
        raise SignInNeeded(off_message(), 403)
    if not signed_in():
        raise SignInNeeded(f"Sign in to {action}.")


def carried_fields():
    """Return the posted ``(name, value)`` pairs a sign-in page re-posts with the token."""
    return [(name, value) for name, value in request.form.items(multi=True) if name not in _NOT_CARRIED]


def safe_next(value, default="/"):
    """Return ``value`` if it is a path on this site (never another host), else ``default``.

    A control character (a CR/LF from a crafted link) is refused too: it cannot go into a Location header.
    """
    if not isinstance(value, str) or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return default
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else default


def render_sign_in(message=None, status=200, action=None, carried=None, error=False, files=None):
    """Render the sign-in page; its form posts the token, with ``carried`` fields, to ``action``.

    ``files`` are the ``(field, file name)`` pairs the refused form carried: the page asks for each again.
    """
    return (
        render_template(
            "sign_in.html",
            message=message,
            error=error,
            action=action or url_for("web.auth.sign_in"),
            carried=carried or [],
            files=files or [],
        ),
        status,
    )


@bp.get("/sign-in")
def sign_in_page():
    """Show the sign-in form (or say that writing is off); ``next`` is where to go after."""
    next_path = safe_next(request.args.get("next"))
    return render_sign_in(carried=[("next", next_path)])


@bp.post("/sign-in")
def sign_in():
    """Continue after a successful sign-in; without the token field, show the form for the posted fields.

    The token itself was checked before this view (:func:`protect_post`). A form posted here
    without it (the "Sign in" button beside an analysis, ``?then=/``) gets the sign-in page, which
    then posts the token with the same fields to ``then`` (the analysis again).
    """
    if posted_token():
        return redirect(safe_next(request.form.get("next")), code=303)
    if TOKEN_FIELD in request.form:
        # The field was left empty (a browser that ignores "required"): ask again, keeping ``next``.
        return render_sign_in("Type the token to sign in.", 400, carried=carried_fields(), error=True)
    return render_sign_in(action=safe_next(request.args.get("then")), carried=carried_fields())


@bp.post("/sign-out")
def sign_out():
    """Forget the sign-in of this session."""
    session.pop(_SESSION_WRITER, None)
    return redirect(safe_next(request.form.get("next")), code=303)
