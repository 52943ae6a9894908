"""Gunicorn settings and hooks for ``stance serve``, and the worker class that keeps slow clients out of threads."""

import errno
import logging
import os
import re
import selectors
import socket
import struct
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

logger = logging.getLogger(__name__)

# Seconds a client has to send a whole request (head and body) once it connects or reuses a
# kept-alive connection. A client that stalls or drips bytes is closed after this; it never holds a thread.
REQUEST_READ_TIMEOUT = 10.0
# A request head larger than this is handed to gunicorn's parser, which refuses it (431/400).
MAX_BUFFERED_HEAD = 1024 * 1024
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*([0-9]+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding:.*chunked", re.IGNORECASE | re.MULTILINE)
_EXPECT_CONTINUE = re.compile(rb"^expect:[ \t]*100-continue[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def gunicorn_options(host, port, workers, threads, timeout=30):
    """Return gunicorn settings for ``stance serve``: always the :class:`BufferingThreadWorker`."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # A sync worker gives its only thread to a client that stalls, and gthread gives one of its
        # threads to a client that sends half a request: a handful of slow clients stop the API.
        # This worker reads requests in its event loop and gives a thread only to complete ones.
        "worker_class": "service.gunicorn_conf.BufferingThreadWorker",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 10,
        # The app logs one structured line per request itself (service/request_log.py).
        "accesslog": None,
        "errorlog": "-",
        "child_exit": child_exit,
        # gunicorn's control socket has one default path per user: two servers would fight over it.
        "control_socket_disable": True,
    }


def child_exit(server, worker):
    """Drop a dead worker's live gauges (the model version it served) from the Prometheus files."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def request_state(data, max_body):
    """Say whether ``data`` holds a whole HTTP/1.x request: ``"complete"``, ``"incomplete"`` or ``"continue"``.

    ``"continue"`` means the head is complete, asks for ``100 Continue`` and the body has not come yet.
    Anything this function cannot follow (a malformed head or chunk, a body over ``max_body``) counts
    as complete: gunicorn's parser and the app then answer it with an error.
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return "complete" if len(data) > MAX_BUFFERED_HEAD or b"\n\n" in data else "incomplete"
    head, body_start = data[:end], end + 4
    if _CHUNKED.search(head):
        complete = _chunked_body_complete(data, body_start, max_body)
    else:
        match = _CONTENT_LENGTH.search(head)
        length = int(match.group(1)) if match else 0
        complete = length > max_body or len(data) - body_start >= length
    if complete:
        return "complete"
    return "continue" if _EXPECT_CONTINUE.search(head) and len(data) == body_start else "incomplete"


def _chunked_body_complete(data, pos, max_body):
    """Whether the chunked body starting at ``pos`` has ended (or cannot be followed, or is too large)."""
    total = 0
    for _ in range(len(data)):  # each round consumes at least one byte
        line_end = data.find(b"\r\n", pos)
        if line_end < 0:
            return len(data) - pos > 1024  # a size line this long is malformed
        size_text = data[pos:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return True
        if size == 0:
            trailers = data[line_end + 2 :]
            return trailers.startswith(b"\r\n") or b"\r\n\r\n" in trailers
        total += size
        if total > max_body:
            return True
        pos = line_end + 2 + size + 2
        if pos > len(data):
            return False
    return True


def _set_socket_timeouts(sock, seconds):
    """Bound every blocking recv and send on ``sock`` (gunicorn resets Python-level timeouts)."""
    value = struct.pack("ll", int(seconds), int((seconds % 1) * 1_000_000))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, value)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, value)


class BufferingThreadWorker(ThreadWorker):
    """gunicorn's gthread worker, except that a thread gets a connection only once its request has arrived.

    gthread hands a new connection to a thread that waits up to 5 s for its first byte, and a thread
    that has a first byte then blocks until the rest comes, without a limit. Here the main loop reads
    every connection without blocking until the whole request (head and body, chunked or not) is in
    memory, or until :data:`REQUEST_READ_TIMEOUT`, when it closes the connection. The thread then
    parses from memory, so idle, half-sent and dripping clients cost a socket, not a thread.
    """

    def init_process(self):
        # The app loads in super().init_process(), which then runs the loop; read its limit on first use.
        self._max_body = None
        super().init_process()

    def max_body(self):
        """The app's MAX_CONTENT_LENGTH: bodies up to it are buffered; larger ones go to the app to refuse."""
        if self._max_body is None:
            config = getattr(self.wsgi, "config", None) or {}
            self._max_body = config.get("MAX_CONTENT_LENGTH") or 8 * 1024 * 1024
        return self._max_body

    def accept(self, listener):
        """Accept a connection and wait, in the event loop, for its first request."""
        if self.cfg.is_ssl:
            return super().accept(listener)
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._wait_for_request(TConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection has sent something: read its next request in the event loop too."""
        if self.cfg.is_ssl:
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._wait_for_request(conn)
        self.on_pending_socket_readable(conn, client)

    def _wait_for_request(self, conn):
        conn.request_bytes = bytearray()
        conn.continue_sent = False
        conn.sock.setblocking(False)
        # pending_conns stays sorted by timeout (murder_pending relies on it): every entry gets now + the same delay.
        conn.timeout = time.monotonic() + REQUEST_READ_TIMEOUT
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def on_pending_socket_readable(self, conn, client):
        """Read what a waiting connection sent; hand it to a thread once the request is complete."""
        if not hasattr(conn, "request_bytes"):  # a connection gthread itself deferred (SSL)
            return super().on_pending_socket_readable(conn, client)
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            conn.request_bytes += data
            state = request_state(conn.request_bytes, self.max_body())
            if state == "continue" and not conn.continue_sent:
                # The client waits for this before it sends the body; gunicorn would only send it from a thread.
                conn.continue_sent = True
                try:
                    conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                except OSError:
                    pass
            if state != "complete":
                return
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        if not conn.request_bytes:  # closed before sending anything
            self.nr_conns -= 1
            conn.close()
            return
        conn.data_ready = True
        self.enqueue_req(conn)

    def handle(self, conn):
        """Parse and answer the buffered request in a thread (runs in the thread pool)."""
        buffered = getattr(conn, "request_bytes", None)
        if buffered is not None:
            conn.request_bytes = bytearray()
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(bytes(buffered))
            # The request is in memory; these bound what is not (a body over the limit, a slow reader of the answer).
            _set_socket_timeouts(conn.sock, REQUEST_READ_TIMEOUT)
        return super().handle(conn)
