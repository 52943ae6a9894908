"""``POST /v1/analyze`` with articles: the sentence rows of ``stance analyze`` and the summary of ``stance summarize``."""

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service import DEFAULT_CONFIG, create_app
from service.cli import cli
from service.errors import ServiceError

# Written for these tests: invented towns and outlets, a speaker named in full and then by surname,
# a disputed source, a pronoun, a quote over two sentences, blank lines and CRLF line ends.
ARTICLES = [
    {
        "id": "lw-1",
        "outlet": "Lakeside Wire",
        "date": "2026-04-06",
        "text": "Interior Minister Dorian Matt said the new border cameras make the crossings safer.\n"
        "Matt added that the cameras record only the road, not the nearby villages.\n"
        "The cameras pose no danger to anyone, as claimed by the mayor of Osten.\n\n"
        "He says the first footage will be shown to journalists.",
    },
    {
        "id": "hc-4",
        "outlet": "Hill Courier",
        "date": "2026-04-07",
        "text": "Opposition leaders warned that the cameras threaten the privacy of farmers.\r\n"
        "“Every tractor is now filmed. Nobody asked us,” said councillor Vera Lind.\r\n",
    },
    {
        "id": "lw-2",
        "outlet": "Lakeside Wire",
        "date": "2026-04-14",
        "text": "The customs office opened a second lane on Tuesday. Queues at the bridge were shorter by noon.",
    },
]
JSON = "application/json"


def post(client, data, content_type=JSON):
    """POST raw bytes (or a JSON-encodable value) to /v1/analyze."""
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    return client.post("/v1/analyze", data=data, content_type=content_type)


def rows_of(data, article_id):
    """The rows of one article, in order."""
    return [row for row in data["rows"] if row["id"] == article_id]


def cli_rows(model_dir, tmp_path, articles, *args):
    """Return the rows ``stance analyze articles.jsonl`` writes as JSONL, parsed."""
    source, output = tmp_path / "articles.jsonl", tmp_path / "sentences.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    command = ["analyze", str(source), "-o", str(output), "--model-dir", str(model_dir), "--workers", "1", *args]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]


def app_with(model_dir, **config):
    """A test client of an app over the tiny model with these config values."""
    return create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0, **config}).test_client()


def test_each_articles_rows_hold_the_numbers_of_analysing_it_alone(client):
    response = post(client, {"articles": ARTICLES})
    assert response.status_code == 200
    data = response.json
    assert list(data) == ["model", "columns", "rows", "summary"]
    for article in ARTICLES:
        alone = post(client, {"text": article["text"]}).json
        rows = rows_of(data, article["id"])
        assert len(rows) == len(alone["sentences"]) > 0
        for index, (row, sentence) in enumerate(zip(rows, alone["sentences"])):
            assert row["sentence"] == index
            assert (row["start"], row["end"], row["text"]) == (sentence["start"], sentence["end"], sentence["text"])
            assert (row["label"], row["confidence"]) == (sentence["label"], sentence["confidence"])
            assert {label: row[f"p_{label}"] for label in sentence["probabilities"]} == sentence["probabilities"]
            assert row["model"] == alone["model"]["version"] == data["model"]["version"]
            assert row["error"] == ""
        # The names in the rows are those of the article's own who-says-what table.
        names = {n for row in rows for n in (row["speakers"] + "|" + row["disputed"]).split("|") if n}
        assert names == set(alone["summary"]["sources"])
    first = rows_of(data, "lw-1")
    # "Matt" and "He" are the minister named in the first sentence; the mayor is disputed.
    assert [row["speakers"] for row in first] == ["interior minister dorian matt"] * 2 + [
        "",
        "interior minister dorian matt",
    ]
    assert [row["disputed"] for row in first] == ["", "", "mayor of osten", ""]
    assert data["model"]["task"] == "framing"


def test_offsets_cut_each_article_into_its_sentences(client):
    data = post(client, {"articles": ARTICLES}).json
    for article in ARTICLES:
        text, end = article["text"], 0
        for row in rows_of(data, article["id"]):
            assert text[row["start"] : row["end"]] == row["text"]
            # Only whitespace lies between two sentences: nothing of the article is left out.
            assert row["start"] >= end and not text[end : row["start"]].strip()
            end = row["end"]
        assert not text[end:].strip()


def test_rows_come_in_input_order_with_the_metadata_on_every_row(client):
    data = post(client, {"articles": ARTICLES}).json
    counts = [len(post(client, {"text": a["text"]}).json["sentences"]) for a in ARTICLES]
    assert [row["id"] for row in data["rows"]] == [a["id"] for a, n in zip(ARTICLES, counts) for _ in range(n)]
    assert data["columns"][:3] == ["id", "outlet", "date"]
    assert "text" in data["columns"] and data["columns"].count("text") == 1
    for row in data["rows"]:
        assert list(row) == data["columns"]
        article = next(a for a in ARTICLES if a["id"] == row["id"])
        assert (row["outlet"], row["date"]) == (article["outlet"], article["date"])


def test_the_rows_are_those_stance_analyze_writes_for_the_same_articles(model_dir, tmp_path):
    # A field named like a sentence column is renamed as the CLI renames it; an empty and an
    # over-long article get the CLI's error row, with the same message.
    articles = [
        {**ARTICLES[0], "label": "reviewed"},
        {"id": "empty", "outlet": "Hill Courier", "date": "2026-04-08", "label": "", "text": " \n "},
        {"id": "long", "outlet": "Hill Courier", "date": "2026-04-09", "label": "x", "text": "Word. " * 60},
        {**ARTICLES[2], "label": None},
    ]
    client = app_with(model_dir, MAX_ARTICLE_CHARS=300)
    data = post(client, {"articles": articles}).json
    expected = cli_rows(model_dir, tmp_path, articles, "--max-chars", "300")
    assert data["rows"] == expected
    assert data["columns"] == list(expected[0])
    assert data["columns"][:4] == ["id", "outlet", "date", "input_label"]
    errors = [(row["id"], row["error"]) for row in data["rows"] if row["error"]]
    assert errors == [
        ("empty", "text is empty or only whitespace (or invisible characters)"),
        ("long", "text has 360 characters; the limit is 300"),
    ]


def test_an_article_that_cannot_be_analysed_keeps_one_row_with_its_metadata(model_dir):
    client = app_with(model_dir, MAX_ARTICLE_CHARS=100)
    articles = [
        {"id": 1, "outlet": "Hill Courier", "text": ""},
        {"id": 2, "outlet": "Hill Courier", "text": "x" * 101},
        {"id": 3, "outlet": "Hill Courier", "text": "x" * 100},
    ]
    data = post(client, {"articles": articles}).json
    assert [row["id"] for row in data["rows"]] == [1, 2, 3]
    empty, long, fits = data["rows"]
    assert empty["error"] == "text is empty or only whitespace (or invisible characters)"
    assert long["error"] == "text has 101 characters; the limit is 100"
    for row in (empty, long):
        assert row["outlet"] == "Hill Courier"
        assert row["model"] == data["model"]["version"]
        assert all(row[c] is None for c in ("sentence", "start", "end", "text", "label", "confidence"))
    assert fits["error"] == "" and fits["text"] == "x" * 100


def test_fields_missing_from_some_articles_are_null_there(client):
    articles = [{"text": "The bridge reopened."}, {"id": "b", "tags": "roads", "text": "Traffic is back."}]
    data = post(client, {"articles": articles}).json
    assert data["columns"][:2] == ["id", "tags"]
    assert [(row["id"], row["tags"]) for row in data["rows"]] == [(None, None), ("b", "roads")]


def test_scalar_metadata_of_every_json_type_is_copied_as_sent(client):
    article = {"id": 7, "score": 2.5, "paid": False, "note": None, "big": 2**70, "text": "The port is open."}
    (row,) = post(client, {"articles": [article]}).json["rows"]
    assert {key: row[key] for key in ("id", "score", "paid", "note", "big")} == {
        "id": 7,
        "score": 2.5,
        "paid": False,
        "note": None,
        "big": 2**70,
    }


def test_summary_counts_equal_the_rows(client):
    articles = [*ARTICLES, {"id": "none", "outlet": "Hill Courier", "date": "2026-04-15", "text": ""}]
    data = post(client, {"articles": articles, "summary": {"by": ["outlet"]}}).json
    rows, summary = data["rows"], data["summary"]
    sentences = [row for row in rows if not row["error"]]
    totals = summary["totals"]
    assert totals["rows"] == len(rows)
    assert totals["sentences"] == len(sentences)
    assert totals["counts"] == {label: Counter(r["label"] for r in sentences)[label] for label in summary["labels"]}
    assert (totals["articles"], totals["article_errors"]) == (4, 1)
    for group in summary["groups"]:
        outlet = group["values"]["outlet"]
        assert group["sentences"] == sum(1 for r in sentences if r["outlet"] == outlet)
        assert group["articles"] == len({r["id"] for r in rows if r["outlet"] == outlet})
    assert summary["periods"] == ["2026-W15", "2026-W16"]
    # Every sentence the summary links to is the row of that index.
    for ref, kept in summary["sentences"].items():
        row = rows[int(ref[1:])]
        assert (kept["text"], kept["label"], kept["id"]) == (row["text"], row["label"], row["id"])


def test_the_summary_is_the_one_stance_summarize_makes_of_the_same_rows(client, model_dir, tmp_path):
    options = {"by": ["outlet"], "period": "day", "min_confidence": 0.6, "alert_fdr": 0.2}
    data = post(client, {"articles": ARTICLES, "summary": options}).json
    rows_file = tmp_path / "sentences.jsonl"
    rows_file.write_text("".join(json.dumps(row) + "\n" for row in data["rows"]), encoding="utf-8")
    summary_file = tmp_path / "summary.json"
    command = ["summarize", str(rows_file), "-o", str(summary_file), "--by", "outlet", "--period", "day"]
    result = CliRunner().invoke(cli, [*command, "--min-confidence", "0.6", "--alert-fdr", "0.2"])
    assert result.exit_code == 0, result.output
    expected = json.loads(summary_file.read_text(encoding="utf-8"))
    ours = data["summary"]
    # A file's lines count from 1, the rows of a response from 0: only the references differ.
    for key in ("options", "labels", "totals", "periods", "alerts", "alert_test"):
        assert ours[key] == expected[key], key
    assert ours["options"]["alert_fdr"] == 0.2
    strip = [{**g, "periods": [{**p, "evidence": None} for p in g["periods"]]} for g in ours["groups"]]
    assert strip == [{**g, "periods": [{**p, "evidence": None} for p in g["periods"]]} for g in expected["groups"]]
    assert [{**s, "evidence": None} for s in ours["sources"]] == [{**s, "evidence": None} for s in expected["sources"]]


def test_min_confidence_counts_uncertain_sentences_apart(client):
    data = post(client, {"articles": ARTICLES, "summary": {"min_confidence": 0.9}}).json
    uncertain = [r for r in data["rows"] if not r["error"] and r["confidence"] < 0.9]
    totals = data["summary"]["totals"]
    assert totals["uncertain"] == len(uncertain)
    assert sum(totals["counts"].values()) == totals["sentences"] - len(uncertain)
    assert data["summary"]["options"]["min_confidence"] == 0.9


def test_default_summary_is_one_group_by_iso_week_of_the_date_field(client):
    summary = post(client, {"articles": ARTICLES}).json["summary"]
    assert summary["options"]["by"] == [] and summary["options"]["period"] == "week"
    assert summary["options"]["date_column"] == "date" and summary["options"]["id_column"] == "id"
    assert [g["name"] for g in summary["groups"]] == ["all rows"]
    assert summary["periods"] == ["2026-W15", "2026-W16"]


def test_articles_without_a_date_give_a_summary_without_periods(client):
    articles = [{"outlet": a["outlet"], "text": a["text"]} for a in ARTICLES]
    data = post(client, {"articles": articles, "summary": {"by": "outlet"}}).json
    summary = data["summary"]
    assert (summary["options"]["period"], summary["options"]["date_column"]) == (None, None)
    assert summary["periods"] == []
    assert [p["period"] for g in summary["groups"] for p in g["periods"]] == [None, None]
    assert not any("date" in warning for warning in summary["warnings"])
    # Without ids, articles are counted where a sentence index starts again.
    assert summary["totals"]["articles"] == 3
    assert "date" not in data["columns"]


def test_another_date_field_and_a_month_period(client):
    articles = [{"published": a["date"], "text": a["text"]} for a in ARTICLES]
    summary = post(client, {"articles": articles, "summary": {"date_column": "published", "period": "month"}}).json
    assert summary["summary"]["periods"] == ["2026-04"]


def test_some_unreadable_dates_are_counted_apart(client):
    articles = [{**ARTICLES[0], "date": "soon"}, ARTICLES[1]]
    data = post(client, {"articles": articles}).json
    undated = sum(1 for row in data["rows"] if row["id"] == "lw-1")
    assert data["summary"]["totals"]["undated_rows"] == undated
    assert any("without a readable date" in warning for warning in data["summary"]["warnings"])


def test_an_unreadable_date_is_named_by_its_article_not_by_row_numbers(client):
    articles = [ARTICLES[0], {**ARTICLES[1], "date": "2026-02-31"}, {"id": "x-9", "text": "The army moved."}]
    warnings = post(client, {"articles": articles}).json["summary"]["warnings"]
    expected = (
        "articles: 2 articles without a readable date in 'date' are counted apart as undated: "
        f"articles[1] (id {ARTICLES[1]['id']!r}): '2026-02-31', articles[2] (id 'x-9'): no date"
    )
    assert expected in warnings
    assert not any("line " in warning for warning in warnings)


@pytest.mark.parametrize("text", ["The army moved.", "The army moved. The navy stayed in port."])
def test_no_date_field_gives_no_undated_warning_whatever_the_number_of_rows(client, text):
    # One sentence is one row: the summary's own warning then says "1 row", which a match on "N rows" missed.
    summary = post(client, {"articles": [{"id": "a", "text": text}]}).json["summary"]
    assert summary["totals"]["undated_rows"] == summary["totals"]["rows"] >= 1
    assert summary["warnings"] == summary["warning_kinds"] == []


def test_one_unreadable_date_in_one_row_is_named_by_its_article(client):
    articles = [ARTICLES[2], {"id": "x-1", "date": "soon", "text": "The army moved."}]
    summary = post(client, {"articles": articles}).json["summary"]
    assert summary["totals"]["undated_rows"] == 1
    assert summary["warnings"] == [
        "articles: 1 article without a readable date in 'date' is counted apart as undated: articles[1] (id 'x-1'): 'soon'"
    ]
    assert summary["warning_kinds"] == ["undated_rows"]


def test_a_date_sent_as_true_false_is_named_as_json(client):
    response = post(client, {"articles": [{"text": "The army moved.", "date": False}]})
    assert response.status_code == 400
    assert "date false (true/false) is in no known format" in response.json["error"]["message"]


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        pytest.param({"articles": "lw-1"}, 400, "wrong_type", "articles", id="articles is a string"),
        pytest.param({"articles": {"text": "A."}}, 400, "wrong_type", "articles", id="articles is an object"),
        pytest.param({"articles": []}, 400, "empty_list", "articles", id="no article"),
        pytest.param({"articles": [ARTICLES[0], "text"]}, 400, "wrong_type", "articles[1]", id="article a string"),
        pytest.param({"articles": [None]}, 400, "wrong_type", "articles[0]", id="article null"),
        pytest.param({"articles": [{"id": "a"}]}, 400, "missing_field", "articles[0].text", id="no text"),
        pytest.param({"articles": [{"text": 4}]}, 400, "wrong_type", "articles[0].text", id="number text"),
        pytest.param({"articles": [{"text": None}]}, 400, "wrong_type", "articles[0].text", id="null text"),
        pytest.param({"articles": [{"text": ["A."]}]}, 400, "wrong_type", "articles[0].text", id="list text"),
        pytest.param({"articles": [{"text": "A.\u0000"}]}, 400, "nul_character", "articles[0].text", id="NUL"),
        pytest.param(
            {"articles": [ARTICLES[1], ARTICLES[2], {"text": "A.", "tags": ["x"]}]},
            400,
            "wrong_type",
            "articles[2].tags",
            id="array metadata",
        ),
        pytest.param(
            {"articles": [{"text": "A.", "source": {"name": "x"}}]},
            400,
            "wrong_type",
            "articles[0].source",
            id="object metadata",
        ),
        pytest.param(
            {"articles": [{"text": "A.", "label": "x"}, {"text": "B.", "input_label": "y"}]},
            400,
            "conflicting_fields",
            "articles[1].input_label",
            id="renamed column taken",
        ),
        pytest.param({"text": "A.", "articles": [{"text": "B."}]}, 400, "conflicting_fields", "articles", id="both"),
        pytest.param({"text": "A.", "summary": {}}, 400, "conflicting_fields", "summary", id="summary with text"),
        pytest.param({"articles": [{"text": "A."}], "task": 3}, 400, "wrong_type", "task", id="number task"),
        pytest.param({"articles": [{"text": "A."}], "task": "x"}, 400, "unknown_task", "task", id="unknown task"),
        pytest.param({"articles": ARTICLES, "summary": "outlet"}, 400, "wrong_type", "summary", id="summary string"),
        pytest.param(
            {"articles": ARTICLES, "summary": {"group": "outlet"}},
            400,
            "unknown_field",
            "summary.group",
            id="unknown option",
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"by": ["country"]}}, 400, "unknown_column", "summary.by", id="by"
        ),
        pytest.param({"articles": ARTICLES, "summary": {"by": [3]}}, 400, "wrong_type", "summary.by", id="by number"),
        pytest.param(
            {"articles": ARTICLES, "summary": {"id_column": "uid"}}, 400, "unknown_column", "summary.id_column", id="id"
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"period": "year"}}, 400, "invalid_input", "summary.period", id="period"
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"min_confidence": 1.5}},
            400,
            "invalid_input",
            "summary.min_confidence",
            id="min_confidence",
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"evidence": True}}, 400, "invalid_input", "summary.evidence", id="bool"
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"alert_fdr": 0}}, 400, "invalid_input", "summary.alert_fdr", id="fdr 0"
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"alert_fdr": "0.1"}},
            400,
            "invalid_input",
            "summary.alert_fdr",
            id="fdr text",
        ),
        pytest.param(
            {"articles": [{"text": "A."}], "summary": {"period": "week"}},
            400,
            "unknown_column",
            "summary.date_column",
            id="period without dates",
        ),
        pytest.param(
            {"articles": ARTICLES, "summary": {"date_column": "published"}},
            400,
            "unknown_column",
            "summary.date_column",
            id="date column missing",
        ),
        pytest.param(
            {"articles": [{"text": "A.", "date": ""}, {"text": "B.", "date": "next Tuesday"}]},
            400,
            "unknown_date_format",
            "articles[1].date",
            id="no readable date",
        ),
    ],
)
def test_bad_articles_requests_name_the_field(client, body, status, code, field):
    response = post(client, body)
    assert response.status_code == status
    error = response.json["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]


def test_messages_say_what_is_wrong_and_where(client):
    nested = post(client, {"articles": [{"text": "A."}, {"text": "B.", "tags": {"a": 1}}]}).json["error"]
    assert nested["message"] == "articles[1].tags must be a string, number, boolean or null, got an object"
    both = post(client, {"text": "A.", "articles": [{"text": "B."}]}).json["error"]
    assert both["message"] == "give either text (one article) or articles (a list of articles), not both"
    dates = post(client, {"articles": [{"text": "A.", "date": "someday"}]}).json["error"]["message"]
    assert dates.startswith("articles[0].date: date 'someday' is in no known format")
    column = post(client, {"articles": ARTICLES, "summary": {"by": "country"}}).json["error"]["message"]
    assert column.startswith("summary.by: no column 'country' in the rows (columns: id, outlet, date, sentence")


def test_a_surrogate_in_metadata_is_refused_not_a_500(client):
    body = b'{"articles": [{"text": "A.", "note": "x\\ud800"}]}'
    response = post(client, body)
    assert response.status_code == 400
    assert (response.json["error"]["code"], response.json["error"]["field"]) == ("invalid_text", "articles[0].note")
    response = post(client, b'{"articles": [{"text": "A.", "\\udc00": 1}]}')
    assert (response.status_code, response.json["error"]["field"]) == (400, "articles[0]")


def test_the_number_of_articles_is_limited_and_the_limit_is_inclusive(model_dir):
    client = app_with(model_dir, MAX_ARTICLES=3)
    assert post(client, {"articles": ARTICLES}).status_code == 200
    response = post(client, {"articles": [*ARTICLES, {"text": "One more."}]})
    assert response.status_code == 400
    assert response.json["error"] == {
        "code": "too_many_articles",
        "message": "articles has 4 items; the limit is 3 per request (STANCE_MAX_ARTICLES)",
        "field": "articles",
    }


def test_the_article_limit_comes_from_the_environment(monkeypatch, model_dir):
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    monkeypatch.setenv("STANCE_MAX_ARTICLES", "2")
    app = create_app()
    assert app.config["MAX_ARTICLES"] == 2
    assert post(app.test_client(), {"articles": ARTICLES}).json["error"]["code"] == "too_many_articles"
    assert DEFAULT_CONFIG["MAX_ARTICLES"] == 100


@pytest.mark.parametrize("value", [0, -1, "many", True, 1.5])
def test_factory_rejects_a_bad_article_count_limit(model_dir, value):
    with pytest.raises(ServiceError, match="STANCE_MAX_ARTICLES must be a positive integer"):
        create_app({"MODEL_DIR": str(model_dir), "MAX_ARTICLES": value})


def test_a_body_over_the_content_limit_is_413(model_dir):
    client = app_with(model_dir, MAX_CONTENT_LENGTH=300)
    response = post(client, {"articles": ARTICLES})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_metrics_count_the_sentences_of_every_article(client):
    data = post(client, {"articles": [*ARTICLES, {"text": ""}]}).json
    text = client.get("/metrics").data.decode()
    counted = [line for line in text.splitlines() if line.startswith("stance_predictions_total{")]
    assert sum(float(line.rsplit(" ", 1)[1]) for line in counted) == sum(1 for r in data["rows"] if not r["error"])


def test_openapi_documents_articles_their_limit_rows_and_summary(model_dir):
    client = app_with(model_dir, MAX_ARTICLES=7)
    spec = client.get("/openapi.json").json
    schemas = spec["components"]["schemas"]
    request = schemas["AnalyzeRequest"]
    assert request["properties"]["articles"]["maxItems"] == 7
    assert request["properties"]["articles"]["items"] == {"$ref": "#/components/schemas/Article"}
    assert set(schemas["SummaryRequest"]["properties"]) == {
        "by",
        "period",
        "date_column",
        "id_column",
        "min_confidence",
        "alert_min_count",
        "alert_min_articles",
        "alert_fdr",
        "evidence",
        "outlet_column",
    }
    assert {"$ref": "#/components/schemas/AnalyzeArticlesResponse"} in (
        spec["paths"]["/v1/analyze"]["post"]["responses"]["200"]["content"][JSON]["schema"]["oneOf"]
    )
    codes = schemas["Error"]["properties"]["error"]["properties"]["code"]["enum"]
    assert {"too_many_articles", "unknown_column", "unknown_date_format"} <= set(codes)
    page = client.get("/docs").data.decode()
    assert "STANCE_MAX_ARTICLES" in page


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text()
)
articles = st.lists(
    st.dictionaries(st.text(max_size=8), scalars, max_size=3).flatmap(
        lambda fields: st.text(max_size=200).map(lambda text: {**fields, "text": text})
    ),
    min_size=1,
    max_size=4,
)


@given(body=articles)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_articles_are_analysed_or_refused_never_a_500_and_none_is_lost(client, body):
    response = post(client, {"articles": body})
    assert response.status_code in (200, 400), response.data
    if response.status_code == 400:
        # A field named "date" that holds no date at all is refused as such.
        codes = ("nul_character", "invalid_text", "conflicting_fields", "unknown_date_format")
        assert response.json["error"]["code"] in codes
        return
    rows = response.json["rows"]
    # Each article is a run of rows whose sentence index starts at 0, or its one error row.
    starts = [i for i, row in enumerate(rows) if row["error"] or row["sentence"] == 0]
    assert len(starts) == len(body)
    for (begin, end), article in zip(zip(starts, [*starts[1:], len(rows)]), body):
        for row in rows[begin:end]:
            assert row["error"] or article["text"][row["start"] : row["end"]] == row["text"]
    assert response.json["summary"]["totals"]["rows"] == len(rows)
