"""Fixes from a second analyst's session: whom a resolved sentence is credited to, tables refused on ``/``,
corrections without stray quotation marks, notes kept, and JSON types named in words."""

import html
import io
import json
import re

import pytest
from batch_helpers import read_jsonl, run_score
from flask import render_template

from model.json_kind import json_kind
from service.web.article_view import Credit, Piece, SentenceRow, mark_sources, spanless_credits
from tests.conftest import AUTH
from tests.web_helpers import (  # noqa: F401 (this module's fixtures)
    corrections_app,
    corrections_store,
    feedback_db,
    page_app,
    post_form,
    sentence_items,
    sign_in,
    signed_in_client,
)
from training.data import DataError, load_labeled
from training.feedback import FeedbackError, trim_stray_quotes

LABELS = ("threat", "stability", "neutral")
# Written for these tests. Sentence 2 credits a pronoun, 4 rejects the claim of 3, 6 and 7 are one
# quotation running on after its speaker's sentence 5.
CREDITS = (
    "Harbour Commander Tomas Rilke was not convinced.\n"
    "He said the new patrol boats guard the fishing grounds.\n"
    "Velmor said the patrol boats were a provocation.\n"
    "Ostrin dismissed the claims as propaganda.\n"
    'Admiral Petra Sand said the drill was routine. "The fleet is ready. It will not be drawn into a quarrel."'
)
# A quotation over two sentences, closed by its speaker: sentence 1 keeps only the opening mark.
QUOTED = (
    "\u201cNobody should read the harbour drills as a threat. The boats stay in our waters,\u201d "
    "said Captain Ilse Varga."
)


def words(fragment):
    """The text a reader sees in an HTML fragment: tags and visually hidden text removed, entities decoded."""
    fragment = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def card_texts(response):
    """Per sentence card, what it shows above its tools: the marked text and its credit lines."""
    cards = sentence_items(response.get_data(as_text=True))
    return [words(re.search(r'<p class="sentence-text">.*?(?=<div class="sentence-tools">)', c, re.S).group(0)) for c in cards]  # fmt: skip


def other_label(app, text):
    """A frame the served model does not give ``text``."""
    own = app.extensions["stance"].get().predict([text])[0]["label"]
    return next(label for label in LABELS if label != own)


# 1. The cards say to whom a resolved sentence is credited.


def test_the_cards_name_the_pronoun_the_earlier_claim_and_the_quotation(client):
    response = post_form(client, "/", {"text": CREDITS})
    assert response.status_code == 200
    cards = card_texts(response)
    assert len(cards) == 7
    assert cards[1] == "He → Harbour Commander Tomas Rilke said the new patrol boats guard the fishing grounds."
    assert cards[3] == "Ostrin dismissed the claims as propaganda. Rejects the claim of the sentence before: Velmor"
    assert cards[5] == '"The fleet is ready. Quote continues: Admiral Petra Sand'
    assert cards[6] == 'It will not be drawn into a quarrel." Quote continues: Admiral Petra Sand'
    # Sentences with their own named source get no extra line.
    assert cards[0] == "Harbour Commander Tomas Rilke was not convinced."
    assert cards[2] == "Velmor said the patrol boats were a provocation."


def test_a_screen_reader_hears_the_resolved_name_in_words(client):
    page = post_form(client, "/", {"text": CREDITS}).get_data(as_text=True)
    second = sentence_items(page)[1]
    assert '<span aria-hidden="true">→</span><span class="visually-hidden">(meaning</span>' in second


def test_the_card_names_a_source_as_the_who_says_what_table_does():
    # "the harbour office" is written in full earlier; the table shows it without its article, capitalised.
    attributions = [
        {"source": "the harbour office", "start": 0, "end": 2, "role": "speaker", "resolved_from": "It"},
    ]
    pieces = mark_sources("It said the buoys were moved.", attributions, name_of=lambda s: "Harbour office")
    assert pieces[0] == Piece("It", attributions[0], "", "Harbour office")
    # Without a table of names the source is shown as the analysis has it.
    assert mark_sources("It said so.", attributions)[0].resolved == "the harbour office"
    # A named source is not a pronoun: nothing to resolve.
    named = [{"source": "Velmor", "start": 0, "end": 6, "role": "speaker"}]
    assert mark_sources("Velmor said so.", named)[0].resolved == ""


def test_a_source_with_no_span_gets_its_own_line_whatever_found_it():
    attributions = [
        {"source": "Velmor", "start": 0, "end": 6, "role": "speaker"},
        {"source": "Ostrin", "start": 0, "end": 0, "role": "disputed", "resolved_from": "previous sentence"},
        {"source": "Varo", "start": 0, "end": 0, "role": "disputed", "resolved_from": "earlier sentence"},
        {"source": "Sand", "start": 0, "end": 0, "role": "speaker", "resolved_from": "quote"},
        {"source": "Kell", "start": 0, "end": 0, "role": "disputed"},
    ]
    assert spanless_credits(attributions) == (
        Credit("Rejects the claim of the sentence before", "Ostrin"),
        Credit("Rejects an earlier claim", "Varo"),
        Credit("Quote continues", "Sand"),
        Credit("Disputes", "Kell"),
    )


def test_names_on_the_cards_are_escaped(app):
    row = SentenceRow(
        number=1,
        label="threat",
        tone="red",
        confidence=0.9,
        uncertain=False,
        pieces=[Piece("He", {"role": "speaker"}, "", "<script>alert(1)</script>"), Piece(" said so.", None)],
        credits=(Credit("Quote continues", "<b>Sand & Co</b>"),),
    )
    with app.test_request_context("/"):
        fragment = render_template(
            "_sentences.html", rows=[row], labels=list(LABELS), urls={"explain": "/e", "correct": "/c"}
        )
    assert "<script>" not in fragment and "<b>" not in fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
    assert "&lt;b&gt;Sand &amp; Co&lt;/b&gt;" in fragment


# 2. A table sent to the one-article page is refused, with the way to the corpus page.

HEADER_CSV = "id,date,text\nr1,2026-05-02,The patrol boats left the harbour at dawn.\n"


def alert(response):
    """The words of the page's error box."""
    return words(re.search(r'<div class="alert".*?</div>', response.get_data(as_text=True), re.S).group(0))


@pytest.mark.parametrize(
    ("fields", "start"),
    [
        ({"file": (io.BytesIO(HEADER_CSV.encode()), "boats.csv")}, "The file boats.csv is a CSV file, a table"),
        ({"file": (io.BytesIO(b"PAR1\x00\x15\x04"), "boats.parquet")}, "The file boats.parquet is a Parquet file"),
        (
            {"file": (io.BytesIO(HEADER_CSV.encode()), "boats.txt")},
            "The file boats.txt looks like a table, not an article: its first line, “id,date,text”, reads as column names",  # fmt: skip
        ),
        (
            {"text": "uid;outlet;body\nq7;Harbour Post;The ferry ran late.\n"},
            "The text looks like a table, not an article: its first line, “uid;outlet;body”, reads as column names",
        ),
        (
            {"text": "uid\toutlet\tbody\nq7\tHarbour Post\tThe ferry ran late.\n"},
            "The text looks like a table, not an article: its first line, “uid outlet body”",
        ),
        (
            {"text": '{"uid": "q7", "body": "The ferry ran late."}\n{"uid": "q8", "body": "It rained."}\n'},
            "The text looks like a table, not an article: its first line is a JSON object",
        ),
    ],
)
def test_a_table_is_refused_with_the_way_to_the_corpus_page(client, fields, start):
    response = post_form(client, "/", fields)
    assert response.status_code == 400
    message = alert(response)
    assert message.startswith("The article cannot be analysed " + start), message
    assert "analyses one article as prose" in message
    assert "is analysed on the Corpus page (/corpus)" in message
    assert '<a href="/corpus">' in response.get_data(as_text=True)
    assert 'class="sentence ' not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "text",
    [
        # A dateline, a headline with commas, a list with spaces: prose, not column names.
        "PORT ELVA, 2 May (Harbour Post) - The patrol boats left at dawn.\nThe crews said the sea was calm.",
        "Boats, buoys and radar: the harbour gets ready\nThe patrol boats left the harbour at dawn.",
        "Fishermen; ferry crews; the harbour master\nAll of them watched the drill from the quay.",
        # Two words and a comma alone on a line, with nothing below it, is no table either.
        "Boats,buoys",
    ],
)
def test_plain_text_is_still_analysed(client, text):
    response = post_form(client, "/", {"text": text})
    assert response.status_code == 200, alert(response)
    assert sentence_items(response.get_data(as_text=True))


# 3. A correction is stored without the stray quotation mark of a quotation over sentences.


def test_a_correction_from_the_page_drops_the_stray_opening_mark(client, app, store):
    sentence = "\u201cNobody should read the harbour drills as a threat."
    label = other_label(app, sentence)
    fields = {"text": QUOTED, "task": "framing", "correct": "1", "label-1": label}
    response = post_form(client, "/corrections", fields, headers={"Accept": "application/json"})
    assert response.status_code == 201, response.json
    assert response.json["text"] == "Nobody should read the harbour drills as a threat."
    assert [row["text"] for row in store.list()] == ["Nobody should read the harbour drills as a threat."]


def test_the_api_follows_the_same_rule_and_finds_the_same_correction(client, app, store):
    text = "The boats stay in our waters,\u201d"
    label = other_label(app, text)
    first = client.post("/v1/feedback", json={"text": text, "label": label}, headers=AUTH)
    assert first.status_code == 201 and first.json["text"] == "The boats stay in our waters,"
    # The same sentence sent without the mark is the same correction, not a second one.
    again = client.post("/v1/feedback", json={"text": "The boats stay in our waters,", "label": label}, headers=AUTH)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert len(store.list()) == 1


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ('"Nobody should read the drills as a threat.', "Nobody should read the drills as a threat."),
        ("It will not be drawn into a quarrel.\u201d", "It will not be drawn into a quarrel."),
        ("\u201e Die Boote bleiben hier.", "Die Boote bleiben hier."),
        ("\u00abLes bateaux restent ici.", "Les bateaux restent ici."),
        ("\u2018The fleet is ready.", "The fleet is ready."),
        ("The fleet is ready.\u2019", "The fleet is ready."),
        # Balanced marks, inner quotes and apostrophes stay exactly as written.
        ('"The fleet is ready," she said.', '"The fleet is ready," she said.'),
        ("\u201cReady,\u201d she said, \u201cand calm.\u201d", "\u201cReady,\u201d she said, \u201cand calm.\u201d"),
        ('"Ready," she said, "and calm.', 'Ready," she said, "and calm.'),
        ("The crew called it \u201cthe calmest drill\u201d", "The crew called it \u201cthe calmest drill\u201d"),
        ("\u2018Nobody\u2019s boats move tonight.", "\u2018Nobody\u2019s boats move tonight."),
        ("The talks went to the harbour masters\u2019", "The talks went to the harbour masters\u2019"),
        ("  spaced out  ", "  spaced out  "),
        ('"', '"'),
    ],
)
def test_only_unbalanced_marks_at_the_ends_are_trimmed(text, stored):
    assert trim_stray_quotes(text) == stored


# 4. A correction's note stays unless a new one (or an explicit empty one) comes.


def test_a_new_label_without_a_note_keeps_the_note(client, app, store):
    text = "The patrol boats left the harbour at dawn."
    own = app.extensions["stance"].get().predict([text])[0]["label"]
    first, second = [label for label in LABELS if label != own]
    created = client.post("/v1/feedback", json={"text": text, "label": first, "note": "dawn patrols"}, headers=AUTH)
    assert created.status_code == 201 and created.json["note"] == "dawn patrols"
    changed = client.post("/v1/feedback", json={"text": text, "label": second}, headers=AUTH)
    assert changed.status_code == 200 and changed.json["replaced"] is True
    assert changed.json["note"] == "dawn patrols"
    # An explicit null is no note sent either.
    same = client.post("/v1/feedback", json={"text": text, "label": first, "note": None}, headers=AUTH)
    assert same.json["label"] == first and same.json["note"] == "dawn patrols"
    # An empty string clears it, with the label unchanged.
    cleared = client.post("/v1/feedback", json={"text": text, "label": first, "note": ""}, headers=AUTH)
    assert cleared.status_code == 200 and cleared.json["replaced"] is True and cleared.json["note"] is None
    assert [(row["label"], row["note"]) for row in store.list()] == [(first, None)]


def test_the_page_keeps_the_note_a_client_wrote(client, app, store):
    text = "Admiral Petra Sand said the drill was routine."
    article = text + "\nThe patrol boats left the harbour at dawn."
    own = app.extensions["stance"].get().predict([text])[0]["label"]
    first, second = [label for label in LABELS if label != own]
    client.post("/v1/feedback", json={"text": text, "label": first, "note": "routine is calm"}, headers=AUTH)
    fields = {"text": article, "task": "framing", "correct": "1", "label-1": second}
    response = post_form(client, "/corrections", fields, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["replaced"] is True
    assert [(row["label"], row["note"]) for row in store.list()] == [(second, "routine is calm")]


def test_the_openapi_description_says_how_a_note_is_kept_and_cleared(client):
    spec = client.get("/openapi.json").json
    note = spec["components"]["schemas"]["FeedbackRequest"]["properties"]["note"]["description"]
    assert "keeps its note" in note and "an empty string clears it" in note


# 5. Errors name JSON types in words, never Python's.


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "null"),
        (True, "true/false"),
        (7, "a number"),
        (2.5, "a number"),
        ([1], "a list"),
        ({"a": 1}, "an object"),
    ],
)
def test_the_api_names_the_json_type_it_got(client, value, kind):
    response = client.post("/v1/classify", json={"text": value})
    assert response.status_code == 400
    assert response.json["error"]["message"] == f"text must be a string, got {kind}"
    assert response.json["error"]["field"] == "text"
    assert json_kind(value) == kind


def test_a_batch_row_with_a_null_text_says_null(trained_model_dir, tmp_path):
    rows = [{"id": "a", "text": None}, {"id": "b", "text": ["boats"]}, {"id": "c", "text": False}]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows) + "[1]\n", encoding="utf-8")
    result = run_score(trained_model_dir, path, "--workers", "1")
    # No row can be scored, so the run fails, after writing every row with its error.
    assert result.exit_code == 1, result.output
    assert [row["error"] for row in read_jsonl(result.stdout)] == [
        "field 'text' must be a string, got null",
        "field 'text' must be a string, got a list",
        "field 'text' must be a string, got true/false",
        "not a JSON object but a list",
    ]


def test_training_data_names_the_json_type_too(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"text": null, "label": "threat"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"labels\.jsonl:1: field 'text' must be a string, got null"):
        load_labeled(path)


def test_the_store_names_the_json_type(store):
    with pytest.raises(FeedbackError, match="text must be a string, got null"):
        store.save("framing", None, "threat")
