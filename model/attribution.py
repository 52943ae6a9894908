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
    """A source span in token indices ``[i, j)``, its cue and role.

    ``priority`` orders overlapping findings (explicit patterns 0 before verbs 1 before fallbacks 2);
    ``final`` marks a sentence-closing attribution (", the minister said."); ``group`` is where the
    phrase it was split from starts ("a local imam and an Orthodox priest said").
    """

    i: int
    j: int
    cue: str
    role: str
    priority: int = 1
    final: bool = False
    group: int = -1


def _as_dict(sentence, tokens, item):
    """Turn a token-span finding into the public dict with character offsets."""
    start, end = tokens[item.i].start, tokens[item.j - 1].end
    result = {"source": sentence[start:end], "start": start, "end": end, "cue": item.cue, "role": item.role}
    if item.j - item.i == 1 and tokens[item.i].low in PRONOUNS:
        result["pronoun"] = True
    return result


def _deduplicate(found):
    """Keep one finding per overlapping span, preferring explicit patterns, in sentence order.

    A sentence-closing attribution (", the diplomat said.") owns the sentence: speakers reported inside
    it ("Serbian officials have admitted ...") are part of the quoted claim, not the article's sources.
    A participle fallback ("..., citing") only counts when nothing else credits the sentence.
    """
    kept = []
    for item in sorted(found, key=lambda f: (f.priority, f.role != "disputed", f.i)):
        if not any(item.i < k.j and k.i < item.j for k in kept):
            kept.append(item)
    if any(f.final and f.role == "speaker" for f in kept):
        last = max(f.i if f.group < 0 else f.group for f in kept if f.final and f.role == "speaker")
        kept = [f for f in kept if f.role != "speaker" or f.i >= last or f.priority == 0]
    if any(f.role == "speaker" and f.priority < 2 for f in kept):
        kept = [f for f in kept if f.priority < 2]
    return sorted(kept, key=lambda f: f.i)


# --- noun phrases -------------------------------------------------------------------------------------


def _np_left(tokens, end):
    """Return the start of the noun phrase that ends just before ``end``, or None when there is none.

    The phrase must begin at a clause boundary (the sentence start, punctuation, "that", "but", "what" ...):
    running into a verb first means the words are an object or a complement, not the verb's subject.
    """
    i = end
    while i > 0:
        tok = tokens[i - 1]
        if tok.low in lx.NP_BOUNDARY or not re.match(r"\w|'", tok.text):
            break
        if _looks_verbal(tok):
            return None
        if tok.low in lx.BOUNDARY_NOUNS and i - 1 > 0 and tokens[i - 2].low in lx.DETERMINERS:
            break
        if tok.low in lx.DETERMINERS and i - 1 > 0 and _is_content_word(tokens[i - 2]):
            # "follows a roadmap agreed": a word before a determiner that is no preposition is a verb.
            return None
        if tok.low in PRONOUNS:
            if i < end:
                return None
            i -= 1
            break
        i -= 1
    while i < end and (tokens[i].low in lx.NP_INNER or tokens[i].low in lx.LEADING_ADVERBS):
        # A phrase cannot start with "of" or "and", nor with "But"/"Meanwhile".
        i += 1
    if i < end and tokens[i].low in PRONOUNS and i > 0 and tokens[i - 1].low not in lx.PRONOUN_BOUNDARY:
        # "a conflict it insists ...": a pronoun after a noun starts a relative clause, not a report.
        return None
    return i if i < end and _valid_np(tokens, i, end) else None


def _np_right(tokens, start, stop_at_verbs=True):
    """Return the end of the noun phrase that starts at ``start``, or None when there is none."""
    j = start
    while j < len(tokens):
        tok = tokens[j]
        if tok.low in lx.NP_BOUNDARY or tok.low in lx.NP_RIGHT_STOPS or not re.match(r"\w|'", tok.text):
            break
        if j > start and (tok.low in lx.VERB_LIKE or _looks_verbal(tok)):
            break
        if stop_at_verbs and j > start and tok.low in lx.REPORTING_VERBS | lx.AS_CLAIM_VERBS and not tok.is_cap:
            break
        j += 1
    while j > start and tokens[j - 1].low in lx.NP_INNER | lx.DETERMINERS:
        j -= 1
    return j if j > start and _valid_np(tokens, start, j) else None


def _looks_verbal(tok):
    """A lower-case past tense or auxiliary ("has", "defused", "put"): it cannot sit inside a source phrase."""
    low = tok.low
    if tok.is_cap or low in lx.ED_ADJECTIVES:
        return False
    return low in lx.VERB_LIKE or low in lx.IRREGULAR_PAST or (low.endswith("ed") and len(low) > 4 and "-" not in low)


def _is_content_word(tok):
    """A word that is no preposition, determiner, conjunction or punctuation."""
    return (
        bool(re.match(r"\w", tok.text))
        and tok.low not in lx.PREPOSITIONS | lx.NP_INNER | lx.DETERMINERS | lx.NP_BOUNDARY
    )


def _sentence_subject(tokens):
    """Return ``(0, j)`` for a sentence-initial subject ("Warsaw closed ...", "The Belarusian army put ..."), or None."""
    for j, tok in enumerate(tokens[: lx.MAX_NP_TOKENS + 1]):
        if j > 0 and _looks_verbal(tok):
            return (
                (0, j) if tokens[0].is_cap and _valid_np(tokens, 0, j) and not tokens[0].low.endswith("ing") else None
            )
        if not re.match(r"\w|'", tok.text) or tok.low in lx.NP_BOUNDARY:
            return None
    return None


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
    if words[0].endswith("ing") and not tokens[i].is_cap and j - i == 1:
        # "raising fears": a participle is no source.
        return False
    return True


def _split_conjoined(tokens, i, j):
    """Split "a local imam and an Orthodox priest" into two spans; keep "the Metropolitanate of X and the Littoral"."""
    for k in range(i + 1, j - 1):
        if tokens[k].low == "and" and tokens[k + 1].low in ("a", "an", "some", "many", "several"):
            return [(i, k), (k + 1, j)]
    return [(i, j)]


# --- finders: each returns a list of _Found -----------------------------------------------------------


def _find_subject_verb(tokens):
    """ "X said (that) ...", ", X said.", "in what X called", and inverted ", said X" / "” said X"."""
    found = []
    for v, tok in enumerate(tokens):
        cue = _cue_word(tokens, v)
        if _is_reporting_verb(tokens, v):
            end = v
            while end > 0 and (tokens[end - 1].low in lx.AUXILIARIES or _is_adverb(tokens[end - 1])):
                end -= 1
            start = _np_left(tokens, end)
            if start is None and end > 0 and tokens[end - 1].text == ",":
                start, end = _skip_appositive(tokens, end - 1)
            if start is not None and end - start == 1 and tokens[start].low in PRONOUNS and start > 0:
                if tokens[start - 1].low in ("what", "which"):
                    # "Manila summoned the ambassador over what it called ...": "it" is the sentence's subject.
                    subject = _sentence_subject(tokens)
                    if subject is not None:
                        start, end = subject
            if start is not None and not _passive(tokens, end):
                for i, j in _split_conjoined(tokens, start, end):
                    found.append(_Found(i, j, cue, "speaker", final=_is_final(tokens, start, v), group=start))
                continue
        if v > 0 and tokens[v - 1].text in ",”\"'’" and tok.low in lx.INVERTIBLE_VERBS and v + 1 < len(tokens):
            j = _np_right(tokens, v + 1)
            if j is not None and tokens[v + 1].low not in lx.NOT_SOURCES:
                found.append(_Found(v + 1, j, cue, "speaker", final=True))
    return found


def _skip_appositive(tokens, comma):
    """For "X, a security expert, said" or "The UN Command, which ..., said": return the span to credit.

    A name between the commas is taken as the source ("Another analyst, Arben Dashevci, emphasized" ->
    "Arben Dashevci"); a relative clause or a description is skipped for the phrase before it.
    """
    for k in range(comma - 1, max(comma - 16, 0), -1):
        if tokens[k].text != ",":
            continue
        inner = tokens[k + 1 : comma]
        if inner and all(t.is_cap for t in inner) and _np_left(tokens, k) is not None:
            return k + 1, comma
        if inner and (inner[0].low in ("which", "who") or inner[0].low in lx.DETERMINERS):
            start = _np_left(tokens, k)
            return (start, k) if start is not None else (None, comma)
        break
    return None, comma


def _is_final(tokens, start, v):
    """True when the verb closes the sentence's attribution: ", the minister said." or ", X told reporters"."""
    after = tokens[v + 1 :]
    return (
        start > 0
        and tokens[start - 1].text in ',”"'
        and len(after) <= lx.MAX_TAIL_TOKENS
        and not (after and after[0].low == "that")
    )


def _find_participle(tokens):
    """ "Warsaw closed the border, citing the risk": a participle clause credits the sentence's subject."""
    for k in range(1, len(tokens) - 1):
        if tokens[k - 1].text == "," and tokens[k].low in lx.REPORTING_PARTICIPLES:
            span = _sentence_subject(tokens)
            if span is not None:
                return [_Found(span[0], span[1], tokens[k].text, "speaker", priority=2)]
    return []


def _cue_word(tokens, v):
    """The cue text for a verb, including a particle ("shrugged off", "pointed out")."""
    if v + 1 < len(tokens) and tokens[v + 1].low in ("off", "out") and tokens[v].low in lx.PARTICLE_VERBS:
        return f"{tokens[v].text} {tokens[v + 1].text}"
    return tokens[v].text


def _is_reporting_verb(tokens, v):
    """True when token ``v`` is a reporting verb used to report (not "to say", not "was found")."""
    low = tokens[v].low
    if tokens[v].is_cap:
        return False
    if low in lx.GERUND_AFTER_KEEP:
        return v > 0 and tokens[v - 1].low in ("keep", "keeps", "kept")
    if low not in lx.REPORTING_VERBS:
        return False
    if v > 0 and (tokens[v - 1].low == "to" or tokens[v - 1].low in lx.DETERMINERS):
        # "to say", "an estimated 20,000": not a report.
        return False
    after = tokens[v + 1] if v + 1 < len(tokens) else None
    if after is not None:
        if after.low == "to" and low not in ("told", "tells", "tell"):
            # "agreed to buy", "responded to the declaration".
            return False
        if low.endswith("ed") and after.low in lx.PARTICIPLE_PREPOSITIONS:
            # "a sea mine found near the coast", "movements reported by some media".
            return False
        if low in lx.NOUN_OR_VERB and (
            after.low in lx.VERB_LIKE or after.low in lx.NOUN_MARKERS or _looks_verbal(after)
        ):
            # "the hotline call produced", "Serbia's fears are": a noun followed by its verb.
            return False
        if low in lx.REJECT_VERBS and after.low in ("a", "an"):
            # "A court dismissed a lawsuit": no claim is rejected.
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
            j = _np_right(tokens, k + 2, stop_at_verbs=False)
            if j is not None:
                found.append(_Found(k + 2, j, "according to", "speaker", priority=0))
        elif tokens[k].low == "as" and tokens[k + 1].low in lx.AS_BY_VERBS and tokens[k + 2].low == "by":
            j = _np_right(tokens, k + 3)
            if j is not None:
                role = "disputed" if _negated_before(tokens, k) else "speaker"
                cue = " ".join(t.text for t in tokens[k : k + 3])
                found.append(_Found(k + 3, j, cue, role, priority=0))
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
        while v < len(tokens) and (tokens[v].low in lx.AUXILIARIES or _is_adverb(tokens[v])):
            v += 1
        if v < len(tokens) and (tokens[v].low in lx.AS_CLAIM_VERBS or tokens[v].low in lx.GERUND_AFTER_KEEP and v > j):
            if not (v + 1 == len(tokens) or tokens[v + 1].text in ',.;:?!”"' or tokens[v + 1].low in ("it", "so")):
                continue
            role = "disputed" if always or _negated_before(tokens, k) or _rejecting(tokens) else "speaker"
            cue = " ".join(t.text for t in tokens[k:trigger_end]) + " … " + tokens[v].text
            found.append(_Found(trigger_end, j, cue, role, priority=0))
    return found


def _find_claim_nouns(tokens):
    """ "X's accusations", "claims by X", "warnings from X", "contrary to X's narrative": the cited claim's source."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low not in lx.CLAIM_NOUNS:
            continue
        apostrophe = k - 1
        if k >= 3 and tokens[k - 1].low in lx.CLAIM_ADJECTIVES and tokens[k - 2].low in ("'s", "'"):
            # "Beijing's repeated complaints".
            apostrophe = k - 2
        if apostrophe >= 1 and tokens[apostrophe].low in ("'s", "'"):
            start = _possessor_start(tokens, apostrophe)
            if start is not None:
                cue = " ".join(t.text for t in tokens[apostrophe : k + 1]).replace(" '", "'").replace(" ’", "’")
                found.append(_Found(start, apostrophe, cue, "disputed", priority=0))
            continue
        m = k + 1
        if m < len(tokens) and tokens[m].low in lx.CLAIM_PARTICIPLES:
            m += 1
        if m < len(tokens) and tokens[m].low in ("by", "from", "of", "in") and m + 1 < len(tokens):
            if tokens[m].low == "of" and tok.low not in lx.CLAIM_NOUNS_WITH_OF:
                continue
            if tokens[m].low == "in" and m == k + 1:
                # "claims made in Pristina" names a source; "the secession talk in Banja Luka" a place.
                continue
            j = _np_right(tokens, m + 1)
            if j is not None and tokens[m + 1].low not in lx.NOT_SOURCES:
                cue = " ".join(t.text for t in tokens[k : m + 1])
                found.append(_Found(m + 1, j, cue, "disputed", priority=0))
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
        if tok.low in lx.BE_FORMS and k + 1 < len(tokens) and tokens[k + 1].low in lx.PASSIVE_REPORT_VERBS:
            for m in range(k + 2, min(len(tokens) - 1, k + 10)):
                if tokens[m].low == "by":
                    j = _np_right(tokens, m + 1)
                    if j is not None:
                        found.append(_Found(m + 1, j, f"{tokens[k + 1].text} … by", "speaker", priority=0))
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


_FINDERS = (
    _find_subject_verb,
    _find_according_to,
    _find_as_x_claims,
    _find_claim_nouns,
    _find_passive_by,
    _find_participle,
)


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


def resolve_article(per_sentence, sentences):
    """Resolve pronoun speakers and unattributed quotes across an article's sentences, in place.

    A pronoun speaker ("they argue") takes the nearest earlier non-pronoun speaker; its ``source`` becomes
    that name, ``start``/``end`` still point at the pronoun, and ``resolved_from`` holds the pronoun. A
    sentence that is one quotation with no source of its own, right after a sentence that credited a
    speaker, continues that speaker's quote (``resolved_from: "quote"``).

    Parameters
    ----------
    per_sentence : list of list of dict
        :func:`attribute` results, one list per sentence in article order.
    sentences : list of str
        The sentences themselves.

    Returns
    -------
    list of list of dict
        ``per_sentence``, resolved.
    """
    last_speaker = None
    previous_had_speaker = False
    for items, sentence in zip(per_sentence, sentences):
        for item in items:
            if item.pop("pronoun", False):
                if last_speaker is not None:
                    item["resolved_from"] = item["source"]
                    item["source"] = last_speaker
                continue
            if item["role"] == "speaker":
                last_speaker = item["source"]
        if not items and previous_had_speaker and _is_whole_quote(sentence) and last_speaker is not None:
            items.append(
                {
                    "source": last_speaker,
                    "start": 0,
                    "end": 0,
                    "cue": "quote",
                    "role": "speaker",
                    "resolved_from": "quote",
                }
            )
        previous_had_speaker = any(item["role"] == "speaker" for item in items)
    return per_sentence


def _is_whole_quote(sentence):
    """True when the sentence is one quotation: “...”."""
    text = sentence.strip()
    return len(text) > 2 and text[0] in '“"' and text[-1] in '”"' and text.count("“") <= 1


def attribution_columns(sentence):
    """Return ``{"speaker": "A|B", "disputed": "C"}`` for one sentence: the shape of the gold columns, for batch output."""
    found = attribute(sentence)
    return {role: "|".join(a["source"] for a in found if a["role"] == role) for role in ("speaker", "disputed")}
