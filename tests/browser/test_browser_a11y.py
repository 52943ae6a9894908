"""An axe-core scan of every page: no serious or critical accessibility violation.

axe-core comes bundled in the axe-playwright-python package (MPL-2.0 axe-core inside an MIT
package), so the scan runs offline.
"""

import pytest

from tests.browser.helpers import analyse, sign_in_beside_the_analysis
from tests.lifecycle_helpers import train_worse
from tests.web_helpers import TOKEN

BLOCKING = ("serious", "critical")


def violations(page):
    """Run axe on the page as it is now; return its serious and critical violations, readably."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(t for n in v['nodes'] for t in n['target'])}"
        for v in found
    ]


@pytest.fixture
def two_versions(model_dir, tiny_task, tmp_path):
    """A second version, so the models page shows its promote buttons."""
    return train_worse(tiny_task, model_dir, tmp_path, promote=False)["version"]


def test_the_empty_analyze_page(page, server):
    page.goto(server.url + "/")
    assert violations(page) == []


def test_the_analysed_article_signed_out(page, server):
    analyse(page, server)
    assert violations(page) == []


def test_the_analysed_article_signed_in_with_an_explanation_open(page, server):
    analyse(page, server)
    sign_in_beside_the_analysis(page)
    first = page.locator("li.sentence").first
    first.locator("summary").click()
    first.locator(".explanation table").first.wait_for()
    first.get_by_label("Correct frame", exact=True).select_option("neutral")
    first.get_by_role("button", name="Save correction").click()
    first.get_by_text("Corrected to neutral").wait_for()
    assert violations(page) == []


def test_a_form_error(page, server):
    page.goto(server.url + "/")
    page.get_by_role("button", name="Analyze", exact=True).click()
    page.get_by_role("alert").wait_for()
    assert violations(page) == []


def test_the_models_page(page, server, two_versions):
    page.goto(server.url + "/models")
    assert violations(page) == []
    page.goto(server.url + "/sign-in?next=/models")
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=f"Promote {two_versions}").wait_for()
    assert violations(page) == []


def test_the_sign_in_page_and_its_error(page, server):
    page.goto(server.url + "/sign-in")
    assert violations(page) == []
    page.get_by_label("Token", exact=True).fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").wait_for()
    assert violations(page) == []


def test_a_model_card_and_a_missing_page(page, server, model_dir):
    from model.store import current_version

    page.goto(f"{server.url}/models/framing/{current_version(model_dir, 'framing')}/card")
    assert violations(page) == []
    page.goto(f"{server.url}/models/framing/nope/card")
    assert violations(page) == []


def test_the_scan_finds_what_it_should(page):
    # An unlabelled field and an image without text: the scan must see both, or a clean result means nothing.
    page.set_content('<html><body><input type="text"><img src="x.png"></body></html>')
    found = violations(page)
    assert any(v.startswith("label (critical)") for v in found)
    assert any(v.startswith("image-alt (critical)") for v in found)
