"""Text normalisation and negation marking."""

import pickle

import pytest

from model.text import find_problem, mark_negation, normalise, normalise_marking_negation, text_problem


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


@pytest.mark.parametrize(
    ("text", "max_chars", "code", "message"),
    [
        ("", None, "empty_text", "text is empty or only whitespace (or invisible characters)"),
        ("\u200b\u2060\ufeff \u0301", None, "empty_text", "text is empty or only whitespace (or invisible characters)"),
        ("x" * 1001, 1000, "text_too_long", "text has 1,001 characters; the limit is 1,000"),
        ("a\x00b", None, "nul_character", "text contains a NUL character"),
        # Blank comes first, then the length, then a NUL: the order the API has always checked them in.
        ("\x00" * 5, 3, "text_too_long", "text has 5 characters; the limit is 3"),
    ],
)
def test_one_check_finds_the_problems_every_text_check_refuses(text, max_chars, code, message):
    problem = find_problem(text, max_chars)
    assert (problem.code, problem.about("text")) == (code, message)
    assert text_problem(text, max_chars) == message


def test_a_readable_text_has_no_problem():
    assert find_problem("The drills are defensive.", max_chars=25) is None
    assert text_problem("é") is None
