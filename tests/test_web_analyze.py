"""Page 1, ``/``: analyse an article on the Flask test client and compare it with ``POST /v1/analyze``."""

import csv
import html
import io
import json
import re

import pytest

from tests.web_helpers import ARTICLE, csrf_token, frames_on_page, page_app, post_form, sentence_items


def analyze(client, text, **extra):
    """Post ``text`` through the article form."""
    return post_form(client, "/", {"text": text, **extra})


def api_analysis(client, text):
    response = client.post("/v1/analyze", json={"text": text})
    assert response.status_code == 200, response.json
    return response.json


def test_the_empty_page_has_the_labelled_form_and_no_analysis(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<label for="article-text">Article text</label>' in page
    assert '<textarea id="article-text" name="text"' in page
    assert re.search(r'<button type="submit" class="primary">Analyze</button>', page)
    assert 'enctype="multipart/form-data"' in page
    assert "data-frame=" not in page and "Who says what" not in page
    for landmark in ("<header", "<nav", "<main"):
        assert landmark in page


def test_each_sentence_shows_the_frame_the_api_gives(client):
    response = analyze(client, ARTICLE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    api = api_analysis(client, ARTICLE)
    assert frames_on_page(page) == [s["label"] for s in api["sentences"]]
    items = sentence_items(page)
    assert len(items) == len(api["sentences"])
    for item, sentence in zip(items, api["sentences"]):
        # The frame as a text badge (not colour alone), and the confidence as the API reports it.
        assert f">{sentence['label']}</span>" in item
        assert f"confidence {sentence['confidence']}" in item
        assert ("uncertain</span>" in item) == (sentence["confidence"] < 0.6)
        assert f"tone-{ {'threat': 'red', 'stability': 'blue', 'neutral': 'grey'}[sentence['label']] }" in item
    assert api["model"]["version"] in page


def test_the_who_says_what_table_has_the_api_numbers(client):
    page = analyze(client, ARTICLE).get_data(as_text=True)
    api = api_analysis(client, ARTICLE)
    table = re.search(r"<caption>Who says what</caption>.*?</table>", page, flags=re.S).group(0)
    labels = re.findall(r'<th scope="col" class="num"><span class="badge[^"]*">([^<]+)</span>', table)
    rows = re.findall(
        r'<th scope="row">([^<]+?)</th>\s*<td>(?:<span class="tag">)?(speaker|disputed)(.*?)</tr>', table, re.S
    )
    # The page writes each name as the article does ("Belgrade", "Defence minister"); the API's keys are
    # the same names case-folded, without a leading article. One row per source and role.
    shown = {
        (html.unescape(name.strip()).casefold(), role): dict(
            zip(labels, map(int, re.findall(r'<td class="num">(\d+)</td>', cells)))
        )
        for name, role, cells in rows
    }
    assert len(shown) == len(rows)
    assert all(name.strip()[:1].isupper() for name, _, _ in rows)
    assert api["summary"]["sources"], "the article should credit sources"
    assert shown == {
        (source, role): {label: frames.get(label, 0) for label in labels}
        for source, by_role in api["summary"]["roles"].items()
        for role, frames in by_role.items()
        if frames
    }


def test_sources_are_underlined_and_the_disputed_one_is_marked(client):
    page = analyze(client, ARTICLE).get_data(as_text=True)
    api = api_analysis(client, ARTICLE)
    disputed = [a["source"] for s in api["sentences"] for a in s["attributions"] if a["role"] == "disputed"]
    speakers = [a["source"] for s in api["sentences"] for a in s["attributions"] if a["role"] == "speaker"]
    assert disputed and speakers
    for source in disputed:
        assert f'<span class="source disputed">{source}</span> <span class="tag">disputed</span>' in page
    for source in speakers:
        assert f'<span class="source">{source}</span>' in page
    # The who-says-what table gives Belgrade as disputed a row of its own.
    assert re.search(r'<th scope="row">Belgrade</th>\s*<td><span class="tag">disputed</span></td>', page)


def test_uncertain_flag_follows_the_threshold(client, monkeypatch):
    monkeypatch.setattr("service.web.article_view.UNCERTAIN_BELOW", 1.01)
    items = sentence_items(analyze(client, ARTICLE).get_data(as_text=True))
    assert items and all('<span class="flag">uncertain</span>' in item for item in items)
    monkeypatch.setattr("service.web.article_view.UNCERTAIN_BELOW", 0.0)
    items = sentence_items(analyze(client, ARTICLE).get_data(as_text=True))
    assert not any('<span class="flag">uncertain</span>' in item for item in items)


def test_an_uploaded_file_is_analysed_and_put_in_the_box(client):
    # A byte-order mark and Windows line ends: the page reads the same text the API gets with LF.
    data = "\ufeff".encode() + ARTICLE.replace("\n", "\r\n").encode("utf-8")
    response = analyze(client, "", file=(io.BytesIO(data), "story.txt"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert frames_on_page(page) == [s["label"] for s in api_analysis(client, ARTICLE)["sentences"]]
    assert ARTICLE.splitlines()[0] in page


def test_text_box_line_ends_are_normalised_so_offsets_match_the_api(client):
    response = post_form(client, "/analysis.json", {"text": ARTICLE.replace("\n", "\r\n")})
    assert response.status_code == 200
    assert json.loads(response.data) == api_analysis(client, ARTICLE)


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"text": ""}, "The article is empty", "text"),
        ({"text": "  \n\t "}, "The article is empty", "text"),
        ({"text": "x" * 201}, "The article is too long: 201 characters; the limit is 200", "text"),
        ({"text": "A\x00B."}, "contains a NUL character", "text"),
        ({"file": (io.BytesIO(b"caf\xe9 au lait."), "latin1.txt")}, "The file latin1.txt is not UTF-8 text", "file"),
        ({"file": (io.BytesIO(b""), "empty.txt")}, "The file empty.txt is empty", "file"),
        ({"file": (io.BytesIO(b"y" * 201), "long.txt")}, "The file long.txt is too long: 201 characters", "file"),
        ({"text": "The drones arrived.", "task": "nosuchtask"}, "No task &#39;nosuchtask&#39; is served", "task"),
    ],
)
def test_form_errors_are_shown_beside_the_form(model_dir, fields, message, field):
    client = page_app(model_dir, MAX_ARTICLE_CHARS=200).test_client()
    response = analyze(client, **{"text": "", **fields})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and message in page
    assert "data-frame=" not in page
    if field in ("text", "file"):
        control = re.search(rf'<(?:textarea|input)[^>]*name="{field}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in control and "form-error" in control


def test_a_text_with_an_error_stays_in_the_box(model_dir):
    client = page_app(model_dir, MAX_ARTICLE_CHARS=30).test_client()
    text = "A sentence that is far too long for this limit."
    page = analyze(client, text).get_data(as_text=True)
    assert f">{text}</textarea>" in page


def test_a_too_large_upload_is_a_page_not_json(model_dir):
    client = page_app(model_dir, MAX_CONTENT_LENGTH=2000).test_client()
    response = analyze(client, "", file=(io.BytesIO(b"z" * 5000), "big.txt"))
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "larger than this server accepts" in response.get_data(as_text=True)


def test_the_json_download_is_the_api_answer(client):
    response = post_form(client, "/analysis.json", {"text": ARTICLE})
    assert response.status_code == 200
    api = api_analysis(client, ARTICLE)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="analysis-framing-{api["model"]["version"]}.json"'
    )
    assert json.loads(response.data) == api


def test_the_csv_download_has_the_api_numbers(client):
    response = post_form(client, "/analysis.csv", {"text": ARTICLE})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    api = api_analysis(client, ARTICLE)
    assert len(rows) == len(api["sentences"])
    for number, (row, sentence) in enumerate(zip(rows, api["sentences"]), start=1):
        assert int(row["sentence"]) == number
        assert (int(row["start"]), int(row["end"])) == (sentence["start"], sentence["end"])
        assert ARTICLE[sentence["start"] : sentence["end"]] == row["text"] == sentence["text"]
        assert row["label"] == sentence["label"]
        assert float(row["confidence"]) == sentence["confidence"]
        assert {k[2:]: float(v) for k, v in row.items() if k.startswith("p_")} == sentence["probabilities"]
        roles = {"speaker": [], "disputed": []}
        claims = {"speaker": [], "disputed": []}
        for item in sentence["attributions"]:
            roles[item["role"]].append(item["source"])
            claims[item["role"]].append(item["claim_frame"])
        assert row["speakers"] == "; ".join(roles["speaker"]) and row["disputed"] == "; ".join(roles["disputed"])
        assert row["speaker_claims"] == "; ".join(claims["speaker"])
        assert row["disputed_claims"] == "; ".join(claims["disputed"])
        assert (row["task"], row["model_version"]) == (api["model"]["task"], api["model"]["version"])


def test_the_explanation_fragment_lists_the_classify_api_ngrams(client):
    response = post_form(client, "/explain?fragment=1", {"text": ARTICLE, "explain": "1"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    sentence = api_analysis(client, ARTICLE)["sentences"][0]
    explained = client.post("/v1/classify", json={"text": sentence["text"], "explain": True}).json["results"][0]
    assert f"<caption>Words toward {explained['label']}</caption>" in fragment
    for item in explained["explanation"]["toward"] + explained["explanation"]["against"]:
        assert f'<td>{html.escape(item["ngram"])}</td><td class="num">{item["weight"]}</td>' in fragment


def test_without_script_the_explanation_opens_in_the_whole_page(client):
    response = post_form(client, "/explain", {"text": ARTICLE, "explain": "2"})
    assert response.status_code == 200
    items = sentence_items(response.get_data(as_text=True))
    assert '<details class="explain" open>' in items[1]
    assert "<caption>Words toward" in items[1]
    assert '<details class="explain" open>' not in items[0]


@pytest.mark.parametrize("number", ["0", "99", "two"])
def test_explaining_a_sentence_the_article_does_not_have_is_a_form_error(client, number):
    response = post_form(client, "/explain", {"text": ARTICLE, "explain": number})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_the_page_counts_its_predictions_in_the_metrics(client):
    analyze(client, ARTICLE)
    metrics = client.get("/metrics").get_data(as_text=True)
    counts = re.findall(r'stance_predictions_total\{label="[^"]+",task="framing"\} ([0-9.]+)', metrics)
    assert sum(float(n) for n in counts) == len(api_analysis(client, ARTICLE)["sentences"]) == 6


def second_task(model_dir, name="framing_copy"):
    """Serve the tiny model a second time under another task name."""
    import shutil

    shutil.copytree(model_dir / "framing", model_dir / name)
    for metadata_path in (model_dir / name).glob("*/metadata.json"):
        metadata = json.loads(metadata_path.read_text())
        metadata["task"] = name
        metadata_path.write_text(json.dumps(metadata))
    return name


def test_a_task_choice_appears_only_when_several_tasks_analyse_articles(client, model_dir):
    assert '<select id="article-task"' not in client.get("/").get_data(as_text=True)
    name = second_task(model_dir)
    client = page_app(model_dir).test_client()
    page = client.get("/").get_data(as_text=True)
    assert '<label for="article-task">Task</label>' in page
    assert re.findall(r'<option value="([^"]+)"', page) == ["framing", name]
    page = analyze(client, ARTICLE, task=name).get_data(as_text=True)
    assert f"model <strong>{name}</strong>" in page


def test_a_reading_post_still_needs_the_forms_token(client):
    csrf_token(client)
    response = client.post("/", data={"text": ARTICLE}, content_type="multipart/form-data")
    assert response.status_code == 400


def test_a_missing_page_is_html_but_the_api_keeps_json(client):
    response = client.get("/models/framing/nope/card")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert client.get("/v2/nothing").json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("ngram", "shown"),
    [
        ("cue_danger", "[danger words]"),
        ("not_cue_danger", "[danger words, negated]"),
        ("not_threat", "not … threat"),
        ("not_represent not_a", "not … represent a"),
        ("threat cue_danger", "threat [danger words]"),
        ("cue_danger_reported", "[danger words, in reported speech]"),
        ("not_cue_danger_unreported", "[danger words, negated, not in reported speech]"),
        ("no_reported_speech cue_danger_unreported", "[no reported speech] [danger words, not in reported speech]"),
        ("said reported_speech", "said [reported speech]"),
        # Tokens a text can bring in itself (normalising keeps underscores) read as they are.
        ("cue_danger_foo cue_ not_cue_", "[danger_foo words] cue_ not … cue_"),
        ("anyone", "anyone"),
    ],
)
def test_the_words_behind_a_frame_read_as_words(ngram, shown):
    # The page says what a feature means; the API keeps the model's own n-grams.
    from service.web.article_view import readable_ngram

    assert readable_ngram(ngram) == shown
