"""The real server: ``stance serve`` runs gunicorn on a free 127.0.0.1 port and answers over HTTP."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

STANCE = str(Path(sys.executable).with_name("stance"))


def free_port():
    """Return a port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(port, method, path, body=None, headers=None, timeout=30):
    """Send one request; return status, headers and body bytes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@contextmanager
def serving(model_dir, log, *options, env=None):
    """Run ``stance serve`` on a free port, wait until /readyz answers 200, yield ``(port, proc)``; stop it on exit.

    The server sees none of the caller's ``STANCE_*`` or ``PROMETHEUS_*`` variables, only ``env``'s.
    """
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STANCE_", "PROMETHEUS_"))}
    clean.update(env or {})
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [STANCE, "serve", "--model-dir", str(model_dir), "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"server exited: {log.read_text()}"
            try:
                if call(port, "GET", "/readyz", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"server not ready in 60 s: {log.read_text()}"
            time.sleep(0.1)
        yield port, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory, trained_model_dir):
    """Start ``stance serve`` with two workers, wait for /readyz, and stop it after the module's tests."""
    import shutil

    model_dir = tmp_path_factory.mktemp("served") / "models"
    shutil.copytree(trained_model_dir, model_dir)
    log = tmp_path_factory.mktemp("server-log") / "server.log"
    with serving(model_dir, log, "--workers", "2") as (port, proc):
        yield {"port": port, "proc": proc, "log": log, "model_dir": model_dir}


def test_classify_over_http(server):
    body = json.dumps({"text": "Analysts warn the troop build-up could spark open conflict."})
    status, headers, data = call(
        server["port"], "POST", "/v1/classify", body, {"Content-Type": "application/json", "X-Request-ID": "t-1"}
    )
    assert status == 200
    assert headers["X-Request-ID"] == "t-1"
    answer = json.loads(data)
    assert answer["results"][0]["label"] == "threat"
    version = (server["model_dir"] / "framing" / "CURRENT").read_text().strip()
    assert answer["model"] == {"task": "framing", "version": version}


def test_bad_input_over_http_is_json(server):
    status, headers, data = call(
        server["port"], "POST", "/v1/classify", b'{"text": "\xff"}', {"Content-Type": "application/json"}
    )
    assert status == 400
    assert headers["Content-Type"] == "application/json"
    assert json.loads(data)["error"]["code"] == "invalid_utf8"
    status, headers, data = call(server["port"], "GET", "/nope")
    assert (status, json.loads(data)["error"]["code"]) == (404, "not_found")


def test_metrics_add_up_across_workers(server):
    for _ in range(6):
        call(server["port"], "GET", "/healthz")
    status, headers, data = call(server["port"], "GET", "/metrics")
    text = data.decode()
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    healthz = [line for line in text.splitlines() if line.startswith('stance_http_requests_total{endpoint="/healthz"')]
    assert healthz and float(healthz[0].rsplit(" ", 1)[1]) >= 6
    # Both workers report the version they serve (multiprocess mode labels each by pid); the second
    # worker may still be loading its model when the first answers /readyz.
    deadline = time.monotonic() + 30
    while text.count('stance_model_version_info{pid="') < 2:
        assert time.monotonic() < deadline, text
        time.sleep(0.2)
        text = call(server["port"], "GET", "/metrics")[2].decode()
    assert text.count('stance_model_version_info{pid="') == 2


def test_request_log_lines_reach_the_server_log(server):
    call(server["port"], "GET", "/healthz", headers={"X-Request-ID": "log-check-42"})
    deadline = time.monotonic() + 10
    while "log-check-42" not in server["log"].read_text():
        assert time.monotonic() < deadline, server["log"].read_text()
        time.sleep(0.1)
    line = next(line for line in server["log"].read_text().splitlines() if "log-check-42" in line)
    record = json.loads(line[line.index("{") :])
    assert record["method"] == "GET" and record["path"] == "/healthz" and record["status"] == 200


def _workers(master):
    """The process ids of gunicorn's workers: the children of its master."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def test_a_replaced_worker_boots_and_the_server_keeps_answering(trained_model_dir, tmp_path):
    if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("needs /proc/<pid>/task/<pid>/children to find the workers")
    with serving(trained_model_dir, tmp_path / "server.log", "--workers", "2") as (port, proc):
        first = _workers(proc.pid)
        assert len(first) == 2
        os.kill(first[0], signal.SIGTERM)
        deadline = time.monotonic() + 60
        while not (len(now := _workers(proc.pid)) == 2 and first[0] not in now):
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "no new worker in 60 s"
            time.sleep(0.2)
        body = json.dumps({"text": "The radars are defensive."}).encode()
        for _ in range(6):
            status, _, _ = call(port, "POST", "/v1/classify", body, {"Content-Type": "application/json"})
            assert status == 200
        assert proc.poll() is None
        assert "Worker failed to boot" not in (tmp_path / "server.log").read_text()
