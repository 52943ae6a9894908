"""Corpus variety checks: lengths, headlines, skeletons and regions."""

import pytest

from training import variety
from training.variety import is_headline, regions_of, skeleton, variety_report


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Pristina hails arrival of first armoured vehicles", True),
        ("Minister: the new brigade is no danger to anyone", True),
        ("The vehicles arrived on Monday.", False),
        ("Will the drones make the border safer?", False),
        ("“We will defend every village,” the mayor said.", False),
        ("The general called it “a purely defensive step”", True),
        ("“The drills are routine.”", False),
    ],
)
def test_is_headline(text, headline):
    assert is_headline(text) is headline


def test_skeleton_blanks_names_and_numbers_only():
    a = skeleton("The ministry in Belgrade said 24 tanks crossed into Zvecan on Monday.")
    b = skeleton("The ministry in Vilnius said 16 tanks crossed into Kaunas on Friday.")
    c = skeleton("The ministry in Vilnius said 16 tanks left Kaunas on Friday.")
    assert a == b
    assert a != c


def test_regions_of_names_each_region_once():
    assert regions_of("Belgrade and Moscow signed the deal in Tirana.") == {
        "western balkans",
        "eastern europe and nordics",
    }
    assert regions_of("Parliament approved the budget.") == set()


def test_variety_report_flags_templates_and_one_region(monkeypatch):
    monkeypatch.setattr(variety, "MIN_ROWS", 10)
    towns = [
        "Zvecan",
        "Leposavic",
        "Mitrovica",
        "Gracanica",
        "Strpce",
        "Peja",
        "Prizren",
        "Gjilan",
        "Ferizaj",
        "Vushtrri",
    ]
    texts = [f"Serbian troops moved {n} tanks towards {town} overnight, Pristina said." for n, town in enumerate(towns)]
    report = variety_report(texts)
    problems = " | ".join(report["problems"])
    assert "share the skeleton" in problems
    assert "western balkans" in problems
    assert "headlines are 0.0%" in problems
    assert report["rows"] == 10


def test_variety_report_compares_lengths_with_reference():
    texts = ["Pristina hails arrival of drones", "The drones arrived on Monday after a delay of two weeks."]
    report = variety_report(texts, reference_texts=["One two three four.", "One two."])
    assert report["words_per_sentence"]["median"] == 8  # 5 and 11 words
    assert report["reference"]["words_per_sentence"]["median"] == 3
    assert report["reference"]["rows"] == 2
    assert report["headline_share"] == 0.5
    # A small file is reported, not judged.
    assert report["problems"] == []
