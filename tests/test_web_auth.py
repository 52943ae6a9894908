"""Sign-in, the session cookie and the cross-site checks of the pages."""

import re
from urllib.parse import unquote

import pytest

from service.web.auth import safe_next, session_secret
from tests.web_helpers import ARTICLE, TOKEN, csrf_token, page_app, post_form, sign_in


@pytest.fixture
def writer_client(model_dir):
    """A client of an app with a token configured (not signed in yet)."""
    return page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()


def test_the_sign_in_page_has_a_labelled_token_field(writer_client):
    response = writer_client.get("/sign-in?next=/models")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<label for="token">Token</label>' in page
    assert '<input type="password" id="token" name="token"' in page
    assert '<input type="hidden" name="next" value="/models">' in page


def test_sign_in_and_out_return_to_the_page_with_its_query(writer_client):
    # A dashboard's threshold or period is in the query string: signing in or out keeps it.
    page = writer_client.get("/models?task=framing").get_data(as_text=True)
    link = re.search(r'href="(/sign-in\?next=[^"]+)"', page).group(1)
    assert unquote(link.split("next=", 1)[1]) == "/models?task=framing"
    response = post_form(writer_client, "/sign-in", {"token": TOKEN, "next": "/models?task=framing"})
    assert response.headers["Location"] == "/models?task=framing"
    page = writer_client.get("/models?task=framing").get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/models?task=framing">' in page


def test_without_a_token_the_pages_say_writing_is_off(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Writing from these pages is off" in page and 'name="token"' not in page
    assert "Read only: no token configured" in client.get("/").get_data(as_text=True)
    response = post_form(client, "/sign-in", {"token": "anything"})
    assert response.status_code == 403
    assert "no token configured" in response.get_data(as_text=True)


def test_the_right_token_signs_in_and_returns_to_next(writer_client):
    response = post_form(writer_client, "/sign-in", {"token": TOKEN, "next": "/models"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/models"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("stance_session=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = writer_client.get("/models").get_data(as_text=True)
    assert "Signed in" in page and ">Sign out</button>" in page


def test_a_wrong_token_is_refused_on_the_form(writer_client):
    response = sign_in(writer_client, "not-the-token")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "Wrong token" in page
    assert '<label for="token">Token</label>' in page
    assert "Signed in" not in writer_client.get("/").get_data(as_text=True)


def test_signing_out_forgets_the_sign_in(writer_client):
    sign_in(writer_client)
    response = post_form(writer_client, "/sign-out", {"next": "/models"})
    assert response.status_code == 303 and response.headers["Location"] == "/models"
    assert "Signed in" not in writer_client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/models", "/models"),
        ("/models?task=framing", "/models?task=framing"),
        ("//other.example/x", "/"),
        ("/\\other.example", "/"),
        ("https://other.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_next_only_leads_to_a_page_of_this_site(value, expected):
    assert safe_next(value) == expected


def test_a_post_without_the_csrf_token_is_refused(writer_client):
    csrf_token(writer_client)
    response = writer_client.post("/sign-in", data={"token": TOKEN}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "security token is missing or wrong" in response.get_data(as_text=True)
    assert "Signed in" not in writer_client.get("/").get_data(as_text=True)


def test_a_post_with_a_wrong_csrf_token_is_refused(writer_client):
    csrf_token(writer_client)
    response = post_form(writer_client, "/", {"text": ARTICLE}, token="made-up")
    assert response.status_code == 400


def test_a_post_without_a_session_is_refused(writer_client, model_dir):
    token = csrf_token(writer_client)
    # Another browser: the token of one session is worth nothing in another.
    other = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    assert post_form(other, "/", {"text": ARTICLE}, token=token).status_code == 400


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://other.example"},
        {"Origin": "null"},
        {"Referer": "http://other.example/page"},
        {"Origin": "http://localhost.other.example"},
    ],
)
def test_a_post_from_another_site_is_refused_even_with_the_token(writer_client, headers):
    response = post_form(writer_client, "/sign-in", {"token": TOKEN}, headers=headers)
    assert response.status_code == 403
    assert "sent from another site" in response.get_data(as_text=True)
    assert "Signed in" not in writer_client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("headers", [{"Origin": "http://localhost"}, {"Referer": "http://localhost/sign-in"}])
def test_a_post_from_this_site_passes(writer_client, headers):
    response = post_form(writer_client, "/sign-in", {"token": TOKEN}, headers=headers)
    assert response.status_code == 303


def test_the_session_key_is_the_same_in_every_worker(model_dir):
    # Two apps with the same token stand for two gunicorn workers: a cookie of one works in the other.
    first = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    second = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    sign_in(first)
    second.set_cookie("stance_session", first.get_cookie("stance_session").value)
    assert "Signed in" in second.get("/").get_data(as_text=True)


def test_a_new_token_signs_every_session_out(model_dir):
    first = page_app(model_dir, ADMIN_TOKEN=TOKEN, SECRET_KEY="fixed-key").test_client()
    sign_in(first)
    cookie = first.get_cookie("stance_session").value
    rotated = page_app(model_dir, ADMIN_TOKEN="another-token", SECRET_KEY="fixed-key").test_client()
    rotated.set_cookie("stance_session", cookie)
    assert "Signed in" not in rotated.get("/").get_data(as_text=True)


def test_the_secret_key_comes_from_the_config_else_from_the_token():
    assert session_secret({"SECRET_KEY": "set", "ADMIN_TOKEN": "t", "MODEL_DIR": "m"}) == "set"
    assert session_secret({"SECRET_KEY": 12345, "ADMIN_TOKEN": None, "MODEL_DIR": "m"}) == "12345"
    derived = session_secret({"SECRET_KEY": None, "ADMIN_TOKEN": "t", "MODEL_DIR": "m"})
    assert derived == session_secret({"SECRET_KEY": "", "ADMIN_TOKEN": "t", "MODEL_DIR": "other"})
    assert derived != session_secret({"SECRET_KEY": None, "ADMIN_TOKEN": "u", "MODEL_DIR": "m"})
    assert "t" not in derived


def test_pages_carry_security_headers_and_the_api_is_unchanged(client):
    page = client.get("/")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Frame-Options"] == "DENY"
    api = client.get("/v1/models")
    assert "Content-Security-Policy" not in api.headers and "Set-Cookie" not in api.headers


def test_the_sign_in_button_beside_an_analysis_carries_the_article_back(writer_client):
    response = post_form(writer_client, "/sign-in?then=/", {"text": ARTICLE, "task": "framing"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    form = re.search(r'<form class="sign-in" method="post" action="([^"]+)"', page)
    assert form.group(1) == "/"
    assert '<input type="hidden" name="task" value="framing">' in page
    # Posting the token with those fields signs in and shows the analysis again, with the correction controls.
    response = post_form(writer_client, "/", {"text": ARTICLE, "task": "framing", "token": TOKEN})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Signed in" in page and page.count('">Correct frame</label>') == 6
