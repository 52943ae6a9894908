"""The shortcuts that keep attribution fast must not change what the rules answer."""

import csv
from pathlib import Path

import pytest

import model.attribution_tokens as tokens_module
from model.attribution_disputed import _TRUTH_JUDGING, _judges_false
from model.attribution_tokens import quoted_regions, tokenize
from model.attribution_verbs import _MAY_REPORT, _is_reporting_verb, _reports_here

DATA = Path(__file__).resolve().parents[1] / "training" / "data"

# One sentence for each branch of _reports_here that accepts a word of its own, and the word it accepts.
BRANCH_SENTENCES = [
    ("Tarsk will respond to the deal by warning that the border is closed.", "respond"),
    ("Valmar responded with a statement saying the drills were routine.", "responded"),
    ("The panel, concluding that the strike was unlawful, asked for an inquiry.", "concluding"),
    ("The inquiry concluded on Friday that the drones had strayed.", "concluded"),
    ("Opposition leaders sounded the alarm over the new missiles.", "sounded"),
    ("Western officials doubted the claims of a withdrawal.", "doubted"),
    ('"We will stay," Lind continued.', "continued"),
    ("Orlik maintains the brigade is purely defensive.", "maintains"),
    ("The minister disagreed with the alliance's report.", "disagreed"),
    ("Tarsk protested to Valmar about the flights.", "protested"),
    ("Manila summoned the envoy to protest the ramming.", "protest"),
    ("Opponents have raised concerns over the cost of the jets.", "raised"),
    ("The communique states that the troops will leave.", "states"),
    ("Officials kept saying the drills were routine.", "saying"),
    ("Valmar officials are warning that the drills could escalate.", "warning"),
    ("Japan lodged a protest with Beijing over the flights.", "lodged"),
    ("Tarsk hit back at Valmar's claims of a build-up.", "hit"),
    ("The ministry made clear that the drills would continue.", "made"),
    ('"We are not afraid," Lind charged.', "charged"),
]


def _sentences():
    """Every sentence of the corpus and both test files: varied news forms written for this project."""
    texts = []
    for name in ("framing.csv", "framing_test.csv", "attribution_test.csv"):
        with open(DATA / name, newline="", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts


@pytest.mark.parametrize(("sentence", "word"), BRANCH_SENTENCES, ids=[word for _, word in BRANCH_SENTENCES])
def test_a_word_each_branch_accepts_passes_the_quick_test_too(sentence, word):
    # A branch added to _reports_here for a new verb must add the verb to _MAY_REPORT, or it never runs.
    tokens = tokenize(sentence)
    v = next(k for k, t in enumerate(tokens) if t.low == word)
    assert _reports_here(tokens, v)
    assert _is_reporting_verb(tokens, v)


def test_no_word_of_the_corpus_passes_the_full_reporting_test_but_not_the_quick_one():
    missed = set()
    for sentence in _sentences():
        tokens = tokenize(sentence)
        for v, token in enumerate(tokens):
            if token.low not in _MAY_REPORT and not token.low.startswith("conclud") and _reports_here(tokens, v):
                missed.add(token.low)
    assert missed == set()


def test_only_a_word_of_the_prefilter_can_judge_something_false():
    judged = set()
    for sentence in _sentences():
        tokens = tokenize(sentence)
        judged |= {t.low for i, t in enumerate(tokens) if _judges_false(tokens, i)}
    assert judged and judged <= _TRUTH_JUDGING


class _EveryCharacter:
    """Stands in for the quotation-mark pattern: yields every character, as the loop once visited them."""

    @staticmethod
    def finditer(text):
        """Each character of ``text`` as a match."""
        return (_Match(k, ch) for k, ch in enumerate(text))


class _Match:
    """The two methods of a regular-expression match that quoted_regions reads."""

    def __init__(self, k, ch):
        self.k, self.ch = k, ch

    def start(self):
        """Where the character stands."""
        return self.k

    def group(self):
        """The character."""
        return self.ch


def test_quoted_regions_visiting_only_the_marks_equals_visiting_every_character(monkeypatch):
    sentences = [s for s in _sentences() if any(mark in s for mark in "\"“”‘’'«»")]
    sentences += [
        "'The drills are routine,' he said.",
        'its ”saboteurs” were "seen", he said, “not once',
        "Il a dit «Non» deux fois.",
        "‘We are ready’, he said.",
    ]
    assert len(sentences) > 300
    quick = [quoted_regions(s) for s in sentences]
    monkeypatch.setattr(tokens_module, "_QUOTE_MARK", _EveryCharacter)
    assert [quoted_regions(s) for s in sentences] == quick
