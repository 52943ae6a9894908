"""The corpus page credits each speaker of a sentence with the frame of their own clause, as the summary does."""

import csv
import io

from test_corpus_claims import COLUMNS, REJECTED, TWO_VOICES, _rows
from test_web_corpus import job_id_of, upload

from tests.web_helpers import inline_jobs_app, sign_in  # noqa: F401 (this module's "app")


def _sentences_file():
    """Sentence rows of two articles, as ``stance analyze`` writes them, under id, date and outlet columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "outlet", *COLUMNS])
    for number, text in enumerate((TWO_VOICES, REJECTED), 1):
        for row in _rows(text):
            writer.writerow([f"b{number}", "2026-03-02", "Lake Wire", *row])
    return out.getvalue().encode()


def test_the_dashboard_and_its_sentences_give_each_speaker_their_own_frame(client):
    sign_in(client)
    job_id = job_id_of(upload(client, content=_sentences_file(), filename="sentences.csv", kind="sentences"))
    summary = client.get(f"/corpus/{job_id}/summary.json").json
    speakers = {s["key"]: {f: n for f, n in s["speaker"].items() if n} for s in summary["sources"]}
    assert speakers["park"] == {"stability": 1} and speakers["kim"] == {"threat": 1}
    park = next(i for i, s in enumerate(summary["sources"]) if s["key"] == "park")
    cell = f"s{park}-speaker-f{summary['labels'].index('stability')}"
    page = client.get(f"/corpus/{job_id}/sentences?cell={cell}").get_data(as_text=True)
    assert page.count("<li ") == 1 and "speaker: park (stability), kim" in page
    table = client.get(f"/corpus/{job_id}/summary.csv").get_data(as_text=True)
    rows = [r for r in csv.DictReader(io.StringIO(table)) if r["table"] == "sources" and r["source"] == "kim"]
    assert [(r["role"], r["stability"], r["threat"]) for r in rows] == [("speaker", "0", "1")]
