"""Who says what per role on ``/`` and in ``POST /v1/analyze``, and where the "disputed" badge sits."""

import re

import pytest
import schemathesis

from service.web.article_view import mark_sources
from tests.web_helpers import post_form

# Written for these tests: Varosk speaks in sentences 1 and 3 and is disputed in 2 and 4.
MIXED = (
    "Varosk said the radar near the coast was a routine upgrade.\n"
    "The new radar does not represent a threat, as claimed by Varosk.\n"
    "Varosk said the patrols were routine, and Varosk added that they would go on.\n"
    "Officials in Tallow dismissed Varosk's accusations as theatre."
)


def analysis(client, text):
    response = client.post("/v1/analyze", json={"text": text})
    assert response.status_code == 200, response.json
    return response.json


def table_rows(page):
    """Return ``(name, role, sentence links)`` of each who-says-what row."""
    table = re.search(r"<caption>Who says what</caption>.*?</table>", page, flags=re.S).group(0)
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td>(?:<span class="tag">)?(speaker|disputed)(.*?)</tr>', table, re.S
    )
    return [(name, role, [int(n) for n in re.findall(r'href="#s-(\d+)"', cells)]) for name, role, cells in rows]


def test_the_api_counts_a_source_per_role(client):
    summary = analysis(client, MIXED)["summary"]
    varosk = summary["roles"]["varosk"]
    # Sentence 3 names Varosk twice and is one claim; the disputed sentences credit it the claims they reject.
    assert sum(varosk["speaker"].values()) == 2
    assert sum(varosk["disputed"].values()) == 2
    assert summary["roles"]["officials in tallow"]["disputed"] == {}
    # The older field stays, both roles added up, for clients that read it.
    for source, by_role in summary["roles"].items():
        added = {}
        for frames in by_role.values():
            for frame, n in frames.items():
                added[frame] = added.get(frame, 0) + n
        assert summary["sources"][source] == added


def test_the_page_shows_a_row_per_source_and_role(client):
    page = post_form(client, "/", {"text": MIXED}).get_data(as_text=True)
    rows = table_rows(page)
    assert [(name, role, sentences) for name, role, sentences in rows if name == "Varosk"] == [
        ("Varosk", "speaker", [1, 3]),
        ("Varosk", "disputed", [2, 4]),
    ]
    assert ("Officials in Tallow", "speaker", [4]) in rows
    summary = analysis(client, MIXED)["summary"]
    table = re.search(r"<caption>Who says what</caption>.*?</table>", page, flags=re.S).group(0)
    speaker_row, disputed_row = re.findall(
        r'<tr class="role-[^"]*">\s*<th scope="row">Varosk</th>(.*?)</tr>', table, re.S
    )
    labels = re.findall(r'<th scope="col" class="num"><span class="badge[^"]*">([^<]+)</span>', table)
    for row, role in ((speaker_row, "speaker"), (disputed_row, "disputed")):
        counts = dict(zip(labels, map(int, re.findall(r'<td class="num">(\d+)</td>', row))))
        assert counts == {label: summary["roles"]["varosk"][role].get(label, 0) for label in labels}
    assert '<table class="data" aria-describedby="who-says-hint">' in page and 'id="who-says-hint"' in page


def test_the_disputed_badge_follows_the_possessive_phrase(client):
    page = post_form(client, "/", {"text": MIXED}).get_data(as_text=True)
    assert '<span class="source disputed">Varosk</span>&#39;s accusations <span class="tag">disputed</span>' in page
    assert '<span class="source disputed">Varosk</span> <span class="tag">disputed</span>.' in page


def item(start, end, cue, role="disputed"):
    return {"source": "x", "start": start, "end": end, "cue": cue, "role": role}


@pytest.mark.parametrize(
    ("sentence", "attribution", "expected"),
    [
        # A possessive cue is kept whole: the badge goes after "accusations".
        ("They waved away Kesh's claims.", item(16, 20, "'s claims"), ("Kesh", "'s claims", ".")),
        # Another possessive, curly or plural, is kept alone.
        ("Kesh’s warning was denied by all.", item(0, 4, "denied by"), ("Kesh", "’s", " warning was denied by all.")),
        ("The envoys' report was rejected.", item(4, 10, "rejected"), ("envoys", "'", " report was rejected.")),
        # No possessive: nothing moves.
        (
            "As claimed by Kesh, the drills are a threat.",
            item(14, 18, "as claimed by"),
            ("Kesh", "", ", the drills are a threat."),
        ),
    ],
)
def test_mark_sources_keeps_the_possessive_with_its_source(sentence, attribution, expected):
    pieces = mark_sources(sentence, [attribution])
    marked = next(i for i, p in enumerate(pieces) if p.source)
    after = "".join(p.text for p in pieces[marked + 1 :])
    assert (pieces[marked].text, pieces[marked].tail, after) == expected
    assert "".join(p.text + p.tail for p in pieces) == sentence


def test_a_tail_never_swallows_the_next_source():
    # An apostrophe inside a word is no possessive, and a cue running into the next source is not kept.
    sentence = "Kesh'Doran said it."
    pieces = mark_sources(sentence, [item(0, 4, "'Doran said"), item(5, 10, "said", role="speaker")])
    assert [(p.text, p.tail, bool(p.source)) for p in pieces] == [
        ("Kesh", "", True),
        ("'", "", False),
        ("Doran", "", True),
        (" said it.", "", False),
    ]
    sentence = "Kesh's Doran said it."
    pieces = mark_sources(sentence, [item(0, 4, "'s Doran"), item(7, 12, "said", role="speaker")])
    assert [(p.text, p.tail) for p in pieces][:2] == [("Kesh", "'s"), (" ", "")]


def test_the_corpus_summary_of_the_same_article_has_the_same_counts_per_role(client):
    alone = analysis(client, MIXED)["summary"]["roles"]
    response = client.post("/v1/analyze", json={"articles": [{"id": "one", "text": MIXED}]})
    assert response.status_code == 200, response.json
    corpus = {
        source["key"]: {role: {f: n for f, n in source[role].items() if n} for role in ("speaker", "disputed")}
        for source in response.json["summary"]["sources"]
    }
    assert corpus == alone


def test_the_document_describes_roles_and_a_real_answer_matches_it(app):
    schema = app.test_client().get("/openapi.json").json["components"]["schemas"]["AnalyzeResponse"]
    summary = schema["properties"]["summary"]
    assert "roles" in summary["required"]
    assert summary["properties"]["roles"]["additionalProperties"]["required"] == ["speaker", "disputed"]
    operation = schemathesis.openapi.from_wsgi("/openapi.json", app)["/v1/analyze"]["POST"]
    case = operation.Case(body={"text": MIXED}, media_type="application/json")
    response = case.call()
    assert response.status_code == 200, response.text
    # Raises, naming the field, when the answer does not match the document.
    case.validate_response(response)
    assert response.json()["summary"]["roles"]["varosk"]["disputed"]
