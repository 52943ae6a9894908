"""Workbench forms and links with hostile input: each gets a page that says what was wrong, never a 500."""

from urllib.parse import unquote

import pytest

from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import TOKEN, csrf_token, page_app, post_form, sign_in
from training.feedback import FeedbackStore


@pytest.fixture
def app(model_dir):
    return page_app(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.mark.parametrize("correction_id", ["9" * 30, "-3", "x7", ""])
def test_a_correction_id_out_of_range_or_not_a_number_is_a_clear_refusal(client, model_dir, correction_id):
    sign_in(client)
    FeedbackStore(page_app(model_dir).config["FEEDBACK_DB"]).add("framing", "The radar upgrade is routine.", "neutral")
    form = {"id": correction_id, "action": "accept"}
    response = post_form(client, "/review/corrections", form, token=csrf_token(client, "/review"))
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 404)
    assert "None" not in page
    if correction_id == "":
        assert "The form sent no correction (id is missing)." in page
    elif correction_id.isdigit():
        assert f"no correction with id {correction_id} of task framing" in page
    else:
        assert f"&#39;{correction_id}&#39; is no correction number." in page


@pytest.mark.parametrize("target", ["/x%0d%0aSet-Cookie:%20a=b", "/x%00y", "/ok%09tab"])
def test_a_sign_in_link_with_control_characters_goes_home_instead_of_failing(client, target):
    form_page = client.get(f"/sign-in?next={target}").get_data(as_text=True)
    assert "Set-Cookie" not in form_page
    response = post_form(client, "/sign-in", {"token": TOKEN, "next": unquote(target)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_an_upload_name_with_a_nul_still_gives_every_download(client):
    sign_in(client)
    response = upload(client, filename="arti\x00cles.csv")
    assert response.status_code == 303, response.get_data(as_text=True)
    job_id = job_id_of(response)
    for name in ("sentences.csv", "summary.csv", "summary.json", "report.html"):
        with client.get(f"/corpus/{job_id}/{name}") as download:
            assert download.status_code == 200, name
            disposition = download.headers.get("Content-Disposition", "")
        assert "\x00" not in disposition and "\r" not in disposition and "\n" not in disposition
    with client.get(f"/corpus/{job_id}/sentences.csv") as download:
        assert download.headers["Content-Disposition"] == "attachment; filename=articles-sentences.csv"


@pytest.mark.parametrize("setting", ["FEEDBACK_DB", "JOBS_DB"])
def test_a_store_path_that_is_a_folder_stops_the_service_before_it_serves(model_dir, tmp_path, setting):
    from service.errors import ServiceError

    with pytest.raises(ServiceError, match=f"STANCE_{setting} {tmp_path}: is a folder; name a database file in it"):
        page_app(model_dir, ADMIN_TOKEN=TOKEN, **{setting: str(tmp_path)})


def test_stance_serve_refuses_an_unusable_store_before_booting_workers(model_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from service.cli import cli

    monkeypatch.setenv("STANCE_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("STANCE_FEEDBACK_DB", str(tmp_path))
    result = CliRunner().invoke(cli, ["serve", "--model-dir", str(model_dir), "--port", "1"])
    assert result.exit_code == 1
    assert f"Error: STANCE_FEEDBACK_DB {tmp_path}: is a folder; name a database file in it" in result.output


def test_stance_serve_refuses_an_empty_host(model_dir):
    from click.testing import CliRunner

    from service.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--host", " ", "--model-dir", str(model_dir)])
    assert result.exit_code == 2
    assert "Invalid value for '--host': is empty; give an address" in result.output


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/corpus/x/y/z", 404), ("get", "/models/promote", 405), ("put", "/", 405)],
)
def test_a_browser_at_a_wrong_page_address_gets_a_page_and_a_script_gets_json(client, method, path, status):
    page = getattr(client, method)(path, headers=BROWSER)
    assert page.status_code == status and page.mimetype == "text/html"
    assert "<html" in page.get_data(as_text=True)
    if status == 405:
        assert page.headers["Allow"]
    script = getattr(client, method)(path)
    assert script.status_code == status and script.mimetype == "application/json"


def test_the_api_answers_json_even_to_a_browser(client):
    response = client.get("/v1/no-such-endpoint", headers=BROWSER)
    assert response.status_code == 404 and response.mimetype == "application/json"


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (
            "cannot roll back: the model folder {dir}/framing is not writable by this user",
            "cannot roll back: the model folder's framing is not writable by this user",
        ),
        ("the model folder {dir} is read-only", "the model folder is read-only"),
        ("cannot read {dir}/framing/v1/metadata.json", "cannot read the model folder/framing/v1/metadata.json"),
    ],
)
def test_a_page_names_the_model_folder_once_without_its_path(tmp_path, message, shown):
    from service.web.card_view import hide_paths

    assert hide_paths(message.format(dir=tmp_path), tmp_path) == shown
