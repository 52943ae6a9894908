"""In chromium: the sentences behind a number name their article; deleting a corpus asks first; axe scans."""

import pytest

from tests.browser.helpers import serve
from tests.browser.test_browser_a11y import violations
from tests.test_web_corpus import corpus_csv
from tests.web_helpers import TOKEN


@pytest.fixture
def server(browser, model_dir):
    """The app with a token, its jobs run in the request so the page shows the result at once."""
    with serve(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True) as live:
        yield live


def test_drill_down_then_delete_the_corpus(page, server, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(corpus_csv())
    page.goto(server.url + "/corpus")
    page.get_by_label("Corpus file").set_input_files(str(path))
    page.get_by_label("Text column").fill("body")
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Upload and analyse").click()
    page.get_by_role("table", name="Totals").wait_for()
    dashboard = page.url

    page.locator("a[data-cell]").first.click()
    line = page.locator(".article-of").first
    line.wait_for()
    # The test corpus has ids, outlets and dates (no title column).
    assert "Article a" in line.inner_text() and page.locator(".article-of time").count() >= 1
    assert violations(page) == []

    page.goto(dashboard)
    page.get_by_role("button", name="Delete this corpus…").click()
    page.get_by_role("heading", name="Delete this corpus: are you sure?").wait_for()
    assert violations(page) == []
    page.get_by_role("button", name="Yes, delete ledger.csv").click()
    page.get_by_role("status").filter(has_text="Deleted the corpus ledger.csv").wait_for()
    assert page.get_by_role("link", name="ledger.csv").count() == 0
    assert violations(page) == []
