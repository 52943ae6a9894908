"""In chromium: upload a small corpus and see its dashboard; label a review queue with the keyboard; axe scans."""

from tests.browser.helpers import upload_corpus
from tests.browser.test_browser_a11y import violations
from tests.test_web_corpus import corpus_csv
from tests.web_helpers import TOKEN


def test_upload_a_corpus_and_see_the_dashboard(page, jobs_server, tmp_path):
    path = tmp_path / "articles.csv"
    path.write_bytes(corpus_csv())
    upload_corpus(page, jobs_server, path)
    assert page.get_by_role("heading", name="Who says what across the corpus").count() == 1
    assert page.locator("svg[role=img]").count() >= 2
    assert violations(page) == []
    page.get_by_label("Confidence threshold").fill("0.6")
    page.get_by_role("button", name="Apply").click()
    page.locator('[data-total="uncertain"]').wait_for()
    assert violations(page) == []


def test_keyboard_only_review(page, jobs_server, tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_text("The patrols keep the border calm.\nThe missiles endanger the villages.\n", encoding="utf-8")
    page.goto(jobs_server.url + "/sign-in?next=/review")
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_label("Token", exact=True).press("Enter")
    page.get_by_label("Or a file of sentences").set_input_files(str(path))
    page.get_by_role("button", name="Find the least-certain sentences").click()
    page.get_by_text("Sentence 1 of 2").wait_for()
    assert violations(page) == []
    page.wait_for_load_state("domcontentloaded")
    page.keyboard.press("1")
    page.get_by_text("Sentence 2 of 2").wait_for()
    # The number keys work once the deferred script has run; the text shows before it does.
    page.wait_for_load_state("domcontentloaded")
    page.keyboard.press("3")
    page.get_by_text("Every sentence of this queue is done").wait_for()
    page.goto(jobs_server.url + "/review")
    assert page.get_by_role("button", name="Accept correction 1").count() == 1
    assert violations(page) == []
