"""One rule set for corrections, whether they come through ``POST /v1/feedback`` or the page's "Correct frame".

A text keeps one pending correction (a later one changes it in place); accepted and rejected ones are
history; the API stores a label equal to the model's answer, marked; the model runs once per correction.
The page's own refusal of the model's frame is in test_web_analyze_corrections.py.
"""

import pytest

from tests.conftest import AUTH
from tests.web_helpers import (  # noqa: F401 (this module's fixtures)
    ARTICLE,
    corrections_app,
    corrections_store,
    feedback_db,
    page_app,
    post_form,
    sign_in,
    signed_in_client,
)
from training.feedback import COLUMNS

JSON = {"Accept": "application/json"}
TEXT = "Officials described the border patrols as a calm, routine measure."


def predicted(app, text):
    """The served model's frame of ``text``."""
    return app.extensions["stance"].get().predict([text])[0]["label"]


def others(app, text):
    """The frames the model does not give ``text``, in a fixed order."""
    own = predicted(app, text)
    return [label for label in ("threat", "stability", "neutral") if label != own]


def send(client, label, text=TEXT, **fields):
    """POST one correction to the API."""
    return client.post("/v1/feedback", json={"text": text, "label": label, **fields}, headers=AUTH)


def page_correct(client, number, label):
    """Press "Save correction" of sentence ``number`` of the article, as the page's script does."""
    fields = {"text": ARTICLE, "task": "framing", "correct": str(number), f"label-{number}": label}
    return post_form(client, "/corrections", fields, headers=JSON)


def article_sentence(client, number):
    return client.post("/v1/analyze", json={"text": ARTICLE}).json["sentences"][number - 1]


def test_a_second_label_changes_the_pending_correction_instead_of_adding_one(app, client, store):
    first, second = others(app, TEXT)
    created = send(client, first, note="calm means stability")
    assert created.status_code == 201 and created.json["new"] is True
    changed = send(client, second)
    assert changed.status_code == 200
    answer = changed.json
    assert answer["id"] == created.json["id"] and answer["label"] == second
    assert answer["new"] is False and answer["replaced"] is True and answer["previous_label"] == first
    # No note was sent, so the note written before stays (an empty note would clear it).
    assert answer["note"] == "calm means stability"
    assert store.list() == [{k: answer[k] for k in COLUMNS}]


def test_the_same_label_again_adds_nothing_and_a_new_note_replaces_the_old(app, client, store):
    label = others(app, TEXT)[0]
    answer = send(client, label, note="first reading").json
    row = {k: answer[k] for k in COLUMNS}
    again = send(client, label)
    assert again.status_code == 200
    assert again.json["new"] is False and again.json["replaced"] is False
    assert {k: again.json[k] for k in COLUMNS} == row
    noted = send(client, label, note="second reading")
    assert noted.status_code == 200 and noted.json["replaced"] is True
    assert [(r["id"], r["label"], r["note"]) for r in store.list()] == [(row["id"], label, "second reading")]


def test_accepted_and_rejected_corrections_are_history(app, client, store):
    first, second = others(app, TEXT)
    accepted = send(client, first).json
    store.set_status([accepted["id"]], "accepted")
    # Another label is a new question for the reviewer; the accepted row stays as it was.
    asked = send(client, second)
    assert asked.status_code == 201 and asked.json["id"] != accepted["id"]
    store.set_status([asked.json["id"]], "rejected")
    # Rejected is history too: the same label again is a new pending row.
    again = send(client, second)
    assert again.status_code == 201 and again.json["status"] == "pending"
    # The label already accepted is not asked again while nothing is pending; the answer shows the accepted row.
    store.set_status([again.json["id"]], "rejected")
    known = send(client, first)
    assert known.status_code == 200 and known.json["id"] == accepted["id"] and known.json["status"] == "accepted"
    assert [(r["label"], r["status"]) for r in store.list()] == [
        (first, "accepted"),
        (second, "rejected"),
        (second, "rejected"),
    ]


def test_the_models_own_label_is_stored_through_the_api_and_marked(app, client, store):
    own = predicted(app, TEXT)
    response = send(client, own)
    assert response.status_code == 201
    assert response.json["agrees_with_model"] is True
    # The row keeps the prediction, so a reviewer sees the label confirms the model.
    (row,) = store.list()
    assert row["label"] == row["predicted_label"] == own
    # Changing it to another label is a correction again.
    other = send(client, others(app, TEXT)[0])
    assert other.json["replaced"] is True and other.json["agrees_with_model"] is False


def test_the_api_and_the_page_change_the_same_pending_correction(app, client, store):
    sentence = article_sentence(client, 5)
    first, second = others(app, sentence["text"])
    created = send(client, first, text=sentence["text"], note="sent by the API")
    assert created.status_code == 201
    # The page's button finds the API's correction and changes it.
    from_page = page_correct(client, 5, second)
    assert from_page.status_code == 200
    assert from_page.json["id"] == created.json["id"] and from_page.json["replaced"] is True
    assert from_page.json["previous_label"] == first
    # And the API changes the page's back.
    back = send(client, first, text=sentence["text"])
    assert back.status_code == 200 and back.json["id"] == created.json["id"] and back.json["previous_label"] == second
    assert [(r["label"], r["status"]) for r in store.list()] == [(first, "pending")]


def test_pending_duplicates_from_before_the_rule_are_folded_into_one(app, client, store):
    first, second = others(app, TEXT)
    older = store.add("framing", TEXT, first)
    newest = store.add("framing", TEXT, second)
    response = send(client, first)
    assert response.status_code == 200
    assert response.json["id"] == newest["id"] and response.json["previous_label"] == second
    assert response.json["removed_ids"] == [older["id"]]
    assert [(r["id"], r["label"]) for r in store.list()] == [(newest["id"], first)]


@pytest.mark.parametrize("way", ["api", "page", "page refusing the model's frame"])
def test_each_correction_runs_the_model_once(app, client, monkeypatch, way):
    predictor = app.extensions["stance"].get()
    sentence = article_sentence(client, 2)
    label = sentence["label"] if way.endswith("frame") else others(app, sentence["text"])[0]
    calls = []
    predict = predictor.predict

    def counted(texts, *args, **kwargs):
        calls.append(list(texts))
        return predict(texts, *args, **kwargs)

    monkeypatch.setattr(predictor, "predict", counted)
    if way == "api":
        assert send(client, label, text=sentence["text"]).status_code == 201
    else:
        assert page_correct(client, 2, label).status_code == (400 if way.endswith("frame") else 201)
    assert calls == [[sentence["text"]]]


def test_the_openapi_document_describes_the_answer(client):
    spec = client.get("/openapi.json").json
    responses = spec["paths"]["/v1/feedback"]["post"]["responses"]
    assert responses["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/FeedbackAnswer"}
    assert responses["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/FeedbackAnswer"}
    answer = send(client, "threat").json
    schema = spec["components"]["schemas"]["FeedbackAnswer"]
    assert sorted(schema["required"]) == sorted(answer) == sorted(schema["properties"])
