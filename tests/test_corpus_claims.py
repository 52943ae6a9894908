"""Each source's own claim frame in the sentence rows, and the corpus summary crediting it name by name."""

import csv
import io
import json

import pytest
from analyze_corpus_helpers import ARTICLES, run_analyze, write_corpus
from batch_helpers import read_csv
from test_article_voices import KeywordPredictor

from model.article import analyze_article, source_key, source_keys
from model.article_rows import article_rows, corpus_rows, sentence_columns
from service.corpus.articles import sources_shown
from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize
from service.corpus.table import format_table
from service.web.corpus_view import evidence

LABELS = KeywordPredictor.labels
COLUMNS = sentence_columns(LABELS)
# Written for these tests. The keyword stub calls "deterrence" stability and "arms race" or "threat" threat.
TWO_VOICES = "Park said the budget would strengthen deterrence, while Kim warned that it would fuel an arms race."
REJECTED = "The patrols are no threat, as claimed by Osten, the minister said."
ONE_PERSON_TWICE = (
    "General Ivo Novak said the radars strengthen deterrence, while Novak warned that they could start an arms race."
)


def _rows(*texts):
    """The sentence rows of each text as one article, in :func:`sentence_columns` order, as lists."""
    return [[row[c] for c in COLUMNS] for rows in corpus_rows(KeywordPredictor(), list(texts)) for row in rows]


def _summary(rows, columns=COLUMNS, **options):
    """Summarise rows (lists in ``columns`` order) numbered from line 2, as a file under a header."""
    return summarize(columns, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(date_column=None, **options))


def _credits(summary):
    """``{source as the rows name it: (speaker counts, disputed counts)}`` without the frames counted zero.

    Each source of these tests has one spelling (its only variant), so its counts are that name's.
    """
    credits = {}
    for source in summary["sources"]:
        (name,) = source["variants"]
        credits[name] = tuple({f: n for f, n in source[role].items() if n} for role in ("speaker", "disputed"))
    return credits


def _without(rows, columns, names):
    """The rows and columns without the columns ``names``, as a file written before them would be."""
    keep = [i for i, c in enumerate(columns) if c not in names]
    return [[row[i] for i in keep] for row in rows], [columns[i] for i in keep]


def test_two_speakers_of_one_sentence_carry_the_frames_of_their_own_clauses():
    (row,) = article_rows(KeywordPredictor(), TWO_VOICES)
    assert (row["label"], row["speakers"], row["speaker_claims"]) == ("threat", "park|kim", "stability|threat")
    assert (row["disputed"], row["disputed_claims"]) == ("", "")


def test_a_disputed_source_carries_the_frame_of_the_claim_rejected():
    (row,) = article_rows(KeywordPredictor(), REJECTED)
    assert (row["speakers"], row["speaker_claims"]) == ("minister", "threat")
    assert (row["disputed"], row["disputed_claims"]) == ("osten", "stability")


def test_claim_columns_follow_disputed_in_the_column_order():
    assert COLUMNS[COLUMNS.index("disputed") + 1 :][:2] == ["speaker_claims", "disputed_claims"]


def test_one_person_named_twice_in_a_sentence_keeps_the_first_claim_as_the_article_table_does():
    (row,) = article_rows(KeywordPredictor(), ONE_PERSON_TWICE)
    assert (row["speakers"], row["speaker_claims"]) == ("general ivo novak", "stability")
    roles = analyze_article(KeywordPredictor(), ONE_PERSON_TWICE)["summary"]["roles"]
    assert roles["general ivo novak"]["speaker"] == {"stability": 1}


def test_an_error_row_has_no_claims():
    (rows,) = corpus_rows(KeywordPredictor(), [""])
    assert rows[0]["error"] == "text is empty or only whitespace (or invisible characters)"
    assert rows[0]["speaker_claims"] is None and rows[0]["disputed_claims"] is None


def test_the_summary_credits_each_speaker_with_the_frame_of_their_own_clause():
    summary = _summary(_rows(TWO_VOICES, REJECTED))
    assert _credits(summary) == {
        "park": ({"stability": 1}, {}),
        "kim": ({"threat": 1}, {}),
        "minister": ({"threat": 1}, {}),
        "osten": ({}, {"stability": 1}),
    }
    # The sentences behind "park as speaker: stability" are those where Park's claim is stability.
    park = next(s for s in summary["sources"] if s["key"] == "park")
    assert park["evidence"] == {"speaker": {"stability": ["r2"]}}
    assert summary["totals"]["counts"]["threat"] == 2  # the sentences keep their one label
    assert not [w for w in summary["warnings"] if "claims" in w]


def test_the_summary_table_gives_each_speaker_their_own_frame():
    table = list(csv.DictReader(io.StringIO(format_table(_summary(_rows(TWO_VOICES))))))
    sources = {(r["source"], r["role"]): (r["stability"], r["threat"]) for r in table if r["table"] == "sources"}
    assert sources == {("park", "speaker"): ("1", "0"), ("kim", "speaker"): ("0", "1")}


def test_the_same_rows_per_file_agree_with_the_article_view():
    texts = [TWO_VOICES + " " + REJECTED, ONE_PERSON_TWICE]
    summary = _summary(_rows(*texts))
    expected = {}
    for text in texts:
        for name, roles in analyze_article(KeywordPredictor(), text)["summary"]["roles"].items():
            speaker, disputed = expected.setdefault(name, ({}, {}))
            for counts, role in ((speaker, "speaker"), (disputed, "disputed")):
                for frame, n in roles[role].items():
                    counts[frame] = counts.get(frame, 0) + n
    assert _credits(summary) == expected


def test_a_file_without_the_claim_columns_summarises_as_before():
    rows, columns = _without(_rows(TWO_VOICES, REJECTED), COLUMNS, {"speaker_claims", "disputed_claims"})
    summary = _summary(rows, columns)
    # Every speaker of a row gets its label; a disputed source the claim that label rejects.
    assert _credits(summary) == {
        "park": ({"threat": 1}, {}),
        "kim": ({"threat": 1}, {}),
        "minister": ({"threat": 1}, {}),
        "osten": ({}, {"stability": 1}),
    }
    assert not [w for w in summary["warnings"] if "claims" in w]


def test_a_file_with_speaker_claims_only_credits_disputed_sources_as_before():
    rows, columns = _without(_rows(TWO_VOICES, REJECTED), COLUMNS, {"disputed_claims"})
    assert _credits(_summary(rows, columns))["osten"] == ({}, {"stability": 1})
    assert _credits(_summary(rows, columns))["park"] == ({"stability": 1}, {})


@pytest.mark.parametrize(
    "claims",
    ["stability", "stability|threat|neutral", "stability|sunny", "", "stability|"],
    ids=["too few", "too many", "unknown frame", "empty", "one missing"],
)
def test_claims_that_do_not_fit_their_names_fall_back_with_a_warning_naming_the_line(claims):
    rows = _rows(TWO_VOICES, REJECTED, TWO_VOICES)
    at = COLUMNS.index("speaker_claims")
    rows[2][at] = claims
    summary = _summary(rows, name="sentences.csv")
    credits = _credits(summary)
    # The good rows keep their own frames; line 4 credits both speakers with its label, threat.
    assert credits["park"] == ({"stability": 1, "threat": 1}, {})
    assert credits["kim"] == ({"threat": 2}, {})
    (warning,) = [w for w in summary["warnings"] if "claims" in w]
    assert warning.startswith("sentences.csv: 1 row has claims that do not fit its sources")
    assert warning.endswith("line 4 ('speaker_claims')")


def test_every_row_with_claims_that_do_not_fit_is_counted_and_the_first_lines_named():
    rows = _rows(*[TWO_VOICES] * 4)
    at = COLUMNS.index("speaker_claims")
    for row in rows[1:]:
        row[at] = "threat"
    rows[3][at] = "neutral|neutral|neutral"
    (warning,) = [w for w in _summary(rows)["warnings"] if "claims" in w]
    assert "3 rows have claims that do not fit their sources" in warning
    assert warning.endswith("line 3 ('speaker_claims'), line 5 ('speaker_claims')")


def test_a_json_list_or_null_in_a_claims_cell_is_read_as_text_and_does_not_crash():
    rows = _rows(TWO_VOICES, TWO_VOICES)
    at = COLUMNS.index("speaker_claims")
    rows[0][at], rows[1][at] = ["stability", "threat"], None
    summary = _summary(rows)
    assert _credits(summary)["park"] == ({"threat": 2}, {})
    assert "2 rows have claims" in next(w for w in summary["warnings"] if "claims" in w)


def test_an_uncertain_sentence_credits_every_source_as_uncertain():
    rows = _rows(TWO_VOICES)
    rows[0][COLUMNS.index("confidence")] = 0.3
    assert _credits(_summary(rows, min_confidence=0.5))["park"] == ({"uncertain": 1}, {})


def test_the_sentences_behind_a_source_name_each_sources_claim_where_it_is_not_the_label():
    summary = _summary(_rows(TWO_VOICES, REJECTED))
    kept = summary["sentences"]["r2"]
    assert (kept["speaker_claims"], kept["disputed_claims"]) == ("stability|threat", "")
    assert sources_shown(kept, "speaker") == "park (stability), kim"
    assert sources_shown(summary["sentences"]["r3"], "disputed") == "osten (stability)"
    # A summary cached before the claims were kept, or claims that do not fit: the names alone.
    assert sources_shown({"label": "threat", "speakers": "park|kim"}, "speaker") == "park, kim"
    assert sources_shown({"label": "threat", "speakers": "park|kim", "speaker_claims": "x"}, "speaker") == "park, kim"
    html = render_report(summary)
    assert "speaker: park (stability), kim" in html
    park = next(i for i, s in enumerate(summary["sources"]) if s["key"] == "park")
    title, shown, total = evidence(summary, f"s{park}-speaker-f{LABELS.index('stability')}")
    assert (title, total) == ("park as speaker: stability", 1)
    assert shown[0]["credited"] == {"speaker": "park (stability), kim", "disputed": ""}


def test_stance_analyze_writes_the_claims_of_the_article_analysis(model_dir, tmp_path):
    from model.artifact import load_artifact

    corpus = write_corpus(tmp_path / "articles.jsonl", "jsonl")
    result = run_analyze(model_dir, corpus, "--text-column", "text", "--id-column", "id", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))
    predictor = load_artifact(model_dir, "framing")
    by_article = {}
    for row in rows:
        by_article.setdefault(row["id"], []).append(row)
    for article in ARTICLES:
        sentences = analyze_article(predictor, article["text"])["sentences"]
        names = source_keys(sentences)
        for row, sentence in zip(by_article[article["id"]], sentences, strict=True):
            for role, column in (("speaker", "speakers"), ("disputed", "disputed")):
                claims = {}
                for item in sentence["attributions"]:
                    if item["role"] == role:
                        claims.setdefault(source_key(item["source"], names), item["claim_frame"])
                assert row[column] == "|".join(claims)
                assert row[f"{role}_claims"] == "|".join(claims.values())


def test_post_v1_analyze_with_articles_answers_the_claims_and_counts_them(client):
    response = client.post("/v1/analyze", json={"articles": ARTICLES, "summary": {"by": ["outlet"]}})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["columns"][-5:] == ["speaker_claims", "disputed_claims", "model", "error", "warning"]
    expected = {}
    for row in body["rows"]:
        for role, column in (("speaker", "speakers"), ("disputed", "disputed")):
            if not row[column]:
                continue
            for name, claim in zip(row[column].split("|"), row[f"{role}_claims"].split("|"), strict=True):
                counts = expected.setdefault(name, {"speaker": {}, "disputed": {}})[role]
                counts[claim] = counts.get(claim, 0) + 1
    got = {name: dict(zip(("speaker", "disputed"), counts)) for name, counts in _credits(body["summary"]).items()}
    assert got == expected
    assert json.dumps(body["summary"]["warnings"]).count("claims") == 0
