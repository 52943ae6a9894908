"""Rule-based claim attribution: who a sentence credits its claim to, and whose claim it rejects.

A reporting-verb lexicon plus a handful of patterns around it ("X said", ", said X", "according to X",
"as claimed by X", "X's accusations ... are baseless") find source noun phrases; no model is involved.
"""

import re
from dataclasses import dataclass

from model import lexicon as lx

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-.&]\w+)*|['’]s\b|(?<=s)['’](?=\s)|[^\w\s]")


@dataclass
class Token:
    """One word or punctuation mark with its offsets in the sentence."""

    text: str
    start: int
    end: int

    @property
    def low(self):
        """The lower-cased text, with curly apostrophes made straight."""
        return self.text.lower().replace("’", "'")

    @property
    def is_cap(self):
        """True when the word starts with a capital letter."""
        return self.text[:1].isupper()


def tokenize(sentence):
    """Return the sentence's :class:`Token` list."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def attribute(sentence):
    """Find the sources a sentence credits claims to.

    Parameters
    ----------
    sentence : str

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
    found = []
    for finder in _FINDERS:
        found.extend(finder(tokens))
    found = _contrast(tokens, found)
    return [_as_dict(sentence, tokens, item) for item in _deduplicate(found)]


@dataclass
class _Found:
    """A source span in token indices ``[i, j)``, its cue and role."""

    i: int
    j: int
    cue: str
    role: str


def _as_dict(sentence, tokens, item):
    """Turn a token-span finding into the public dict with character offsets."""
    start, end = tokens[item.i].start, tokens[item.j - 1].end
    result = {"source": sentence[start:end], "start": start, "end": end, "cue": item.cue, "role": item.role}
    if item.j - item.i == 1 and tokens[item.i].low in PRONOUNS:
        result["pronoun"] = True
    return result


def _deduplicate(found):
    """Keep one finding per overlapping span, preferring ``disputed`` (the more specific pattern), in order."""
    kept = []
    for item in sorted(found, key=lambda f: (f.role != "disputed", f.i)):
        if not any(item.i < k.j and k.i < item.j for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.i)


# --- noun phrases -------------------------------------------------------------------------------------


def _np_left(tokens, end):
    """Return the start of the noun phrase that ends just before ``end``, or None when there is none."""
    i = end
    while i > 0:
        tok = tokens[i - 1]
        if tok.low in lx.NP_BOUNDARY or not _np_word(tok):
            break
        if tok.low in lx.BOUNDARY_NOUNS and i - 1 > 0 and tokens[i - 2].low in lx.DETERMINERS:
            break
        i -= 1
    while i < end and (tokens[i].low in lx.NP_INNER or tokens[i].low in lx.LEADING_ADVERBS):
        # A phrase cannot start with "of" or "and", nor with "But"/"Meanwhile".
        i += 1
    return i if i < end and _valid_np(tokens, i, end) else None


def _np_right(tokens, start):
    """Return the end of the noun phrase that starts at ``start``, or None when there is none."""
    j = start
    while j < len(tokens):
        tok = tokens[j]
        if tok.low in lx.NP_BOUNDARY or not _np_word(tok):
            break
        if j > start and tok.low in lx.VERB_LIKE:
            break
        j += 1
    while j > start and tokens[j - 1].low in lx.NP_INNER | lx.DETERMINERS:
        j -= 1
    return j if j > start and _valid_np(tokens, start, j) else None


def _np_word(tok):
    """Words that may sit inside a source noun phrase."""
    if tok.low in ("'s", "'"):
        return True
    return bool(re.match(r"\w", tok.text)) and tok.low not in lx.VERB_LIKE


def _valid_np(tokens, i, j):
    """A source phrase is short, has a noun-like word and is not just a determiner or a time expression."""
    words = [t.low for t in tokens[i:j]]
    if len(words) > lx.MAX_NP_TOKENS:
        return False
    content = [w for w in words if w not in lx.DETERMINERS and w not in lx.NP_INNER and w not in ("'s", "'")]
    if not content:
        return False
    if words[-1] in lx.NOT_SOURCES or words[0] in lx.NOT_SOURCES:
        return False
    if all(w in lx.TIME_WORDS or w.isdigit() for w in content):
        return False
    return True


def _split_conjoined(tokens, i, j):
    """Split "a local imam and an Orthodox priest" into two spans; keep "Japanese and Philippine officials"."""
    for k in range(i + 1, j - 1):
        if tokens[k].low == "and" and tokens[k + 1].low in lx.DETERMINERS:
            return [(i, k), (k + 1, j)]
    return [(i, j)]


# --- finders: each returns a list of _Found -----------------------------------------------------------


def _find_subject_verb(tokens):
    """ "X said (that) ...", ", X said.", "in what X called", and inverted ", said X" / "” said X"."""
    found = []
    for v, tok in enumerate(tokens):
        if not _is_reporting_verb(tokens, v):
            continue
        end = v
        while end > 0 and (tokens[end - 1].low in lx.AUXILIARIES or _is_adverb(tokens[end - 1])):
            end -= 1
        cue = _cue_word(tokens, v)
        start = _np_left(tokens, end)
        if start is not None and not _passive(tokens, end):
            for i, j in _split_conjoined(tokens, start, end):
                found.append(_Found(i, j, cue, "speaker"))
            continue
        if v > 0 and tokens[v - 1].text in ",”\"'’" and tok.low in lx.INVERTIBLE_VERBS:
            j = _np_right(tokens, v + 1)
            if j is not None and tokens[v + 1].low not in lx.NOT_SOURCES:
                found.append(_Found(v + 1, j, cue, "speaker"))
    return found


def _cue_word(tokens, v):
    """The cue text for a verb, including a particle ("shrugged off", "pointed out")."""
    if v + 1 < len(tokens) and tokens[v + 1].low in ("off", "out") and tokens[v].low in lx.PARTICLE_VERBS:
        return f"{tokens[v].text} {tokens[v + 1].text}"
    return tokens[v].text


def _is_reporting_verb(tokens, v):
    """True when token ``v`` is a reporting verb used to report (not "to say", not "was found")."""
    low = tokens[v].low
    if low in lx.GERUND_AFTER_KEEP:
        return v > 0 and tokens[v - 1].low in ("keep", "keeps", "kept")
    if low not in lx.REPORTING_VERBS:
        return False
    if v > 0 and tokens[v - 1].low == "to":
        return False
    if low in lx.AS_VERBS:
        # "see", "view", "regard" report a claim only in "X sees it as Y".
        return any(t.low == "as" for t in tokens[v + 1 : v + 6])
    return True


def _passive(tokens, end):
    """True when the verb is passive ("was found"): the subject is not its source."""
    return end > 0 and tokens[end - 1].low in lx.BE_FORMS


def _is_adverb(tok):
    """Adverbs that may sit between a subject and its verb ("has repeatedly said")."""
    return tok.low in lx.LEADING_ADVERBS or (tok.low.endswith("ly") and tok.low not in lx.NOT_ADVERBS)


def _find_according_to(tokens):
    """ "according to X" and "as claimed by X" (disputed under negation)."""
    found = []
    for k in range(len(tokens) - 2):
        pair = (tokens[k].low, tokens[k + 1].low)
        if pair == ("according", "to"):
            j = _np_right(tokens, k + 2)
            if j is not None:
                found.append(_Found(k + 2, j, "according to", "speaker"))
        elif tokens[k].low == "as" and tokens[k + 1].low in lx.AS_BY_VERBS and tokens[k + 2].low == "by":
            j = _np_right(tokens, k + 3)
            if j is not None:
                role = "disputed" if _negated_before(tokens, k) else "speaker"
                cue = " ".join(t.text for t in tokens[k : k + 3])
                found.append(_Found(k + 3, j, cue, role))
    return found


def _find_as_x_claims(tokens):
    """ "as X claims", "whatever X says", "contrary to what X claims": a cited claim, usually rejected."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low == "as":
            trigger_end, always = k + 1, False
        elif tok.low == "whatever":
            trigger_end, always = k + 1, True
        elif tok.low == "what" and k >= 2 and tokens[k - 2].low == "contrary":
            trigger_end, always = k + 1, True
        else:
            continue
        j = _np_right(tokens, trigger_end)
        if j is None:
            continue
        v = j
        while v < len(tokens) and (tokens[v].low in lx.AUXILIARIES or tokens[v].low in ("keep", "keeps", "may")):
            v += 1
        if v < len(tokens) and (tokens[v].low in lx.AS_CLAIM_VERBS or tokens[v].low in lx.GERUND_AFTER_KEEP and v > j):
            if not (v + 1 == len(tokens) or tokens[v + 1].text in ',.;:?!”"' or tokens[v + 1].low in ("it", "so")):
                continue
            role = "disputed" if always or _negated_before(tokens, k) or _rejecting(tokens) else "speaker"
            cue = " ".join(t.text for t in tokens[k:trigger_end]) + " … " + tokens[v].text
            found.append(_Found(trigger_end, j, cue, role))
    return found


def _find_claim_nouns(tokens):
    """ "X's accusations", "claims by X", "warnings from X", "contrary to X's narrative": the cited claim's source."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low not in lx.CLAIM_NOUNS:
            continue
        if k >= 2 and tokens[k - 1].low in ("'s", "'"):
            start = _possessor_start(tokens, k - 1)
            if start is not None:
                found.append(_Found(start, k - 1, f"{tokens[k - 1].text} {tok.text}".replace(" '", "'"), "disputed"))
            continue
        m = k + 1
        if m < len(tokens) and tokens[m].low in lx.CLAIM_PARTICIPLES:
            m += 1
        if m < len(tokens) and tokens[m].low in ("by", "from", "of", "in") and m + 1 < len(tokens):
            if tokens[m].low == "of" and tok.low not in lx.CLAIM_NOUNS_WITH_OF:
                continue
            j = _np_right(tokens, m + 1)
            if j is not None and tokens[m + 1].low not in lx.NOT_SOURCES:
                cue = " ".join(t.text for t in tokens[k : m + 1])
                found.append(_Found(m + 1, j, cue, "disputed"))
    return found


def _possessor_start(tokens, apostrophe):
    """Return the start of "Serbian state media" in "Serbian state media's claims"."""
    i = apostrophe
    while i > 0 and _np_word(tokens[i - 1]) and tokens[i - 1].low not in lx.NP_BOUNDARY:
        if tokens[i - 1].low in lx.DETERMINERS:
            i -= 1
            break
        if not (tokens[i - 1].is_cap or tokens[i - 1].low in lx.POSSESSOR_WORDS or i == apostrophe):
            break
        i -= 1
    if i < len(tokens) and tokens[i].low in lx.DETERMINERS and i + 1 == apostrophe:
        return None
    return i if i < apostrophe else None


def _find_passive_by(tokens):
    """ "... was rejected as baseless by diplomats in Brussels": the agent is the speaker."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low in lx.BE_FORMS and k + 1 < len(tokens) and tokens[k + 1].low in lx.REJECT_VERBS:
            for m in range(k + 2, min(len(tokens) - 1, k + 10)):
                if tokens[m].low == "by":
                    j = _np_right(tokens, m + 1)
                    if j is not None:
                        found.append(_Found(m + 1, j, f"{tokens[k + 1].text} … by", "speaker"))
                    break
    return found


def _contrast(tokens, found):
    """In "X called it a menace, but experts say ...", the first speaker's claim is the one rejected."""
    speakers = [f for f in found if f.role == "speaker"]
    for later in speakers:
        if later.i >= 2 and tokens[later.i - 1].low == "but" and tokens[later.i - 2].text == ",":
            for earlier in speakers:
                if earlier.j <= later.i - 2:
                    earlier.role = "disputed"
    return found


def _negated_before(tokens, k):
    """True when the clause before token ``k`` is negated ("does not represent a threat, as claimed by")."""
    return any(t.low in lx.NEGATIONS for t in tokens[:k])


def _rejecting(tokens):
    """True when the sentence rejects something ("baseless", "no threat", "not")."""
    return any(t.low in lx.NEGATIONS or t.low in lx.REJECTION_WORDS for t in tokens)


_FINDERS = (_find_subject_verb, _find_according_to, _find_as_x_claims, _find_claim_nouns, _find_passive_by)


def head_noun(source):
    """Return the lower-cased head word of a source phrase: "diplomats in Brussels" -> "diplomats".

    The head is the last word before a preposition, a comma or a relative pronoun, after any possessor
    ("Kosovo's defence minister" -> "minister"); it is what an attribution is matched on.
    """
    words = [t.low for t in tokenize(source)]
    for k, word in enumerate(words):
        if k > 0 and (word in lx.HEAD_STOPS or word == ","):
            words = words[:k]
            break
    if "'s" in words or "'" in words:
        last = max(k for k, w in enumerate(words) if w in ("'s", "'"))
        words = words[last + 1 :] or words[:last]
    words = [w for w in words if re.match(r"\w", w)]
    return words[-1] if words else ""


def normalise_source(source):
    """Return the name used to group a source in a who-says-what table: case-folded, without leading articles."""
    words = source.split()
    while len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).casefold().replace("’", "'")
