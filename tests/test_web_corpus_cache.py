"""The corpus pages read a cached summary's numbers once per process and only the sentences they show.

Every page shows what it showed when each page read the whole summary; a replaced, damaged or cut-short
summary file is read again or made again; the parsed numbers kept in memory stay within their limit.
"""

import csv
import io
import json
import logging
import os
import re
import sqlite3
import threading

import pytest

from service.web import corpus_page, summary_store
from service.web.corpus_job import compute_summary, summary_options
from service.web.jobs import JobStore
from service.web.summary_store import ALL, StoreError, json_text, read_summary, write_summary
from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import (
    inline_jobs_app,  # noqa: F401 (this module's "app")
    sign_in,
)

HEADER = ["id", "sentence", "text", "label", "confidence", "p_neutral", "p_threat", "date", "outlet", "speakers", "disputed"]  # fmt: skip
# Written for these tests: two outlets over seven weeks; the last week of the first is mostly threat.
WEEKS = ["2026-04-06", "2026-04-13", "2026-04-20", "2026-04-27", "2026-05-04", "2026-05-11", "2026-05-18"]
SPEAKERS = ["Mayor Ines Holm", "the harbour board", "Captain Oren Vale"]


def sentence_rows():
    """Per-sentence rows: 30 a week per outlet from six articles, some credited to a speaker, some disputing one."""
    rows = [HEADER]
    for outlet, surge in (("Fjord Times", True), ("Inland Echo", False)):
        for week, day in enumerate(WEEKS):
            threats = 26 if surge and week == len(WEEKS) - 1 else 2
            for n in range(30):
                label = "threat" if n < threats else "neutral"
                confidence = "0.55" if n % 4 == 0 else "0.9"
                speaker = SPEAKERS[n % 3] if n % 2 else ""
                disputed = "the harbour board" if n % 7 == 0 else ""
                text = f"{outlet} sentence {n} of week {week}: the ferry schedule changed."
                article = f"{outlet[0]}{week}-{n // 5}"
                rows.append(
                    [article, str(n % 5), text, label, confidence, "0.1", "0.9", day, outlet, speaker, disputed]
                )
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def job(client, app):
    """A finished corpus job of :func:`sentence_rows`; ``(job_id, folder)``."""
    sign_in(client)
    fields = {
        "kind": "sentences",
        "id_column": "id",
        "date_column": "date",
        "group_column": "outlet",
        "title_column": "",
    }
    job_id = job_id_of(upload(client, content=sentence_rows(), filename="ferries.csv", **fields))
    return job_id, JobStore(app.config["JOBS_DB"]).job_folder(job_id)


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    """Each test starts with no parsed numbers kept (the cache is per process)."""
    monkeypatch.setattr(summary_store, "cache", summary_store._Cache(summary_store.CACHE_BYTES))


def page_paths(client, job_id, query):
    """The dashboard, the sentences behind each of its numbers, and the three downloads, with ``query``."""
    dashboard = client.get(f"/corpus/{job_id}{query}").get_data(as_text=True)
    cells = sorted(set(re.findall(r'data-cell="([^"]+)"', dashboard)))
    extra = "&" + query[1:] if query else ""
    paths = [f"/corpus/{job_id}{query}"]
    paths += [f"/corpus/{job_id}/sentences?cell={cell}{extra}" for cell in cells]
    paths += [f"/corpus/{job_id}/{name}{query}" for name in ("summary.csv", "summary.json", "report.html")]
    return paths, cells


def whole_summary(folder, job, period, min_confidence, sentences=None):
    """What each page read before: the whole summary, sentences and all."""
    options = summary_options(job["params"], period, min_confidence, job["params"]["filename"])
    return compute_summary(folder / job["result"]["sentences_file"], options)


@pytest.mark.parametrize("query", ["", "?min_confidence=0.6", "?period=month"])
def test_every_page_shows_what_it_showed_from_the_whole_summary(client, job, monkeypatch, query):
    job_id, folder = job
    paths, cells = page_paths(client, job_id, query)
    # Every kind of number: a period, one of its frames, a source in each role, an alert (weekly).
    assert {cell[0] for cell in cells} >= ({"g", "s"} if "month" in query else {"g", "s", "a"})
    assert any(cell.endswith("-f0") for cell in cells) and any("-disputed-" in cell for cell in cells)
    now = {path: client.get(path) for path in paths}
    monkeypatch.setattr(corpus_page, "load_summary", whole_summary)
    for path in paths:
        before = client.get(path)
        assert now[path].status_code == before.status_code == 200, path
        assert now[path].data == before.data, path
    # The JSON download, sent as it is written, is the text json.dumps made of the whole summary.
    record = JobStore(client.application.config["JOBS_DB"]).get(job_id)
    period, threshold = ("month", None) if "month" in query else ("week", 0.6 if "0.6" in query else None)
    whole = whole_summary(folder, record, period, threshold)
    assert now[paths[-2]].data == (json.dumps(whole, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def test_the_dashboard_reads_no_sentence_and_a_sentence_page_only_its_own(client, job, monkeypatch):
    job_id, _ = job
    client.get(f"/corpus/{job_id}")  # made and cached
    read = []
    monkeypatch.setattr(summary_store, "_all_rows", lambda *args: pytest.fail("every row was read"))
    real_rows = summary_store._rows
    monkeypatch.setattr(summary_store, "_rows", lambda conn, path, table, refs, **kw: read.append((table, list(refs))) or real_rows(conn, path, table, refs, **kw))  # fmt: skip
    assert client.get(f"/corpus/{job_id}").status_code == 200
    assert read == []
    page = client.get(f"/corpus/{job_id}/sentences?cell=g0-p0")
    assert page.status_code == 200
    tables = dict(read)
    # Week 1 of Fjord Times: 30 sentences of 6 articles; 22 kept (both threat, the first 20 neutral) of the first 5.
    assert len(tables["sentences"]) == page.get_data(as_text=True).count('<li data-frame="') == 22
    assert len(tables["articles"]) == 5


def test_a_replaced_summary_is_read_again(client, job):
    job_id, folder = job
    path = folder / "summary-week-all.sqlite3"
    summary = read_summary(path, ALL)
    assert f'id="total-sentences">{summary["totals"]["sentences"]:,}<' in client.get(f"/corpus/{job_id}").get_data(as_text=True)  # fmt: skip
    # Another process writes a summary with other numbers and renames it over the cached one.
    other = folder / "elsewhere"
    other.mkdir()
    changed = {**summary, "totals": {**summary["totals"], "sentences": 12345}}
    write_summary(other / path.name, changed)
    (other / path.name).replace(path)
    assert 'id="total-sentences">12,345<' in client.get(f"/corpus/{job_id}").get_data(as_text=True)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a database at all" * 100), id="not-sqlite"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]), id="cut-short"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
        pytest.param(lambda path: _execute(path, "UPDATE summary SET numbers = '{\"totals\": '"), id="bad-json"),
        pytest.param(lambda path: _execute(path, "DELETE FROM sentences"), id="sentences-lost"),
        pytest.param(lambda path: _execute(path, "PRAGMA user_version = 99"), id="other-layout"),
    ],
)
def test_a_damaged_summary_is_made_again_and_said_so(client, job, caplog, damage):
    job_id, folder = job
    path = folder / "summary-week-all.sqlite3"
    cell = f"/corpus/{job_id}/sentences?cell=g0-p0"
    expected = {page: client.get(page).data for page in (f"/corpus/{job_id}", cell)}
    whole = read_summary(path, ALL)
    summary_store.cache.forget(folder)  # as in a process that has not read it yet
    damage(path)
    with caplog.at_level(logging.WARNING, logger="service.web.corpus_job"):
        for page, data in expected.items():
            response = client.get(page)
            assert response.status_code == 200 and response.data == data
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned and str(path) in warned[0] and "summarising the job's sentences again" in warned[0]
    assert read_summary(path, ALL) == whole  # made again, whole


def _execute(path, statement):
    with sqlite3.connect(path) as conn:
        conn.execute(statement)
    conn.close()


def test_read_summary_says_what_is_wrong_with_a_file(tmp_path):
    path = tmp_path / "summary-week-all.sqlite3"
    with pytest.raises(FileNotFoundError):
        read_summary(path)
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(StoreError, match=r"summary-week-all.sqlite3 is damaged \(file is not a database\)"):
        read_summary(path)


def test_the_cache_stays_within_its_limit_dropping_the_least_recently_read():
    cache = summary_store._Cache(limit=100)
    for name in "abc":
        cache.put(f"/jobs/x/{name}", "g1", {"name": name}, 40)
    assert cache.size() == (80, 2) and cache.get("/jobs/x/a", "g1") is None
    assert cache.get("/jobs/x/b", "g1") == {"name": "b"}  # b is now the most recently read
    cache.put("/jobs/x/d", "g1", {"name": "d"}, 40)
    assert cache.get("/jobs/x/c", "g1") is None and cache.get("/jobs/x/b", "g1") is not None
    cache.put("/jobs/x/huge", "g1", {}, 101)  # larger than the whole cache: not kept, nothing dropped
    assert cache.size() == (80, 2)
    assert cache.get("/jobs/x/b", "g2") is None  # another generation of the file: not these numbers
    cache.forget("/jobs/x")
    assert cache.size() == (0, 0)


def test_reading_many_summaries_keeps_the_cache_bounded(client, job, monkeypatch):
    job_id, folder = job
    sizes = []
    for threshold in ("", "?min_confidence=0.5", "?min_confidence=0.6", "?min_confidence=0.7", "?period=month"):
        assert client.get(f"/corpus/{job_id}{threshold}").status_code == 200
    for path in folder.glob("summary-*.sqlite3"):
        with sqlite3.connect(path) as conn:
            sizes.append(conn.execute("SELECT length(numbers) FROM summary").fetchone()[0])
        conn.close()
    assert len(sizes) == 5
    # Room for two summaries: the three read first are dropped as the last two are read.
    monkeypatch.setattr(summary_store, "cache", summary_store._Cache(limit=2 * max(sizes)))
    for threshold in ("", "?min_confidence=0.5", "?min_confidence=0.6", "?min_confidence=0.7", "?period=month"):
        assert client.get(f"/corpus/{job_id}{threshold}").status_code == 200
    used, count = summary_store.cache.size()
    assert count == 2 and used <= 2 * max(sizes)


def test_threads_reading_while_the_summary_is_replaced_see_whole_summaries(client, job, monkeypatch):
    job_id, folder = job
    client.get(f"/corpus/{job_id}")
    path = folder / "summary-week-all.sqlite3"
    summary = read_summary(path, ALL)
    versions = [{**summary, "totals": {**summary["totals"], "sentences": n}} for n in (1, 2)]
    monkeypatch.setattr(summary_store, "cache", summary_store._Cache(limit=1))  # nothing kept: every read parses
    errors, seen = [], set()

    def reader():
        try:
            for _ in range(30):
                got = read_summary(path, sentences=lambda numbers: [numbers["alerts"][0]["evidence"][0]])
                seen.add(got["totals"]["sentences"])
                assert len(got["sentences"]) == 1 and len(got["articles"]) == 1
        except Exception as exc:  # a thread's failure, asserted on in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for n in range(20):
        write_summary(path, versions[n % 2])
    for thread in threads:
        thread.join()
    assert errors == [] and seen <= {1, 2, summary["totals"]["sentences"]}


def test_the_pages_leave_the_cached_numbers_as_they_were(client, job):
    job_id, folder = job
    paths, _ = page_paths(client, job_id, "")
    path = str(folder / "summary-week-all.sqlite3")
    for page in paths:
        assert client.get(page).status_code == 200
    _, cached, _ = summary_store.cache.entries[path]
    with sqlite3.connect(path) as conn:
        (text,) = conn.execute("SELECT numbers FROM summary").fetchone()
    conn.close()
    assert cached == json.loads(text)


def test_deleting_a_corpus_drops_its_cached_numbers(client, job):
    job_id, folder = job
    client.get(f"/corpus/{job_id}")
    assert any(folder.name in path for path in summary_store.cache.entries)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/corpus/{job_id}").get_data(as_text=True))
    response = client.post(f"/corpus/{job_id}/delete", data={"csrf_token": token.group(1), "confirm": "yes"})
    assert response.status_code == 303
    assert not any(folder.name in path for path in summary_store.cache.entries)


def open_files(path):
    """How many of this process's file descriptors are open on ``path``."""
    fds = os.listdir("/proc/self/fd")
    return sum(1 for fd in fds if os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve()))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_the_json_text_is_json_dumps_of_the_summary_and_a_download_cut_short_closes_the_file(client, job):
    job_id, folder = job
    path = folder / "summary-week-all.sqlite3"
    client.get(f"/corpus/{job_id}")
    summary = read_summary(path, ALL)
    for shown in (summary, {**summary, "sentences": {}, "articles": {}}):
        write_summary(path, shown)
        assert "".join(json_text(path)) == json.dumps(shown, ensure_ascii=False, indent=1)
    pieces = json_text(path)
    assert open_files(path) == 1  # opened at once, so a damaged file fails before anything is sent
    next(pieces)
    pieces.close()
    assert open_files(path) == 0
    response = client.get(f"/corpus/{job_id}/summary.json", buffered=False)
    next(response.response)
    response.close()
    assert open_files(path) == 0
