"""Text normalisation and negation marking."""

import pickle

import pytest

from model.text import mark_negation, normalise, normalise_marking_negation


def test_normalise_unifies_quotes_dashes_digits_and_spaces():
    assert normalise("  “Kosovo’s”  KSF — 2028  ") == '"kosovo\'s" ksf - 0000'


@pytest.mark.parametrize(
    "raw, expected",
    [
        # ASCII text skips Unicode normalisation; tabs, newlines and runs of spaces still collapse.
        ("\tThe  KSF\r\nreceived 12 Javelins \x0b ", "the ksf received 00 javelins"),
        # Non-ASCII: compatibility forms (ligature, full-width digits), no-break and ideographic spaces.
        ("\ufb01ve\u00a0drones\u3000in ２０２４", "five drones in 0000"),
        # Digits of other scripts are digits too.
        ("\u0661\u0662 units", "00 units"),
        ("", ""),
    ],
)
def test_normalise_ascii_and_unicode_text_alike(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("does not represent a threat, as claimed", "does not not_represent not_a not_threat , as claimed"),
        ("it doesn't pose any risk", "it does not not_pose not_any not_risk"),
        ("no danger but real risk", "no not_danger but real risk"),
        ("a plain sentence.", "a plain sentence."),
    ],
)
def test_mark_negation_scope(text, expected):
    assert mark_negation(text) == expected


def test_normalisers_are_picklable_for_joblib():
    assert pickle.loads(pickle.dumps(normalise_marking_negation)) is normalise_marking_negation
