"""In chromium: the cards say whom a resolved sentence is credited to, and a table upload points to /corpus."""

from tests.browser.helpers import analyse
from tests.test_web_second_analyst import CREDITS, HEADER_CSV


def test_the_cards_show_the_resolved_name_and_the_credit_lines(page, server):
    analyse(page, server, CREDITS)
    cards = page.locator("li.sentence")
    assert cards.count() == 7
    pronoun = cards.nth(1).locator(".resolved")
    assert pronoun.is_visible()
    # Seen as an arrow and the name; the arrow itself is hidden from screen readers, which hear "(meaning ...)".
    assert pronoun.locator("[aria-hidden=true]").inner_text() == "→"
    assert pronoun.text_content() == "→(meaning Harbour Commander Tomas Rilke)"
    assert cards.nth(1).locator(".source").inner_text() == "He"
    credits = [cards.nth(i).locator(".sentence-credit").all_inner_texts() for i in range(7)]
    assert credits == [
        [],
        [],
        [],
        ["Rejects the claim of the sentence before: Velmor"],
        [],
        ["Quote continues: Admiral Petra Sand"],
        ["Quote continues: Admiral Petra Sand"],
    ]
    # The line sits between the sentence and its tools, inside the card.
    line = cards.nth(3).locator(".sentence-credit").bounding_box()
    text = cards.nth(3).locator(".sentence-text").bounding_box()
    assert line["y"] >= text["y"] + text["height"] - 1


def test_a_csv_upload_is_refused_with_a_link_to_the_corpus_page(page, server, tmp_path):
    path = tmp_path / "boats.csv"
    path.write_text(HEADER_CSV, encoding="utf-8")
    page.goto(server.url + "/")
    page.get_by_label("Or upload a .txt file").set_input_files(str(path))
    page.get_by_role("button", name="Analyze", exact=True).click()
    alert = page.get_by_role("alert")
    assert "The file boats.csv is a CSV file, a table, not an article." in alert.inner_text()
    assert page.locator("li.sentence").count() == 0
    alert.get_by_role("link", name="Go to the Corpus page to analyse the table").click()
    page.wait_for_url(server.url + "/corpus")
    assert page.get_by_label("Corpus file").is_visible()
