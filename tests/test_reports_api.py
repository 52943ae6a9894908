"""GET /v1/models/<task>/<version>/report: a version's report.html, and JSON 404s for anything else."""

import pytest

from model.store import current_version
from training.report import REPORT_FILE


def test_the_current_report_is_served_as_html(client, model_dir):
    version = current_version(model_dir, "framing")
    response = client.get("/v1/models/framing/current/report")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.data == (model_dir / "framing" / version / REPORT_FILE).read_bytes()
    assert b"<svg" in response.data
    assert response.headers["X-Model-Version"] == version
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_named_version_is_served(client, model_dir):
    version = current_version(model_dir, "framing")
    response = client.get(f"/v1/models/framing/{version}/report")
    assert response.status_code == 200
    assert version.encode() in response.data
    assert "max-age" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path, field",
    [
        ("/v1/models/nope/current/report", "task"),
        ("/v1/models/framing/20990101-000000-none/report", "version"),
        ("/v1/models/framing/..%2F..%2Fetc/report", "version"),
        ("/v1/models/framing/.hidden/report", "version"),
        ("/v1/models/..%2Fframing/current/report", "task"),
    ],
)
def test_unknown_or_unsafe_names_are_json_404s(client, path, field):
    response = client.get(path)
    assert response.status_code == 404
    error = response.json["error"]
    assert error["code"] == "not_found"
    # Encoded slashes never reach the view: werkzeug decodes them and no route matches.
    assert error["field"] in (field, None)


def test_a_version_without_a_report_is_a_404(client, model_dir):
    version = current_version(model_dir, "framing")
    (model_dir / "framing" / version / REPORT_FILE).unlink()
    response = client.get("/v1/models/framing/current/report")
    assert response.status_code == 404
    assert response.json["error"]["message"] == f"version {version!r} of task 'framing' has no {REPORT_FILE}"


def test_a_task_without_a_current_version_is_a_404(client, model_dir):
    (model_dir / "candidates").mkdir()
    response = client.get("/v1/models/candidates/current/report")
    assert response.status_code == 404
    assert response.json["error"] == {
        "code": "not_found",
        "message": "task 'candidates' has no current version",
        "field": "version",
    }


def test_the_report_path_is_documented(client):
    spec = client.get("/openapi.json").json
    operation = spec["paths"]["/v1/models/{task}/{version}/report"]["get"]
    assert set(operation["responses"]) == {"200", "404", "default"}
    assert "text/html" in operation["responses"]["200"]["content"]
    assert "/v1/models/{task}/{version}/report" in client.get("/docs").get_data(as_text=True)


def test_the_report_is_sandboxed(client):
    policy = client.get("/v1/models/framing/current/report").headers["Content-Security-Policy"]
    # An opaque origin with no scripts and no requests: a changed report cannot use the service's cookies.
    assert policy.startswith("sandbox;")
    assert "default-src 'none'" in policy


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_report_that_is_a_link_or_a_fifo_is_refused(client, model_dir, tmp_path, kind):
    import os

    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")
    report = model_dir / "framing" / current_version(model_dir, "framing") / REPORT_FILE
    report.unlink()
    if kind == "symlink":
        report.symlink_to(secret)
    else:
        os.mkfifo(report)
    response = client.get("/v1/models/framing/current/report")
    assert response.status_code == 404
    assert b"not for the web" not in response.data
    assert "not readable" in response.json["error"]["message"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"../etc\n", "invalid version name '../etc'"), (b"\xff\n", "cannot read the current version's name")],
)
def test_an_unreadable_current_is_a_404_that_says_why(client, model_dir, content, reason):
    (model_dir / "framing" / "CURRENT").write_bytes(content)
    response = client.get("/v1/models/framing/current/report")
    assert response.status_code == 404
    message = response.json["error"]["message"]
    assert message.startswith(f"task 'framing' has no readable current version: CURRENT: {reason}")
    assert str(model_dir) not in message
