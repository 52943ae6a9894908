"""Page 4, ``/models``: versions with their metrics and reports; promote and roll back from the page."""

import json
import re

import pytest

from model.store import current_version
from tests.lifecycle_helpers import mark_other_library, train_worse
from tests.web_helpers import TOKEN, page_app, post_form, sign_in


@pytest.fixture
def two_versions(model_dir, tiny_task, tmp_path):
    """``(good, bad)``: the current tiny model and a worse candidate, not promoted."""
    good = current_version(model_dir, "framing")
    bad = train_worse(tiny_task, model_dir, tmp_path, promote=False)["version"]
    return good, bad


@pytest.fixture
def writer(model_dir, two_versions):
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    sign_in(client)
    return client


def version_rows(page):
    """Return ``{version: row HTML}`` of the versions table."""
    rows = re.findall(r'<tr(?: class="current")?>\s*<th scope="row"><code>([^<]+)</code>(.*?)</tr>', page, re.S)
    return dict(rows)


def test_the_page_lists_every_version_with_its_figures(client, model_dir, two_versions):
    good, bad = two_versions
    response = client.get("/models")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<caption>Versions of framing</caption>" in page
    rows = version_rows(page)
    assert set(rows) == {good, bad}
    for version, row in rows.items():
        metadata = json.loads((model_dir / "framing" / version / "metadata.json").read_text())
        metrics = metadata["metrics"]
        assert f'<td class="num">{metrics["macro_f1"]:.3f}</td>' in row
        assert f'<td class="num">{metrics["accuracy"]:.3f}</td>' in row
        assert f'<td class="num">{metrics["n"]}</td>' in row
        assert f'href="/v1/models/framing/{version}/report"' in row
        assert f'href="/models/framing/{version}/card"' in row
    assert "current</span>" in rows[good] and "current</span>" not in rows[bad]


def test_a_version_that_cannot_load_is_marked_and_has_no_promote_button(writer, model_dir, two_versions):
    good, bad = two_versions
    mark_other_library(model_dir, "framing", bad)
    rows = version_rows(writer.get("/models").get_data(as_text=True))
    assert "trained with scikit-learn 0.0.1" in rows[bad] and "trained with scikit-learn" not in rows[good]
    assert "Promote" not in rows[bad]


def test_real_news_figures_are_shown_when_the_version_has_them(client, model_dir):
    version = current_version(model_dir, "framing")
    path = model_dir / "framing" / version / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["realnews"] = {
        "n": 40,
        "framing": {"macro_f1": 0.61234, "accuracy": 0.7, "n": 40},
        "attribution": {"speaker": {"f1": 0.9}, "disputed": {"f1": 0.5}},
    }
    path.write_text(json.dumps(metadata))
    row = version_rows(client.get("/models").get_data(as_text=True))[version]
    cells = re.findall(r'<td class="num">([^<]+)</td>', row)
    assert cells[3:] == ["0.612", "0.700", "40", "0.900", "0.500"]


def test_the_report_and_card_links_answer(client, model_dir):
    version = current_version(model_dir, "framing")
    assert client.get(f"/v1/models/framing/{version}/report").status_code == 200
    card = client.get(f"/models/framing/{version}/card")
    assert card.status_code == 200
    assert "# Model card: `framing`" in card.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/models/framing/nope/card", "/models/.hidden/v1/card", "/models/nosuch/v1/card"])
def test_a_missing_card_is_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_promote_and_rollback_change_what_the_service_serves(writer, model_dir, two_versions):
    good, bad = two_versions
    page = writer.get("/models").get_data(as_text=True)
    assert f'<input type="hidden" name="version" value="{bad}">' in page
    response = post_form(writer, "/models/promote", {"task": "framing", "version": bad})
    assert response.status_code == 303 and response.headers["Location"] == "/models"
    assert current_version(model_dir, "framing") == bad
    assert writer.get("/v1/models").json["models"][0]["version"] == bad
    page = writer.get("/models").get_data(as_text=True)
    assert f"framing: {bad} is now current (was {good})." in page
    assert f"Roll back framing to {good}" in page

    response = post_form(writer, "/models/rollback", {"task": "framing"})
    assert response.status_code == 303
    assert current_version(model_dir, "framing") == good
    assert writer.get("/v1/models").json["models"][0]["version"] == good
    assert f"framing: rolled back from {bad} to {good}." in writer.get("/models").get_data(as_text=True)


def test_promote_needs_a_sign_in(model_dir, two_versions):
    good, bad = two_versions
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    page = client.get("/models").get_data(as_text=True)
    assert "Sign in to promote a version or roll back" in page
    response = post_form(client, "/models/promote", {"task": "framing", "version": bad})
    assert response.status_code == 401
    assert '<form class="sign-in" method="post" action="/models/promote"' in response.get_data(as_text=True)
    assert current_version(model_dir, "framing") == good
    response = post_form(client, "/models/promote", {"task": "framing", "version": bad, "token": TOKEN})
    assert response.status_code == 303 and current_version(model_dir, "framing") == bad


def test_without_a_token_there_are_no_buttons_and_posts_are_refused(client, model_dir, two_versions):
    good, bad = two_versions
    page = client.get("/models").get_data(as_text=True)
    assert "Promote and roll back are off" in page and ">Promote<" not in page
    response = post_form(client, "/models/promote", {"task": "framing", "version": bad})
    assert response.status_code == 403
    assert current_version(model_dir, "framing") == good


@pytest.mark.parametrize(
    ("path", "fields", "status", "message"),
    [
        ("/models/promote", {"task": "framing", "version": "nope"}, 400, "has no version &#39;nope&#39;"),
        ("/models/promote", {"task": "../etc", "version": "x"}, 400, "invalid task name"),
        ("/models/promote", {"task": "other", "version": "x"}, 400, "There is no task &#39;other&#39;"),
        ("/models/rollback", {"task": "framing"}, 409, "no earlier current version to roll back to"),
    ],
)
def test_refused_actions_are_shown_on_the_page(writer, path, fields, status, message):
    response = post_form(writer, path, fields)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert message in page and 'role="alert"' in page and "<caption>Versions of framing</caption>" in page
