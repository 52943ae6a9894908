"""The shortcuts that keep attribution fast must not change what the rules answer."""

import csv
from pathlib import Path

from model.attribution_tokens import quoted_regions, tokenize
from model.attribution_verbs import _MAY_REPORT, _reports_here

DATA = Path(__file__).resolve().parents[1] / "training" / "data"


def _sentences():
    """Every sentence of the corpus and both test files: varied news forms written for this project."""
    texts = []
    for name in ("framing.csv", "framing_test.csv", "attribution_test.csv"):
        with open(DATA / name, newline="", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts


def test_every_word_the_full_reporting_test_accepts_passes_the_quick_one():
    # A branch added to _reports_here for a new verb must add the verb to _MAY_REPORT, or it never runs.
    missed = set()
    for sentence in _sentences():
        tokens = tokenize(sentence)
        for v, token in enumerate(tokens):
            if token.low not in _MAY_REPORT and not token.low.startswith("conclud") and _reports_here(tokens, v):
                missed.add(token.low)
    assert missed == set()


class _EveryCharacter:
    """Stands in for the quotation-mark pattern: yields every character, as the loop once visited them."""

    @staticmethod
    def finditer(text):
        return (_Match(k, ch) for k, ch in enumerate(text))


class _Match:
    def __init__(self, k, ch):
        self.k, self.ch = k, ch

    def start(self):
        return self.k

    def group(self):
        return self.ch


def test_quoted_regions_visiting_only_the_marks_equals_visiting_every_character(monkeypatch):
    import model.attribution_tokens as tokens_module

    sentences = [s for s in _sentences() if any(mark in s for mark in "\"“”‘’'«»")]
    sentences += [
        "'The drills are routine,' he said.",
        'its ”saboteurs” were "seen", he said, “not once',
        "«Non», dit-il.",
    ]
    assert len(sentences) > 300
    quick = [quoted_regions(s) for s in sentences]
    monkeypatch.setattr(tokens_module, "_QUOTE_MARK", _EveryCharacter)
    assert [quoted_regions(s) for s in sentences] == quick
