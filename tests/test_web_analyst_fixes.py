"""Fixes from an analyst's session with the workbench: a few bad bytes, the lines named, sentence rows sent as
articles, the paste limit, counts in words, old links, download names, and stance summarize's lines."""

import csv
import html
import io
import json
import re

import pytest
from click.testing import CliRunner
from werkzeug.test import encode_multipart

from service.cli import cli
from service.web.jobs import JobStore
from service.web.pages import form_field_bytes
from service.wording import counted, plural
from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import (
    TOKEN,
    csrf_token,
    inline_jobs_app,  # noqa: F401 (this module's "app")
    page_app,
    post_form,
    sign_in,
)

HEADER = "id,outlet,date,title,text\n"
# Articles written for these tests. The second holds a byte of Windows-1252 (0xe9, "é") inside UTF-8.
UTF8_ARTICLES = (
    "k1,Lake Courier,2026-04-06,Ferry,The ferry line to the islands reopened on Monday.\n",
    "k3,Lake Courier,2026-04-08,Drill,The navy said the drill keeps the shipping lanes safe.\n",
)
BAD_BYTE_ROW = b"k2,Lake Courier,2026-04-07,Cafe,The caf\xe9 owners said the patrol boats frighten the tourists.\n"


def send(client, content, filename="lakeside.csv", **fields):
    """Post the corpus form for a file of articles with the columns of HEADER."""
    return upload(client, content=content, filename=filename, **{"text_column": "text", "title_column": "title", **fields})  # fmt: skip


def text_of(response):
    """The page's text, tags and white space runs removed, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def folder_of(app, job_id):
    return JobStore(app.config["JOBS_DB"]).job_folder(job_id)


def read_rows(path):
    """The rows of a CSV file as dicts."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def bad_byte_corpus():
    return HEADER.encode() + UTF8_ARTICLES[0].encode() + BAD_BYTE_ROW + UTF8_ARTICLES[1].encode()


# 1. A file that is UTF-8 but for one bad byte is analysed, as stance analyze does.


def test_a_stray_byte_fails_only_its_article_and_the_page_says_so(client, app):
    sign_in(client)
    response = send(client, bad_byte_corpus())
    assert response.status_code == 303, text_of(response)
    job_id = job_id_of(response)
    job = JobStore(app.config["JOBS_DB"]).get(job_id)
    assert job["status"] == "done" and job["result"]["articles"] == 3 and job["result"]["errors"] == 1
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert (
        "1 article of lakeside.csv holds bytes that are not UTF-8 (line 3): it is counted as an article that "
        "could not be analysed, and every other article is analysed." in page
    )
    assert "save the file as UTF-8" in page
    assert "3 k2 undecodable bytes (not UTF-8)" in page
    rows = read_rows(folder_of(app, job_id) / "sentences.csv")
    assert [(r["id"], r["line"], r["error"]) for r in rows] == [
        ("k1", "2", ""),
        ("k2", "3", "undecodable bytes (not UTF-8)"),
        ("k3", "4", ""),
    ]


def test_the_page_marks_the_same_rows_as_stance_analyze(client, app, model_dir, tmp_path):
    path = tmp_path / "lakeside.csv"
    path.write_bytes(bad_byte_corpus())
    out = tmp_path / "sentences.csv"
    result = CliRunner().invoke(cli, ["analyze", str(path), "-o", str(out), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    by_cli = [(r["id"], r["error"]) for r in read_rows(out)]
    sign_in(client)
    job_id = job_id_of(send(client, path.read_bytes()))
    by_page = [(r["id"], r["error"]) for r in read_rows(folder_of(app, job_id) / "sentences.csv")]
    assert by_page == by_cli


def test_many_bad_rows_are_counted_beyond_the_ones_listed(client):
    rows = [f"m{n},Lake Courier,2026-04-0{1 + n % 7},T,Caf\xe9 number {n} closed early.\n" for n in range(12)]
    content = HEADER.encode() + "".join(rows).encode("cp1252") + UTF8_ARTICLES[0].encode()
    sign_in(client)
    page = text_of(client.get(f"/corpus/{job_id_of(send(client, content))}"))
    lines = ", ".join(str(n) for n in range(2, 12))
    assert f"12 articles of lakeside.csv hold bytes that are not UTF-8 (lines {lines}, ...)" in page
    assert "To analyse them too" in page


def test_a_bad_byte_in_a_json_line_fails_that_line_only(client):
    content = (
        b'{"id": "j1", "text": "The border crossing stayed open all week."}\n'
        b'{"id": "j2", "text": "Na\xefve claims about the drones spread fast."}\n'
    )
    sign_in(client)
    response = send(client, content, filename="lines.jsonl", date_column="", group_column="", title_column="")
    assert response.status_code == 303, text_of(response)
    page = text_of(client.get(f"/corpus/{job_id_of(response)}"))
    assert "1 article of lines.jsonl holds bytes that are not UTF-8 (line 2)" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # A header that is not UTF-8: no column could be named, so the file is refused as stance analyze refuses it.
        ("id,texte,catégorie\n1,Le port,x\n".encode("cp1252"), "byte 0xe9 on line 1 (the header) is not UTF-8"),
        ("id,text\n1,x\n".encode("utf-16"), "is not UTF-8 text but UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it holds NUL bytes"),
    ],
)
def test_files_that_are_not_utf8_text_are_still_refused(client, content, message):
    sign_in(client)
    response = send(client, content)
    assert response.status_code == 400
    assert message in text_of(response) and "CSV UTF-8" in text_of(response)


# 2. The lines named are those of the uploaded file.

# One article per record; the first spans lines 2 to 4 (a quoted paragraph break), so n2 is on line 5;
# n3 (line 6) has a date no reader knows, n4 (line 7) is empty.
MULTILINE = (
    "id,outlet,date,title,text\n"
    'n1,North Wire,2026-05-04,Radar,"The radar station opened on Monday.\n\nOfficials said it watches the coast."\n'
    "n2,North Wire,2026-05-05,Budget,Parliament approved the budget. The vote was close. Critics walked out.\n"
    "n3,North Wire,last Tuesday,Warning,The minister warned that the drills endanger the region. Nobody replied.\n"
    "n4,North Wire,2026-05-07,Empty,\n"
)


@pytest.fixture
def multiline_job(client):
    sign_in(client)
    return job_id_of(send(client, MULTILINE.encode(), filename="northwire.csv"))


def test_warnings_and_errors_name_lines_of_the_uploaded_file(client, app, multiline_job):
    summary = client.get(f"/corpus/{multiline_job}/summary.json").json
    assert summary["options"]["article_lines"] is True
    # In sentences.csv, n3's two sentences are rows 7 and 8 and n4's error row is row 9 (n1 has 2 sentences, n2 3).
    assert summary["undated"] == {
        "rows": 2,
        "examples": [{"line": 6, "value": "last Tuesday", "reason": "no known format"}],
        "reasons": {"no known format": 1},
        "articles": 1,
    }
    assert summary["errors"]["examples"] == [
        {"line": 7, "id": "n4", "error": "text is empty or only whitespace (or invisible characters)"}
    ]
    # The tests' tiny model knows no word of one sentence, whose warning (kind unscored_rows) comes too.
    assert sorted(summary["warning_kinds"]) == ["undated_rows", "unscored_rows"]
    warning = summary["warnings"][summary["warning_kinds"].index("undated_rows")]
    assert warning.startswith(
        "northwire.csv: 1 article (2 sentence rows) without a readable date in 'date' is counted apart as "
        "undated; 1 in no known format: line 6 ('last Tuesday'). Dates are read in these formats: 2026-03-04, "
    )
    page = text_of(client.get(f"/corpus/{multiline_job}"))
    assert "line 6 ('last Tuesday')" in page
    assert (
        "Each article's line in northwire.csv and its error Line Article Error 7 n4 text is empty or only whitespace (or invisible characters)"
        in page
    )
    report = text_of(client.get(f"/corpus/{multiline_job}/report.html"))
    assert "1 article (2 sentence rows) has no readable date and is counted as undated: 1 in no known format: line 6 (last Tuesday)." in report  # fmt: skip
    assert (
        "1 article could not be analysed; the first: line 7 (article n4): text is empty or only whitespace (or invisible characters)."
        in report
    )
    rows = read_rows(folder_of(app, multiline_job) / "sentences.csv")
    assert [(r["id"], r["line"]) for r in rows] == [("n1", "2")] * 2 + [("n2", "5")] * 3 + [("n3", "6")] * 2 + [("n4", "7")]  # fmt: skip


def test_the_sentences_behind_a_number_name_their_article_line(client, multiline_job):
    summary = client.get(f"/corpus/{multiline_job}/summary.json").json
    kept = {s["id"]: s["article_line"] for s in summary["sentences"].values()}
    assert kept["n1"] == 2 and kept["n2"] == 5
    page = text_of(client.get(f"/corpus/{multiline_job}/sentences?cell=g0-p0"))
    assert "line 2 of northwire.csv; sentence 1" in page and "line 5 of northwire.csv; sentence 2" in page


def test_a_file_of_sentences_names_its_own_lines(client, app, multiline_job):
    rows = (folder_of(app, multiline_job) / "sentences.csv").read_bytes()
    second = job_id_of(send(client, rows, filename="northwire-sentences.csv", kind="sentences"))
    summary = client.get(f"/corpus/{second}/summary.json").json
    # Its own rows: n3's sentences are rows 7 and 8, n4's error row is row 9 (n1 has 2 sentences, n2 3).
    assert summary["options"]["article_lines"] is False
    # Both rows are counted; the warning names each distinct unreadable value once, by its first line.
    assert summary["undated"]["reasons"] == {"no known format": 2}
    assert summary["undated"]["examples"] == [{"line": 7, "value": "last Tuesday", "reason": "no known format"}]
    assert summary["errors"]["examples"][0]["line"] == 9
    page = text_of(client.get(f"/corpus/{second}"))
    assert "Each article's line in northwire-sentences.csv and its error" in page


def test_stance_summarize_says_whose_lines_it_names(client, app, multiline_job, tmp_path):
    downloaded = tmp_path / "northwire-sentences.csv"
    response = client.get(f"/corpus/{multiline_job}/sentences.csv")
    downloaded.write_bytes(response.data)
    response.close()
    result = CliRunner().invoke(cli, ["summarize", str(downloaded), "-o", str(tmp_path / "summary.json")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert sorted(summary["warning_kinds"]) == ["undated_rows", "unscored_rows"]
    warning = summary["warnings"][summary["warning_kinds"].index("undated_rows")]
    # The lines are the rows of the file summarised; its line column leads to the articles' file.
    note = f"(lines of {downloaded}; its 'line' column gives each article's line in the file analysed)"
    assert warning.startswith(
        f"{downloaded}: 2 rows without a readable date in 'date' (1 article) are counted apart as undated; "
        "2 in no known format: line 7 ('last Tuesday'). Dates are read in these formats: "
    )
    assert warning.endswith(note)


def test_stance_analyze_writes_no_line_column_of_its_own(model_dir, tmp_path):
    path = tmp_path / "northwire.csv"
    path.write_text(MULTILINE, encoding="utf-8")
    out = tmp_path / "sentences.csv"
    result = CliRunner().invoke(cli, ["analyze", str(path), "-o", str(out), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert "line" not in read_rows(out)[0]


# 3. Sentence rows sent as articles.


def test_sentence_rows_sent_as_articles_are_refused_with_the_choice_to_make(client, app, multiline_job):
    rows = (folder_of(app, multiline_job) / "sentences.csv").read_bytes()
    response = send(client, rows, filename="northwire-sentences.csv")
    assert response.status_code == 400
    page = text_of(response)
    assert (
        "northwire-sentences.csv holds sentence rows written by stance analyze (it has the columns 'sentence', "
        "'label', 'model', 'error', 'p_neutral' ...), not articles: under \"The file holds\", choose "
        '"Sentences (rows written by stance analyze)" and upload it again.' in page
    )
    kinds = re.findall(r'<input type="radio" name="kind"[^>]*>', response.get_data(as_text=True))
    assert kinds and all('aria-invalid="true"' in k for k in kinds)
    assert send(client, rows, filename="northwire-sentences.csv", kind="sentences").status_code == 303


def test_an_articles_file_with_a_label_column_is_still_articles(client):
    content = b"id,label,text\nq1,draft,The coast guard bought two boats.\n"
    sign_in(client)
    response = send(client, content, date_column="", group_column="", title_column="")
    assert response.status_code == 303, text_of(response)


# 4. The paste limit on / is the article limit, in characters.


def post_text(client, text, **kwargs):
    """Post the analyze form as a browser does (multipart), its body built in memory.

    The test client would spool a body over 500 KB to a temporary file that nobody closes once the
    server stops reading at its limit.
    """
    boundary, body = encode_multipart({"csrf_token": csrf_token(client), "text": text})
    return client.post("/", data=body, content_type=f"multipart/form-data; boundary={boundary}", **kwargs)


def test_the_form_field_limit_follows_the_article_limit(model_dir):
    app = page_app(model_dir, MAX_ARTICLE_CHARS=1000)
    assert app.config["MAX_FORM_MEMORY_SIZE"] == form_field_bytes(1000) < 500_000


@pytest.mark.parametrize(
    ("chars", "status", "message"),
    [
        (120_000, 400, "The article is too long: 120,000 characters; the limit is 100,000 (STANCE_MAX_ARTICLE_CHARS)."),
        (
            600_000,
            413,
            "The article is too long: an article may have at most 100,000 characters (STANCE_MAX_ARTICLE_CHARS). "
            "Nothing was analysed: split it and send one part at a time.",
        ),
    ],
)
def test_a_long_paste_names_the_article_limit_in_characters(model_dir, chars, status, message):
    client = page_app(model_dir).test_client()
    response = post_text(client, "tide " * (chars // 5))
    assert response.status_code == status
    page = text_of(response)
    assert message in page and "8,388,608" not in page
    assert "The article cannot be analysed" in page and '<form class="article-form"' in response.get_data(as_text=True)


def test_a_long_paste_from_the_script_gets_json(model_dir):
    client = page_app(model_dir, MAX_ARTICLE_CHARS=1000).test_client()
    response = post_text(client, "x" * 80_000, headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert "at most 1,000 characters" in response.json["error"]["message"]


# 5. Small things.


@pytest.mark.parametrize(
    ("count", "word", "expected"),
    [(1, "sentence", "1 sentence"), (2, "sentence", "2 sentences"), (0, "row", "0 rows"), (1204, "box", "1,204 boxes")],
)
def test_counted(count, word, expected):
    assert counted(count, word) == expected


def test_plural_of_verbs_and_given_forms():
    assert (plural(1, "is"), plural(3, "is"), plural(2, "has"), plural(2, "a row", "rows")) == ("is", "are", "have", "rows")  # fmt: skip


def test_one_article_of_one_sentence_is_counted_in_the_singular(client):
    content = (HEADER + "s1,South Post,2026-06-01,Pier,The pier reopened on Friday.\n").encode()
    sign_in(client)
    job_id = job_id_of(send(client, content))
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert "1 sentence in 1 article, per week" in page
    assert "South Post: 1 sentence in 1 article" in page
    assert "1 sentences" not in page and "1 articles" not in page
    sentences = text_of(client.get(f"/corpus/{job_id}/sentences?cell=g0-p0"))
    assert "1 sentence; all shown" in sentences


def test_one_sentence_on_the_analyze_page(client):
    page = text_of(post_form(client, "/", {"text": "The pier reopened on Friday."}))
    assert "1 sentence, model" in page


def test_a_deleted_corpus_link_says_so_in_one_sentence(client):
    sign_in(client)
    job_id = job_id_of(send(client, (HEADER + UTF8_ARTICLES[0]).encode()))
    token = csrf_token(client, f"/corpus/{job_id}")
    post_form(client, f"/corpus/{job_id}/delete", {"confirm": "yes"}, token=token)
    response = client.get(f"/corpus/{job_id}")
    assert response.status_code == 404
    page = text_of(response)
    assert f"There is no corpus {job_id} here: it has been deleted already, or never existed." in page
    assert "cannot be analysed" not in page and "There is no corpus job" not in page


def test_the_upload_limit_message_has_no_markdown(model_dir):
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True, CORPUS_MAX_BYTES=100).test_client()
    sign_in(client)
    response = send(client, bad_byte_corpus())
    assert response.status_code == 413
    page = text_of(response)
    assert "analyse it on the command line with stance analyze" in page and "`" not in page


@pytest.mark.parametrize(
    ("filename", "stem_header"),
    [
        ("harbour watch.csv", 'filename="harbour watch-{}"'),
        ("Küstenwache März.csv", "filename*=UTF-8''K%C3%BCstenwache%20M%C3%A4rz-{}"),
    ],
)
def test_every_download_is_named_after_the_upload(client, filename, stem_header):
    sign_in(client)
    job_id = job_id_of(send(client, (HEADER + UTF8_ARTICLES[0]).encode(), filename=filename))
    for path, name in [
        ("sentences.csv", "sentences.csv"),
        ("summary.csv", "summary.csv"),
        ("summary.json", "summary.json"),
        ("report.html", "report.html"),
    ]:
        response = client.get(f"/corpus/{job_id}/{path}")
        assert response.status_code == 200
        assert stem_header.format(name) in response.headers["Content-Disposition"], response.headers
        response.close()
