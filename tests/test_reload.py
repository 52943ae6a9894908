"""Zero-downtime reload: a new CURRENT version is served without failing a request; a tampered one never is."""

import json
import logging
import shutil
import threading

import pytest

from model.store import set_current
from service import create_app

TEXT = "Analysts warn the troop build-up could spark open conflict."


def current(model_dir):
    """Return the current version of the tiny task."""
    return (model_dir / "framing" / "CURRENT").read_text().strip()


def clone_version(model_dir, name, tamper=False):
    """Copy the current version as ``name`` (as a retrain would add one); optionally corrupt its model file."""
    folder = model_dir / "framing"
    shutil.copytree(folder / current(model_dir), folder / name)
    metadata = json.loads((folder / name / "metadata.json").read_text())
    metadata["version"] = name
    (folder / name / "metadata.json").write_text(json.dumps(metadata))
    if tamper:
        with open(folder / name / "clf.coef.npy", "ab") as fh:
            fh.write(b"tampered")
    return name


@pytest.fixture
def watching_app(model_dir):
    """An app that looks at CURRENT on every request, as a server does once per second."""
    return create_app({"MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 1e-9, "ADMIN_TOKEN": "secret"})


def served_version(client):
    """Classify one sentence and return the version that answered."""
    response = client.post("/v1/classify", json={"text": TEXT})
    assert response.status_code == 200
    return response.json["model"]["version"]


def test_new_current_version_is_picked_up(watching_app, model_dir):
    client = watching_app.test_client()
    old = current(model_dir)
    assert served_version(client) == old
    set_current(model_dir, "framing", clone_version(model_dir, "20990101-000000-new"))
    # The request that notices the change is still answered by the old model, loading runs aside.
    assert served_version(client) in (old, "20990101-000000-new")
    watching_app.extensions["stance"].wait_for_reload(timeout=30)
    assert served_version(client) == "20990101-000000-new"
    assert client.get("/readyz").json["models"] == {"framing": "20990101-000000-new"}
    metrics = client.get("/metrics").data.decode()
    assert 'stance_model_version_info{task="framing",version="20990101-000000-new"} 1.0' in metrics
    assert f'stance_model_version_info{{task="framing",version="{old}"}} 0.0' in metrics
    assert 'stance_model_reloads_total{task="framing"} 1.0' in metrics


def test_tampered_version_is_refused_and_old_keeps_serving(watching_app, model_dir, caplog):
    client = watching_app.test_client()
    old = current(model_dir)
    set_current(model_dir, "framing", clone_version(model_dir, "20990101-000000-bad", tamper=True))
    with caplog.at_level(logging.ERROR, logger="service.models_registry"):
        served_version(client)
        watching_app.extensions["stance"].wait_for_reload(timeout=30)
    assert any("refused version 20990101-000000-bad" in r.getMessage() for r in caplog.records)
    assert any("SHA-256" in r.getMessage() for r in caplog.records)
    assert served_version(client) == old
    # Refused once, not retried (and logged) on every later look at the pointer.
    caplog.clear()
    served_version(client)
    watching_app.extensions["stance"].wait_for_reload(timeout=30)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_admin_reload_loads_now_and_reports_refusals(watching_app, model_dir):
    client = watching_app.test_client()
    auth = {"Authorization": "Bearer secret"}
    old = current(model_dir)
    good = clone_version(model_dir, "20990101-000000-good")
    set_current(model_dir, "framing", clone_version(model_dir, "20990101-000000-bad", tamper=True))
    refused = client.post("/v1/admin/reload", headers=auth)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "reload_refused"
    assert f"still serving {old}" in refused.json["error"]["message"]
    set_current(model_dir, "framing", good)
    loaded = client.post("/v1/admin/reload", headers=auth)
    assert loaded.status_code == 200
    # This request's own look at the pointer may have loaded it a moment before; either way it is served now.
    assert loaded.json["models"] == {"framing": "20990101-000000-good"}
    assert loaded.json["loaded"] in ({}, {"framing": "20990101-000000-good"})
    assert served_version(client) == "20990101-000000-good"


def test_reloads_under_concurrent_requests_fail_nothing(watching_app, model_dir):
    versions = [current(model_dir), clone_version(model_dir, "20990101-000000-b")]
    bad = clone_version(model_dir, "20990101-000000-bad", tamper=True)
    registry = watching_app.extensions["stance"]
    stop = threading.Event()
    answers, problems = [], []

    def hammer():
        client = watching_app.test_client()
        while not stop.is_set():
            response = client.post("/v1/classify", json={"texts": [TEXT, TEXT]})
            if response.status_code != 200:
                problems.append(response.status_code)
                continue
            body = response.json
            # One request is answered by one model: the header and every result agree.
            if {r["model"] for r in body["results"]} != {body["model"]["version"]}:
                problems.append(body)
            answers.append(body["model"]["version"])

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(5):
            target = versions[(i + 1) % 2]
            set_current(model_dir, "framing", target)
            # Keep polling from this thread until the swap is visible.
            client = watching_app.test_client()
            for _ in range(200):
                registry.wait_for_reload(timeout=30)
                if served_version(client) == target:
                    break
            else:
                pytest.fail(f"version {target} was never served")
        set_current(model_dir, "framing", bad)
        served_version(watching_app.test_client())
        registry.wait_for_reload(timeout=30)
        for _ in range(20):
            served_version(watching_app.test_client())
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert problems == []
    assert len(answers) > 10
    assert set(answers) <= set(versions)
    assert bad not in answers
    assert served_version(watching_app.test_client()) == versions[1]
