"""Page 4, ``/models``: versions with their metrics and reports; promote and roll back from the page."""

import html
import json
import re

import pytest

from model.lifecycle import read_history
from model.store import current_version
from tests.lifecycle_helpers import mark_other_library, train_worse
from tests.web_helpers import TOKEN, csrf_token, page_app, post_form, sign_in

SESSION_COOKIE = "stance_session"


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
    page = card.get_data(as_text=True)
    # Rendered, not shown as Markdown: sections are headings, tables are tables, `x` is code.
    assert "<h2>Data</h2>" in page and "<h2>Test-file metrics</h2>" in page and "## " not in page
    assert '<th scope="col" class="num">precision</th>' in page and "|---|" not in page
    assert "<code>threat</code>" in page and "`" not in page.split('class="model-card"')[1]


def test_current_names_the_current_version_for_the_card_too(client, model_dir):
    version = current_version(model_dir, "framing")
    page = client.get("/models/framing/current/card")
    assert page.status_code == 200
    assert page.get_data(as_text=True) == client.get(f"/models/framing/{version}/card").get_data(as_text=True)


def test_the_card_shows_no_server_paths(client, model_dir):
    version = current_version(model_dir, "framing")
    card_file = model_dir / "framing" / version / "MODEL_CARD.md"
    # The tiny model is trained from files in a temporary folder, named by their absolute paths.
    assert "`/tmp/" in card_file.read_text()
    page = client.get(f"/models/framing/{version}/card").get_data(as_text=True)
    body = page.split('class="model-card"')[1]
    assert "/tmp" not in body and str(model_dir.parent) not in body
    assert "<code>train.csv</code>" in body and "<code>test.csv</code>" in body


def test_the_card_cannot_put_markup_on_the_page(client, model_dir):
    version = current_version(model_dir, "framing")
    card_file = model_dir / "framing" / version / "MODEL_CARD.md"
    card_file.write_text(
        "# Title\n\n## A <b>bold</b> claim\n\n- `<script>alert(1)</script>`\n\n| a | b |\n|---|---|\n| <i>x</i> | 1 \\| 2 |\n"
    )
    page = client.get(f"/models/framing/{version}/card").get_data(as_text=True)
    body = page.split('class="model-card"')[1]
    assert "<h2>A &lt;b&gt;bold&lt;/b&gt; claim</h2>" in body
    assert "<li><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></li>" in body
    assert "<td>&lt;i&gt;x&lt;/i&gt;</td><td>1 | 2</td>" in body
    assert "<script>" not in body and "Title" not in body


@pytest.mark.parametrize("path", ["/models/framing/nope/card", "/models/.hidden/v1/card", "/models/nosuch/v1/card"])
def test_a_missing_card_is_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"


def confirmation(response):
    """Return the hidden fields and the button of the page's "are you sure?" form."""
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    section = re.search(r'<section class="confirm.*?</section>', page, re.S)
    assert section, "no confirmation on the page"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', section.group(0)))
    fields.pop("csrf_token")
    button = re.search(r'<button type="submit" name="confirm" value="yes"[^>]*>([^<]+)</button>', section.group(0))
    return {**fields, "confirm": "yes"}, button.group(1)


def test_promote_and_rollback_ask_first_then_change_what_the_service_serves(writer, model_dir, two_versions):
    good, bad = two_versions
    page = writer.get("/models").get_data(as_text=True)
    assert f'<input type="hidden" name="version" value="{bad}">' in page
    fields, button = confirmation(post_form(writer, "/models/promote", {"task": "framing", "version": bad}))
    assert button == f"Yes, promote framing to {bad}"
    assert fields == {"task": "framing", "version": bad, "expected": good, "confirm": "yes"}
    assert current_version(model_dir, "framing") == good  # asking changed nothing
    response = post_form(writer, "/models/promote", fields)
    assert response.status_code == 303 and response.headers["Location"] == "/models"
    assert current_version(model_dir, "framing") == bad
    assert writer.get("/v1/models").json["models"][0]["version"] == bad
    page = writer.get("/models").get_data(as_text=True)
    assert f"framing: {bad} is now current (was {good})." in page
    assert f"Roll back framing to {good}" in page

    fields, button = confirmation(post_form(writer, "/models/rollback", {"task": "framing"}))
    assert button == f"Yes, roll back framing to {good}"
    assert fields == {"task": "framing", "expected": bad, "confirm": "yes"}
    assert current_version(model_dir, "framing") == bad
    response = post_form(writer, "/models/rollback", fields)
    assert response.status_code == 303
    assert current_version(model_dir, "framing") == good
    assert writer.get("/v1/models").json["models"][0]["version"] == good
    assert f"framing: rolled back from {bad} to {good}." in writer.get("/models").get_data(as_text=True)


def test_a_second_submit_of_a_confirmed_rollback_changes_nothing(writer, model_dir, tiny_task, tmp_path, two_versions):
    good, bad = two_versions
    (tmp_path / "third").mkdir()
    third = train_worse(tiny_task, model_dir, tmp_path / "third", promote=False)["version"]
    for version in (bad, third):
        fields, _ = confirmation(post_form(writer, "/models/promote", {"task": "framing", "version": version}))
        assert post_form(writer, "/models/promote", fields).status_code == 303
    # good -> bad -> third: one rollback returns to bad; the same form posted again (a double click) must not
    # go on to good, though the page's next button would.
    fields, _ = confirmation(post_form(writer, "/models/rollback", {"task": "framing"}))
    assert post_form(writer, "/models/rollback", fields).status_code == 303
    assert current_version(model_dir, "framing") == bad
    again = post_form(writer, "/models/rollback", fields)
    assert again.status_code == 409
    assert current_version(model_dir, "framing") == bad
    page = again.get_data(as_text=True)
    assert f"Nothing was changed: the current version of framing is now {bad}, not {third}" in page
    assert 'role="alert"' in page


def session_cookie(client):
    """Return the value of the client's session cookie (its flashed messages travel in it)."""
    return client.get_cookie(SESSION_COOKIE).value


def landing_messages(client, response):
    """Return the messages on the page a browser shows for ``response``: the page itself, or its redirect's."""
    if response.status_code in (302, 303):
        response = client.get(response.headers["Location"])
    page = response.get_data(as_text=True)
    return re.findall(r'<p class="(?:notice|alert)" role="(?:status|alert)">([^<]*)</p>', page)


@pytest.mark.parametrize("action", ["promote", "rollback"])
def test_both_posts_of_a_double_click_on_yes_say_what_happened(writer, model_dir, two_versions, action):
    good, bad = two_versions
    if action == "promote":
        form, changed, done = {"task": "framing", "version": bad}, bad, f"framing: {bad} is now current (was {good})."
    else:
        fields, _ = confirmation(post_form(writer, "/models/promote", {"task": "framing", "version": bad}))
        assert post_form(writer, "/models/promote", fields).status_code == 303
        writer.get("/models")  # shows the promotion's message, so the session holds none
        form, changed, done = {"task": "framing"}, good, f"framing: rolled back from {bad} to {good}."
    fields, _ = confirmation(post_form(writer, f"/models/{action}", form))
    data = {"csrf_token": csrf_token(writer), **fields}
    history = len(read_history(model_dir, "framing"))
    # On a busy server the browser sends the second click's post before the first answer is back, so
    # both carry the same session cookie; the first answer's cookie is stored in between.
    sent = session_cookie(writer)
    first = writer.post(f"/models/{action}", data=data)
    first_cookie = session_cookie(writer)
    writer.set_cookie(SESSION_COOKIE, sent)
    second = writer.post(f"/models/{action}", data=data)
    if "Set-Cookie" not in second.headers:
        writer.set_cookie(SESSION_COOKIE, first_cookie)  # the browser keeps the newest cookie it was sent
    newest = session_cookie(writer)
    assert first.status_code == 303
    assert current_version(model_dir, "framing") == changed
    assert len(read_history(model_dir, "framing")) == history + 1  # changed once
    # Whichever answer the browser follows, the page it lands on says what happened.
    assert done in landing_messages(writer, first)
    writer.set_cookie(SESSION_COOKIE, newest)  # or the second answer, with the cookie jar as it was then
    messages = landing_messages(writer, second)
    assert done in messages or any(m.startswith("Nothing was changed") for m in messages), messages
    assert any(changed in m for m in messages), messages  # and which version is current now


def test_a_confirmed_promotion_is_refused_when_another_one_came_first(writer, model_dir, two_versions):
    good, bad = two_versions
    fields, _ = confirmation(post_form(writer, "/models/promote", {"task": "framing", "version": bad}))
    other = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    sign_in(other)
    assert post_form(other, "/models/promote", fields).status_code == 303
    post_form(other, "/models/promote", {**fields, "version": good, "expected": bad})
    assert current_version(model_dir, "framing") == good
    # The first tab confirmed "bad in place of good"; good is current again, but through another change.
    assert post_form(writer, "/models/promote", {**fields, "expected": "someone-else"}).status_code == 409
    assert current_version(model_dir, "framing") == good


def test_promote_needs_a_sign_in(model_dir, two_versions):
    good, bad = two_versions
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    page = client.get("/models").get_data(as_text=True)
    assert "Sign in to promote a version or roll back" in page
    response = post_form(client, "/models/promote", {"task": "framing", "version": bad})
    assert response.status_code == 401
    assert '<form class="sign-in" method="post" action="/models/promote"' in response.get_data(as_text=True)
    assert current_version(model_dir, "framing") == good
    # The sign-in form posts the same fields with the token: signed in, and asked to confirm.
    response = post_form(client, "/models/promote", {"task": "framing", "version": bad, "token": TOKEN})
    fields, _ = confirmation(response)
    assert current_version(model_dir, "framing") == good
    assert post_form(client, "/models/promote", fields).status_code == 303
    assert current_version(model_dir, "framing") == bad


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
def test_refused_actions_are_shown_on_the_page(writer, model_dir, path, fields, status, message):
    response = post_form(writer, path, fields)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert message in page and 'role="alert"' in page and "<caption>Versions of framing</caption>" in page
    assert str(model_dir) not in page and "confirm" not in re.sub(r"<(script|link)[^>]*>", "", page).lower()


def damage(model_dir, version, name="clf.coef.npy"):
    """Append a byte to one model file of ``version`` (``model.json``: delete it instead); return the file."""
    path = model_dir / "framing" / version / name
    if name == "model.json":
        path.unlink()
    else:
        with open(path, "ab") as fh:
            fh.write(b"x")
    return path


def cli_problems(model_dir):
    """Return ``{version: problem}`` as ``stance models list --json`` reports them, the model folder's path hidden."""
    from click.testing import CliRunner

    from service.cli import cli

    result = CliRunner().invoke(cli, ["models", "list", "--json", "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return {r["version"]: (r["problem"] or "").replace(str(model_dir), "the model folder") or None for r in rows}


def test_a_damaged_version_is_marked_with_the_reason_stance_models_list_gives(writer, model_dir, two_versions):
    good, bad = two_versions
    damage(model_dir, good)
    damage(model_dir, bad, "model.json")
    page = writer.get("/models").get_data(as_text=True)
    rows = version_rows(page)
    expected = cli_problems(model_dir)
    assert expected[good].endswith(" recorded at training time") and expected[bad].endswith("model.json: no such file")
    for version in (good, bad):
        reason = html.unescape(
            re.search(r'damaged</span> <span class="subtle problem">([^<]+)</span>', rows[version]).group(1)
        )
        assert reason == expected[version]
    assert "current</span>" in rows[good]
    assert "Promote" not in rows[bad] and "Promote" not in rows[good]
    assert f"The current version <code>{good}</code> is damaged" in page
    assert str(model_dir) not in page


def test_a_file_changed_after_a_view_shows_on_the_next_view(client, model_dir):
    version = current_version(model_dir, "framing")
    assert "damaged</span>" not in client.get("/models").get_data(as_text=True)
    coef = model_dir / "framing" / version / "clf.coef.npy"
    original = coef.read_bytes()
    damage(model_dir, version)
    assert "damaged</span>" in version_rows(client.get("/models").get_data(as_text=True))[version]
    coef.write_bytes(original)
    assert "damaged</span>" not in client.get("/models").get_data(as_text=True)


def test_promoting_a_damaged_version_is_refused_before_and_after_the_confirmation(writer, model_dir, two_versions):
    good, bad = two_versions
    damage(model_dir, bad, "model.json")
    # A page opened before the file went missing still has the button.
    response = post_form(writer, "/models/promote", {"task": "framing", "version": bad})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Cannot promote {bad}: it does not load (the model folder/framing/{bad}/model.json: no such file)." in page
    assert 'role="alert"' in page and '<section class="confirm' not in page
    confirmed = {"task": "framing", "version": bad, "expected": good, "confirm": "yes"}
    response = post_form(writer, "/models/promote", confirmed)
    assert response.status_code == 400 and "it does not load" in response.get_data(as_text=True)
    assert current_version(model_dir, "framing") == good


def test_a_damaged_rollback_target_has_no_button_and_is_refused(writer, model_dir, two_versions):
    good, bad = two_versions
    fields, _ = confirmation(post_form(writer, "/models/promote", {"task": "framing", "version": bad}))
    assert post_form(writer, "/models/promote", fields).status_code == 303
    damage(model_dir, good)
    page = writer.get("/models").get_data(as_text=True)
    assert f"A rollback returns to <code>{good}</code>, but it is damaged and would be refused" in page
    assert "Roll back framing" not in page
    response = post_form(writer, "/models/rollback", {"task": "framing"})
    assert response.status_code == 409
    assert f"Cannot roll back to {good}: it does not load (the model folder/framing/{good}/clf.coef.npy: SHA-256" in (
        response.get_data(as_text=True)
    )
    # A confirmation page opened before the file changed: refused by model.lifecycle, with the same reason.
    stale = post_form(writer, "/models/rollback", {"task": "framing", "expected": bad, "confirm": "yes"})
    assert stale.status_code == 409 and f"cannot roll back to {good}: it does not load" in stale.get_data(as_text=True)
    assert current_version(model_dir, "framing") == bad


def break_current(model_dir, how):
    """Make the task's CURRENT unreadable in one of the ways a hand edit or a bad copy does; return its problem."""
    pointer = model_dir / "framing" / "CURRENT"
    if how == "folder":
        pointer.unlink()
        pointer.mkdir()
        return "cannot read the current version&#39;s name (Is a directory)"
    if how == "not-utf8":
        pointer.write_bytes(b"\xff\xfe\n")
        return "cannot read the current version&#39;s name (&#39;utf-8&#39; codec can&#39;t decode byte 0xff"
    if how == "bad-name":
        pointer.write_text("../etc\n")
        return "invalid version name &#39;../etc&#39;"
    pointer.write_text("20990101-000000-gone\n")
    return "CURRENT names version 20990101-000000-gone, which is not a complete version of framing"


@pytest.mark.parametrize("how", ["bad-name", "not-utf8", "folder", "dangling"])
def test_a_broken_current_is_shown_and_promoting_a_version_repairs_it(writer, model_dir, two_versions, how):
    good, bad = two_versions
    problem = break_current(model_dir, how)
    response = writer.get("/models")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert problem in page and "Promote a version that loads to repair it." in page
    assert str(model_dir) not in page
    rows = version_rows(page)
    assert set(rows) == {good, bad} and "current</span>" not in page
    assert all("Promote" in row for row in rows.values())
    card = writer.get("/models/framing/current/card")
    assert card.status_code == 404
    refused = post_form(writer, "/models/rollback", {"task": "framing"})
    assert refused.status_code == 409
    if how != "dangling":
        assert problem in card.get_data(as_text=True) and problem in refused.get_data(as_text=True)
    fields, _ = confirmation(post_form(writer, "/models/promote", {"task": "framing", "version": good}))
    expected = "20990101-000000-gone" if how == "dangling" else ""
    assert fields == {"task": "framing", "version": good, "expected": expected, "confirm": "yes"}
    response = post_form(writer, "/models/promote", fields)
    # An empty folder named CURRENT is removed and replaced (one holding files is refused: see test_store).
    assert response.status_code == 303
    assert current_version(model_dir, "framing") == good
    assert f"framing: {good} is now current" in writer.get("/models").get_data(as_text=True)
