"""The rules of "Correct frame" on ``/``: one pending correction per sentence, none equal to the model's frame.

The page stores through the same function as ``POST /v1/feedback`` (test_web_corrections.py); these
tests are about what a person clicking through an article expects on top of that.
"""

import re
from pathlib import Path

import pytest

from tests.web_helpers import (
    ARTICLE,
    TOKEN,
    corrections_store,  # noqa: F401 (this module's fixtures)
    page_app,
    post_form,
    sentence_items,
    sign_in,
)

LABELS = ("threat", "stability", "neutral")
JSON = {"Accept": "application/json"}


@pytest.fixture
def writer(model_dir):
    """A client signed in to an app with a token configured."""
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    assert sign_in(client).status_code == 303
    return client


def sentence(client, number):
    """The API's analysis of sentence ``number`` of the article."""
    return client.post("/v1/analyze", json={"text": ARTICLE}).json["sentences"][number - 1]


def others(client, number):
    """The frames the model does not give sentence ``number``."""
    own = sentence(client, number)["label"]
    return [label for label in LABELS if label != own]


def correct(client, number, label, **kwargs):
    """Press "Save correction" of sentence ``number`` with ``label`` chosen."""
    fields = {"text": ARTICLE, "task": "framing", "correct": str(number), f"label-{number}": label}
    return post_form(client, "/corrections", fields, **kwargs)


def notice(response):
    return re.search(r'<p class="notice" role="status">([^<]*)</p>', response.get_data(as_text=True)).group(1)


def test_a_new_frame_for_the_same_sentence_changes_the_pending_correction(writer, store):
    first, second = others(writer, 2)
    assert correct(writer, 2, first).status_code == 200
    response = correct(writer, 2, second)
    assert response.status_code == 200
    assert [(r["id"], r["label"], r["status"]) for r in store.list()] == [(1, second, "pending")]
    assert notice(response) == f"Correction #1 changed: sentence 2 is {second} (pending review), no longer {first}."
    row = sentence_items(response.get_data(as_text=True))[1]
    assert f"Corrected to <strong>{second}</strong> (#1, pending), was {first}" in row
    # The script gets POST /v1/feedback's answer: back to the first frame changes the same row again.
    answer = correct(writer, 2, first, headers=JSON)
    assert answer.status_code == 200
    assert answer.json["id"] == 1 and answer.json["label"] == first
    assert answer.json["new"] is False and answer.json["replaced"] is True
    assert answer.json["previous_label"] == second and answer.json["agrees_with_model"] is False
    assert [(r["id"], r["label"]) for r in store.list()] == [(1, first)]


def test_the_same_frame_again_stores_nothing_new(writer, store):
    label = others(writer, 3)[0]
    correct(writer, 3, label)
    response = correct(writer, 3, label)
    assert response.status_code == 200
    assert len(store.list()) == 1
    assert (
        notice(response) == f"Sentence 3 is already corrected to {label} (#1, pending review): nothing new was saved."
    )
    assert "Already corrected to <strong>" in sentence_items(response.get_data(as_text=True))[2]
    answer = correct(writer, 3, label, headers=JSON)
    assert answer.status_code == 200 and answer.json["new"] is False and answer.json["id"] == 1


def test_a_frame_someone_accepted_is_not_stored_again(writer, store):
    label = others(writer, 3)[0]
    correct(writer, 3, label)
    store.set_status([1], "accepted")
    response = correct(writer, 3, label)
    assert "already corrected to" in notice(response) and "(#1, accepted)" in notice(response)
    assert [(r["id"], r["status"]) for r in store.list()] == [(1, "accepted")]
    # Another frame for it is a new question for the reviewer, beside the accepted one.
    other = next(x for x in others(writer, 3) if x != label)
    correct(writer, 3, other)
    assert [(r["label"], r["status"]) for r in store.list()] == [(label, "accepted"), (other, "pending")]


def test_after_a_rejection_the_same_frame_is_a_new_question(writer, store):
    label = others(writer, 4)[0]
    correct(writer, 4, label)
    store.set_status([1], "rejected")
    response = correct(writer, 4, label)
    assert notice(response) == f"Correction #2 saved: sentence 4 is {label} (pending review)."
    assert [(r["id"], r["label"], r["status"]) for r in store.list()] == [(1, label, "rejected"), (2, label, "pending")]


def test_the_models_own_frame_is_refused_and_the_analysis_stays(writer, store):
    own = sentence(writer, 1)["label"]
    response = correct(writer, 1, own)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = (
        f"Correction of sentence 1 not saved. The model already gives this sentence {own}, so there is nothing "
        "to correct; choose another frame."
    )
    assert message in page and 'role="alert"' in page
    # The analysis is still on the page, with the refusal beside the sentence.
    assert len(sentence_items(page)) == 6
    assert "<strong>Not saved:</strong> " + message in sentence_items(page)[0]
    assert 'id="label-1" name="label-1" class="correct-frame" aria-invalid="true"' in page
    assert store.list() == []
    answer = correct(writer, 1, own, headers=JSON)
    assert answer.status_code == 400 and answer.json["error"]["message"] == message


def test_refusing_the_models_frame_says_how_to_withdraw_a_pending_correction(writer, store):
    own = sentence(writer, 2)["label"]
    correct(writer, 2, others(writer, 2)[0])
    page = correct(writer, 2, own).get_data(as_text=True)
    assert "to withdraw correction #1" in page and "reject it on the review page" in page
    assert len(store.list(status="pending")) == 1


def test_the_models_own_frame_cannot_be_chosen_in_the_list(writer):
    page = post_form(writer, "/", {"text": ARTICLE}).get_data(as_text=True)
    frames = [s["label"] for s in writer.post("/v1/analyze", json={"text": ARTICLE}).json["sentences"]]
    for number, (item, own) in enumerate(zip(sentence_items(page), frames, strict=True), start=1):
        select = re.search(rf'<select id="label-{number}".*?</select>', item, re.S).group(0)
        assert f'<option value="{own}" disabled>{own} (the model\'s frame)</option>' in select
        for label in LABELS:
            if label != own:
                assert f'<option value="{label}">{label}</option>' in select


def test_choosing_a_frame_saves_nothing_only_the_button_does():
    # Without script the select cannot post, and the script must not post on a choice either: it listens
    # to the Save button's submit only (the browser test drives it with the mouse and the keyboard).
    script = (Path(__file__).parents[1] / "service" / "web" / "static" / "workbench.js").read_text()
    assert '"change"' not in script and '"keydown"' not in script
    assert 'button.name !== "correct"' in script


def test_the_review_queue_may_store_the_models_frame_and_a_second_label_changes_the_first(model_dir, store):
    from tests.test_web_review import start_queue

    client = page_app(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True).test_client()
    sign_in(client)
    url = start_queue(client)
    page = client.get(url).get_data(as_text=True)
    predicted = re.search(r'class="review-item" aria-labelledby="item-h" data-frame="(\w+)"', page).group(1)
    response = post_form(client, url + "/label", {"item": "1", "label": predicted})
    assert response.status_code == 303
    assert [(r["label"], r["predicted_label"]) for r in store.list()] == [(predicted, predicted)]
    other = next(label for label in LABELS if label != predicted)
    post_form(client, url + "/label", {"item": "1", "label": other})
    assert [(r["id"], r["label"]) for r in store.list()] == [(1, other)]
    page = client.get(url).get_data(as_text=True)
    assert f"Sentence 1 labelled {other} (correction #1, pending, was {predicted})." in page
