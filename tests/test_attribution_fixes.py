"""Attribution mistakes found on a sample of published news, on sentences written for these tests."""

import pytest
from attribution_helpers import sources

from model.article import summarise
from model.attribution import attribute, normalise_source, resolve_article


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The complement of "dismissed/described ... as" is what the claim is called, never a source, also
        # when a second verb follows it ("... as groundless and said").
        (
            "Minister Lara Voss dismissed those claims as groundless and said the navy was ready.",
            [("Minister Lara Voss", "speaker")],
        ),
        ("The embassy rejected them as baseless and warned of a response.", [("The embassy", "speaker")]),
        (
            "General Taro Ilves described the flights as a provocation and insisted the radar saw them.",
            [("General Taro Ilves", "speaker")],
        ),
        (
            "The envoy described the meeting as constructive and said the talks would go on.",
            [("The envoy", "speaker")],
        ),
        ("The mayor called the patrols a nuisance and said the port stayed open.", [("The mayor", "speaker")]),
        ("The mayor termed the patrols unnecessary.", [("The mayor", "speaker")]),
        (
            "Senator Ruth Kalm termed the purchase a waste and said it should be halted.",
            [("Senator Ruth Kalm", "speaker")],
        ),
    ],
)
def test_the_complement_of_a_labelling_verb_is_never_a_source(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "a claim X called absurd": X rejects the claim, so X is the speaker of the rejection; whoever made
        # the claim is named elsewhere (usually earlier in the article), not in this phrase.
        ("The army moved tanks to the lake, a claim Hollis called absurd.", [("Hollis", "speaker")]),
        (
            "Troops crossed the river, an account Mayor Edda Lind dismissed as fiction.",
            [("Mayor Edda Lind", "speaker")],
        ),
        # Leading subordinators and the noun an object gap hangs on are no part of the source.
        ("The port was shut on Monday, after Merida announced new drills.", [("Merida", "speaker")]),
        ("The base was closed for a week, before Merida said it would reopen.", [("Merida", "speaker")]),
        ("The ceasefire held, an offer Merida said it would study.", [("Merida", "speaker")]),
        (
            "Talks resumed on the dam, a plan the Orvian cabinet said it would back.",
            [("the Orvian cabinet", "speaker")],
        ),
        # The claim's owner keeps the role its own clause gives it.
        (
            "The Orvian navy said the strait was mined, a claim Tarsk denied.",
            [("The Orvian navy", "speaker"), ("Tarsk", "speaker")],
        ),
        # A title before a name is the speaker's own phrase, not an object gap.
        ("The spokesman Ivo Rask said the patrols would continue.", [("The spokesman Ivo Rask", "speaker")]),
    ],
)
def test_a_source_starts_at_the_name_not_at_the_word_before_it(sentence, expected):
    assert sources(sentence) == expected


def test_a_claim_x_called_absurd_merges_with_the_full_name_in_the_summary():
    sentences = [
        "Minister Ada Benn said the tanks had moved to the lake.",
        "The army moved tanks to the lake, a claim Benn called absurd.",
    ]
    rows = [
        {"label": "threat", "attributions": [dict(a, claim_frame="threat") for a in attribute(s)]} for s in sentences
    ]
    assert summarise(rows)["sources"] == {"minister ada benn": {"threat": 2}}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # An inanimate thing that "showed" or "suggested" something is evidence, not a speaker.
        ("The wreckage found near Tarsk showed that the drone was armed.", []),
        ("The fragments recovered near the pier suggested that the mine was old.", []),
        ("The radar logs indicated that the jets had turned back.", []),
        ("The satellite images suggested that the camp had grown.", []),
        ("Several war-game studies suggest that the gap is hard to hold.", [("Several war-game studies", "speaker")]),
        # A found thing is not a finding: "found near" is a participle.
        ("A drone found near the dam carried no markings.", []),
        # People and inquiries that suggest or find something still speak.
        ("The analyst suggested that the talks could resume.", [("The analyst", "speaker")]),
        ("The inquiry found that the radar had failed.", [("The inquiry", "speaker")]),
    ],
)
def test_evidence_is_not_a_speaker(sentence, expected):
    assert sources(sentence) == expected


def test_he_never_resolves_to_a_thing():
    sentences = [
        "Colonel Iris Maro inspected the shore on Sunday.",
        "The wreckage found near Tarsk showed that the drone was armed.",
        "The debris suggested that the drone was old.",
        "He said the army would respond.",
    ]
    resolved = resolve_article([attribute(s) for s in sentences], sentences)
    assert resolved[1] == [] and resolved[2] == []
    (item,) = resolved[3]
    # Not the wreckage nor the debris: the person the article last named as a subject.
    assert item["source"] == "Colonel Iris Maro"
    assert item["resolved_from"] == "He"


def test_he_and_she_stand_for_a_person_named_as_a_subject_without_a_source():
    sentences = [
        "Army chief General Ivo Sarn rejected the warning at a briefing.",
        "Defence Minister Milos Varga was not persuaded.",
        "Speaking in the capital, he said the guns could reach deep inside the country.",
        "Varga's deputy, Ana Rist, went further.",
        "She told state television that the neighbours were arming for war.",
        '"These guns are for defence," she said.',
    ]
    resolved = resolve_article([attribute(s) for s in sentences], sentences)
    assert [item["source"] for item in resolved[2]] == ["Defence Minister Milos Varga"]
    assert [item["source"] for item in resolved[4]] == ["Ana Rist"]
    # A subject inside a quotation or a pronoun subject is never remembered as a new person.
    assert [item["source"] for item in resolved[5]] == ["Ana Rist"]


def test_he_resolves_to_the_last_person_not_to_an_institution():
    sentences = [
        "General Ivo Sarn said the border was calm.",
        "The ministry said the patrols would go on.",
        "He added that no troops had moved.",
    ]
    (item,) = resolve_article([attribute(s) for s in sentences], sentences)[2]
    assert item["source"] == "General Ivo Sarn"
    assert item["resolved_from"] == "He"


def _resolved(sentences):
    """Attribute and resolve an article's sentences as analyze_article does, with its refusals."""
    refused = [[] for _ in sentences]
    per_sentence = [attribute(s, refused=r) for s, r in zip(sentences, refused)]
    return resolve_article(per_sentence, sentences, refused)


def test_it_resolves_to_the_last_body_not_to_a_person():
    sentences = [
        "The defence ministry said the patrols would go on.",
        '"The numbers are modest," said Jonas Berg of the Valmar Institute.',
        "It added that no troops had moved.",
    ]
    (item,) = _resolved(sentences)[2]
    assert item["source"] == "The defence ministry"
    assert item["resolved_from"] == "It"


def test_it_after_only_people_stays_a_pronoun():
    sentences = ['"The numbers are modest," said Jonas Berg.', "It said the drills were routine."]
    (item,) = _resolved(sentences)[1]
    assert item["source"] == "It"
    assert "resolved_from" not in item


@pytest.mark.parametrize(
    "silence",
    [
        "The embassy did not respond to a request for comment.",
        "The embassy did not immediately respond to requests for comment.",
        "The embassy did not reply to an emailed request for comment on Friday.",
    ],
)
def test_no_answer_to_a_request_for_comment_is_no_claim_but_an_antecedent(silence):
    sentences = ["Jonas Berg said the timing was no accident.", silence, "It has said its forces threaten no one."]
    resolved = _resolved(sentences)
    assert resolved[1] == []
    (item,) = resolved[2]
    assert item["source"] == "The embassy"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Time expressions between a subject and its verb are not part of the source.
        (
            "Defence Minister Ana Petrovic on Friday rejected the report.",
            [("Defence Minister Ana Petrovic", "speaker")],
        ),
        (
            "Defence Minister Ana Petrovic on Friday evening rejected the report.",
            [("Defence Minister Ana Petrovic", "speaker")],
        ),
        ("The minister yesterday rejected the report.", [("The minister", "speaker")]),
        ("The minister today warned that the drills were risky.", [("The minister", "speaker")]),
        ("The minister last week rejected the report.", [("The minister", "speaker")]),
        ("The minister earlier this month rejected the report.", [("The minister", "speaker")]),
        ("Officials in March warned that the budget was short.", [("Officials", "speaker")]),
        ("Officials in Tarsk warned that the budget was short.", [("Officials in Tarsk", "speaker")]),
        # Also after the verb, and after "according to"; a name with a day in it keeps it.
        ("The border is calm, said the minister yesterday.", [("the minister", "speaker")]),
        ("The border is calm, according to the ministry last week.", [("the ministry", "speaker")]),
        ("The border is calm, according to the Sunday Mirror.", [("the Sunday Mirror", "speaker")]),
        # A capitalised "-ly" word is part of a name, not an adverb before the verb.
        ("The Orvian National Assembly said the budget was short.", [("The Orvian National Assembly", "speaker")]),
        # After "and" the verb shares the first subject: the object before it is no subject, time or not.
        (
            "The coast guard said it had counted a dozen incursions this year and warned that more would come.",
            [("The coast guard", "speaker")],
        ),
    ],
)
def test_time_expressions_are_stripped_from_sources(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The one who rejects a note speaks; the sender of the note is disputed, also when a relative clause
        # says what the note said.
        (
            "The ministry rejected a protest note from Valdoria, which described the drills as hostile.",
            [("The ministry", "speaker"), ("Valdoria", "disputed")],
        ),
        (
            "The navy rejected a statement from the Orvian embassy that the ships were armed.",
            [("The navy", "speaker"), ("the Orvian embassy", "disputed")],
        ),
        # Rejecting a thing that is no claim credits nobody.
        ("A court dismissed a lawsuit against the port.", []),
    ],
)
def test_rejecting_a_note_credits_the_rejecter_and_disputes_the_sender(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Fears are felt, not claimed: only a rejecting word or verb makes their owner disputed.
        ("The governor offered no answer to the farmers' fears.", []),
        ("The governor offered no answer to the valley's fears about the dam.", []),
        (
            "The governor dismissed the farmers' fears as exaggerated.",
            [("The governor", "speaker"), ("the farmers", "disputed")],
        ),
        (
            "The villagers' fears are unfounded, the governor said.",
            [("The villagers", "disputed"), ("the governor", "speaker")],
        ),
        # A claim that is negated stays disputed.
        ("Tarsk's accusations have no basis.", [("Tarsk", "disputed")]),
    ],
)
def test_fears_are_disputed_only_when_rejected(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "X used his speech to say that ...": X says it.
        (
            "Senator Ruth Kalm used her opening speech to say that the base is safe.",
            [("Senator Ruth Kalm", "speaker")],
        ),
        ("The premier used the summit to warn that the strait was closing.", [("The premier", "speaker")]),
        ("The navy used the port to store fuel.", []),
        # ", who repeated that ...": the noun before ", who" speaks.
        (
            "The drills angered Marek Holm, who repeated that the army was too weak.",
            [("Marek Holm", "speaker")],
        ),
        ("The plan was drafted by Edda Lind, who said the coast needed radars.", [("Edda Lind", "speaker")]),
        ("The army repeated the drills on Monday.", []),
        # "X quoted by Y warned": X speaks, the one who quotes them only relays.
        (
            "Orvian analysts quoted by state radio warned that the border was tense.",
            [("Orvian analysts", "speaker")],
        ),
        ("Two officials cited by the daily Vesna said the jets were late.", [("Two officials", "speaker")]),
    ],
)
def test_missed_speakers_are_found(sentence, expected):
    assert sources(sentence) == expected


def test_normalise_source_drops_leading_function_words_and_time_expressions():
    assert normalise_source("after Merida") == "merida"
    assert normalise_source("an offer Merida") == "merida"
    assert normalise_source("Defence Minister Ana Petrovic on Friday") == "defence minister ana petrovic"
    assert normalise_source("The minister last week") == "minister"
    assert normalise_source("The Ministry of Defense") == "ministry of defense"


@pytest.mark.parametrize(
    ("earlier", "rejection"),
    [
        ("Tarsk state media said the air exercise put the region on the brink of war.", "Valmar's defence ministry dismissed the reports as disinformation."),
        ("Tarsk officials warned that the guns could tip the balance.", "General Ivo Sarn rejected that warning at a briefing."),
        # "said" without "that", and one plain word before the claim noun.
        ("Ostrava's navy said a Tarsk frigate had aimed a laser at its patrol plane.", 'Tarsk said the laser accusation was "not true".'),
    ],
)  # fmt: skip
def test_a_rejection_of_the_claims_just_told_disputes_their_speaker(earlier, rejection):
    resolved = resolve_article([attribute(s) for s in (earlier, rejection)], [earlier, rejection])
    speaker = resolved[0][0]["source"]
    disputed = [item for item in resolved[1] if item["role"] == "disputed"]
    assert [(item["source"], item["resolved_from"]) for item in disputed] == [(speaker, "previous sentence")]


@pytest.mark.parametrize(
    "rejection",
    [
        # The claim's owner is named: no guessing.
        "Opposition lawmakers rejected the claims by the navy that the ships were old.",
        # The same speaker goes on; and a rejection with no speaker of its own credits nobody.
        "The ministry later dismissed the reports as disinformation.",
        "The reports were dismissed in Valmar.",
    ],
)
def test_no_earlier_claim_is_disputed_when_the_sentence_names_it_or_has_no_other_speaker(rejection):
    earlier = "The ministry said the drills were routine."
    resolved = resolve_article([attribute(s) for s in (earlier, rejection)], [earlier, rejection])
    assert all(item.get("resolved_from") != "previous sentence" for item in resolved[1])
