"""A model folder that goes bad under a running service: workers still boot, and say they are degraded.

Issue 11, items 1 and 8: a worker that starts while the current version cannot be loaded serves the
newest version that verifies instead of failing to boot (which makes gunicorn stop the whole
server); ``/readyz`` and ``POST /v1/admin/reload`` report it; and each worker watches the pointers
in a background thread, so an idle one does not answer its first request with the old model.
"""

import json
import logging
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from model.lifecycle import promote_version
from service import create_app
from service.errors import ServiceError
from tests.conftest import AUTH, TOKEN
from tests.test_server import call, serving

TEXT = "Analysts warn the troop build-up could spark open conflict."


def current(model_dir):
    """Return the current version of the tiny task."""
    return (model_dir / "framing" / "CURRENT").read_text().strip()


def clone_version(model_dir, name):
    """Copy the current version as ``name``, as a retrain would add one."""
    folder = model_dir / "framing"
    shutil.copytree(folder / current(model_dir), folder / name)
    metadata = json.loads((folder / name / "metadata.json").read_text())
    metadata["version"] = name
    (folder / name / "metadata.json").write_text(json.dumps(metadata))
    return name


def corrupt_one_byte(model_dir, version):
    """Flip one byte in the middle of a version's model file, in place, and move its clock on a second."""
    path = model_dir / "framing" / version / "clf.coef.npy"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    with open(path, "r+b") as fh:
        fh.write(data)
    # Corruption found in production comes long after the load; make the change visible to a stat
    # even on a file system whose clock ticks coarser than this test runs.
    later = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(later, later))
    return path


@pytest.fixture
def versions(model_dir):
    """Three versions: ``old`` (first current), ``new`` (promoted over it), ``spare`` (newest, never current)."""
    old = current(model_dir)
    new = clone_version(model_dir, "20990101-000000-new")
    promote_version(model_dir, "framing", new)
    spare = clone_version(model_dir, "20990102-000000-spare")
    return {"old": old, "new": new, "spare": spare}


def make_app(model_dir, **config):
    """The API app with watching driven by the test (no thread, no look on requests)."""
    settings = {"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0, "ADMIN_TOKEN": TOKEN}
    return create_app({**settings, **config})


def served_version(client):
    """Classify one sentence and return the version that answered."""
    response = client.post("/v1/classify", json={"text": TEXT})
    assert response.status_code == 200, response.json
    return response.json["model"]["version"]


# Item 1: a worker starting on a broken current version.


def test_worker_boots_with_the_previous_version_when_the_current_file_is_corrupt(model_dir, versions, caplog):
    corrupt_one_byte(model_dir, versions["new"])
    with caplog.at_level(logging.CRITICAL, logger="service.models_registry"):
        client = make_app(model_dir).test_client()
    # The version that was current before (HISTORY), not the newest folder that was never promoted.
    assert served_version(client) == versions["old"]
    assert any("DEGRADED" in r.getMessage() and "SHA-256" in r.getMessage() for r in caplog.records)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["status"] == "degraded"
    assert ready.json["models"] == {"framing": versions["old"]}
    reason = ready.json["degraded"]["framing"]
    assert f"current version {versions['new']} cannot be loaded" in reason
    assert "SHA-256" in reason and f"serving {versions['old']}" in reason


def test_worker_boots_when_a_corrupt_version_was_promoted(model_dir, versions):
    bad = clone_version(model_dir, "20990103-000000-bad")
    promote_version(model_dir, "framing", bad)
    # Promotion refuses a version that does not load, so the file breaks after it.
    corrupt_one_byte(model_dir, bad)
    client = make_app(model_dir).test_client()
    assert served_version(client) == versions["new"]
    assert client.get("/readyz").json["status"] == "degraded"


def test_worker_boots_when_current_is_deleted(model_dir, versions):
    (model_dir / "framing" / "CURRENT").unlink()
    client = make_app(model_dir).test_client()
    # Without a pointer the history still names the last current version.
    assert served_version(client) == versions["new"]
    ready = client.get("/readyz").json
    assert ready["status"] == "degraded"
    assert "no readable CURRENT pointer" in ready["degraded"]["framing"]


def test_worker_without_history_falls_back_to_the_newest_version_that_verifies(model_dir):
    only = current(model_dir)
    newer = clone_version(model_dir, "20990101-000000-newer")
    (model_dir / "framing" / "CURRENT").unlink()
    corrupt_one_byte(model_dir, newer)
    assert served_version(make_app(model_dir).test_client()) == only


def test_no_version_that_verifies_still_fails_fast(model_dir, versions):
    for version in versions.values():
        corrupt_one_byte(model_dir, version)
    with pytest.raises(ServiceError, match=r"cannot serve: default task 'framing': .*SHA-256"):
        make_app(model_dir)


def test_a_healthy_folder_is_ready_not_degraded(model_dir, versions):
    client = make_app(model_dir).test_client()
    assert client.get("/readyz").json == {"status": "ready", "models": {"framing": versions["new"]}}


# Item 1: a running worker whose served version stops verifying.


def test_admin_reload_notices_a_served_version_that_no_longer_verifies(model_dir, versions):
    client = make_app(model_dir).test_client()
    path = model_dir / "framing" / versions["new"] / "clf.coef.npy"
    good = path.read_bytes()
    corrupt_one_byte(model_dir, versions["new"])
    refused = client.post("/v1/admin/reload", headers=AUTH)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "reload_refused"
    assert f"served version {versions['new']} no longer verifies" in refused.json["error"]["message"]
    # It verified when it was loaded, so it keeps answering; readiness says what a restart would meet.
    assert served_version(client) == versions["new"]
    assert "no longer verifies" in client.get("/readyz").json["degraded"]["framing"]
    path.write_bytes(good)
    repaired = client.post("/v1/admin/reload", headers=AUTH)
    assert repaired.status_code == 200
    assert client.get("/readyz").json["status"] == "ready"


def test_watcher_notices_a_corrupted_served_file_and_a_deleted_pointer(model_dir, versions, caplog):
    app = make_app(model_dir, RELOAD_INTERVAL=3600.0)
    registry = app.extensions["stance"]
    assert registry.check_now() is None
    corrupt_one_byte(model_dir, versions["new"])
    with caplog.at_level(logging.ERROR, logger="service.models_registry"):
        report = registry.check_now()
    assert report["refused"]["framing"]["version"] == versions["new"]
    assert any("no longer verifies" in r.getMessage() for r in caplog.records)
    # Logged once: the next look finds nothing new.
    assert registry.check_now() is None
    (model_dir / "framing" / "CURRENT").unlink()
    report = registry.check_now()
    assert "CURRENT pointer is missing" in report["refused"]["framing"]["reason"]
    assert "CURRENT pointer is missing" in app.test_client().get("/readyz").json["degraded"]["framing"]


def test_a_refused_promotion_shows_as_degraded_until_a_good_one(model_dir, versions):
    app = make_app(model_dir, RELOAD_INTERVAL=3600.0)
    client = app.test_client()
    bad = clone_version(model_dir, "20990103-000000-bad")
    promote_version(model_dir, "framing", bad)
    corrupt_one_byte(model_dir, bad)
    app.extensions["stance"].check_now()
    ready = client.get("/readyz").json
    assert ready["status"] == "degraded"
    assert f"refused version {bad}, still serving {versions['new']}" in ready["degraded"]["framing"]
    promote_version(model_dir, "framing", versions["spare"])
    app.extensions["stance"].check_now()
    assert client.get("/readyz").json == {"status": "ready", "models": {"framing": versions["spare"]}}


# Item 8: an idle worker picks up a promotion without a request.


def wait_for(condition, timeout=10.0):
    """Poll ``condition`` until it is true or ``timeout`` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while not (result := condition()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return result


def test_idle_worker_switches_in_the_background(model_dir, versions):
    app = make_app(model_dir, RELOAD_INTERVAL=0.05, RELOAD_THREAD=True)
    registry = app.extensions["stance"]
    try:
        promote_version(model_dir, "framing", versions["spare"])
        # No request reaches the app: only the watcher thread can make the switch.
        assert wait_for(lambda: registry.get().version == versions["spare"])
        assert served_version(app.test_client()) == versions["spare"]
    finally:
        registry.stop_watching(timeout=10)
    assert not registry._watcher.is_alive()


def test_watcher_thread_runs_only_when_serving(model_dir, monkeypatch):
    # Under test_config the tests drive reloads themselves.
    assert make_app(model_dir, RELOAD_INTERVAL=1.0).extensions["stance"]._watcher is None
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    monkeypatch.setenv("STANCE_RELOAD_INTERVAL", "0.05")
    served = create_app().extensions["stance"]
    try:
        assert served._watcher.is_alive() and served._watcher.daemon
    finally:
        served.stop_watching(timeout=10)
    monkeypatch.setenv("STANCE_RELOAD_THREAD", "false")
    assert create_app().extensions["stance"]._watcher is None
    monkeypatch.setenv("STANCE_RELOAD_INTERVAL", "0")
    monkeypatch.setenv("STANCE_RELOAD_THREAD", "true")
    assert create_app().extensions["stance"]._watcher is None


def test_reload_thread_setting_is_checked(model_dir):
    with pytest.raises(ServiceError, match="STANCE_RELOAD_THREAD must be true or false"):
        make_app(model_dir, RELOAD_THREAD="yes")


# Item 1 with a real server: a worker killed after the current file went bad comes back.


def worker_pids(master):
    """Return the pids of the processes whose parent is ``master``."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds gunicorn's workers through /proc")
def test_killed_worker_restarts_on_the_previous_version_and_the_server_stays_up(model_dir, versions, tmp_path):
    log = tmp_path / "server.log"
    with serving(model_dir, log, "--workers", "2") as (port, proc):
        # Both workers serve the current version before it goes bad (the master's own check logs it once before).
        line = f"serving task framing version {versions['new']}"
        booted = lambda: log.read_text().partition("Booting worker")[2].count(line) == 2  # noqa: E731
        assert wait_for(booted, timeout=30), log.read_text()
        assert len(worker_pids(proc.pid)) == 2
        corrupt_one_byte(model_dir, versions["new"])
        victim = worker_pids(proc.pid)[0]
        os.kill(victim, signal.SIGKILL)
        # gunicorn replaces the worker; before the fix the new one failed to boot and the master quit.
        assert wait_for(lambda: "DEGRADED" in log.read_text() or proc.poll() is not None, timeout=60)
        assert proc.poll() is None, log.read_text()
        assert wait_for(lambda: victim not in worker_pids(proc.pid) and len(worker_pids(proc.pid)) == 2, 30)
        time.sleep(1.0)
        assert proc.poll() is None, log.read_text()
        assert wait_for(lambda: "no longer verifies" in log.read_text(), timeout=30), log.read_text()
        body = json.dumps({"text": TEXT})
        for _ in range(10):
            status, _, data = call(port, "POST", "/v1/classify", body, {"Content-Type": "application/json"})
            assert status == 200, data
            assert json.loads(data)["model"]["version"] in (versions["old"], versions["new"])
        # Every worker now says so: the restarted one serves the old version, the other's watcher
        # found that the version it serves from memory no longer verifies on disk.
        for _ in range(10):
            status, _, data = call(port, "GET", "/readyz")
            assert (status, json.loads(data)["status"]) == (200, "degraded"), data
        assert proc.poll() is None, log.read_text()
