"""Hostile HTTP clients against the real server (issue 11, items 2 and 5).

``stance serve`` runs with its defaults on a free 127.0.0.1 port. Stalled clients (connected but
silent, half a request, a drip of bytes) must not delay a normal request, and are closed after the
read timeout; malformed or oversized chunked bodies get JSON errors, not 500s or HTML.
"""

import http.client
import json
import shutil
import socket
import time

import pytest

from tests.test_server import call, serving

CLASSIFY = json.dumps({"text": "Analysts warn the troop build-up could spark open conflict."}).encode()


def raw_exchange(port, data, timeout=10):
    """Send raw bytes, then read until the server closes the connection; return the bytes read."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def parse_response(raw):
    """Split a raw HTTP/1.1 response (after any 100 Continue) into status, lower-cased headers and body."""
    while raw.startswith(b"HTTP/1.1 100"):
        raw = raw.split(b"\r\n\r\n", 1)[1]
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
    return status, headers, body


@pytest.fixture(scope="module")
def server(tmp_path_factory, trained_model_dir):
    """Start ``stance serve`` with its default workers and timeouts; stop it after the module's tests."""
    model_dir = tmp_path_factory.mktemp("faults-served") / "models"
    shutil.copytree(trained_model_dir, model_dir)
    log = tmp_path_factory.mktemp("faults-log") / "server.log"
    # A small body limit, so the oversized chunked body below stays small.
    with serving(model_dir, log, env={"STANCE_MAX_CONTENT_LENGTH": "65536"}) as (port, proc):
        yield {"port": port, "proc": proc, "log": log}


def classify(port, timeout=30):
    """POST one sentence to /v1/classify; return the status and the seconds it took."""
    started = time.monotonic()
    status, _, _ = call(port, "POST", "/v1/classify", CLASSIFY, {"Content-Type": "application/json"}, timeout)
    return status, time.monotonic() - started


def open_stalled(port, count):
    """Open ``count`` connections that stall in different ways; return the sockets."""
    head = b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    partials = [
        b"",  # connected, silent
        b"GET /healthz HTTP/1.1\r\nHo",  # half a request line and headers
        head + b"Content-Length: %d\r\n\r\n" % len(CLASSIFY) + CLASSIFY[:10],  # half a body
        head + b'Transfer-Encoding: chunked\r\n\r\n5\r\n{"tex\r\n',  # a chunked body that stops
        head + b"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % len(CLASSIFY),  # waits for 100
    ]
    socks = []
    for i in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if partials[i % len(partials)]:
            sock.sendall(partials[i % len(partials)])
        socks.append(sock)
    return socks


def closed_by_server(sock, deadline):
    """Read from a stalled socket until the server closes it or ``deadline``; True if it was closed."""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            if not sock.recv(65536):
                return True
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True
    return False


def test_fifty_stalled_clients_do_not_delay_a_request(server):
    port = server["port"]
    assert classify(port)[0] == 200
    socks = open_stalled(port, 50)
    try:
        time.sleep(0.3)  # let the workers pick the stalled connections up
        for _ in range(3):
            status, seconds = classify(port, timeout=10)
            assert status == 200
            assert seconds < 2.0, f"a normal request took {seconds:.2f} s behind 50 stalled clients"
    finally:
        for sock in socks:
            sock.close()


def test_stalled_connections_are_closed_after_the_read_timeout(server):
    socks = open_stalled(server["port"], 10)
    try:
        # The default read timeout is 10 s; a client that drips a byte at a time gains nothing.
        dripper = socket.create_connection(("127.0.0.1", server["port"]), timeout=5)
        socks.append(dripper)
        deadline = time.monotonic() + 20
        dripped = 0
        for byte in b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"a" * 30:
            if time.monotonic() > deadline - 8:
                break
            try:
                dripper.send(bytes([byte]))
            except OSError:
                break
            dripped += 1
            time.sleep(0.5)
        still_open = [i for i, sock in enumerate(socks) if not closed_by_server(sock, deadline)]
        assert still_open == [], f"connections {still_open} still open after 20 s"
    finally:
        for sock in socks:
            sock.close()


CHUNKED_HEAD = (
    b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
)


@pytest.mark.parametrize(
    "body, status, code",
    [
        # A chunk size that is not hexadecimal.
        (b"zz\r\n{}\r\n0\r\n\r\n", 400, "bad_request"),
        # A chunk without the CRLF that must follow its data.
        (b"2\r\n{}XX0\r\n\r\n", 400, "bad_request"),
        # A valid chunked body over STANCE_MAX_CONTENT_LENGTH (64 KiB here).
        (b"".join(b"4000\r\n" + b" " * 0x4000 + b"\r\n" for _ in range(6)) + b"0\r\n\r\n", 413, "payload_too_large"),
        # A well-formed chunked body still works.
        (b"%x\r\n%s\r\n0\r\n\r\n" % (len(CLASSIFY), CLASSIFY), 200, None),
    ],
    ids=["bad-chunk-size", "no-chunk-terminator", "over-the-limit", "valid"],
)
def test_chunked_bodies(server, body, status, code):
    got_status, headers, data = parse_response(raw_exchange(server["port"], CHUNKED_HEAD + body))
    assert got_status == status, data
    assert headers["content-type"] == "application/json"
    if code:
        assert json.loads(data)["error"]["code"] == code


def test_malformed_chunked_body_logs_no_traceback(server):
    raw_exchange(server["port"], CHUNKED_HEAD + b"zz\r\n{}\r\n0\r\n\r\n")
    time.sleep(0.5)
    assert "Traceback" not in server["log"].read_text()


def test_kept_alive_connection_serves_several_requests(server):
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=10)
    try:
        for _ in range(3):
            conn.request("POST", "/v1/classify", CLASSIFY, {"Content-Type": "application/json"})
            response = conn.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["results"][0]["label"] == "threat"
    finally:
        conn.close()
