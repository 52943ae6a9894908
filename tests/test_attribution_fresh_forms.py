"""Attribution forms that failed on sentences written after the rules (fresh shards), on sentences written here."""

import pytest
from attribution_helpers import sources


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "X, whose ..., said NP ...": X speaks; the complement clause's subject never does.
        (
            "Senator Mara Velic, whose committee oversees the budget, said the frigates were overdue.",
            [("Senator Mara Velic", "speaker")],
        ),
        (
            "The mayor of Tarsk, whose town hosts the depot, said the convoys posed no risk.",
            [("The mayor of Tarsk", "speaker")],
        ),
        # The inverted ", said X" ends the clause; ", said NP were ..." opens a complement clause.
        ("The patrols will resume in May, said the envoy.", [("the envoy", "speaker")]),
        # A headline's second verb after a comma shares the headline's subject (never "border").
        ("Ostrava pledges more radars, says border is quiet", [("Ostrava", "speaker")]),
        # Adverbs between the subject and its verb are no part of the subject.
        ("Velic nonetheless accused the army of hiding the costs.", [("Velic", "speaker")]),
        ("The opposition nevertheless warned that the deal was rushed.", [("The opposition", "speaker")]),
        # Newspaper "daily" is a noun, not an adverb.
        ("The frigates were late again, one Tarsk daily noted.", [("one Tarsk daily", "speaker")]),
        # Picture and section labels before a colon credit nobody.
        ("Photo: Soldiers unload crates at the Tarsk depot, May 4.", []),
        ("Caption: A patrol boat leaves the harbour at dawn", []),
        ("OP-ED: The brigade is too small for the border", []),
        ("Read also: Ostrava orders new radars", []),
        # A verb of saying with a non-speaking subject and an ordinary object reports nothing.
        ("The new unit reports directly to the general staff.", []),
        ("For the small states, membership adds a layer of protection.", []),
        # Acts named by a verb of saying: a declaration of independence or a call-up is no claim.
        ("Tarsk declared independence in 1991 and joined the alliance in 2004.", []),
        ("Ostrava reintroduced conscription last year, calling up 4,000 men.", []),
    ],
)
def test_fresh_forms(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The garrison, in a short statement, said the flights broke no rule.", [("The garrison", "speaker")]),
        ("Tarsk, for its part, says the drones give the army a new reach.", [("Tarsk", "speaker")]),
        (
            "Analyst Ira Sokol, of the Ostrava institute, said the number of drills had fallen.",
            [("Analyst Ira Sokol", "speaker")],
        ),
    ],
)
def test_an_aside_that_opens_with_a_preposition_is_skipped(sentence, expected):
    assert sources(sentence) == expected


def test_a_phone_call_is_a_noun():
    sentence = "The foreign minister, in a phone call with his Tarsk colleague, said the patrols would go on."
    assert sources(sentence) == [("The foreign minister", "speaker")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A claim noun judged false later in the sentence: its owner is disputed.
        (
            "The army said the concerns raised by Tarsk officials were baseless.",
            [("The army", "speaker"), ("Tarsk officials", "disputed")],
        ),
        (
            "The colonel said the remarks by the Tarsk envoy were misleading.",
            [("The colonel", "speaker"), ("the Tarsk envoy", "disputed")],
        ),
        (
            "The ministry said the report by state broadcaster RTX was disinformation.",
            [("The ministry", "speaker"), ("state broadcaster RTX", "disputed")],
        ),
        # "the claims of X" names a source when X can speak; "claims of a build-up" names a topic.
        (
            "The minister dismissed the claims of the Tarsk government, saying the posts were lawful.",
            [("The minister", "speaker"), ("the Tarsk government", "disputed")],
        ),
        ("The minister dismissed claims of Russian interference in the vote.", [("The minister", "speaker")]),
        # A name before the rejected claim or document is its source.
        (
            "The army rejected the Amnesty International report as one-sided.",
            [("The army", "speaker"), ("Amnesty International", "disputed")],
        ),
        ("Ostrava rejects Tarsk claims of a build-up on the border", [("Ostrava", "speaker"), ("Tarsk", "disputed")]),
        # A newspaper article "in X" that is rejected cites X.
        (
            "The minister dismissed the article in Novosti as alarmist.",
            [("The minister", "speaker"), ("Novosti", "disputed")],
        ),
    ],
)
def test_rejected_claims_name_their_source(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Protests that were overridden are not claims judged false.
        ("Tarsk joined the alliance in 2009 despite protests from the Ostrava parties.", []),
        # A statement that carries the sentence's claim is its speaker, even beside a judged story.
        (
            "The drills are routine, and the story in Novosti is fiction, said a statement from the garrison.",
            [("Novosti", "disputed"), ("a statement from the garrison", "speaker")],
        ),
    ],
)
def test_a_document_is_disputed_only_when_judged_false(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Verbs of reply and concession report a claim when a clause follows.
        ("Tarsk officials point out that the launchers can only hit aircraft.", [("Tarsk officials", "speaker")]),
        ("Ostrava officials counter that the reserve is a disguised army.", [("Ostrava officials", "speaker")]),
        ("Ostrava officials answered that the missiles cannot invade anyone.", [("Ostrava officials", "speaker")]),
        ("The deputy retorted that the government was buying weapons in a panic.", [("The deputy", "speaker")]),
        ("The institute concedes that most of the new equipment is defensive.", [("The institute", "speaker")]),
        ("The army countered the claims with photographs of the depot.", [("The army", "speaker")]),
        # "Fear"/"worry" as verbs of people; as nouns they credit nobody.
        ("Western diplomats worry that the purchases could fuel instability.", [("Western diplomats", "speaker")]),
        ("Shipping firms fear that the truce will not last.", [("Shipping firms", "speaker")]),
        ("The growing fear that the truce will fail has emptied the port.", []),
        # Headlines with a lower-case title before the colon.
        ("Army chief: no weapons outside the state by the end of the year", [("Army chief", "speaker")]),
        ("Tarsk intelligence service: the drills are a serious threat", [("Tarsk intelligence service", "speaker")]),
        ("Defence minister shrugs off Ostrava warning", [("Defence minister", "speaker")]),
        # A second verb after "and" shares the sentence's subject.
        (
            "The envoy declined the invitation and said the base was a provocation.",
            [("The envoy", "speaker")],
        ),
        # Praise in the passive credits its agent.
        (
            "The gift of ten trucks was welcomed by the defence ministry as a long-awaited boost.",
            [("the defence ministry", "speaker")],
        ),
        (
            "The patrols were hailed by both ministers as proof that the alliance works.",
            [("both ministers", "speaker")],
        ),
    ],
)
def test_more_reporting_forms(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In a statement released at midnight, the president said the border was calm and asked that talks resume.",
            [("the president", "speaker")],
        ),  # fmt: skip
        ("The corridor: a timeline", []),
        ("Tarsk's new frigate: ambitions and obstacles", []),
        ("The Ostrava parliament: what we know about the vote", []),
        ("The border war claimed thousands of lives and emptied the valley.", []),
        ("Ostrava originally agreed to host the base but later said it would stay neutral.", [("Ostrava", "speaker")]),
    ],
)
def test_no_speaker_from_titles_tolls_or_opening_phrases(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Tarsk Front has in the past called membership an occupation.", [("The Tarsk Front", "speaker")]),
        (
            "Tarsk officials have in recent months accused Ostrava of hollowing out the treaty.",
            [("Tarsk officials", "speaker")],
        ),
        ("The party has for years warned that the base is a target.", [("The party", "speaker")]),
    ],
)
def test_a_time_span_between_subject_and_verb_is_skipped(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The words before "and" are the first verb's object, never the second verb's subject.
        (
            "The foreign ministry praised the army for its work in the south and said the patrols would go on.",
            [("The foreign ministry", "speaker")],
        ),
        (
            "The envoy visited the border posts and condemned the drills as reckless.",
            [("The envoy", "speaker")],
        ),
        ("The council met the mayors of the region and approved the budget.", []),
    ],
)
def test_a_verb_after_and_shares_the_sentence_subject(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The build-up was, in the words of one Tarsk official, reckless and destabilising.",
            [("one Tarsk official", "speaker")],
        ),  # fmt: skip
        ("State media boasted that the new missile could reach any target.", [("State media", "speaker")]),
        ("Military experts generally agree that neither army could win quickly.", [("Military experts", "speaker")]),
        ("The two leaders agree to meet again in May.", []),
        ("Environmental groups questioned whether a study had been done.", [("Environmental groups", "speaker")]),
        ("State media portrayed the reopening of the base as a plan to encircle Tarsk.", [("State media", "speaker")]),
        ('Velic: "Let them arm, we are not worried"', [("Velic", "speaker")]),
        ('Translated from Tarskian: "The ministry is concerned"', []),
    ],
)
def test_words_boasts_agreement_and_quoted_headlines(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The minister said the claims of the Tarsk diplomat were propaganda.",
            [("The minister", "speaker"), ("the Tarsk diplomat", "disputed")],
        ),
        (
            "The minister said the accusations from Ostrava were hysterical.",
            [("The minister", "speaker"), ("Ostrava", "disputed")],
        ),
        (
            "The minister dismissed reports in Tarsk tabloids that the army was mobilising.",
            [("The minister", "speaker"), ("Tarsk tabloids", "disputed")],
        ),
        (
            "Tarsk officials rejected the demand from Ostrava, saying the radars were a sovereign matter.",
            [("Tarsk officials", "speaker"), ("Ostrava", "disputed")],
        ),
        (
            "The premier mocked the criticism from Ostrava, saying the drones were small.",
            [("The premier", "speaker"), ("Ostrava", "disputed")],
        ),
        (
            "The ministry said the fears were unfounded, rejecting claims by the opposition and stressing that the army was mixed.",  # noqa: E501
            [("The ministry", "speaker"), ("the opposition", "disputed")],
        ),
    ],
)
def test_more_rejected_claims(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tarsk drills spark fears in border towns", []),
        ("The agency monitors influence operations and issues reports on disinformation.", []),
        ("The missile's declared range is 500 kilometres.", []),
        ("The ministry declared the drills a provocation.", [("The ministry", "speaker")]),
        (
            "Ostrava held elections in the territory in May, steps Tarsk called a flagrant violation of the treaty.",
            [("Tarsk", "speaker")],
        ),
    ],
)
def test_nouns_after_verbs_and_object_gaps(sentence, expected):
    assert sources(sentence) == expected
