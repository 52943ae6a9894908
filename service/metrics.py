"""Prometheus metrics: requests and latency per endpoint and status, predictions per label, model served.

Under gunicorn every worker is a process, so ``stance serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before
anything imports prometheus_client: each worker then writes its samples to files in that folder and
``/metrics``, whichever worker answers, adds up all of them. Without that variable (tests, ``flask
run``) the numbers are those of the one process.
"""

import os
import time
from collections import Counter as Tally

from flask import Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The app's metrics, registered in a registry of their own so that several apps can coexist in tests."""

    def __init__(self):
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "stance_http_requests_total",
            "HTTP requests answered, by method, endpoint and status.",
            ["method", "endpoint", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "stance_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and endpoint.",
            ["method", "endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.predictions = Counter(
            "stance_predictions_total",
            "Sentences classified, by task and predicted label.",
            ["task", "label"],
            registry=self.registry,
        )
        self.model = Gauge(
            "stance_model_version_info",
            "1 for the model version each worker serves per task, 0 for one it no longer serves.",
            ["task", "version"],
            registry=self.registry,
            multiprocess_mode="liveall",
        )
        self.reloads = Counter(
            "stance_model_reloads_total",
            "Model versions loaded after startup, by task.",
            ["task"],
            registry=self.registry,
        )

    def init_app(self, app):
        """Time every request, count it, and add the ``/metrics`` endpoint."""
        app.before_request(_start_timer)
        app.after_request(self._observe)
        app.add_url_rule("/metrics", "metrics", self.render, methods=["GET"])

    def model_changed(self, task, old_version, new_version):
        """Record that ``task`` is now served by ``new_version``."""
        if old_version is not None:
            self.model.labels(task, old_version).set(0)
            self.reloads.labels(task).inc()
        self.model.labels(task, new_version).set(1)

    def count_predictions(self, task, results):
        """Count predicted labels; one increment per label, not per sentence, for large batches."""
        for label, n in Tally(r["label"] for r in results).items():
            self.predictions.labels(task, label).inc(n)

    def _observe(self, response):
        """Count the request under its URL rule, so unknown paths cannot create unbounded label values."""
        started = g.get("metrics_started")
        endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
        self.requests.labels(request.method, endpoint, str(response.status_code)).inc()
        if started is not None:
            self.latency.labels(request.method, endpoint).observe(time.perf_counter() - started)
        return response

    def render(self):
        """Answer ``GET /metrics`` in the Prometheus text format."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = self.registry
        # content_type, not mimetype: the Prometheus type already names its charset, and Flask would add another.
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _start_timer():
    """Remember when the request started."""
    g.metrics_started = time.perf_counter()
