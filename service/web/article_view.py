"""Turn an article analysis into what the page shows: marked sentences, frame tones, the who-says-what rows."""

import re
from dataclasses import dataclass
from typing import NamedTuple

from model.article import ROLES, source_key, source_keys
from model.attribution import normalise_source
from model.cues import describe_token

# Below this confidence a sentence is flagged "uncertain": the model gives its frame less than 60 %.
UNCERTAIN_BELOW = 0.6
# Each frame has a colour as well as its text badge; the project's frames keep theirs on every page.
KNOWN_TONES = {"threat": "red", "stability": "blue", "neutral": "grey"}
OTHER_TONES = ("purple", "teal", "brown", "green")


def readable_ngram(ngram):
    """Return an n-gram of the model's features as a reader understands it.

    The features mark negation ("not_threat" is "threat" after a negation) and add tokens of their own
    (cue families and reported speech, read by :func:`model.cues.describe_token`).
    ``"not_cue_danger threat"`` becomes ``"[danger words, negated] threat"``.
    """
    words, in_negation = [], False
    for token in ngram.split():
        described = describe_token(token)
        if described:
            words.append(described)
            in_negation = False
            continue
        negated = token.startswith("not_")
        bare = token[4:] if negated else token
        # One "not …" opens a run of negated words: "not_represent not_a" -> "not … represent a".
        words.append(f"not … {bare}" if negated and not in_negation else bare)
        in_negation = negated
    return " ".join(words)


def frame_tones(labels):
    """Return ``{label: tone}``: the project's frames keep their colour, other labels take the next free one."""
    tones, spare = {}, [t for t in OTHER_TONES]
    for label in labels:
        tones[label] = KNOWN_TONES.get(label) or (spare.pop(0) if spare else "grey")
    return tones


class Piece(NamedTuple):
    """A stretch of a sentence: plain text, or a source span with its attribution.

    ``tail`` is the text right after a source that belongs to it before any mark: the possessive of
    "Moscow's accusations", so that the "disputed" badge follows the whole phrase, not the bare name.
    ``resolved`` is the name a pronoun span stands for ("He" -> "General Ivo Lind"), else empty.
    """

    text: str
    source: dict | None
    tail: str = ""
    resolved: str = ""


class Credit(NamedTuple):
    """A source a sentence is credited with that has no words of its own in it: ``how`` it was found, and its name."""

    how: str
    name: str


# resolved_from values that are no pronoun: the source was found beyond the sentence (model/attribution_article.py).
QUOTE_CONTINUES = "quote"
EARLIER_CLAIM = "previous sentence"
FURTHER_CLAIM = "earlier sentence"


@dataclass(slots=True)
class SentenceRow:
    """What the page shows of one sentence (attributes, not dict keys: templates read them fastest)."""

    number: int
    label: str
    tone: str
    confidence: float
    uncertain: bool
    pieces: list
    correction: dict | None = None
    explanation: dict | None = None
    credits: tuple = ()
    # Why the sentence was not scored (its probabilities are the model's base rates), or None.
    warning: str | None = None


# A possessive right after a name: "Moscow's", "Moscow’s", "the ministers'" (an apostrophe ending a word).
_POSSESSIVE = re.compile(r"['\u2019]s?(?!\w)")


def source_tail(sentence, end, cue, limit):
    """Return the text after a source span (ending at ``end``) that its mark should follow, up to ``limit``.

    A cue that is a possessive phrase ("'s accusations", "'s claims") is kept whole, so the page reads
    "Moscow's accusations [disputed]"; any other possessive is kept alone ("Moscow's [disputed] warning").
    """
    rest = sentence[end:]
    if cue and cue[0] in "'\u2019" and rest.startswith(cue) and end + len(cue) <= limit:
        return cue
    found = _POSSESSIVE.match(rest)
    return found.group(0) if found and end + found.end() <= limit else ""


def mark_sources(sentence, attributions, name_of=None):
    """Split a sentence into :class:`Piece` stretches; a source span's ``source`` is its attribution.

    Attribution offsets index the sentence. A span overlapping an earlier one is left unmarked in
    the text (it is still counted in the who-says-what table). A span's possessive (and a possessive
    cue) goes into its ``tail``, never into the next span. A pronoun span gets the name it was
    resolved to in ``resolved``, as ``name_of`` (source -> name shown) writes it; the source itself without one.
    """
    items = sorted(attributions, key=lambda a: (a["start"], a["end"]))
    pieces, position = [], 0
    for index, item in enumerate(items):
        start, end = item["start"], item["end"]
        if start < position or not 0 <= start < end <= len(sentence):
            continue
        if start > position:
            pieces.append(Piece(sentence[position:start], None))
        limit = min((other["start"] for other in items[index + 1 :] if other["start"] >= end), default=len(sentence))
        tail = source_tail(sentence, end, item.get("cue", ""), limit)
        resolved = ""
        if item.get("resolved_from") not in (None, QUOTE_CONTINUES, EARLIER_CLAIM, FURTHER_CLAIM):
            resolved = name_of(item["source"]) if name_of else item["source"]
        pieces.append(Piece(sentence[start:end], item, tail, resolved))
        position = end + len(tail)
    if position < len(sentence):
        pieces.append(Piece(sentence[position:], None))
    return pieces


def spanless_credits(attributions, name_of=None):
    """Return a :class:`Credit` for each attribution with no span in its sentence (``start == end``).

    Those are a quotation's later sentences ("quote continues") and a rejection of the claim told in
    the sentence before; the page says so in words, since there is nothing in the text to underline.
    """
    credits = []
    for item in attributions:
        if item["start"] != item["end"]:
            continue
        name = name_of(item["source"]) if name_of else item["source"]
        how = item.get("resolved_from")
        if how == QUOTE_CONTINUES:
            credits.append(Credit("Quote continues", name))
        elif how == EARLIER_CLAIM:
            credits.append(Credit("Rejects the claim of the sentence before", name))
        elif how == FURTHER_CLAIM:
            credits.append(Credit("Rejects an earlier claim", name))
        else:
            credits.append(Credit("Disputes" if item["role"] == "disputed" else "Credited to", name))
    return tuple(credits)


def sentence_rows(result, labels, corrections=None, explanations=None, names=None):
    """Return a :class:`SentenceRow` per sentence; ``corrections`` and ``explanations`` map sentence indices.

    ``names`` is the article's :func:`~model.article.source_keys` table when the caller has it already.
    """
    tones = frame_tones(labels)
    corrections = corrections or {}
    explanations = explanations or {}
    name_of = shown_name(result, names)
    return [
        SentenceRow(
            number=index + 1,
            label=sentence["label"],
            tone=tones.get(sentence["label"], "grey"),
            confidence=sentence["confidence"],
            # A sentence that was not scored is flagged as such: "uncertain" would say the model weighed it.
            uncertain=sentence["confidence"] < UNCERTAIN_BELOW and "warning" not in sentence,
            pieces=mark_sources(sentence["text"], sentence["attributions"], name_of),
            correction=corrections.get(index),
            explanation=explanations.get(index),
            credits=spanless_credits(sentence["attributions"], name_of),
            warning=sentence.get("warning"),
        )
        for index, sentence in enumerate(result["sentences"])
    ]


@dataclass(slots=True)
class SourceRow:
    """One line of the who-says-what table: a source in one role, its claims per frame, the sentences behind them."""

    source: str
    name: str
    role: str
    frames: dict
    sentences: list
    first: bool


def source_rows(result, names=None):
    """Return the who-says-what rows: per source, a row for it as speaker and one for it as disputed.

    The counts are the analysis summary's ``roles``, untouched; a role the source never has gets no
    row. The sentence numbers come from the same name table (:func:`~model.article.source_keys`), so a
    surname joins the full name exactly as it does in the summary; ``names`` is that table when the
    caller has it already. A sentence that was not scored credits no claim, so no row names it.
    """
    if names is None:
        names = source_keys(result["sentences"])
    places = {}
    for number, sentence in enumerate(result["sentences"], start=1):
        if "warning" in sentence:
            # Not scored: the summary credits no claim of it, so the row does not point at it either.
            continue
        for item in sentence["attributions"]:
            places.setdefault((source_key(item["source"], names), item["role"]), set()).add(number)
    shown = display_names(result, names)
    rows = []
    for source, by_role in result["summary"]["roles"].items():
        first = True
        for role in ROLES:
            if by_role.get(role):
                rows.append(
                    SourceRow(
                        source=source,
                        name=shown.get(source, source),
                        role=role,
                        frames=by_role[role],
                        sentences=sorted(places.get((source, role), ())),
                        first=first,
                    )
                )
                first = False
    return rows


def shown_name(result, names=None):
    """Return a function giving the name a source has in the who-says-what table, so a card names it alike.

    ``names`` is the article's :func:`~model.article.source_keys` table when the caller has it already.
    """
    if names is None:
        names = source_keys(result["sentences"])
    shown = display_names(result, names)

    def name_of(source):
        return shown.get(source_key(source, names), source)

    return name_of


def display_names(result, names=None):
    """Return ``{source key: the name as the article first writes it in full}`` ("Serbia's defence ministry").

    The who-says-what keys are case-folded for grouping; the page shows a spelling from the text, without
    a leading article. Keys are built by the same :func:`~model.article.source_key` as the summary's;
    ``names`` is the article's :func:`~model.article.source_keys` table when the caller has it already.
    """
    if names is None:
        names = source_keys(result["sentences"])
    shown = {}
    for sentence in result["sentences"]:
        for item in sentence["attributions"]:
            key = source_key(item["source"], names)
            if key not in shown and normalise_source(item["source"]) == key:
                words = item["source"].split()
                if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
                    words = words[1:]
                text = " ".join(words)
                shown[key] = text[:1].upper() + text[1:]
    return shown
