"""The JSON API through Flask's test client: classify, parity with the CLI, models, health, logs, metrics, docs."""

import json
import logging
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from model.artifact import read_metadata
from service import create_app
from service.cli import cli
from service.errors import ServiceError

SENTENCES = [
    "Belgrade warned that the new drones endanger Serbs in the north.",
    "The exercise reassures allies and contributes to stability.",
    "The contract covers twelve armoured vehicles and spare parts.",
    "Ünïcödé: the ministry said «the drones» arrived — on Tuesday.",
]


def current(model_dir):
    """Return the current version of the tiny task."""
    return (model_dir / "framing" / "CURRENT").read_text().strip()


def test_classify_one_text(client, model_dir):
    response = client.post("/v1/classify", json={"text": SENTENCES[0]})
    assert response.status_code == 200
    body = response.json
    assert body["model"] == {"task": "framing", "version": current(model_dir)}
    [result] = body["results"]
    assert result["text"] == SENTENCES[0]
    assert result["label"] == "threat"
    assert set(result["probabilities"]) == {"threat", "stability", "neutral"}
    assert result["confidence"] == max(result["probabilities"].values())
    assert result["model"] == current(model_dir)
    assert "explanation" not in result


def test_classify_many_keeps_order(client):
    response = client.post("/v1/classify", json={"texts": SENTENCES, "task": "framing"})
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["text"] for r in results] == SENTENCES
    assert [r["label"] for r in results[:3]] == ["threat", "stability", "neutral"]


def test_classify_explain_lists_ngrams(client):
    response = client.post("/v1/classify", json={"text": SENTENCES[0], "explain": True})
    explanation = response.json["results"][0]["explanation"]
    assert explanation["toward"], "a threat sentence has n-grams pushing toward threat"
    assert all(item["weight"] > 0 for item in explanation["toward"])
    assert all(item["weight"] < 0 for item in explanation["against"])
    assert all(
        item["ngram"] in SENTENCES[0].lower() or item["ngram"].startswith("not_") for item in explanation["toward"]
    )


@pytest.mark.parametrize("explain", [False, True])
def test_results_equal_what_stance_classify_prints(client, model_dir, explain):
    args = ["classify", "--model-dir", str(model_dir), *SENTENCES] + (["--explain"] if explain else [])
    printed = CliRunner().invoke(cli, args)
    assert printed.exit_code == 0, printed.output
    cli_results = [json.loads(line) for line in printed.output.splitlines()]
    response = client.post("/v1/classify", json={"texts": SENTENCES, "explain": explain})
    assert response.json["results"] == cli_results
    # Same key order too, so the two outputs read the same.
    assert [list(r) for r in response.json["results"]] == [list(r) for r in cli_results]


def test_non_ascii_text_is_returned_as_sent(client):
    response = client.post("/v1/classify", json={"text": SENTENCES[3]})
    assert response.json["results"][0]["text"] == SENTENCES[3]
    assert "«the drones»".encode() in response.data


def test_models_lists_each_task(client, model_dir):
    body = client.get("/v1/models").json
    assert body["default_task"] == "framing"
    [entry] = body["models"]
    assert entry["task"] == "framing"
    assert entry["version"] == current(model_dir)
    assert entry["default"] is True
    assert sorted(entry["labels"]) == ["neutral", "stability", "threat"]
    assert entry["created_at"]
    # The held-out figures recorded at training, as they stand in the version's metadata.
    metadata = read_metadata(model_dir, "framing", current(model_dir))
    assert entry["metrics"] == metadata["metrics"]
    assert entry["metrics"]["n"] == 9


def test_healthz_and_readyz(client, model_dir):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ready", "models": {"framing": current(model_dir)}}


def test_readyz_is_503_without_a_model(app, client, monkeypatch):
    monkeypatch.setattr(app.extensions["stance"], "_predictors", {})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "not_ready"


def test_request_id_is_echoed_or_made(client):
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert made.headers["X-Request-ID"] != "bad id\twith spaces"
    assert len(made.headers["X-Request-ID"]) == 32
    assert client.get("/healthz").headers["X-Request-ID"]


def test_one_structured_log_line_per_request(client, caplog, monkeypatch):
    # A clock that moves 123.4 ms during the first request and 0.5 ms during the second.
    ticks = iter([100.0, 100.1234, 200.0, 200.0005])
    monkeypatch.setattr("service.request_log.time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    with caplog.at_level(logging.INFO, logger="stance.request"):
        client.post("/v1/classify", json={"text": SENTENCES[0]}, headers={"X-Request-ID": "req-1"})
        client.get("/nowhere")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "stance.request"]
    assert len(lines) == 2
    assert lines[0]["method"] == "POST"
    assert lines[0]["path"] == "/v1/classify"
    assert lines[0]["status"] == 200
    assert lines[0]["request_id"] == "req-1"
    assert lines[0]["latency_ms"] == 123.4
    assert lines[1]["status"] == 404
    assert lines[1]["latency_ms"] == 0.5


def test_metrics_count_requests_predictions_and_model(client, model_dir):
    client.post("/v1/classify", json={"texts": SENTENCES[:3]})
    client.post("/v1/classify", json={"text": ""})
    response = client.get("/metrics")
    text = response.data.decode()
    # Prometheus's text format, with its charset named once.
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    assert response.headers["Content-Type"].count("charset") == 1
    assert 'stance_http_requests_total{endpoint="/v1/classify",method="POST",status="200"} 1.0' in text
    assert 'stance_http_requests_total{endpoint="/v1/classify",method="POST",status="400"} 1.0' in text
    assert 'stance_predictions_total{label="threat",task="framing"} 1.0' in text
    assert f'stance_model_version_info{{task="framing",version="{current(model_dir)}"}} 1.0' in text
    assert "stance_http_request_duration_seconds_bucket" in text


def test_openapi_document_describes_the_api(client):
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/v1/classify", "/v1/models", "/healthz", "/readyz", "/metrics"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert schemas["ClassifyRequest"]["properties"]["task"]["enum"] == ["framing"]
    assert schemas["ClassifyRequest"]["properties"]["texts"]["maxItems"] == 1000
    assert "/v1/admin/reload" not in spec["paths"]


def test_docs_page_is_self_contained(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.data.decode()
    assert "/v1/classify" in page and "/readyz" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page


def test_config_comes_from_stance_environment(monkeypatch, model_dir):
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    monkeypatch.setenv("STANCE_MAX_TEXTS", "2")
    monkeypatch.setenv("STANCE_ADMIN_TOKEN", "12345")
    app = create_app()
    assert app.config["MAX_TEXTS"] == 2
    assert app.config["ADMIN_TOKEN"] == "12345"
    response = app.test_client().post("/v1/classify", json={"texts": SENTENCES[:3]})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "too_many_texts"


def test_factory_fails_fast_without_a_model(tmp_path):
    with pytest.raises(ServiceError, match=r"cannot serve: default task 'framing': no trained model"):
        create_app({"MODEL_DIR": str(tmp_path / "empty")})


def test_factory_fails_fast_on_a_tampered_model(model_dir):
    version_dir = model_dir / "framing" / current(model_dir)
    (version_dir / "model.json").write_bytes(b"not a model")
    with pytest.raises(ServiceError, match="SHA-256"):
        create_app({"MODEL_DIR": str(model_dir)})


@pytest.mark.parametrize(
    ("key", "value"),
    [("MAX_TEXTS", 0), ("MAX_TEXT_CHARS", "many"), ("MAX_CONTENT_LENGTH", True), ("RELOAD_INTERVAL", -1)],
)
def test_factory_rejects_bad_limits(model_dir, key, value):
    with pytest.raises(ServiceError, match=f"STANCE_{key} must be"):
        create_app({"MODEL_DIR": str(model_dir), key: value})


def test_serve_says_error_without_a_model(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--model-dir", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot serve: default task 'framing': no trained model")
