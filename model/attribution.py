"""Rule-based claim attribution: who a sentence credits its claim to, and whose claim it rejects.

A reporting-verb lexicon plus a handful of patterns around it ("X said", ", said X", "according to X",
"as claimed by X", "X's accusations ... are baseless") find source noun phrases; no model is involved.

In "..., a claim X called absurd" (or "an accusation X denied"), X rejects the claim and so is a speaker
(of the rejection), as the labeling guidelines say of the one who rejects; the claim's owner keeps the
role its own clause gives it ("Y said ..., a claim X denied" credits both Y and X), or is named in an
earlier sentence. The words before X ("a claim", "an offer") are no part of the source.
"""

import bisect

from model import lexicon as lx
from model.attribution_article import resolve_article
from model.attribution_disputed import (
    _contrast,
    _find_according_to,
    _find_accused_of_falsehood,
    _find_as_x_claims,
    _find_claim_nouns,
    _find_denied_something,
    _find_falsehood_teller,
    _find_passive_by,
    _find_rebutted_party,
    _settle_claim_owners,
)
from model.attribution_headlines import _find_closing_kicker, _find_headline
from model.attribution_participles import _find_participle, _find_prompted, _find_with_participle
from model.attribution_phrases import _is_gap_noun, _np_right, _time_start, _valid_np, head_noun
from model.attribution_speakers import (
    _find_in_view,
    _find_quoted_as_saying,
    _find_refusal,
    _find_subject_verb,
)
from model.attribution_tokens import (
    OBJECT_PRONOUNS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    REFUSED,
    Token,
    _Found,
    quoted_regions,
    tokenize,
)

# Importers use this module as the one entry point; the rules live in model/attribution_*.py.
__all__ = [
    "PRONOUNS",
    "Token",
    "attribute",
    "attribution_columns",
    "head_noun",
    "normalise_source",
    "quoted_regions",
    "resolve_article",
    "tokenize",
]


def attribute(sentence, refused=None):
    """Find the sources a sentence credits claims to.

    Parameters
    ----------
    sentence : str
    refused : list or None
        When given, the names of those who refuse to say anything ("The ministry declined to comment")
        are appended to it: they are no source, but a later "she" or "it" may stand for them.

    Returns
    -------
    list of dict
        ``{"source", "start", "end", "cue", "role"}``, in sentence order; ``role`` is ``speaker`` (the
        sentence's own claim is theirs) or ``disputed`` (their claim is cited to be rejected). A pronoun
        source ("he said") also has ``"pronoun": True`` so that an article can resolve it.

    Examples
    --------
    >>> [(a["source"], a["role"]) for a in attribute("The drones pose no threat, as claimed by Belgrade, the minister said.")]
    [('Belgrade', 'disputed'), ('the minister', 'speaker')]
    """
    tokens = tokenize(sentence)
    if _links_elsewhere(tokens):
        return []
    found = []
    for finder in _FINDERS:
        found.extend(finder(tokens))
    if refused is not None:
        refused.extend(sentence[tokens[f.i].start : tokens[f.j - 1].end] for f in found if f.role == REFUSED)
    found = [f for f in found if f.role != REFUSED]
    found = _outside_quotes(tokens, found, quoted_regions(sentence))
    found = _settle_claim_owners(found)
    found = _contrast(tokens, found)
    found = _with_reference(tokens, found)
    found = _relayed_reports(tokens, found)
    found = _outside_update_notes(tokens, found)
    found = _outside_question_asked(tokens, found)
    return [_as_dict(sentence, tokens, item) for item in _deduplicate(tokens, found)]


def _relayed_reports(tokens, found):
    """Drop the outlet of "The agency reported that Minister X said ...": it relays X, who is the source."""
    speakers = [f for f in found if f.role == "speaker"]
    relays = []
    for outlet in speakers:
        verb = outlet.j
        while verb < len(tokens) and (tokens[verb].low in lx.AUXILIARIES or tokens[verb].low in lx.PREVERB_ADVERBS):
            verb += 1
        if verb + 2 >= len(tokens) or tokens[verb].low not in lx.RELAY_VERBS or tokens[verb + 1].low != "that":
            continue
        quoted = next((f for f in speakers if f.i == verb + 2), None)
        if quoted is not None and quoted.j < len(tokens) and tokens[quoted.j].low in lx.SAYING_VERBS:
            relays.append(outlet)
    return [f for f in found if f not in relays]


def _outside_question_asked(tokens, found):
    """Drop speakers inside an opening "Asked (by reporters) if X had ...," clause: the question is not X's
    claim (a claim it names to be rejected stays: "Asked about claims by X, the general said ...")."""
    if len(tokens) < 4 or tokens[0].low != "asked":
        return found
    comma = next((k for k in range(1, len(tokens)) if tokens[k].text == ","), None)
    if comma is None or not any(t.low in ("if", "whether", "about") for t in tokens[1:comma]):
        return found
    return [f for f in found if f.i > comma or f.role != "speaker"]


def _outside_update_notes(tokens, found):
    """Drop sources inside a wire update note ("(Adds remarks by Lind, paragraphs 5-7)"): it names what the
    story gained, not who says the sentence's claim."""
    notes = []
    closing = len(tokens)  # the next ")" after k, found walking back, so each note costs no scan
    for k in range(len(tokens) - 2, -1, -1):
        if k + 2 < len(tokens) and tokens[k + 2].text == ")":
            closing = k + 2
        if tokens[k].text == "(" and tokens[k + 1].is_cap and tokens[k + 1].low in lx.UPDATE_NOTES:
            notes.append((k, closing))
    notes.reverse()
    if not notes:
        return found
    return [f for f in found if not any(k < f.i and f.j <= end for k, end in notes)]


def _with_reference(tokens, found):
    """ "Reuters reports this with reference to X" or "was reported by the radio with reference to X": the
    outlet relays X, who is the source (as "the agency quoted X as saying" credits X)."""
    k = next(
        (
            m
            for m in range(len(tokens) - 3)
            if (tokens[m].low, tokens[m + 1].low, tokens[m + 2].low) == ("with", "reference", "to")
        ),
        None,
    )
    if k is None:
        return found
    j = _np_right(tokens, k + 3)
    relays = [f for f in found if f.role == "speaker" and f.j <= k and f.cue.split()[0].lower() in lx.RELAY_VERBS]
    if j is None or not relays or not _valid_np(tokens, k + 3, j):
        return found
    return [f for f in found if f not in relays] + [_Found(k + 3, j, "with reference to", "speaker", priority=0)]


def _links_elsewhere(tokens):
    """True for a line that points to another story ("Read more: X says ..."): its claims are that story's."""
    colon = next((k for k, t in enumerate(tokens[:4]) if t.text == ":"), None)
    return colon is not None and " ".join(t.low for t in tokens[:colon]) in lx.LINK_KICKERS


def _is_pronoun(tokens, item):
    """True when the finding is a lone pronoun ("he", "they")."""
    return item.j - item.i == 1 and tokens[item.i].low in PRONOUNS and item.i > 0


def _in_dependent_clause(tokens, k):
    """True for a pronoun in "which he said" or in an opening "Stating that they ...," clause.

    Such a pronoun stands for the sentence's own speaker, who is named elsewhere in it.
    """
    if tokens[k - 1].low in ("which", "what", "who", "as"):
        # "..., as it vowed to raise the budget": "as" opens a clause about the sentence's subject.
        return True
    opening = tokens[0].low.endswith("ing") and tokens[0].is_cap
    return opening and all(t.text != "," for t in tokens[1:k])


def _outside_quotes(tokens, found, regions):
    """Drop speakers found inside a quotation: "‘We believe ...,’ the minister said" credits the minister.

    A source the quotation rejects stays: in '"Any allegations by the Belarus leadership are an attempt to
    shift blame," the minister said' the minister disputes the Belarus leadership.
    """
    starts = [start for start, _ in regions]
    kept = []
    for f in found:
        if f.role == "disputed" and not f.tentative:
            kept.append(f)
            continue
        # Regions do not overlap: only the last one starting at or before the finding can hold it.
        r = bisect.bisect_right(starts, tokens[f.i].start) - 1
        if r < 0 or tokens[f.j - 1].end > regions[r][1]:
            kept.append(f)
    return kept


def _as_dict(sentence, tokens, item):
    """Turn a token-span finding into the public dict with character offsets."""
    start, end = tokens[item.i].start, tokens[item.j - 1].end
    result = {"source": sentence[start:end], "start": start, "end": end, "cue": item.cue, "role": item.role}
    word = tokens[item.i]
    # "US" in capitals is the country, not "us".
    pronoun = (
        word.low in PRONOUNS
        or word.low in OBJECT_PRONOUNS
        and not (len(word.text) > 1 and word.text.isupper())
        # "In his view, ...": only a view's owner is a lone possessive.
        or word.low in POSSESSIVE_PRONOUNS
    )
    if item.j - item.i == 1 and pronoun:
        # "according to her" stands for someone named before, as "she said" does.
        result["pronoun"] = True
    return result


def _deduplicate(tokens, found):
    """Keep one finding per overlapping span, preferring explicit patterns, in sentence order.

    A headline source ("Minister: ...") owns its line, and a sentence-closing attribution (", the
    diplomat said.") owns the sentence: speakers reported inside it ("Serbian officials have admitted
    ...") are part of the quoted claim, not the article's sources. A relayed citation (", the agency
    reported") and a fallback (", citing", "criticism from X") only count when nothing else credits the
    sentence, and "which he said" adds no speaker to a sentence that names one.
    """
    kept = []
    taken = bytearray(len(tokens))  # tokens already inside a kept span: spans are short, so this stays linear
    for item in sorted(found, key=lambda f: (f.priority, f.role != "disputed", f.i)):
        if not any(taken[item.i : item.j]):
            kept.append(item)
            taken[item.i : item.j] = b"\x01" * (item.j - item.i)
    if any(f.owner for f in kept):
        if any(f.final and f.role == "speaker" for f in kept):
            # "Agency: ..., the minister said.": the line's own attribution outranks the label.
            kept = [f for f in kept if not f.owner]
        else:
            # "Ostrava: Tarsk drones crossed the river; Tarsk denies": a clause after a semicolon is the
            # headline's second statement, with its own speaker.
            owner_end = min(f.j for f in kept if f.owner)
            kept = [
                f for f in kept if f.role != "speaker" or f.owner or any(t.text == ";" for t in tokens[owner_end : f.i])
            ]
    if any(f.role == "speaker" and not f.secondary and not f.earlier for f in kept):
        # A relay gives way to the speaker it relays, not to an earlier claim's ("a day after X said ..., Y
        # reported").
        kept = [f for f in kept if not f.secondary]
    if any(f.role == "speaker" and not _is_pronoun(tokens, f) for f in kept):
        kept = [f for f in kept if not (_is_pronoun(tokens, f) and _in_dependent_clause(tokens, f.i))]
    if any(f.final and f.role == "speaker" for f in kept):
        last = max(f.i if f.group < 0 else f.group for f in kept if f.final and f.role == "speaker")
        kept = [f for f in kept if f.role != "speaker" or f.i >= last or f.priority == 0]
    if any(f.role == "speaker" and f.priority < 2 for f in kept):
        kept = [f for f in kept if f.priority < 2]
    return _one_per_pronoun(tokens, sorted(kept, key=lambda f: f.i))


def _one_per_pronoun(tokens, kept):
    """Drop a pronoun speaker that repeats an earlier one: "she stated, adding that she disagreed" has one source."""
    seen = set()
    result = []
    for f in kept:
        if f.role == "speaker" and _is_pronoun(tokens, f):
            if tokens[f.i].low in seen:
                continue
            seen.add(tokens[f.i].low)
        result.append(f)
    return result


_FINDERS = (
    _find_headline,
    _find_closing_kicker,
    _find_quoted_as_saying,
    _find_subject_verb,
    _find_according_to,
    _find_as_x_claims,
    _find_claim_nouns,
    _find_denied_something,
    _find_accused_of_falsehood,
    _find_falsehood_teller,
    _find_rebutted_party,
    _find_passive_by,
    _find_participle,
    _find_with_participle,
    _find_prompted,
    _find_in_view,
    _find_refusal,
)


def normalise_source(source):
    """Return the name used to group a source in a who-says-what table.

    Case-folded, without leading articles, and without what is no part of a name: a leading "after" or
    "an offer" ("an offer Merida" -> "merida") and a closing time expression ("X on Friday" -> "x").
    """
    tokens = tokenize(source)
    i, j = 0, _time_start(tokens, len(tokens))
    if i < j - 1 and tokens[i].low in lx.SUBORDINATORS:
        i += 1
    if i < j - 2 and tokens[i].low in lx.DETERMINERS and _is_gap_noun(tokens[i + 1]) and tokens[i + 2].is_cap:
        i += 2
    if tokens:
        source = source[tokens[i].start : tokens[j - 1].end]
    words = source.split()
    while len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).casefold().replace("’", "'")


def attribution_columns(sentence):
    """Return ``{"speaker": "A|B", "disputed": "C"}`` for one sentence: the shape of the gold columns, for batch output."""
    found = attribute(sentence)
    return {role: "|".join(a["source"] for a in found if a["role"] == role) for role in ("speaker", "disputed")}
