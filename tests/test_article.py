"""Whole-article analysis and the ``stance analyze`` command, on an article written for these tests."""

import json
import re

import pytest
from click.testing import CliRunner

from model.article import ArticleError, analyze_article, claim_frame
from model.artifact import load_artifact
from service.cli import cli

ARTICLE = """Defence experts say the new air defence battery strengthens security in the region.
The battery does not pose a threat to anyone, as claimed by Belgrade.
On the contrary, they argue that it deters attacks.
“The system can only hit targets over our own territory,” said Colonel Besa Hoti, a battery commander.
The first launchers arrived on Monday."""


class StubPredictor:
    """Labels a sentence threat when it says "threat", else stability; counts its calls."""

    labels = ["neutral", "stability", "threat"]
    task = "framing"
    version = "stub-1"

    def __init__(self):
        self.calls = []

    def predict(self, texts):
        self.calls.append(list(texts))
        results = []
        for text in texts:
            label = "neutral" if "arrived" in text else "stability"
            probabilities = {name: (0.8 if name == label else 0.1) for name in self.labels}
            results.append(
                {"text": text, "label": label, "confidence": 0.8, "probabilities": probabilities, "model": self.version}
            )
        return results


def test_every_sentence_has_offsets_a_frame_and_its_sources():
    predictor = StubPredictor()
    result = analyze_article(predictor, ARTICLE)
    assert result["model"] == {"task": "framing", "version": "stub-1"}
    assert len(predictor.calls) == 1, "one batched predict call for the whole article"
    sentences = result["sentences"]
    assert len(sentences) == 5
    for sentence in sentences:
        assert ARTICLE[sentence["start"] : sentence["end"]] == sentence["text"]
        assert set(sentence) >= {"label", "confidence", "probabilities", "attributions"}
    key = sentences[1]["attributions"]
    assert [(a["source"], a["role"], a["claim_frame"]) for a in key] == [("Belgrade", "disputed", "threat")]
    (they,) = sentences[2]["attributions"]
    assert they["source"] == "Defence experts" and they["resolved_from"] == "they"
    assert sentences[3]["attributions"][0]["source"] == "Colonel Besa Hoti"
    assert sentences[4]["attributions"] == []


def test_summary_counts_frames_and_who_says_what():
    summary = analyze_article(StubPredictor(), ARTICLE)["summary"]
    assert summary["frames"] == {"stability": 4, "neutral": 1}
    assert summary["sources"] == {
        "defence experts": {"stability": 2},
        "belgrade": {"threat": 1},
        "colonel besa hoti": {"stability": 1},
    }


# A source that speaks in one sentence and is disputed in another; written for these tests.
TWO_ROLES = """Lorvia said the radar near the coast was a routine upgrade.
The radar does not pose a threat, as claimed by Lorvia.
Lorvia said the patrols were routine, and Lorvia added that they would go on."""


def test_a_source_in_two_roles_is_counted_per_role():
    summary = analyze_article(StubPredictor(), TWO_ROLES)["summary"]
    # The stub calls every sentence stability: Lorvia claims stability twice (sentence 3 names it twice
    # but is one claim), and the sentence that disputes it rejects the threat claim.
    assert summary["roles"] == {"lorvia": {"speaker": {"stability": 2}, "disputed": {"threat": 1}}}
    assert summary["sources"] == {"lorvia": {"stability": 2, "threat": 1}}


def test_roles_add_up_to_sources_and_name_the_same_sources():
    summary = analyze_article(StubPredictor(), ARTICLE)["summary"]
    assert list(summary["roles"]) == list(summary["sources"])
    for source, by_role in summary["roles"].items():
        assert set(by_role) == {"speaker", "disputed"}
        total = {}
        for frames in by_role.values():
            for frame, n in frames.items():
                total[frame] = total.get(frame, 0) + n
        assert total == summary["sources"][source]


@pytest.mark.parametrize(
    ("label", "role", "expected"),
    [("stability", "speaker", "stability"), ("stability", "disputed", "threat"), ("threat", "disputed", "stability")],
)
def test_claim_frame(label, role, expected):
    assert claim_frame({"role": role}, label, ["neutral", "stability", "threat"]) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "text is empty or only whitespace (or invisible characters)"),
        ("   \n", "text is empty or only whitespace (or invisible characters)"),
        ("x" * 51, "text has 51 characters; the limit is 50"),
    ],
)
def test_bad_articles_raise_a_clear_error(text, message):
    with pytest.raises(ArticleError, match=re.escape(message)):
        analyze_article(StubPredictor(), text, max_chars=50)


def test_a_real_trained_model_analyses_the_article(model_dir):
    predictor = load_artifact(model_dir, "framing")
    result = analyze_article(predictor, ARTICLE)
    assert {s["label"] for s in result["sentences"]} <= set(predictor.labels)
    assert result["model"]["version"] == predictor.version


def test_analyze_command_prints_sentences_and_the_table(model_dir, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert "disputed  Belgrade — as claimed by — claim:" in result.output
    assert "Who says what:" in result.output
    assert "(disputed: the claims a sentence rejects as the source's, by the frame of that claim)" in result.output
    # One line per source and role: the tiny model's frames vary, the roles do not.
    assert re.search(r"^  defence experts +speaker +\w+ \d", result.output, re.M)
    assert re.search(r"^  belgrade +disputed +\w+ 1$", result.output, re.M)


def test_analyze_command_reads_stdin_and_prints_json(model_dir):
    result = CliRunner().invoke(cli, ["analyze", "-", "--json", "--model-dir", str(model_dir)], input=ARTICLE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["sentences"]) == 5
    assert "belgrade" in data["summary"]["sources"]


def test_analyze_command_rejects_a_long_article(model_dir):
    result = CliRunner().invoke(
        cli, ["analyze", "-", "--max-chars", "20", "--model-dir", str(model_dir)], input=ARTICLE
    )
    assert result.exit_code == 1
    assert "Error: <stdin>: article is" in result.output
    assert "longer than the limit of 20 characters" in result.output


def test_analyze_command_reports_bad_bytes_with_the_line(model_dir, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"The drills went ahead.\nA bad \xff byte.\n")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--model-dir", str(model_dir)])
    assert result.exit_code == 1
    assert f"Error: {path}:2: byte 0xff is not valid UTF-8" in result.output


def test_analyze_command_keeps_crlf_offsets(model_dir, tmp_path):
    text = "The drills went ahead, officials said.\r\nThe budget passed.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode())
    result = CliRunner().invoke(cli, ["analyze", str(path), "--json", "--model-dir", str(model_dir)])
    sentences = json.loads(result.stdout)["sentences"]
    assert [text[s["start"] : s["end"]] for s in sentences] == [s["text"] for s in sentences]
    assert sentences[1]["start"] == text.index("The budget")


QUOTE_ARTICLE = """BELGRADE —
The army staged drills near the boundary on Monday.
“The drills are routine. We believe nobody is threatened. Observers are welcome,” said Colonel Ana Kolar.
The tanks left on Tuesday."""


def test_a_quote_over_several_sentences_is_credited_to_the_speaker_named_at_its_end():
    sentences = analyze_article(StubPredictor(), QUOTE_ARTICLE)["sentences"]
    assert sentences[0]["text"].startswith("BELGRADE —\nThe army")
    assert [[a["source"] for a in s["attributions"]] for s in sentences] == [
        [],
        ["Colonel Ana Kolar"],
        ["Colonel Ana Kolar"],
        ["Colonel Ana Kolar"],
        [],
    ]
    assert [a.get("resolved_from") for a in sentences[2]["attributions"]] == ["quote"]


def test_an_unclosed_quote_without_a_speaker_credits_nobody():
    text = "“The drills are routine. Nobody is threatened.\nThe tanks left."
    sentences = analyze_article(StubPredictor(), text)["sentences"]
    assert all(s["attributions"] == [] for s in sentences)


@pytest.mark.parametrize(
    "sentence",
    [
        "Minister Lila: the new brigade threatens nobody",
        "The border is calm, the state agency quoted the deputy minister as saying.",
        "The ministry rejected criticism from the opposition that the jets were a threat.",
    ],
)
def test_one_sentence_articles_credit_what_attribute_credits(sentence):
    from model.attribution import attribute

    (only,) = analyze_article(StubPredictor(), sentence)["sentences"]
    assert [(a["source"], a["role"]) for a in only["attributions"]] == [
        (a["source"], a["role"]) for a in attribute(sentence)
    ]
