"""Each speaker's own clause: "Athens says it restores balance, Ankara sees a threat" gives two claims.

A sentence has one frame, but when it credits two speakers one after the other, each with a clause of
its own, each speaker's claim is the frame of that clause. The clauses are classified by the same
predict function as whole sentences.
"""

import re

from model import lexicon as lx

# What separates one speaker's clause from the next: a comma, a semicolon, or a contrasting conjunction.
_SEPARATOR = re.compile(r",|;|\bwhile\b|\bwhereas\b|\bbut\b|\bas\b")


def _has_own_clause(attribution):
    """True for a source with words in the sentence whose verb opens its own clause.

    Speakers have one; so has a disputed source answered after ", but" ("X said A, but Y said B"),
    whose claim is its own clause, not the reverse of the sentence's frame.
    """
    if attribution["end"] <= attribution["start"]:
        return False
    return attribution["role"] == "speaker" or attribution["cue"].lower() in lx.REPORTING_VERBS


def speaker_clauses(sentence, attributions):
    """Return ``[(attribution, clause text), ...]`` for a sentence whose speakers each have a clause, else ``[]``.

    Only sources with a span and a clause of their own count (speakers, not a resolved quotation; a
    source disputed after ", but"), two or more distinct ones, and a separator must stand between each
    speaker and the next; the clause of each runs from the separator before it (or the sentence start)
    to the separator before the next speaker.

    >>> items = [{"source": "Athens", "role": "speaker", "start": 0, "end": 6},
    ...          {"source": "Ankara", "role": "speaker", "start": 33, "end": 39}]
    >>> [text for _, text in speaker_clauses("Athens says it restores balance, Ankara sees a threat", items)]
    ['Athens says it restores balance', 'Ankara sees a threat']
    """
    speakers = sorted((a for a in attributions if _has_own_clause(a)), key=lambda a: a["start"])
    if len({a["source"] for a in speakers}) < 2:
        return []
    bounds = [0]
    for before, after in zip(speakers, speakers[1:]):
        separators = list(_SEPARATOR.finditer(sentence, before["end"], after["start"]))
        if not separators:
            # "X said Y told him ...": one claim reported through another, not two clauses.
            return []
        bounds.append(separators[-1].start())
    bounds.append(len(sentence))
    clauses = []
    for attribution, start, end in zip(speakers, bounds, bounds[1:]):
        text = _SEPARATOR.sub("", sentence[start:end], count=1) if start else sentence[start:end]
        clauses.append((attribution, text.strip(" ,;")))
    return clauses
