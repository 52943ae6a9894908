"""Bearer-token checks for the endpoints that change state (admin reload, feedback)."""

import hmac

from flask import current_app, request

from service.errors import ApiError
from service.throttle import wait_message


def token_guesses():
    """Return the server's count of wrong tokens per client (:class:`service.throttle.SharedTokenGuesses`)."""
    return current_app.extensions["stance_token_guesses"]


def require_bearer(token, realm, variable):
    """Raise a 401 :class:`ApiError` unless the request carries ``Authorization: Bearer <token>``.

    ``realm`` names the protected area in ``WWW-Authenticate``; ``variable`` is the setting that
    holds the token, so the message tells the client what to send. A client that has sent too many
    wrong tokens gets a 429 with ``Retry-After`` instead, without its token being looked at.
    """
    guesses = token_guesses()
    client = request.remote_addr
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip()
    # A guess is counted as it is let through, before its token is compared (the right token clears it):
    # a check, then a count after the comparison, let every request in flight at once pass a count one
    # short of the limit. A request that sent no token at all is a mistake, not an attempt.
    wait = guesses.attempt(client) if given else guesses.wait_seconds(client)
    if wait:
        raise ApiError(wait_message(wait), code="too_many_attempts", status=429, headers={"Retry-After": str(wait)})
    # compare_digest: the time taken must not reveal how much of the token matched.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(
            f"missing or wrong {realm} token; send Authorization: Bearer <{variable}>",
            code="unauthorized",
            status=401,
            headers={"WWW-Authenticate": f'Bearer realm="stance-{realm}"'},
        )
    guesses.right(client)
