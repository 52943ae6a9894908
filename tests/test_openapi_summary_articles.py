"""The OpenAPI document describes the summary's kept sentences and their articles, and a real answer matches it."""

import schemathesis

from service import create_app

JSON = "application/json"
# Two invented articles; the first has a title, the second none and no date.
ARTICLES = [
    {
        "id": "w1",
        "outlet": "Delta Times",
        "date": "2026-07-06",
        "title": "<i>Border posts</i> get new radar",
        "text": "Officials warned that the radar provokes the neighbours. The posts open in August.",
    },
    {"id": "w2", "outlet": "Delta Times", "text": "Analysts say the patrols calm the border villages."},
]


def _app(model_dir):
    return create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0})


def test_the_document_describes_articles_and_each_sentences_article(model_dir):
    schemas = _app(model_dir).test_client().get("/openapi.json").json["components"]["schemas"]
    summary = schemas["CorpusSummary"]
    assert "articles" in summary["required"]
    assert summary["properties"]["articles"]["additionalProperties"] == {"$ref": "#/components/schemas/KeptArticle"}
    assert summary["properties"]["sentences"]["additionalProperties"] == {"$ref": "#/components/schemas/KeptSentence"}
    assert "article" in schemas["KeptSentence"]["required"]
    assert set(schemas["KeptArticle"]["required"]) == {"id", "title", "outlet", "date"}


def test_a_summary_answer_with_articles_matches_the_document(model_dir):
    app = _app(model_dir)
    operation = schemathesis.openapi.from_wsgi("/openapi.json", app)["/v1/analyze"]["POST"]
    case = operation.Case(body={"articles": ARTICLES, "summary": {"by": ["outlet"]}}, media_type=JSON)
    response = case.call()
    assert response.status_code == 200, response.text
    # Raises, naming the field, when the answer does not match the schema of its status.
    case.validate_response(response)
    summary = response.json()["summary"]
    kept = {(summary["articles"][s["article"]]["id"], s["text"]) for s in summary["sentences"].values()}
    assert kept == {
        ("w1", "Officials warned that the radar provokes the neighbours."),
        ("w1", "The posts open in August."),
        ("w2", "Analysts say the patrols calm the border villages."),
    }
    assert sorted(summary["articles"].values(), key=lambda a: a["id"]) == [
        {"id": "w1", "title": "<i>Border posts</i> get new radar", "outlet": "Delta Times", "date": "2026-07-06"},
        {"id": "w2", "title": "", "outlet": "Delta Times", "date": ""},
    ]


def test_the_document_describes_unscored_sentences(model_dir):
    """A summary counts unscored sentences in its totals and periods: the document names that count and its warning kind."""
    summary = _app(model_dir).test_client().get("/openapi.json").json["components"]["schemas"]["CorpusSummary"]
    totals = summary["properties"]["totals"]["properties"]
    period = summary["properties"]["groups"]["items"]["properties"]["periods"]["items"]["properties"]
    assert totals["unscored"]["type"] == period["unscored"]["type"] == "integer"
    assert "unscored_rows" in summary["properties"]["warning_kinds"]["description"]
