"""Cue words of framing, pooled into one token per family so that rare forms share what common ones learn.

"lambasted" and "decried" are rare in any corpus, "condemned" is not; appending ``cue_protest`` to a
sentence that uses any of them lets the classifier weigh the family as a whole. Runs on normalised
text (lower case); a cue inside a negation's scope (``not_`` prefix, see :mod:`model.text`) gives
``not_cue_<family>``. :func:`mark_reported_speech` then says whether the sentence reports speech and
crosses each cue token with it (``cue_<family>_reported``); :func:`describe_token` says what each added
token means.
"""

import re

from model.lexicon import SPEECH_FEATURE_VERBS

# Stems by family, matched at the start of a word. Written for news about armament and troops.
CUE_FAMILIES = {
    "protest": "condemn denounc protest slam rebuk lambast decr deplor accus blasted criticis criticiz outrage "
    "object unacceptable",
    "welcome": "welcom hail prais thank applaud commend laud congratulat appreciat grateful",
    "violation": "violat breach unlawful illegal illegitimat unilateral infring contraven",
    "escalation": "escalat provocat provok destabili inflam heighten aggravat intimidat militari arms_race "
    "saber sabre brinkmanship",
    "danger": "threat danger endanger jeopardi menac peril hostil aggress",
    "warning": "warn caution red_line consequences retaliat countermeasur",
    "reassurance": "defensive deter safeguard protect legitimat sovereign stabilis stabiliz stability peace "
    "reassur interoperab",
    "rejection": "baseless unfounded groundless lies lying nonsense absurd dismiss reject denied deny denies "
    "refut fabricat propaganda",
    "hedge": "could might may possibl likely risk fear concern",
}
_PHRASES = {"arms race": "arms_race", "red line": "red_line", "red lines": "red_line"}
_PHRASE = re.compile(r"\b(" + "|".join(map(re.escape, _PHRASES)) + r")\b")
_STEM_TO_FAMILY = {stem: family for family, stems in CUE_FAMILIES.items() for stem in stems.split()}
# Stems by their first three letters, longest first: a dictionary look-up per word instead of a regex
# alternation of every stem at every word boundary (which cost as much as the rest of normalising).
_BY_PREFIX = {}
for _stem in sorted(_STEM_TO_FAMILY, key=len, reverse=True):
    _BY_PREFIX.setdefault(_stem[:3], []).append(_stem)
_WORDS = re.compile(r"\w+")
# A rejecting verb shortly before a claim noun ("denied reports of", "dismissed the allegations by"): the
# sentence rebuts a claim, which the guidelines frame as stability when the claim is a threat. The words
# of the rejected claim would otherwise outweigh the denial; chosen on real denials (README, "Quality").
_REBUTTAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ials?)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|refut(?:e|ed|es|ing)"
    r"|rebuff(?:ed|s)?|rebut(?:s|ted)?|contradict(?:ed|s)?)\b(?:\W+\w+){0,5}?\W+"
    r"(?:claims?|allegations?|accusations?|reports?|charges?|assertions?|suggestions?|rumou?rs?|statements?"
    r"|news|information|speculation)\b"
)
_REBUTTAL_STEMS = ("den", "dismiss", "reject", "refut", "rebu", "contradict")
# Whitespace-separated token -> the cue tokens its words add. \w+ never spans whitespace, so the cues
# of a text are those of its tokens in order; news vocabulary is small next to the text scored, so
# each token is worked out once. The bound keeps memory flat on endless streams of new tokens.
_CUES_OF_TOKEN = {}
_CACHE_LIMIT = 500_000


def _cue_of(word):
    """Return the cue token a word adds (``cue_<family>`` or ``not_cue_<family>``), or ``""``."""
    negated = word.startswith("not_")
    bare = word[4:] if negated else word
    for stem in _BY_PREFIX.get(bare[:3], ()):
        if bare.startswith(stem):
            return ("not_cue_" if negated else "cue_") + _STEM_TO_FAMILY[stem]
    return ""


def _cues_of(token):
    """Return the cue tokens of one whitespace-separated token (a word with punctuation, or several)."""
    return tuple(cue for cue in map(_cue_of, _WORDS.findall(token)) if cue)


def mark_cues(text):
    """Return ``text`` with a ``cue_<family>`` token appended for every cue word it contains.

    A rejecting verb shortly before a claim noun adds ``cue_rebuttal``.

    >>> mark_cues("belgrade lambasted the unlawful delivery")
    'belgrade lambasted the unlawful delivery cue_protest cue_violation'
    >>> mark_cues("the army denied reports of a build-up")
    'the army denied reports of a build-up cue_rejection cue_rebuttal'
    """
    if " " in text and ("race" in text or "red line" in text):
        text_for_cues = _PHRASE.sub(lambda m: _PHRASES[m.group(1)], text)
    else:
        text_for_cues = text
    cues = []
    known = _CUES_OF_TOKEN
    for token in text_for_cues.split():
        found = known.get(token)
        if found is None:
            found = _cues_of(token)
            if len(known) < _CACHE_LIMIT:
                known[token] = found
        if found:
            cues.extend(found)
    if any(stem in text for stem in _REBUTTAL_STEMS) and _REBUTTAL.search(text):
        cues.append("cue_rebuttal")
    return text + " " + " ".join(cues) if cues else text


# Words that make a sentence reported speech: the attribution rules' reporting verbs as the feature knows
# them (model/lexicon.py), and "according". Changing that list changes this feature of every saved model:
# retrain after editing it.
_SPEECH_WORDS = SPEECH_FEATURE_VERBS | {"according"}
# The tokens mark_reported_speech adds: one for the sentence, and a suffix on each cue token.
REPORTED_SPEECH, NO_REPORTED_SPEECH = "reported_speech", "no_reported_speech"
_SPEECH_SUFFIXES = {"reported": "in reported speech", "unreported": "not in reported speech"}
# Whitespace-separated token -> whether one of its words reports speech; worked out once per token, as
# _CUES_OF_TOKEN (about half the cost of matching every sentence's words).
_SPEECH_OF_TOKEN = {}


def _reports_speech(token):
    """Whether a whitespace-separated token holds a word that reports speech."""
    found = _SPEECH_OF_TOKEN.get(token)
    if found is None:
        found = not _SPEECH_WORDS.isdisjoint(_WORDS.findall(token))
        if len(_SPEECH_OF_TOKEN) < _CACHE_LIMIT:
            _SPEECH_OF_TOKEN[token] = found
    return found


def mark_reported_speech(text):
    """Return ``text`` with whether it reports speech appended, and each cue token crossed with it.

    A frame word in someone's reported claim ("X warned of a threat") frames the sentence; the same
    word in a plain report ("the threat level was raised on Monday") often does not. Runs on text
    that :func:`mark_cues` has marked. A sentence reports speech when it holds a reporting verb or
    "according" outside a negation's scope (``not_said`` is not one), or a double quotation mark
    (normalising makes curly ones straight).

    >>> mark_reported_speech("belgrade warned of a threat cue_warning cue_danger")
    'belgrade warned of a threat cue_warning cue_danger reported_speech cue_warning_reported cue_danger_reported'
    >>> mark_reported_speech("the threat level rose cue_danger")
    'the threat level rose cue_danger no_reported_speech cue_danger_unreported'
    """
    tokens = text.split()
    reported = '"' in text or any(map(_reports_speech, tokens))
    suffix = "_reported" if reported else "_unreported"
    crossed = [token + suffix for token in tokens if token.startswith(("cue_", "not_cue_"))]
    return " ".join([text, REPORTED_SPEECH if reported else NO_REPORTED_SPEECH, *crossed])


def describe_token(token):
    """Return a reader's words for a token this module adds (``"[danger words, negated]"``), else None.

    >>> describe_token("not_cue_danger_reported")
    '[danger words, negated, in reported speech]'
    >>> describe_token("no_reported_speech"), describe_token("threat")
    ('[no reported speech]', None)
    """
    if token in (REPORTED_SPEECH, NO_REPORTED_SPEECH):
        return "[no reported speech]" if token == NO_REPORTED_SPEECH else "[reported speech]"
    negated = token.startswith("not_")
    bare = token[len("not_") :] if negated else token
    if not bare.startswith("cue_") or bare == "cue_":
        return None
    name = bare[len("cue_") :]
    family, _, suffix = name.rpartition("_")
    speech = _SPEECH_SUFFIXES.get(suffix) if family else None
    notes = (["negated"] if negated else []) + ([speech] if speech else [])
    return f"[{family if speech else name} words{''.join(', ' + note for note in notes)}]"
