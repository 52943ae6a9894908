"""In chromium at a phone's width (390 px): wide tables scroll inside their own box, never the whole page."""

import pytest

from tests.browser.helpers import analyse, upload_corpus
from tests.browser.test_browser_a11y import violations
from tests.test_web_corpus import corpus_csv

WIDTH = 390
# Written for this test: long source names make the "Who says what" table wider than a phone.
LONG_NAMES = (
    "The Deputy Minister for Coastal Defence and Maritime Infrastructure warned that the drills endanger the bay.\n"
    "The Independent Institute for Northern Security Studies said the patrols keep the region calm.\n"
    "The Association of Harbour Pilots and Ferry Operators said the convoy threatens the ferries."
)


@pytest.fixture
def narrow(browser):
    """A page in a fresh context as wide as a phone's screen."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def page_width(page):
    """How wide the document is: more than the screen means the whole page scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")


def scrolls_inside(page, selector):
    """Whether the box matching ``selector`` is narrower than its content (so it scrolls itself)."""
    return page.locator(selector).first.evaluate("box => box.scrollWidth > box.clientWidth")


def test_the_analysis_fits_a_phone_and_its_table_scrolls_in_its_box(narrow, server):
    analyse(narrow, server, LONG_NAMES)
    assert page_width(narrow) == WIDTH
    assert scrolls_inside(narrow, ".who-says")
    assert violations(narrow) == []


def test_the_dashboard_and_the_corpus_list_fit_a_phone(narrow, jobs_server, tmp_path):
    path = tmp_path / "articles.csv"
    path.write_bytes(corpus_csv())
    upload_corpus(narrow, jobs_server, path)
    assert page_width(narrow) == WIDTH
    # The frames tables have a column per frame: wider than the phone, they scroll in their boxes.
    assert narrow.locator(".table-scroll table.frames").count() >= 1
    assert scrolls_inside(narrow, ".table-scroll:has(table.frames)")
    assert violations(narrow) == []
    narrow.goto(jobs_server.url + "/corpus")
    assert page_width(narrow) == WIDTH
