"""Correcting a sentence's frame on the page: stored as ``POST /v1/feedback`` stores it, shown on its row."""

import json

import pytest
from click.testing import CliRunner

from service.cli import cli
from tests.web_helpers import ARTICLE, TOKEN, feedback_list_args, page_app, post_form, sentence_items, sign_in


@pytest.fixture
def writer(model_dir):
    """A client signed in to an app with a token configured."""
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    assert sign_in(client).status_code == 303
    return client


def sentences(client):
    return client.post("/v1/analyze", json={"text": ARTICLE}).json["sentences"]


def correct(client, number, label, **kwargs):
    """Post the results form's "Save correction" button of sentence ``number``."""
    return post_form(client, "/corrections", {"text": ARTICLE, "task": "framing", "correct": str(number), f"label-{number}": label}, **kwargs)  # fmt: skip


def other_label(sentence):
    return next(label for label in ("threat", "stability", "neutral") if label != sentence["label"])


def feedback_list(model_dir, tiny_task):
    """Return ``stance feedback list --json`` of the model folder's store."""
    result = CliRunner().invoke(cli, feedback_list_args(model_dir, tiny_task))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_sentence_has_a_correct_frame_control_once_a_token_is_configured(writer):
    page = post_form(writer, "/", {"text": ARTICLE}).get_data(as_text=True)
    for number, item in enumerate(sentence_items(page), start=1):
        assert f'<label for="label-{number}">Correct frame</label>' in item
        assert f'<select id="label-{number}" name="label-{number}"' in item
        assert f'name="correct" value="{number}"' in item


def test_a_correction_is_stored_as_the_api_stores_it_and_listed(writer, model_dir, tiny_task):
    sentence = sentences(writer)[1]
    label = other_label(sentence)
    response = correct(writer, 2, label)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Correction #1 saved: sentence 2 is" in page
    row = sentence_items(page)[1]
    assert f'data-corrected="{label}"' in row and f"Corrected to <strong>{label}</strong> (#1, pending)" in row
    assert f'data-frame="{sentence["label"]}"' in row  # the model's frame stays what the API says

    # The API follows the same rules on the same store: the same label again finds the page's row.
    api = writer.post(
        "/v1/feedback", json={"text": sentence["text"], "label": label}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert api.status_code == 200
    assert api.json["new"] is False and api.json["replaced"] is False
    (page_row,) = feedback_list(model_dir, tiny_task)
    # merge is what `feedback list` says training will do with it.
    assert {k: v for k, v in page_row.items() if k != "merge"} == {k: api.json[k] for k in page_row if k != "merge"}
    assert page_row["id"] == 1 and page_row["text"] == sentence["text"] and page_row["label"] == label
    assert page_row["predicted_label"] == sentence["label"] and page_row["status"] == "pending"


def test_the_script_gets_the_stored_row_as_json(writer):
    response = correct(writer, 1, "neutral", headers={"Accept": "application/json"})
    assert response.status_code == 201
    assert response.json["label"] == "neutral" and response.json["text"] == sentences(writer)[0]["text"]


def test_only_the_corrected_row_shows_the_correction(writer):
    items = sentence_items(correct(writer, 3, "threat").get_data(as_text=True))
    assert 'data-corrected="threat"' in items[2]
    assert not any("data-corrected" in item for i, item in enumerate(items) if i != 2)


def test_correcting_while_signed_out_asks_for_the_token_and_then_saves(model_dir, tiny_task):
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    response = correct(client, 4, "threat")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Sign in to save a correction." in page
    assert '<form class="sign-in" method="post" action="/corrections"' in page
    assert '<input type="hidden" name="label-4" value="threat">' in page
    assert feedback_list(model_dir, tiny_task) == []
    # The sign-in form posts the same fields with the token: signed in, and the correction is saved.
    response = post_form(
        client,
        "/corrections",
        {"text": ARTICLE, "task": "framing", "correct": "4", "label-4": "threat", "token": TOKEN},
    )
    assert response.status_code == 200
    assert [(r["label"], r["text"]) for r in feedback_list(model_dir, tiny_task)] == [
        ("threat", sentences(client)[3]["text"])
    ]


def test_the_script_is_told_to_sign_in_with_json(model_dir):
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    response = correct(client, 1, "threat", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_without_a_token_there_are_no_controls_and_posts_are_refused(client):
    page = post_form(client, "/", {"text": ARTICLE}).get_data(as_text=True)
    assert "Correct frame" not in page
    assert "Corrections are off" in page
    response = correct(client, 1, "threat")
    assert response.status_code == 403
    assert "no token configured" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("number", "label", "message"),
    [
        ("1", "", "Choose the right frame for sentence 1 first."),
        ("1", "sunny", "Unknown label &#39;sunny&#39; for task &#39;framing&#39;"),
        ("7", "threat", "This article has no sentence 7 (it has 6)."),
    ],
)
def test_a_bad_correction_is_a_form_error_and_stores_nothing(writer, model_dir, tiny_task, number, label, message):
    response = post_form(writer, "/corrections", {"text": ARTICLE, "correct": number, f"label-{number}": label})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'role="alert"' in page
    assert feedback_list(model_dir, tiny_task) == []
