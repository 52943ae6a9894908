"""Threats, defences of a decision and claimed territory (forms from real pages, on sentences written here)."""

import pytest
from attribution_helpers import sources

from model import cues, lexicon


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A party that threatens to act states what it will do: it speaks.
        ("Tarsk has repeatedly threatened to close the pass if the drills go ahead.", [("Tarsk", "speaker")]),
        ("The president of Valmar threatened to expel the attachés.", [("The president of Valmar", "speaker")]),
        ("Ostrava threatens to cut gas supplies over the new base", [("Ostrava", "speaker")]),
        (
            "The mandate ends in May, and Tarsk has threatened to block its renewal.",
            [("Tarsk", "speaker")],
        ),
        # A thing that "threatens to" speaks for nobody, nor does a noun phrase ending in a name.
        ("The flooding threatens to cut the only road to the garrison.", []),
        ("The row over the radar threatened to derail the talks.", []),
        ("Convoys carrying rifles to the Valmar rebels threaten to prolong the war.", []),
        # Defending a right, a decision or a purchase is a claim; defending a town is a fight.
        ("Minister Ana Lind defended the purchase of the jets in parliament.", [("Minister Ana Lind", "speaker")]),
        ("Tarsk defends right to station missiles on the coast", [("Tarsk", "speaker")]),
        ("The garrison defended the town for three weeks.", []),
        ("The navy would defend the country's interests at sea, the admiral said.", [("the admiral", "speaker")]),
        # Plural "admit".
        ("Valmar officials admit the frigate locked its radar on the patrol boat.", [("Valmar officials", "speaker")]),
        # Claimed territory is no claim; a claim's clause after the place still is.
        ("Ostrava claims waters that Tarsk regards as its own shelf.", [("Tarsk", "speaker")]),
        ("Valmar claims the Orlik region, which Tarsk has run for a century.", []),
        ("The reef, which Ostrava claims as its own, was patrolled on Friday.", []),
        ("Tarsk claims the islets in their entirety.", []),
        ("Tarsk claims the border area was shelled overnight.", [("Tarsk", "speaker")]),
        ("Valmar claims the islands belong to it.", [("Valmar", "speaker")]),
    ],
)
def test_threats_defences_and_claimed_places(sentence, expected):
    assert sources(sentence) == expected


def test_attribution_only_verbs_leave_the_speech_feature_alone():
    # A saved model computes its reported-speech tokens with the feature's list when loaded: verbs that only
    # the attribution rules learnt later must not change what it sees.
    assert lexicon.ATTRIBUTION_ONLY_VERBS <= lexicon.REPORTING_VERBS
    assert lexicon.ATTRIBUTION_ONLY_VERBS.isdisjoint(lexicon.SPEECH_FEATURE_VERBS)
    marked = cues.mark_reported_speech(cues.mark_cues("Tarsk threatened to close the pass."))
    assert cues.NO_REPORTED_SPEECH in marked.split()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A claim told in a time clause is the news the sentence reports: its speaker, when there is no other.
        ("The convoy turned back hours after Tarsk said that the road was mined.", [("Tarsk", "speaker")]),
        (
            "The incident came shortly after Valmar media reported that a drone had crossed the border.",
            [("Valmar media", "speaker")],
        ),
        # An act in such a clause credits nobody; beside the sentence's own speaker, nobody more.
        ("The protest comes after the minister announced new drills.", []),
        (
            "Tarsk dismissed the claims a week after Ostrava warned that its troops would cross the border.",
            [("Tarsk", "speaker")],
        ),
        (
            "The mission said its patrols, which stayed near the village until dawn after residents reported "
            "hearing engines, had found nothing.",
            [("The mission", "speaker")],
        ),
    ],
)
def test_a_claim_in_a_time_clause(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "after a tribunal said": the subject after "after" may open with an article.
        (
            "Ostrava won the arbitration in 2016, after a tribunal said the claim had no basis.",
            [("a tribunal", "speaker")],
        ),
        # A relay keeps the sentence: the earlier claim's speaker gives way to it.
        (
            "The spokesman held his weekly briefing on Monday, a day after Valmar said it was sending bombers, "
            "state media reported.",
            [("state media", "speaker")],
        ),
        # The judgement may stand between the rejecting verb and the owner of the claims; a day names nobody.
        (
            "Ostrava on Friday dismissed as baseless Tarsk claims that a foreign base was planned.",
            [("Ostrava", "speaker"), ("Tarsk", "disputed")],
        ),
        ("Ostrava dismissed as fabricated Monday reports that troops had crossed.", [("Ostrava", "speaker")]),
    ],
)
def test_time_clause_subjects_relays_and_judged_claims(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "with both X and Y rejecting": one subject of two names, a fallback speaker.
        (
            "No proof has been shown yet, with both Tarsk and Valmar rejecting the allegation.",
            [("Tarsk and Valmar", "speaker")],
        ),
        # ", denying that": a rejection the sentence's subject reports; a claim as subject rejects nothing.
        ("Ostrava closed the crossing on Monday, denying that it had been warned.", [("Ostrava", "speaker")]),
        ("The envoy's claim prompted a second statement from the ministry on Monday, refuting it.", []),
        # A headline's two names joined by a comma alone are two sources; a sentence's opening adverb is none.
        ("Tarsk, Valmar deny reports of a build-up near the border", [("Tarsk", "speaker"), ("Valmar", "speaker")]),
        ("Meanwhile, Valmar denies reports of a build-up", [("Valmar", "speaker")]),
    ],
)
def test_coordinated_rejections(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # People a relative clause stands for speak, with or without the comma when the verb plainly reports.
        ("The blast was heard by villagers, who said the ground shook.", [("villagers", "speaker")]),
        (
            "The paper cited officials in Orlik who said they had found rifles on a cargo flight.",
            [("officials in Orlik", "speaker")],
        ),
        ("The paper interviewed farmers who say they have seen the tanks.", [("farmers", "speaker")]),
        # A job or a feeling in the relative reports no claim; a bare word that names nobody credits nobody.
        ("Radic, a former officer who writes for several portals, criticised nothing.", []),
        ("The relief units won the trust of residents who had feared they would be forgotten.", []),
        ("The decision has angered many, who say it is rushed.", []),
    ],
)
def test_people_in_a_relative_clause(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A time between a promise, a vow or a threat and its "to".
        ("Tarsk's president vowed Thursday to strengthen the army.", [("Tarsk's president", "speaker")]),
        ("The minister pledged on Monday to buy new frigates.", [("The minister", "speaker")]),
        ("Tarsk threatened on Monday to close the border.", [("Tarsk", "speaker")]),
        ("The pledges last week to buy jets were dropped.", []),
    ],
)
def test_a_time_before_a_commitment(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A pronoun that reports inside a relative clause without "that" stands for the sentence's subject.
        ("The army shot down a drone it said was carrying explosives.", [("The army", "speaker")]),
        ("The ministry released photos it said showed sonar buoys.", [("The ministry", "speaker")]),
        # Not when a relative pronoun stands before it, nor when the sentence's subject cannot speak.
        ("Prosecutors charged two men who they said had planted the charge.", []),
        ("The flood cut off a village it said was empty.", []),
    ],
)
def test_a_pronoun_in_a_relative_clause_without_that(sentence, expected):
    assert sources(sentence) == expected


def test_who_stands_for_the_people_before_a_place():
    # "who" stands for people: the phrase runs back past "near the range" to the villagers.
    assert sources("Villagers near the range, who said the ground shook, were moved.") == [
        ("Villagers near the range", "speaker")
    ]
