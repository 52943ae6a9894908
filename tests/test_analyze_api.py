"""``POST /v1/analyze``: the same analysis as ``stance analyze --json``, and a JSON 4xx for every bad body."""

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.article import DEFAULT_MAX_CHARS
from service import DEFAULT_CONFIG, create_app
from service.cli import cli
from service.errors import ServiceError

ARTICLE = """Defence experts say the new air defence battery strengthens security in the region.
The battery does not pose a threat to anyone, as claimed by Belgrade.
On the contrary, they argue that it deters attacks.
“The system can only hit targets over our own territory,” said Colonel Besa Hoti, a battery commander.
Belgrade warned that the missiles endanger Serbs in the north.
The first launchers arrived on Monday."""
JSON = "application/json"


def post(client, data, content_type=JSON):
    """POST raw bytes (or a JSON-encodable value) to /v1/analyze."""
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    return client.post("/v1/analyze", data=data, content_type=content_type)


def cli_analysis(model_dir, path, *args):
    """Return what ``stance analyze PATH --json`` prints, parsed."""
    result = CliRunner().invoke(cli, ["analyze", str(path), "--json", "--model-dir", str(model_dir), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_analyze_returns_every_sentence_with_its_sources_and_the_table(client, model_dir):
    response = post(client, {"text": ARTICLE})
    assert response.status_code == 200
    assert response.mimetype == JSON
    data = response.json
    assert list(data) == ["model", "sentences", "summary"]
    assert data["model"] == {"task": "framing", "version": (model_dir / "framing" / "CURRENT").read_text().strip()}
    sentences = data["sentences"]
    assert len(sentences) == 6
    for sentence in sentences:
        assert ARTICLE[sentence["start"] : sentence["end"]] == sentence["text"]
        assert sentence["label"] in ("threat", "stability", "neutral")
    disputed = sentences[1]["attributions"]
    assert [(a["source"], a["role"], a["cue"]) for a in disputed] == [("Belgrade", "disputed", "as claimed by")]
    (they,) = sentences[2]["attributions"]
    assert (they["source"], they["resolved_from"]) == ("Defence experts", "they")
    summary = data["summary"]
    assert summary["sentences"] == 6
    assert sum(summary["frames"].values()) == 6
    assert {"defence experts", "belgrade", "colonel besa hoti"} <= set(summary["sources"])
    assert sum(summary["sources"]["belgrade"].values()) == 2


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(ARTICLE, id="article"),
        pytest.param("Güler sagte, die Drohnen seien „rein defensiv“. Café Ž — 東京.", id="non-ascii"),
        pytest.param("One line without a full stop", id="no full stop"),
        pytest.param("  \n\n" + ARTICLE + "\n\n  ", id="blank lines around"),
    ],
)
def test_answer_equals_what_stance_analyze_json_prints(client, model_dir, tmp_path, article):
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    assert post(client, {"text": article}).json == cli_analysis(model_dir, path)


def test_task_chooses_the_model(client, model_dir, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    response = post(client, {"text": ARTICLE, "task": "framing"})
    assert response.status_code == 200
    assert response.json == cli_analysis(model_dir, path, "--task", "framing")


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code", "field"),
    [
        pytest.param(b"not json", JSON, 400, "invalid_json", None, id="non-json body"),
        pytest.param(b'{"text": NaN}', JSON, 400, "invalid_json", None, id="NaN"),
        pytest.param(b"", JSON, 400, "empty_body", None, id="empty body"),
        pytest.param(b'{"text": "caf\xe9 au lait."}', JSON, 400, "invalid_utf8", None, id="invalid utf-8"),
        pytest.param({"text": ARTICLE}, "text/plain", 415, "unsupported_media_type", None, id="text/plain"),
        pytest.param({"text": ARTICLE}, None, 415, "unsupported_media_type", None, id="no content type"),
        pytest.param(
            {"text": ARTICLE}, "application/json; charset=latin-1", 415, "unsupported_media_type", None, id="latin-1"
        ),
        pytest.param([ARTICLE], JSON, 400, "wrong_type", None, id="array body"),
        pytest.param(ARTICLE, JSON, 400, "wrong_type", None, id="string body"),
        pytest.param({}, JSON, 400, "missing_field", "text", id="empty object"),
        pytest.param({"task": "framing"}, JSON, 400, "missing_field", "text", id="task only"),
        pytest.param({"text": ""}, JSON, 400, "empty_text", "text", id="empty text"),
        pytest.param({"text": " \n\n\t\u00a0\u2003\n"}, JSON, 400, "empty_text", "text", id="whitespace text"),
        pytest.param({"text": 42}, JSON, 400, "wrong_type", "text", id="number text"),
        pytest.param({"text": None}, JSON, 400, "wrong_type", "text", id="null text"),
        pytest.param({"text": True}, JSON, 400, "wrong_type", "text", id="boolean text"),
        pytest.param({"text": [ARTICLE]}, JSON, 400, "wrong_type", "text", id="list as text"),
        pytest.param({"text": {"body": ARTICLE}}, JSON, 400, "wrong_type", "text", id="object as text"),
        pytest.param({"text": ARTICLE + "\u0000"}, JSON, 400, "nul_character", "text", id="NUL character"),
        pytest.param(b'{"text": "One sentence. \\ud800 Two."}', JSON, 400, "invalid_text", "text", id="lone surrogate"),
        pytest.param({"text": "x" * (DEFAULT_MAX_CHARS + 1)}, JSON, 400, "text_too_long", "text", id="too long"),
        pytest.param({"texts": [ARTICLE]}, JSON, 400, "unknown_field", "texts", id="texts is classify's field"),
        pytest.param({"text": ARTICLE, "explain": True}, JSON, 400, "unknown_field", "explain", id="unknown field"),
        pytest.param(b'{"text": "a", "text": "b"}', JSON, 400, "duplicate_field", "text", id="duplicate field"),
        pytest.param({"text": ARTICLE, "task": "weather"}, JSON, 400, "unknown_task", "task", id="unknown task"),
        pytest.param({"text": ARTICLE, "task": ""}, JSON, 400, "unknown_task", "task", id="empty task"),
        pytest.param({"text": ARTICLE, "task": None}, JSON, 400, "wrong_type", "task", id="null task"),
        pytest.param({"text": ARTICLE, "task": ["framing"]}, JSON, 400, "wrong_type", "task", id="list task"),
    ],
)
def test_bad_analyze_requests(client, data, content_type, status, code, field):
    response = post(client, data, content_type)
    assert response.status_code == status
    assert response.mimetype == JSON
    error = response.json["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]


def test_too_long_article_names_the_limit_and_its_setting(client):
    response = post(client, {"text": "x" * (DEFAULT_MAX_CHARS + 1)})
    assert response.json["error"]["message"] == (
        "text has 100,001 characters; articles are limited to 100,000 (STANCE_MAX_ARTICLE_CHARS)"
    )


def test_article_limit_is_configurable_and_inclusive(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir), "MAX_ARTICLE_CHARS": len(ARTICLE)})
    client = app.test_client()
    assert post(client, {"text": ARTICLE}).status_code == 200
    response = post(client, {"text": ARTICLE + "!"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "text_too_long"


def test_article_limit_comes_from_the_environment(monkeypatch, model_dir):
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    monkeypatch.setenv("STANCE_MAX_ARTICLE_CHARS", "50")
    app = create_app()
    assert app.config["MAX_ARTICLE_CHARS"] == 50
    assert post(app.test_client(), {"text": ARTICLE}).json["error"]["code"] == "text_too_long"


def test_article_longer_than_a_sentence_limit_is_analysed(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir), "MAX_TEXT_CHARS": 100})
    response = post(app.test_client(), {"text": ARTICLE})
    assert response.status_code == 200
    assert len(response.json["sentences"]) == 6


def test_default_article_limit_is_the_one_of_stance_analyze():
    assert DEFAULT_CONFIG["MAX_ARTICLE_CHARS"] == DEFAULT_MAX_CHARS


@pytest.mark.parametrize("value", [0, -5, "many", True, 2.5])
def test_factory_rejects_a_bad_article_limit(model_dir, value):
    with pytest.raises(ServiceError, match="STANCE_MAX_ARTICLE_CHARS must be a positive integer"):
        create_app({"MODEL_DIR": str(model_dir), "MAX_ARTICLE_CHARS": value})


def test_body_larger_than_the_content_limit_is_413(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir), "MAX_CONTENT_LENGTH": 200})
    response = post(app.test_client(), {"text": ARTICLE})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_get_is_405_json(client):
    response = client.get("/v1/analyze")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_metrics_count_analyze_requests_and_its_sentences(client):
    post(client, {"text": ARTICLE})
    post(client, {"text": " "})
    text = client.get("/metrics").data.decode()
    assert 'stance_http_requests_total{endpoint="/v1/analyze",method="POST",status="200"} 1.0' in text
    assert 'stance_http_requests_total{endpoint="/v1/analyze",method="POST",status="400"} 1.0' in text
    assert 'stance_http_request_duration_seconds_count{endpoint="/v1/analyze",method="POST"} 2.0' in text
    counted = [line for line in text.splitlines() if line.startswith("stance_predictions_total{")]
    assert sum(float(line.rsplit(" ", 1)[1]) for line in counted) == 6


def test_openapi_and_docs_describe_analyze(model_dir):
    app = create_app({"MODEL_DIR": str(model_dir), "MAX_ARTICLE_CHARS": 1234})
    client = app.test_client()
    spec = client.get("/openapi.json").json
    operation = spec["paths"]["/v1/analyze"]["post"]
    assert operation["operationId"] == "analyze"
    assert set(operation["responses"]) == {"200", "400", "413", "415", "default"}
    request_schema = spec["components"]["schemas"]["AnalyzeRequest"]
    assert request_schema["properties"]["text"]["maxLength"] == 1234
    assert request_schema["properties"]["task"]["enum"] == ["framing"]
    page = client.get("/docs").data.decode()
    assert "/v1/analyze" in page and "STANCE_MAX_ARTICLE_CHARS" in page


@given(text=st.text(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_analysed_or_refused_never_a_500(client, text):
    response = post(client, {"text": text})
    assert response.status_code in (200, 400), response.data
    if response.status_code == 200:
        assert all(text[s["start"] : s["end"]] == s["text"] for s in response.json["sentences"])
    else:
        assert response.json["error"]["code"] in ("empty_text", "nul_character", "invalid_text")
