"""A form sent without a sign-in, or after its session expired: what was typed comes back, a chosen file is asked for again.

The sign-in page re-posts the refused form's fields with the token; a file is never kept on the
server before the token is checked, so the page names it and has a field to choose it again.
"""

import html
import io
import re

import pytest

from service.web.jobs import JobStore
from tests.test_web_corpus import ARTICLES, corpus_csv
from tests.web_helpers import (
    ARTICLE,
    TOKEN,
    csrf_token,
    inline_jobs_app,  # noqa: F401 (this module's "app")
    post_form,
    sign_in,
)

COLUMNS = {
    "kind": "articles",
    "text_column": "body",
    "id_column": "id",
    "date_column": "date",
    "group_column": "outlet",
}
# A phrase of the uploaded file: it must appear in no page and no URL the server answers with.
FILE_PHRASE = ARTICLES[0][3][:40]


def page_of(response):
    """The response's HTML with each run of white space as one space, so wrapped sentences read whole."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def corpus_form(filename="north.csv", content=None, **fields):
    """The corpus form with a file and the columns of :func:`corpus_csv`."""
    return {**COLUMNS, **fields, "file": (io.BytesIO(corpus_csv() if content is None else content), filename)}


def sign_in_form(page):
    """Return ``(action, hidden fields, names of file fields)`` of the sign-in page's form."""
    form = re.search(r'<form class="sign-in" method="post" action="([^"]*)"(.*?)</form>', page, re.S)
    assert form, "no sign-in form on the page"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    files = re.findall(r'<input type="file" id="[^"]+" name="([^"]+)" required', form.group(2))
    return html.unescape(form.group(1)), {k: html.unescape(v) for k, v in hidden.items()}, files


def signed_out_in_another_tab(client, path):
    """Sign in, open ``path``, then sign out as another tab would; return the CSRF token ``path`` showed."""
    sign_in(client)
    token = csrf_token(client, path)
    post_form(client, "/sign-out", {"next": "/"}, token=token)
    return token


def stored_files(app):
    """Every file under the jobs folder (uploads are saved there before a job starts)."""
    folder = JobStore(app.config["JOBS_DB"]).folder
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_corpus_upload_refused_for_want_of_a_sign_in_names_the_file_and_keeps_the_fields(client, app):
    token = signed_out_in_another_tab(client, "/corpus")
    response = post_form(client, "/corpus", corpus_form(title_column=""), token=token)
    assert response.status_code == 401
    page = page_of(response)
    assert "Sign in to analyse a corpus." in page
    assert "Your file north.csv was not uploaded" in page and "Choose north.csv again" in page
    action, hidden, files = sign_in_form(page)
    # The form goes back to the upload, with every typed field (an emptied one too) and a field for the file.
    assert action == "/corpus" and files == ["file"]
    assert {k: hidden[k] for k in (*COLUMNS, "title_column")} == {**COLUMNS, "title_column": ""}
    assert FILE_PHRASE not in page and "file" not in hidden
    # Nothing of the refused upload was kept on the server.
    assert stored_files(app) == []


def test_signing_in_with_the_file_chosen_again_starts_the_job_with_the_typed_fields(client, app):
    token = signed_out_in_another_tab(client, "/corpus")
    page = page_of(post_form(client, "/corpus", corpus_form(date_column=""), token=token))
    action, hidden, _ = sign_in_form(page)
    fields = {**hidden, "token": TOKEN, "file": (io.BytesIO(corpus_csv()), "north.csv")}
    response = client.post(action, data=fields, content_type="multipart/form-data")
    assert response.status_code == 303
    assert FILE_PHRASE not in response.headers["Location"]
    job = JobStore(app.config["JOBS_DB"]).get(response.headers["Location"].rsplit("/", 1)[1])
    # The emptied date column was carried as typed: no dates, one undated period.
    assert job["status"] == "done" and job["params"]["date_column"] is None
    assert job["params"]["text_column"] == "body" and job["params"]["filename"] == "north.csv"
    assert job["result"]["articles"] == len(ARTICLES)
    assert "Signed in" in client.get("/corpus").get_data(as_text=True)


def test_a_wrong_token_on_the_corpus_form_asks_for_the_token_and_the_file_again(client, app):
    response = post_form(
        client, "/corpus", {**corpus_form(), "token": "not-the-token"}, token=csrf_token(client, "/corpus")
    )
    assert response.status_code == 401
    page = page_of(response)
    assert "Wrong token" in page and "Choose north.csv again" in page
    _, hidden, files = sign_in_form(page)
    assert files == ["file"] and "token" not in hidden and hidden["text_column"] == "body"
    assert stored_files(app) == []


def test_an_empty_token_field_is_no_guess(client):
    # Left empty on the corpus form: asked to sign in, not told the token is wrong, and no guess counted.
    for _ in range(12):
        response = post_form(client, "/corpus", {**corpus_form(), "token": ""}, token=csrf_token(client, "/corpus"))
        assert response.status_code == 401
        page = page_of(response)
        assert "Sign in to analyse a corpus." in page and "Wrong token" not in page
    assert sign_in(client).status_code == 303


def test_the_sign_in_form_refuses_an_empty_token_without_signing_in(client):
    response = post_form(client, "/sign-in", {"token": "  ", "next": "/models"})
    assert response.status_code == 400
    page = page_of(response)
    assert "Type the token to sign in." in page and sign_in_form(page)[1]["next"] == "/models"
    assert "Signed in" not in client.get("/").get_data(as_text=True)


def test_without_the_file_chosen_again_the_corpus_page_keeps_the_fields(client):
    token = signed_out_in_another_tab(client, "/corpus")
    page = page_of(post_form(client, "/corpus", corpus_form(group_column="source"), token=token))
    action, hidden, _ = sign_in_form(page)
    # A browser that ignores "required": the form comes back signed in, with the fields typed.
    response = client.post(action, data={**hidden, "token": TOKEN}, content_type="multipart/form-data")
    assert response.status_code == 400
    page = page_of(response)
    assert "Choose a file of articles or sentences" in page
    assert 'name="group_column" value="source"' in page and "Signed in" in page


def test_a_form_error_after_signing_in_says_the_file_must_be_chosen_again(client):
    sign_in(client)
    response = post_form(client, "/corpus", corpus_form(text_column="content"), token=csrf_token(client, "/corpus"))
    assert response.status_code == 400
    page = page_of(response)
    assert "has no column &#39;content&#39;" in page
    assert "choose north.csv (or a corrected file) again" in page
    assert 'name="text_column" value="content"' in page


def test_a_review_upload_refused_for_want_of_a_sign_in_asks_for_the_file_again(client, app):
    sentences = b"The patrols are a provocation.\nThe budget was approved on Thursday.\n"
    token = signed_out_in_another_tab(client, "/review")
    form = {"n": "2", "text_column": "text", "file": (io.BytesIO(sentences), "lines.txt")}
    response = post_form(client, "/review", form, token=token)
    assert response.status_code == 401
    page = page_of(response)
    assert "Sign in to start a review." in page and "Choose lines.txt again" in page
    action, hidden, files = sign_in_form(page)
    assert action == "/review" and files == ["file"] and hidden["n"] == "2"
    assert stored_files(app) == []
    fields = {**hidden, "token": TOKEN, "file": (io.BytesIO(sentences), "lines.txt")}
    response = client.post(action, data=fields, content_type="multipart/form-data")
    assert response.status_code == 303 and "/review/" in response.headers["Location"]


def session_gone(client, path):
    """Open ``path``, then lose the session (browser closed, server's key changed); return the page's CSRF token."""
    token = csrf_token(client, path)
    client.delete_cookie("stance_session")
    return token


def test_an_expired_analyze_form_comes_back_with_the_pasted_text(client):
    response = post_form(client, "/", {"text": ARTICLE, "task": "framing"}, token=session_gone(client, "/"))
    assert response.status_code == 400
    page = page_of(response)
    assert "<h2>The form had expired</h2>" in page and "nothing was done" in page
    assert html.escape(ARTICLE.split("\n")[0], quote=False) in page
    # The text was not wrong: the box is not marked invalid.
    assert re.search(r'<textarea id="article-text"[^>]*aria-invalid', page) is None
    # Shown again, not analysed: no sentence row, and the page's new form token works.
    assert 'id="analysis-heading"' not in page
    again = post_form(client, "/", {"text": ARTICLE, "task": "framing"})
    assert again.status_code == 200 and 'id="analysis-heading"' in again.get_data(as_text=True)


def test_an_expired_analyze_form_with_a_file_asks_for_the_file_again(client):
    form = {"file": (io.BytesIO(ARTICLE.encode()), "story.txt")}
    response = post_form(client, "/", form, token=session_gone(client, "/"))
    assert response.status_code == 400
    page = page_of(response)
    assert "The file story.txt was not read: choose it again." in page
    assert re.search(r'<input type="file" id="article-file"[^>]*aria-invalid="true"', page)
    assert ARTICLE.split("\n")[0] not in page


def test_an_expired_corpus_form_comes_back_with_its_fields_and_starts_nothing(client, app):
    response = post_form(client, "/corpus", corpus_form(group_column="source"), token=session_gone(client, "/corpus"))
    assert response.status_code == 400
    page = page_of(response)
    assert "<h2>The form had expired</h2>" in page and "choose north.csv (or a corrected file) again" in page
    assert 'name="group_column" value="source"' in page
    assert JobStore(app.config["JOBS_DB"]).list("corpus") == [] and stored_files(app) == []


@pytest.mark.parametrize("path", ["/", "/corpus"])
def test_a_form_from_another_site_is_still_refused_outright(client, path):
    response = post_form(
        client,
        path,
        {"text": ARTICLE},
        token=session_gone(client, path),
        headers={"Origin": "https://elsewhere.example"},
    )
    assert response.status_code == 403
    page = page_of(response)
    assert "sent from another site" in page and "Belgrade warned" not in page


def test_other_expired_forms_and_the_script_still_get_the_refusal(client):
    token = session_gone(client, "/")
    response = post_form(client, "/corrections", {"text": ARTICLE, "correct": "1", "label-1": "neutral"}, token=token)
    assert response.status_code == 400 and "Form refused" in response.get_data(as_text=True)
    token = session_gone(client, "/")
    response = post_form(client, "/", {"text": ARTICLE}, token=token, headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.json["error"]["message"].startswith("This form has expired")
