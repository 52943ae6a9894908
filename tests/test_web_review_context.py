"""``/review``: each queue item with the sentences around it, frame badges in colour, confirmations marked."""

import html
import io
import json
import re

import pytest

from service.review_context import MAX_CONTEXT_CHARS, neighbours
from service.web.review_job import load_queue
from tests.web_helpers import (
    csrf_token,
    feedback_db,
    inline_jobs_app,  # noqa: F401 (this module's "app")
    post_form,
    sign_in,
)
from training.feedback import FeedbackStore

# A short report written for these tests, one sentence a line: the third needs the second to be judged.
REPORT = [
    "Two bombers flew along the coast on Sunday.",
    "The defence ministry of Orvia tracked them for an hour.",
    "It said the flights stayed over international waters.",
    "Fishermen in the bay said the noise frightened them.",
    "The ministry called the patrols routine and harmless.",
]


def start_queue(client, name, data, n):
    """Upload ``data`` as file ``name``, start a queue of ``n`` and return its URL."""
    form = {"n": str(n), "file": (io.BytesIO(data.encode()), name)}
    response = post_form(client, "/review", form, token=csrf_token(client, "/review"))
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def shown(page, which):
    """Return the context line ``before`` or ``after`` on an item's page, or ``None``."""
    found = re.search(rf'<p class="review-context" id="context-{which}">.*?</span> (.*?)</p>', page, re.S)
    return html.unescape(found.group(1)) if found else None


def test_each_item_shows_the_lines_before_and_after_it(client):
    sign_in(client)
    url = start_queue(client, "report.txt", "\n".join(REPORT), len(REPORT))
    for position in range(1, len(REPORT) + 1):
        page = client.get(f"{url}?item={position}").get_data(as_text=True)
        text = html.unescape(re.search(r'<blockquote class="review-text">(.*?)</blockquote>', page, re.S).group(1))
        index = REPORT.index(text)
        assert shown(page, "before") == (REPORT[index - 1] if index > 0 else None)
        assert shown(page, "after") == (REPORT[index + 1] if index + 1 < len(REPORT) else None)


def test_neighbours_stay_in_their_article_in_stance_analyze_rows(client, app):
    sign_in(client)
    # The rows stance analyze writes: two articles, sentence numbering from 0 in each.
    rows = ["id,sentence,text"]
    rows += [f"a,{i},{text}" for i, text in enumerate(REPORT[:3])]
    rows += [f"b,{i},{text}" for i, text in enumerate(REPORT[3:])]
    url = start_queue(client, "rows.csv", "\n".join(rows) + "\n", len(REPORT))
    from service.web.jobs import JobStore

    store = JobStore(app.config["JOBS_DB"])
    items = {item["text"]: item for item in load_queue(store.job_folder(url.rsplit("/", 1)[1]))}
    assert (items[REPORT[2]]["before"], items[REPORT[2]]["after"]) == (REPORT[1], None)
    assert (items[REPORT[3]]["before"], items[REPORT[3]]["after"]) == (None, REPORT[4])


def test_frame_badges_have_their_colour_and_confirmations_are_marked(client, model_dir):
    sign_in(client)
    url = start_queue(client, "report.txt", "\n".join(REPORT), 2)
    page = client.get(url).get_data(as_text=True)
    predicted = re.search(r'data-frame="([^"]+)"', page).group(1)
    tone = {"threat": "red", "stability": "blue", "neutral": "grey"}[predicted]
    assert f'The model says <span class="badge tone-{tone}">{predicted}</span>' in page
    # Labelling with the model's own frame is an answer here; the page says it confirms the model.
    post_form(client, url + "/label", {"item": "1", "label": predicted}, token=csrf_token(client, url))
    page = client.get(f"{url}?item=1").get_data(as_text=True)
    assert f"labelled {predicted}, confirms the model (correction #1, pending)." in page
    assert f"Already labelled {predicted} (confirms the model)." in page
    store = FeedbackStore(feedback_db(model_dir))
    other = next(label for label in ("threat", "stability", "neutral") if label != predicted)
    store.add("framing", "The radar crews went home early on Friday.", other, predicted, "v1")
    review = client.get("/review").get_data(as_text=True)
    table = re.search(r"<caption>Corrections waiting for review</caption>.*?</table>", review, re.S).group(0)
    first, second = re.findall(r"<tr><th scope=\"row\">\d+</th>(.*?)</tr>", table, re.S)
    assert first.count(f'<span class="badge tone-{tone}">{predicted}</span>') == 2
    assert '<span class="tag confirms">confirms the model</span>' in first
    assert "confirms the model" not in second
    other_tone = {"threat": "red", "stability": "blue", "neutral": "grey"}[other]
    assert f'<span class="badge tone-{other_tone}">{other}</span>' in second


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "txt"])
def test_neighbours_read_every_review_format(tmp_path, fmt):
    texts = ["First line.", "", "Second line.", "Third line."]
    path = tmp_path / f"rows.{fmt}"
    if fmt == "txt":
        path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("\n".join(json.dumps({"text": t}) for t in texts) + "\n", encoding="utf-8")
    else:
        sep = "\t" if fmt == "tsv" else ","
        path.write_text("\n".join(["n" + sep + "text", *(f"{i}{sep}{t}" for i, t in enumerate(texts))]) + "\n")
    # Rows are numbered as the queue numbers them: data rows from 1, the blank one counted but skipped.
    assert neighbours(path, fmt, "text", [1, 3]) == {
        1: {"before": None, "after": "Second line."},
        3: {"before": "First line.", "after": "Third line."},
    }


def test_a_long_neighbour_is_cut_and_an_unreadable_file_gives_no_context(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 400 + "\nThe short one.\n", encoding="utf-8")
    before = neighbours(path, "txt", "text", [2])[2]["before"]
    assert len(before) == MAX_CONTEXT_CHARS and before.endswith("…")
    assert neighbours(tmp_path / "gone.txt", "txt", "text", [1]) == {}


def test_the_page_never_flips_a_decided_correction(client, model_dir):
    sign_in(client)
    store = FeedbackStore(feedback_db(model_dir))
    row = store.add("framing", "The radar crews went home early on Friday.", "neutral")
    decide = {"id": str(row["id"]), "action": "accept"}
    assert post_form(client, "/review/corrections", decide, token=csrf_token(client, "/review")).status_code == 303
    # The same row from a page opened before: rejecting it now would undo a decision without a word.
    stale = post_form(
        client, "/review/corrections", {**decide, "action": "reject"}, token=csrf_token(client, "/review")
    )
    assert stale.status_code == 409
    assert f"Correction #{row['id']} is already accepted; nothing changed." in html.unescape(
        stale.get_data(as_text=True)
    )
    assert store.get(row["id"])["status"] == "accepted"
