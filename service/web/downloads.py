"""The analysis as a file: JSON exactly as ``POST /v1/analyze`` answers it, or CSV with one row per sentence."""

import csv
import io

from flask import Response, current_app

from service.web.article_view import UNCERTAIN_BELOW


def _filename(result, extension):
    model = result["model"]
    return f"analysis-{model['task']}-{model['version']}.{extension}"


def _attachment(body, mimetype, filename):
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_download(result):
    """Return the analysis as a JSON file: the same document, encoded the same way, as the API's answer."""
    return _attachment(current_app.json.dumps(result), "application/json", _filename(result, "json"))


def csv_columns(labels):
    """Return the CSV header for a task with these labels."""
    return [
        "sentence",
        "start",
        "end",
        "label",
        "confidence",
        "uncertain",
        *(f"p_{label}" for label in labels),
        "speakers",
        "disputed",
        "speaker_claims",
        "disputed_claims",
        "task",
        "model_version",
        "text",
        "warning",
    ]


def csv_rows(result, labels):
    """Yield one CSV row per sentence: offsets into the article, frame, probabilities, sources, model, warning.

    Beside each role's sources, the frame of each one's claim in the same order (a speaker with a clause
    of its own has that clause's frame), as the corpus rows carry it.
    """
    model = result["model"]
    for number, sentence in enumerate(result["sentences"], start=1):
        sources = {"speaker": [], "disputed": []}
        claims = {"speaker": [], "disputed": []}
        for item in sentence["attributions"]:
            sources.setdefault(item["role"], []).append(item["source"])
            claims.setdefault(item["role"], []).append(item["claim_frame"])
        yield [
            number,
            sentence["start"],
            sentence["end"],
            sentence["label"],
            sentence["confidence"],
            _uncertain(sentence),
            *(sentence["probabilities"].get(label) for label in labels),
            "; ".join(sources["speaker"]),
            "; ".join(sources["disputed"]),
            "; ".join(claims["speaker"]),
            "; ".join(claims["disputed"]),
            model["task"],
            model["version"],
            sentence["text"],
            sentence.get("warning", ""),
        ]


def _uncertain(sentence):
    """ "yes" or "no" by the page's rule; empty for a sentence not scored, as the page flags it "not scored" instead."""
    if sentence.get("warning"):
        return ""
    return "yes" if sentence["confidence"] < UNCERTAIN_BELOW else "no"


def csv_download(result, labels):
    """Return the analysis as a CSV file (UTF-8, one row per sentence, numbers as the API gives them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_columns(labels))
    writer.writerows(csv_rows(result, labels))
    return _attachment(buffer.getvalue(), "text/csv", _filename(result, "csv"))
