"""Cue words of framing, pooled into one token per family so that rare forms share what common ones learn.

"lambasted" and "decried" are rare in any corpus, "condemned" is not; appending ``cue_protest`` to a
sentence that uses any of them lets the classifier weigh the family as a whole. Runs on normalised
text (lower case); a cue inside a negation's scope (``not_`` prefix, see :mod:`model.text`) gives
``not_cue_<family>``.
"""

import re

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


def mark_cues(text):
    """Return ``text`` with a ``cue_<family>`` token appended for every cue word it contains.

    >>> mark_cues("belgrade lambasted the unlawful delivery")
    'belgrade lambasted the unlawful delivery cue_protest cue_violation'
    """
    if " " in text and ("race" in text or "red line" in text):
        text_for_cues = _PHRASE.sub(lambda m: _PHRASES[m.group(1)], text)
    else:
        text_for_cues = text
    cues = []
    for word in _WORDS.findall(text_for_cues):
        negated = word.startswith("not_")
        if negated:
            word = word[4:]
        for stem in _BY_PREFIX.get(word[:3], ()):
            if word.startswith(stem):
                cues.append(("not_cue_" if negated else "cue_") + _STEM_TO_FAMILY[stem])
                break
    return text + " " + " ".join(cues) if cues else text
