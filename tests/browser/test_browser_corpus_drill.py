"""In chromium: the sentences behind a number name their article; deleting a corpus asks first; axe scans."""

from tests.browser.helpers import upload_corpus
from tests.browser.test_browser_a11y import violations
from tests.test_web_corpus import corpus_csv


def test_drill_down_then_delete_the_corpus(page, jobs_server, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(corpus_csv())
    upload_corpus(page, jobs_server, path)
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
