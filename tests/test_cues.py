"""Framing cue families appended to the normalised text, and crossed with reported speech."""

import pytest

from model.cues import describe_token, mark_cues, mark_reported_speech
from model.text import normalise_marking_negation_and_cues, normalise_marking_negation_cues_and_speech


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("belgrade lambasted the delivery", ["cue_protest"]),
        ("the premier hailed the arrival of the frigates", ["cue_welcome"]),
        ("a gross breach of resolution 0000", ["cue_violation"]),
        ("it fuels an arms race in the region", ["cue_escalation"]),
        ("this is a red line", ["cue_warning"]),
        ("the claims are baseless", ["cue_rejection"]),
        ("the shipment arrived on monday", []),
        # A rejecting verb shortly before a claim noun rebuts a claim.
        ("the army denied reports of a build-up", ["cue_rejection", "cue_rebuttal"]),
        ("tarsk dismissed the latest allegations by valmar", ["cue_rejection", "cue_rebuttal"]),
        ("the ministry rebuffed the claims", ["cue_rebuttal"]),
        # Not when the verb is far from the noun, or there is no claim at all.
        (
            "the army denied that the new radar, which was built last year, can see far into the reports",
            ["cue_rejection"],
        ),
        ("the garden was denied water", ["cue_rejection"]),
    ],
)
def test_cue_families(text, cues):
    marked = mark_cues(text)
    assert marked.startswith(text)
    assert [t for t in marked.split() if t.startswith(("cue_", "not_cue_"))] == cues


def test_negated_cue_is_marked_negated():
    assert normalise_marking_negation_and_cues("The battalion poses no threat to anyone.").endswith("not_cue_danger")


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Belgrade warned that the drones endanger Serbs.", True),
        ("According to the ministry, the drills threaten nobody.", True),
        ('"This is a provocation," the envoy told reporters.', True),
        ("\u201cThis is a provocation\u201d", True),
        ("The threat level was raised on Monday.", False),
        # A reporting verb inside a negation's scope is not the sentence's report.
        ("The army did not say the drills were a threat.", False),
    ],
)
def test_cues_are_crossed_with_whether_the_sentence_reports_speech(text, reported):
    marked = normalise_marking_negation_cues_and_speech(text)
    tokens = marked.split()
    cues = [t for t in normalise_marking_negation_and_cues(text).split() if t.startswith(("cue_", "not_cue_"))]
    suffix = "_reported" if reported else "_unreported"
    assert marked.startswith(normalise_marking_negation_and_cues(text))
    assert ("reported_speech" in tokens, "no_reported_speech" in tokens) == (reported, not reported)
    assert cues and [t for t in tokens if t.endswith(suffix)] == [c + suffix for c in cues]


def test_reported_speech_runs_on_marked_text_and_keeps_negated_cues():
    assert mark_reported_speech("the brigade poses no not_threat to anyone not_cue_danger") == (
        "the brigade poses no not_threat to anyone not_cue_danger no_reported_speech not_cue_danger_unreported"
    )


def test_the_pipeline_crosses_with_reported_speech_only_with_cue_families():
    from model.pipeline import build_pipeline

    vectorizer = build_pipeline(cues=True, reported_speech=True).named_steps["tfidf"]
    assert vectorizer.preprocessor is normalise_marking_negation_cues_and_speech
    with pytest.raises(ValueError, match="reported_speech .* needs cues=True"):
        build_pipeline(reported_speech=True)


@pytest.mark.parametrize(
    ("token", "described"),
    [
        ("cue_danger", "[danger words]"),
        ("not_cue_danger", "[danger words, negated]"),
        ("cue_danger_reported", "[danger words, in reported speech]"),
        ("not_cue_welcome_unreported", "[welcome words, negated, not in reported speech]"),
        ("reported_speech", "[reported speech]"),
        ("no_reported_speech", "[no reported speech]"),
        # Not tokens of this module, or odd ones a text can bring in itself.
        ("threat", None),
        ("not_threat", None),
        ("cue_", None),
        ("cue_danger_foo", "[danger_foo words]"),
        ("cue__reported", "[_reported words]"),
    ],
)
def test_every_added_token_reads_as_words(token, described):
    assert describe_token(token) == described
