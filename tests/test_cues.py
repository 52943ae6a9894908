"""Framing cue families appended to the normalised text."""

import pytest

from model.cues import mark_cues
from model.text import normalise_marking_negation_and_cues


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
