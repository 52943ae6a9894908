"""Bearer-token checks for the endpoints that change state (admin reload, feedback)."""

import hmac

from flask import request

from service.errors import ApiError


def require_bearer(token, realm, variable):
    """Raise a 401 :class:`ApiError` unless the request carries ``Authorization: Bearer <token>``.

    ``realm`` names the protected area in ``WWW-Authenticate``; ``variable`` is the setting that
    holds the token, so the message tells the client what to send.
    """
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # compare_digest: the time taken must not reveal how much of the token matched.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(
            f"missing or wrong {realm} token; send Authorization: Bearer <{variable}>",
            code="unauthorized",
            status=401,
            headers={"WWW-Authenticate": f'Bearer realm="stance-{realm}"'},
        )
