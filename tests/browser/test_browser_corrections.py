"""In chromium: "Correct frame" saves only with its button, one pending correction per sentence; models ask first."""

import pytest

from model.store import current_version
from tests.browser.helpers import analyse, api_analysis, sign_in_beside_the_analysis, stored
from tests.lifecycle_helpers import train_worse
from tests.web_helpers import TOKEN


def test_choosing_saves_nothing_and_a_second_frame_changes_the_first(page, server, model_dir, tiny_task):
    analyse(page, server)
    sign_in_beside_the_analysis(page)
    row = page.locator("li.sentence").nth(1)
    own = row.get_attribute("data-frame")
    first, second = (f for f in ("threat", "stability", "neutral") if f != own)
    choice = row.get_by_label("Correct frame", exact=True)
    # The model's own frame is listed but cannot be chosen.
    assert choice.locator(f'option[value="{own}"]').is_disabled()
    choice.select_option(first)
    page.wait_for_timeout(300)
    assert stored(model_dir, tiny_task) == [] and row.locator(".correction-status").inner_text() == ""
    url = page.url
    row.get_by_role("button", name="Save correction").click()
    row.get_by_text(f"Corrected to {first}").wait_for()
    choice.select_option(second)
    row.get_by_role("button", name="Save correction").click()
    row.get_by_text(f"Corrected to {second} (#1, pending), was {first}").wait_for()
    assert page.url == url  # saved by the script, the page stays
    sentence = api_analysis(page, server)["sentences"][1]
    assert [(r["id"], r["text"], r["label"]) for r in stored(model_dir, tiny_task)] == [(1, sentence["text"], second)]


def test_a_signed_out_correction_asks_for_the_token_when_saved(page, server, model_dir, tiny_task):
    analyse(page, server)
    row = page.locator("li.sentence").first
    row.get_by_label("Correct frame", exact=True).select_option("neutral")
    assert page.get_by_label("Token", exact=True).count() == 0
    row.get_by_role("button", name="Save correction").click()
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.locator("li.sentence").first.get_by_text("Corrected to neutral").wait_for()
    assert [r["label"] for r in stored(model_dir, tiny_task)] == ["neutral"]


@pytest.fixture
def two_versions(model_dir, tiny_task, tmp_path):
    """``(current, candidate)``: the tiny model and a second version that is not current."""
    good = current_version(model_dir, "framing")
    return good, train_worse(tiny_task, model_dir, tmp_path, promote=False)["version"]


def test_promote_asks_first_and_a_double_click_on_yes_promotes_once(page, server, model_dir, two_versions):
    good, bad = two_versions
    page.goto(server.url + "/sign-in?next=/models")
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=f"Promote {bad}").click()
    yes = page.get_by_role("button", name=f"Yes, promote framing to {bad}")
    yes.wait_for()
    assert current_version(model_dir, "framing") == good
    yes.dblclick()
    # On a busy machine both clicks post: the page shown is the first answer's or the second's ("Nothing
    # was changed"), and the second may also show the first one's message, so either is enough.
    page.get_by_text(f"framing: {bad} is now current (was {good}).").or_(
        page.get_by_text("Nothing was changed")
    ).first.wait_for()
    assert current_version(model_dir, "framing") == bad
    page.goto(server.url + "/models")
    page.get_by_role("button", name=f"Roll back framing to {good}").click()
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name=f"Roll back framing to {good}").wait_for()
    assert current_version(model_dir, "framing") == bad
