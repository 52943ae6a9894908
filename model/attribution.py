"""Rule-based claim attribution: who a sentence credits its claim to, and whose claim it rejects.

A reporting-verb lexicon plus a handful of patterns around it ("X said", ", said X", "according to X",
"as claimed by X", "X's accusations ... are baseless") find source noun phrases; no model is involved.

In "..., a claim X called absurd" (or "an accusation X denied"), X rejects the claim and so is a speaker
(of the rejection), as the labeling guidelines say of the one who rejects; the claim's owner keeps the
role its own clause gives it ("Y said ..., a claim X denied" credits both Y and X), or is named in an
earlier sentence. The words before X ("a claim", "an offer") are no part of the source.
"""

import bisect
import re
from dataclasses import dataclass, field

from model import lexicon as lx

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Amb|Rev|St)\.(?=\s)"
    r"|\d{1,3}(?:,\d{3})+\b|\w+(?:[-.&]\w+)*(?:[?\ufffd]\w+)+[?\ufffd]?|\w+(?:[-.&]\w+)*"
    r"|['’]s\b|(?<=s)['’](?=\s)|[^\w\s]"
)
# The second word pattern keeps a name whose letters were lost in transcoding ("Vu?i?", "Vu\ufffdi\ufffd") one
# word: a "?" or a replacement character between letters is a lost letter, not punctuation.


@dataclass
class Token:
    """One word or punctuation mark with its offsets in the sentence.

    ``low`` is the lower-cased text with curly apostrophes made straight; ``is_cap`` is True when the
    word starts with a capital letter. Both are computed once: the rules read them about twenty times
    per token, and long inputs must stay fast.
    """

    text: str
    start: int
    end: int
    low: str = field(init=False, repr=False, compare=False)
    is_cap: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.low = self.text.lower().replace("’", "'")
        self.is_cap = self.text[:1].isupper()


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
    found = _outside_quotes(tokens, found, quoted_regions(sentence))
    found = _settle_claim_owners(found)
    found = _contrast(tokens, found)
    return [_as_dict(sentence, tokens, item) for item in _deduplicate(tokens, found)]


@dataclass
class _Found:
    """A source span in token indices ``[i, j)``, its cue and role.

    ``priority`` orders overlapping findings (explicit patterns 0 before verbs 1 before fallbacks 2);
    ``final`` marks a sentence-closing attribution (", the minister said."); ``group`` is where the
    phrase it was split from starts ("a local imam and an Orthodox priest said"); ``secondary`` marks a
    relayed citation (", Reuters reported.", ", according to local media.") that only counts when nobody
    else is credited; ``owner`` marks a headline source ("Minister: the drills go ahead") that owns the
    whole line.
    """

    i: int
    j: int
    cue: str
    role: str
    priority: int = 1
    final: bool = False
    group: int = -1
    secondary: bool = False
    owner: bool = False
    tentative: bool = False


def _is_pronoun(tokens, item):
    """True when the finding is a lone pronoun ("he", "they")."""
    return item.j - item.i == 1 and tokens[item.i].low in PRONOUNS and item.i > 0


def _in_dependent_clause(tokens, k):
    """True for a pronoun in "which he said" or in an opening "Stating that they ...," clause.

    Such a pronoun stands for the sentence's own speaker, who is named elsewhere in it.
    """
    if tokens[k - 1].low in ("which", "what", "who"):
        return True
    opening = tokens[0].low.endswith("ing") and tokens[0].is_cap
    return opening and all(t.text != "," for t in tokens[1:k])


def quoted_regions(sentence):
    """Return ``[(start, end), ...]``: the character ranges of ``sentence`` inside quotation marks.

    A closing mark with no opening one before it closes a quotation that began in an earlier sentence,
    so the region starts at 0; an opening mark that never closes runs to the end of the sentence.
    Straight quotes open after a space or the start and close before one.

    Examples
    --------
    >>> quoted_regions('“We are ready,” she said.')
    [(0, 15)]
    """
    regions = []
    opened = None
    closed_any = False
    last_mark = max(sentence.rfind(mark) for mark in '“”"')
    for k, ch in enumerate(sentence):
        before = sentence[k - 1] if k else " "
        after = sentence[k + 1] if k + 1 < len(sentence) else " "
        if ch == '"':
            opening = opened is None and (
                k == 0 or (before.isspace() or before in "([—–-") and (after.isalnum() or after in "‘'")
            )
            ch = "“" if opening else "”"
        elif ch == "‘" and (before.isspace() or before in "([—–-"):
            ch = "“"
        elif ch == "’" and opened is not None and sentence[opened] == "‘" and not after.isalnum():
            ch = "”"
        if ch == "“" and opened is None and k == last_mark and _misplaced_closer(sentence, k):
            ch = "”"
        if ch in "“«" and opened is None:
            opened = k
        elif ch in "”»":
            if opened is not None:
                regions.append((opened, k + 1))
                opened = None
            elif not closed_any and not regions:
                regions.append((0, k + 1))
            closed_any = True
    if opened is not None:
        regions.append((opened, len(sentence)))
    return regions


def _misplaced_closer(sentence, k):
    """True for an opening mark that closes a quotation: 'we are not ashamed, “the minister said'.

    Only for the sentence's last quotation mark, after a comma that no reporting verb precedes
    ('He said, “We' opens one).
    """
    head = sentence[max(0, k - 60) : k].rstrip()
    if not head.endswith(","):
        return False
    words = head[:-1].split()
    return bool(words) and words[-1].lower() not in lx.REPORTING_VERBS


def _outside_quotes(tokens, found, regions):
    """Drop findings that sit inside a quotation: "‘We believe ...,’ the minister said" credits the minister."""
    starts = [start for start, _ in regions]
    kept = []
    for f in found:
        # Regions do not overlap: only the last one starting at or before the finding can hold it.
        r = bisect.bisect_right(starts, tokens[f.i].start) - 1
        if r < 0 or tokens[f.j - 1].end > regions[r][1]:
            kept.append(f)
    return kept


def _as_dict(sentence, tokens, item):
    """Turn a token-span finding into the public dict with character offsets."""
    start, end = tokens[item.i].start, tokens[item.j - 1].end
    result = {"source": sentence[start:end], "start": start, "end": end, "cue": item.cue, "role": item.role}
    if item.j - item.i == 1 and tokens[item.i].low in PRONOUNS:
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
            kept = [f for f in kept if f.role != "speaker" or f.owner]
    if any(f.role == "speaker" and not f.secondary for f in kept):
        kept = [f for f in kept if not f.secondary]
    if any(f.role == "speaker" and not _is_pronoun(tokens, f) for f in kept):
        kept = [f for f in kept if not (_is_pronoun(tokens, f) and _in_dependent_clause(tokens, f.i))]
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
        if tok.text == ")":
            # "The Defense Security Cooperation Agency (DSCA) said": step over the parenthesis after a name.
            opening = next((k for k in range(i - 2, max(i - 8, 0) - 1, -1) if tokens[k].text == "("), None)
            if opening is not None and opening > 0 and tokens[opening - 1].is_cap:
                i = opening
                continue
        if tok.text in '"”' and i == end:
            # 'The network "Channel One" reports': a quoted name ends the phrase.
            opening = next((k for k in range(i - 2, max(i - 6, 0) - 1, -1) if tokens[k].text in '"“'), None)
            if opening is not None and opening + 1 < i - 1 and all(t.is_cap for t in tokens[opening + 1 : i - 1]):
                i = opening
                continue
        if tok.low in lx.NP_BOUNDARY or not re.match(r"\w|'", tok.low):
            break
        if _looks_verbal(tok):
            return None
        if tok.low in lx.BOUNDARY_NOUNS and i - 1 > 0 and tokens[i - 2].low in lx.DETERMINERS:
            break
        if _is_gap_noun(tok) and i < end and tokens[i].is_cap:
            # "a claim Hollis called absurd", "an offer Merida said it would study": the noun is the
            # verb's object, and the source starts at the name.
            break
        if tok.low in lx.DETERMINERS and i - 1 > 0 and _is_content_word(tokens[i - 2]):
            if _is_gap_noun(tokens[i - 2]):
                # "a plan the cabinet said it would back".
                i -= 1
                break
            # "follows a roadmap agreed": a word before a determiner that is no preposition is a verb.
            return None
        if tok.low in PRONOUNS:
            if i < end:
                return None
            i -= 1
            break
        i -= 1
    while i < end and (
        tokens[i].low in lx.NP_INNER or tokens[i].low in lx.LEADING_ADVERBS or tokens[i].low in lx.SUBORDINATORS
    ):
        # A phrase cannot start with "of" or "and", nor with "But"/"Meanwhile", nor with the "after" of
        # ", after Merida announced".
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
        if tok.low in lx.NP_BOUNDARY or tok.low in lx.NP_RIGHT_STOPS or not re.match(r"\w|'", tok.low):
            break
        if j > start and (tok.low in lx.VERB_LIKE or _looks_verbal(tok)):
            break
        if (
            j > start
            and tok.low.endswith("ing")
            and not tok.is_cap
            and tokens[j - 1].is_cap
            and _opens_clause(tokens, j)
        ):
            # "said President Vucic commenting on ...": the participle starts a new clause.
            break
        if stop_at_verbs and j > start and tok.low in lx.REPORTING_VERBS | lx.AS_CLAIM_VERBS and not tok.is_cap:
            break
        j += 1
    # ", said the minister yesterday", "according to the ministry last week": the time is no part of it.
    j = max(_time_start(tokens, j), start + 1) if j > start else j
    while j > start and tokens[j - 1].low in lx.NP_INNER | lx.DETERMINERS:
        j -= 1
    return j if j > start and _valid_np(tokens, start, j) else None


def _is_gap_noun(tok):
    """A lower-case noun that can be the object of the clause after it: "a claim", "an offer", "a plan"."""
    return not tok.is_cap and tok.low in lx.OBJECT_GAP_NOUNS


def _is_as_complement(tokens, start):
    """True when the phrase at ``start`` follows the "as" of "dismissed the claims as" or "described X as".

    Such a phrase is what the claim is called ("groundless", "a provocation"), never a source.
    """
    if start < 2 or tokens[start - 1].low != "as":
        return False
    for k in range(start - 2, max(start - 2 - lx.MAX_NP_TOKENS, -1), -1):
        tok = tokens[k]
        if tok.low in lx.AS_COMPLEMENT_VERBS and not tok.is_cap:
            return True
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            return False
    return False


def _skip_to_subject(tokens, end):
    """Step left from a verb over auxiliaries, adverbs and time expressions to where its subject ends.

    "Defence Minister X on Friday evening has rejected": the subject is "Defence Minister X". After "and"
    or "but" the verb shares the first clause's subject, and the words before it are that clause's
    object ("recorded a dozen incursions this year and warned"), so no time expression is stepped over.
    """
    while True:
        before = end
        while end > 0 and (tokens[end - 1].low in lx.AUXILIARIES or _is_adverb(tokens[end - 1])):
            end -= 1
        if any(t.low in ("and", "but") for t in tokens[end:before]):
            return end
        end = _time_start(tokens, end)
        if end == before:
            return end


def _time_start(tokens, end):
    """Return where a time expression ending at ``end`` starts ("on Friday evening", "earlier this month"),
    or ``end`` when there is none.

    The expression opens with a preposition, "last"/"this"/"earlier" or a day word and holds a word for a
    time; a weekday or a month counts only with a capital ("in March", not "the march"), so "Officials in
    Tarsk" and "the ministry may" keep their words. Something must stand before it to be the subject.
    """
    k = end
    while k > 0 and end - k < 5 and (tokens[k - 1].low in lx.TIME_OPENERS or _is_time_noun(tokens[k - 1])):
        k -= 1
    while k < end and not (
        tokens[k].low in lx.TIME_OPENERS or tokens[k].is_cap and tokens[k].low in lx.CAPITALISED_TIMES
    ):
        k += 1
    if k == 0 or k == end or not any(_is_time_noun(t) for t in tokens[k:end]):
        return end
    return k if re.match(r"\w|'", tokens[k - 1].low) else end


def _is_time_noun(tok):
    """A word that names a time: "Friday" (with a capital), "week", "yesterday", a year such as "2019"."""
    if tok.low in lx.CAPITALISED_TIMES:
        return tok.is_cap
    return tok.low in lx.TIME_NOUNS or (len(tok.low) == 4 and tok.low.isdigit())


def _can_speak(tokens, start, end):
    """True when a phrase may be the subject of "suggested" or "showed" as a speaker, not as evidence.

    A name, a person ("the analyst"), a body or a document ("the inquiry", "the report") speaks; "the
    debris" or "the satellite images" only show.
    """
    head = head_noun(_span_text(tokens, start, end))
    if any(t.low == head and t.is_cap for t in tokens[start:end]):
        return True
    return (
        _is_person_word(head)
        or _singular(head) in lx.SPEAKING_BODIES
        or head in lx.INSTITUTION_NOUNS
        or head in lx.MEDIA_NOUNS
        or head in lx.STATING_DOCUMENTS
    )


def _is_person_word(head):
    """True for a lower-case head that names people: "analyst", "officials", "minister", "commander"."""
    if head in lx.BODY_NOUNS or head in lx.EVENT_NOUNS:
        return False
    singular = _singular(head)
    return (
        head in lx.PEOPLE_NOUNS
        or singular in lx.PERSON_NOUNS
        or singular in lx.TITLE_NOUNS
        or singular in lx.RANK_WORDS
        or (singular.endswith(lx.PERSON_ENDINGS) and not singular.endswith("ment"))
    )


def _singular(word):
    """A rough singular of an English plural: "analysts" -> "analyst", "studies" -> "study"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _opens_clause(tokens, j):
    """True when the word after token ``j`` shows it starts a clause ("commenting on", "citing the")."""
    return j + 1 < len(tokens) and tokens[j + 1].low in lx.PREPOSITIONS | lx.DETERMINERS


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
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
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
    if (
        words[-1] in lx.NOT_SOURCES
        or words[0] in lx.NOT_SOURCES
        and not (words[0] in lx.DETERMINERS and len(words) > 1)
    ):
        # "these" is no source, "these countries' leaders" is.
        return False
    if all(w in lx.TIME_WORDS or w.isdigit() for w in content):
        return False
    if words[0].endswith("ing") and not tokens[i].is_cap and (j - i == 1 or set(words) & lx.PREPOSITIONS):
        # "raising fears", "providing insight into the talks": a participle clause is no source.
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
        withheld = _withholds_details(tokens, v)
        if withheld or _is_reporting_verb(tokens, v):
            # "X used his speech to say": the subject is the one of "used".
            used = _used_to(tokens, v)
            end = _skip_to_subject(tokens, v if used is None else used)
            bare = end  # where the subject would end with nothing between it and the verb
            negated = any(t.low in lx.NEGATIONS for t in tokens[end:v])
            if negated != withheld and tok.low not in lx.AS_VERBS:
                # "The ministry did not say how many": a refusal to say credits no claim; but "the
                # minister did not give the location" reports what the minister said and left out.
                continue
            start = _np_left(tokens, end)
            if start is not None and _is_as_complement(tokens, start):
                # "dismissed the claims as groundless and said": "groundless" is no subject; the first
                # verb's subject, credited there, also said it.
                continue
            if start is None and end > 0 and tokens[end - 1].text in APPOSITION_MARKS:
                start, end = _skip_appositive(tokens, end - 1)
            if start is None:
                start, end = _skip_relative_clause(tokens, end)
            if start is None:
                start, end = _skip_unclosed_adverbial(tokens, end)
            if start is None:
                start, end = _skip_relay_participle(tokens, end)
            if start is None and end == bare and end > 0 and re.match(r"\w", tokens[end - 1].text):
                start = _clause_after_and(tokens, end)
            relative = False
            if (
                start is None
                and tok.low in lx.AS_VERBS | lx.LABEL_VERBS
                and not (v + 1 < len(tokens) and tokens[v + 1].low in lx.REFLEXIVES)
            ):
                # "which sees itself as the protector" describes the antecedent; it reports no claim.
                # "..., which considers it a threat": the judgement is the clause's claim; other verbs
                # after "which" ("which denied involvement") add a side remark, not the sentence's source.
                start, end = _relative_antecedent(tokens, end)
            elif start is None and end > 0 and tokens[end - 1].low == "who":
                # "..., who repeated that ...": the person before ", who" reports it; a side remark
                # beside the sentence's own speaker ("said X, a spokesman, who noted"), so only a fallback.
                start, end = _relative_antecedent(tokens, end, one_preposition=True)
                relative = start is not None
            if start is not None and end - start == 1 and tokens[start].low in PRONOUNS and start > 0:
                if tokens[start - 1].low in ("what", "which"):
                    # "Manila summoned the ambassador over what it called ...": "it" is the sentence's subject.
                    subject = _sentence_subject(tokens)
                    if subject is not None:
                        start, end = subject
            head = head_noun(_span_text(tokens, start, end)) if start is not None else ""
            if head in lx.EVENT_NOUNS or tok.low in lx.RAISE_VERBS and head not in lx.PEOPLE_NOUNS:
                # "The deal highlights France's efforts": an event or a deal shows something, it says nothing;
                # "critics raised concerns" reports them, "the build-up raised fears" does not.
                start = None
            elif tok.low in lx.EVIDENCE_VERBS and not _can_speak(tokens, start, end):
                # "The debris suggested that the drone was old": evidence, not a speaker.
                start = None
            if start is not None and not _passive(tokens, end):
                final = _is_final(tokens, start, v)
                start = _object_gap_subject(tokens, start, end, v)
                # ", Reuters reported." or ", media reports said." relays what the sentence's speaker said.
                relayed = final and (tok.low in lx.RELAY_VERBS or tokens[end - 1].low in lx.RELAY_NOUNS)
                for i, j in _split_conjoined(tokens, start, end):
                    found.append(
                        _Found(
                            i,
                            j,
                            cue,
                            "speaker",
                            priority=2 if relative else 1,
                            final=final and not relayed,
                            group=start,
                            secondary=relayed,
                        )
                    )
                continue
        if v > 0 and tokens[v - 1].text in ",”\"'’" and tok.low in lx.INVERTIBLE_VERBS and v + 1 < len(tokens):
            j = _np_right(tokens, v + 1)
            if j is not None and tokens[v + 1].low not in lx.NOT_SOURCES | lx.PREPOSITIONS:
                found.append(_Found(v + 1, j, cue, "speaker", final=True))
    return found


def _span_text(tokens, i, j):
    """The words of ``tokens[i:j]`` joined by spaces: enough to read a phrase's head noun."""
    return " ".join(t.text for t in tokens[i:j])


def _find_headline(tokens):
    """ "Minister: the drills go ahead": a headline credits its line to the name before the colon."""
    colon = next((k for k, t in enumerate(tokens[: lx.MAX_NP_TOKENS]) if t.text == ":"), None)
    if colon is None or colon + 1 >= len(tokens) or not re.match(r"[^\W\d]", tokens[colon + 1].text):
        return []
    start = colon
    while start > 0 and re.match(r"\w|'", tokens[start - 1].low):
        start -= 1
    if start > 0 and tokens[start - 1].text != ",":
        return []
    words = tokens[start:colon]
    if not words or not all(t.is_cap or t.low in lx.NP_INNER for t in words):
        return []
    if words[-1].low in lx.NOT_HEADLINE_SOURCES or not _valid_np(tokens, start, colon):
        return []
    return [_Found(start, colon, ":", "speaker", priority=0, owner=True)]


def _find_quoted_as_saying(tokens):
    """ "Agency A quoted X as saying" and "X was quoted as saying": X is the speaker, not the agency."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low != "quoted" or k + 2 >= len(tokens):
            continue
        if tokens[k + 1].low == "as" and tokens[k + 2].low in lx.SAYING_WORDS:
            end = k - 1 if k > 0 and tokens[k - 1].low in lx.BE_FORMS else None
            start = _np_left(tokens, end) if end else None
            if start is not None:
                found.append(_Found(start, end, "quoted as saying", "speaker", priority=0, final=True))
            continue
        start = k + 1
        for m in range(k + 2, min(len(tokens) - 1, k + 2 + 2 * lx.MAX_NP_TOKENS)):
            if tokens[m].text == "," and tokens[m + 1].low == "as" and start > k + 1:
                # The name's closing comma: ", Ali Rezaei, as saying".
                continue
            if tokens[m].text == "," and _described_name(tokens, start, m):
                # "quoted the aide to the commander, Ali Rezaei, as saying": the name is the speaker.
                start = m + 1
                continue
            if not re.match(r"\w|'", tokens[m].low):
                break
            if tokens[m].low == "as" and tokens[m + 1].low in lx.SAYING_WORDS and start < m:
                end = m - 1 if tokens[m - 1].text == "," else m
                start = _titled_name(tokens, start, end)
                found.append(_Found(start, end, "quoted … as saying", "speaker", priority=0, final=True))
                break
    return found


APPOSITION_MARKS = (",", "–", "—", "-")


def _described_name(tokens, i, comma):
    """True when ``tokens[i:comma]`` is a lower-case description and a capitalised name follows the comma."""
    return (
        comma > i
        and (tokens[i].low in lx.DETERMINERS or not tokens[i].is_cap)
        and comma + 1 < len(tokens)
        and tokens[comma + 1].is_cap
    )


def _titled_name(tokens, i, j):
    """Return where the person starts in "the military aide to Iran's Supreme Leader Major General X Y".

    A description that ends in one title ("Supreme Leader") directly followed by a rank and a name
    ("Major General X Y") names its own holder: the rank and name are the source. One title before a
    name ("the spokesman of Defence Minister X") leaves the description the source.
    """
    if not (tokens[i].low in lx.DETERMINERS or not tokens[i].is_cap):
        return i
    for k in range(i + 1, j - 1):
        if (
            tokens[k - 1].low in lx.TITLE_NOUNS
            and tokens[k].low in lx.RANK_WORDS
            and all(t.is_cap for t in tokens[k:j])
        ):
            return k
    return i


def _object_gap_subject(tokens, start, end, v):
    """In "a campaign Caracas denounced as a prelude" the verb's object is the noun before the name.

    When the verb has no object of its own ("denounced as") and the phrase runs from a lower-case noun
    into a name, the subject starts at the name.
    """
    if v + 1 >= len(tokens) or tokens[v + 1].low != "as" or tokens[start].is_cap and start > 0:
        # A phrase that starts with a name ("EUFOR commander Major General X") already starts at the subject.
        return start
    for k in range(start + 1, end):
        before = tokens[k - 1]
        if tokens[k].is_cap and not before.is_cap and before.low not in lx.NP_INNER | lx.DETERMINERS | {"'s", "'"}:
            return k
    return start


def _skip_appositive(tokens, mark):
    """For "X, a security expert, said", "X – the chair of the committee – said" or "The UN Command,
    which ..., said": return the span to credit.

    A description ("a security expert") or a relative clause is skipped for the phrase before it. A
    name after a description is the source ("Another analyst, Arben Dashevci, emphasized" -> "Arben
    Dashevci"). A name and a title or an acronym are credited together ("Vera Lukic, head of the
    committee", "The Institute for Strategic Studies, ISS").
    """
    dashes = ("–", "—", "-")
    for k in range(mark - 1, max(mark - lx.MAX_CLAUSE_TOKENS, 0), -1):
        if tokens[k].text not in APPOSITION_MARKS:
            continue
        if (tokens[k].text in dashes) != (tokens[mark].text in dashes):
            break
        inner = tokens[k + 1 : mark]
        outer = _np_left(tokens, k)
        if not inner or (outer is None and inner[0].low not in ("which", "who")):
            break
        first = inner[0]
        if first.low in ("which", "who") or first.low in lx.DETERMINERS:
            return (outer, k) if outer is not None else (None, mark)
        if not first.is_cap and (_is_adverb(first) or first.low.endswith("ed") or first.low in lx.ED_ADJECTIVES):
            # "Beijing, predictably, said", "The Fifth Fleet, based in Bahrain, said".
            return outer, k
        if _opens_adverbial(first):
            # "The minister, after visiting the base, said", "Vucic, commenting on the deal, said".
            return outer, k
        if _np_left(tokens, mark) != k + 1:
            # The words between the marks are no phrase ("..., providing insight into it, said").
            break
        described = tokens[outer].low in lx.DETERMINERS or not tokens[outer].is_cap
        acronym = len(inner) == 1 and inner[0].text.isupper()
        if described and all(t.is_cap for t in inner) and not acronym:
            return k + 1, mark
        return outer, mark
    return None, mark


def _opens_adverbial(tok):
    """A lower-case word that opens an adverbial clause: "after", "while", "commenting", "speaking"."""
    if tok.is_cap or tok.low in lx.LIST_OPENERS:
        return False
    return tok.low in lx.ADVERBIAL_OPENERS or (tok.low.endswith("ing") and len(tok.low) > 5)


def _skip_unclosed_adverbial(tokens, end):
    """For "Vucic, commenting on the reports on Monday said": the phrase before an adverbial clause
    whose closing comma is missing.

    Returns ``(start, comma)`` or ``(None, end)``.
    """
    for c in range(end - 1, max(end - lx.MAX_CLAUSE_TOKENS, 0), -1):
        tok = tokens[c]
        if tok.text == ",":
            if c + 1 < end and _opens_adverbial(tokens[c + 1]):
                start = _np_left(tokens, c)
                if start is not None:
                    return start, c
            break
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            break
    return None, end


def _clause_after_and(tokens, end):
    """For "The sale drew protests on Monday and Beijing warned ...": the subject of a clause after "and".

    Used only when the phrase before the verb runs into another verb, so "and" joins two clauses, not
    two names. The subject must start with a capital ("Beijing", "The ministry").
    """
    for k in range(end - 1, max(end - lx.MAX_NP_TOKENS, 0), -1):
        tok = tokens[k]
        if tok.low == "and":
            first = k + 1
            ok = first < end and tokens[first].is_cap and _valid_np(tokens, first, end)
            return first if ok and not any(_looks_verbal(t) for t in tokens[first:end]) else None
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            return None
    return None


def _relative_antecedent(tokens, end, one_preposition=False):
    """For "... has angered Serbia, which considers it a threat": the name the relative pronoun stands for.

    Only a ", which"/", who" right before the verb counts, and the antecedent is read leftwards up to the
    verb or preposition that governs it. With ``one_preposition``, the phrase may hold one preposition
    ("diplomats in Tarsk, who", "the mayor of Tarsk, who"). Returns ``(start, end)`` or ``(None, end)``.
    """
    if end < 3 or tokens[end - 1].low not in ("which", "who") or tokens[end - 2].text != ",":
        return None, end
    comma = end - 2
    i = comma
    while i > 0 and comma - i < lx.MAX_NP_TOKENS:
        tok = tokens[i - 1]
        if (
            one_preposition
            and tok.low in lx.INNER_PREPOSITIONS
            and i > 1
            and re.match(r"\w", tokens[i - 2].text)
            and any(t.is_cap for t in tokens[i:comma])
        ):
            one_preposition = False
            i -= 1
            continue
        if tok.low in lx.DETERMINERS:
            i -= 1
            if one_preposition and i > 0 and tokens[i - 1].low in lx.INNER_PREPOSITIONS:
                continue
            break
        if (
            not re.match(r"\w", tok.text)
            or tok.low in lx.NP_BOUNDARY | lx.PREPOSITIONS | lx.NP_INNER
            or _looks_verbal(tok)
            or (tok.low in lx.REPORTING_VERBS and not tok.is_cap)
        ):
            break
        i -= 1
    while i < comma and tokens[i].low in lx.INNER_PREPOSITIONS:
        # "the talks in Tarsk, who": the preposition after a verb governs the phrase.
        i += 1
    if i == comma or not any(t.is_cap for t in tokens[i:comma]) and tokens[i].low not in lx.DETERMINERS:
        # "has angered many, which ..." or a bare lower-case word: no antecedent to credit.
        return None, end
    return (i, comma) if _valid_np(tokens, i, comma) else (None, end)


def _skip_relay_participle(tokens, end):
    """For "Orvian analysts quoted by state radio warned": the phrase before "quoted by" speaks.

    Returns ``(start, participle)`` or ``(None, end)``; the one who quotes only relays.
    """
    for k in range(end - 1, max(end - lx.MAX_NP_TOKENS, 0), -1):
        tok = tokens[k]
        if tok.low in lx.RELAY_PARTICIPLES and not tok.is_cap:
            if tokens[k + 1].low not in ("by", "in") or any(_looks_verbal(t) for t in tokens[k + 2 : end]):
                break
            start = _np_left(tokens, k)
            return (start, k) if start is not None else (None, end)
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            break
    return None, end


def _used_to(tokens, v):
    """For "X used his opening speech to say" or "X took the opportunity to warn": the index of "used".

    Returns None when the verb does not follow such a phrase; "used to say" (a habit) has no object.
    """
    if v < 3 or tokens[v - 1].low != "to":
        return None
    for k in range(v - 2, max(v - 8, 0) - 1, -1):
        tok = tokens[k]
        if k < v - 2 and tok.low in lx.USE_VERBS:
            return k
        if tok.low in lx.TAKE_VERBS and any(t.low in lx.OCCASION_NOUNS for t in tokens[k + 1 : v - 1]):
            return k
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            return None
    return None


def _skip_relative_clause(tokens, end):
    """For "a NATO official who asked not to be named told the press": the phrase before "who"."""
    for k in range(end - 1, max(end - 10, 0), -1):
        tok = tokens[k]
        if tok.low == "who":
            if k == end - 1:
                # "Critics who call it a failure": "who" is the verb's own subject.
                break
            start = _np_left(tokens, k)
            return (start, k) if start is not None else (None, end)
        if not re.match(r"\w", tok.text) or tok.low in lx.NP_BOUNDARY:
            break
    return None, end


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
        if _after_comma(tokens, k) and tokens[k].low in lx.REPORTING_PARTICIPLES:
            span = _sentence_subject(tokens)
            if span is not None:
                return [_Found(span[0], span[1], tokens[k].text, "speaker", priority=2)]
    return []


def _after_comma(tokens, k):
    """True when token ``k`` follows a comma, perhaps with a closing quote: ", noting" or ',” noting'."""
    return tokens[k - 1].text == "," or k > 1 and tokens[k - 1].text in "”\"'’" and tokens[k - 2].text == ","


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
    if low in lx.STATE_VERBS:
        # "the communiqué states": "states" is a verb only after a document ("member states" is a noun).
        return v > 0 and tokens[v - 1].low in lx.STATING_DOCUMENTS
    if low in lx.RAISE_VERBS:
        # "critics have raised concerns about ...".
        return v + 1 < len(tokens) and tokens[v + 1].low in lx.CONCERN_NOUNS
    if low in ("made", "makes", "make"):
        # "X has made clear that ...".
        return v + 2 < len(tokens) and tokens[v + 1].low == "clear" and tokens[v + 2].low == "that"
    if low not in lx.REPORTING_VERBS:
        return False
    if low in lx.ISSUE_VERBS:
        # "X issued an angry statement", "X released a statement".
        return any(t.low in lx.ISSUED_DOCUMENTS for t in tokens[v + 1 : v + 5])
    if low in lx.COMMITMENT_VERBS:
        # "X promised to stay vigilant" reports X; "the manoeuvres Minsk had promised" does not.
        return v + 1 < len(tokens) and tokens[v + 1].low in ("to", "that")
    if v > 0 and tokens[v - 1].low == "to":
        # "to say" is no report, unless "X used the summit to say".
        return _used_to(tokens, v) is not None
    if v > 0 and tokens[v - 1].low in lx.DETERMINERS:
        # "an estimated 20,000": not a report.
        return False
    after = tokens[v + 1] if v + 1 < len(tokens) else None
    if low in lx.REPEAT_VERBS:
        # "X repeated that ..." or "X repeated its warning"; "the army repeated the drills" and "Tarsk's
        # repeated complaints" report nothing.
        return (
            after is not None
            and tokens[v - 1].low not in ("'s", "'")
            and (
                after.low == "that"
                or after.text in ':“"'
                or any(t.low in lx.CLAIM_NOUNS for t in tokens[v + 1 : v + 4])
            )
        )
    if after is not None:
        if after.low == "to" and low not in ("told", "tells", "tell") and not _answers_claim(tokens, v):
            # "agreed to buy", "responded to the declaration"; but "responded to accusations".
            return False
        if (low.endswith("ed") or low == "found") and after.low in lx.PARTICIPLE_PREPOSITIONS:
            # "a sea mine found near the coast", "movements reported by some media".
            return False
        named = v > 0 and (tokens[v - 1].is_cap or tokens[v - 1].text in '"”')
        if low in lx.NOUN_OR_VERB and (
            after.low in lx.VERB_LIKE or after.low in lx.NOUN_MARKERS and not named or _looks_verbal(after)
        ):
            # "the hotline call produced", "Serbia's fears are": a noun followed by its verb.
            return False
        if low in lx.FINDING_VERBS and after.low in ("a", "an", "the"):
            # "We found the content in a decree" locates a thing; "the inquiry found that" and "the court
            # found a clear risk that" report.
            return any(t.low == "that" for t in tokens[v + 2 : v + 8])
        if low in lx.REJECT_VERBS and after.low in ("a", "an"):
            # "A court dismissed a lawsuit": no claim is rejected; "X rejected a protest note" is a reply.
            return any(
                t.low in lx.CLAIM_NOUNS or t.low in lx.ISSUED_DOCUMENTS or t.low in lx.REJECTED_DOCUMENTS
                for t in tokens[v + 2 : v + 5]
            )
    if low in lx.AS_VERBS:
        # "see", "view", "regard" report a claim only in "X sees it as Y"; "consider" also in
        # "X considers it a threat".
        if low in lx.CONSIDER_VERBS and after is not None and after.low in lx.CONSIDER_OBJECTS:
            # "considers it a threat", not "considers it highly unlikely" nor "had considered that".
            return v + 2 < len(tokens) and after.low != "that" and tokens[v + 2].low in ("a", "an", "the")
        return any(t.low == "as" for t in tokens[v + 1 : v + 6])
    return True


def _withholds_details(tokens, v):
    """True for the verb of "did not give details" or "did not specify which" (a negation right before it).

    "give"/"provide" need a word for information after them ("the location", "any figures"): "did not give
    up" and "did not provide evidence" report nothing.
    """
    low = tokens[v].low
    if low not in lx.DISCLOSURE_VERBS or tokens[v].is_cap or v == 0 or tokens[v - 1].low not in lx.NEGATIONS:
        return False
    if low in lx.GIVING_VERBS:
        return any(t.low in lx.DETAIL_NOUNS for t in tokens[v + 1 : v + 4])
    return True


def _answers_claim(tokens, v):
    """True for "responded to accusations" or "replied to the critics' claims": an answer to a claim."""
    if tokens[v].low not in lx.ANSWER_VERBS:
        return False
    return any(t.low in lx.CLAIM_NOUNS for t in tokens[v + 2 : v + 6])


def _passive(tokens, end):
    """True when the verb is passive ("was found"): the subject is not its source."""
    return end > 0 and tokens[end - 1].low in lx.BE_FORMS


def _is_adverb(tok):
    """Adverbs that may sit between a subject and its verb ("has repeatedly said")."""
    # A capitalised "-ly" word is a name ("the National Assembly said"), not an adverb.
    return tok.low in lx.LEADING_ADVERBS or (
        tok.low.endswith("ly") and not tok.is_cap and tok.low not in lx.NOT_ADVERBS
    )


def _find_according_to(tokens):
    """ "according to X" and "as claimed by X" (disputed under negation)."""
    found = []
    negation = _first_negation(tokens)
    for k in range(len(tokens) - 2):
        pair = (tokens[k].low, tokens[k + 1].low)
        if pair == ("according", "to"):
            start = k + 2
            j = _np_right(tokens, start, stop_at_verbs=False)
            if j is None or tokens[j - 1].low in lx.NOT_ACCORDING:
                continue
            for m in range(start + 1, j - 1):
                if tokens[m].low in ("from", "by", "of") and tokens[m - 1].low in lx.DOCUMENT_NOUNS:
                    # "according to a statement from the ministry": the ministry is the source.
                    start = m + 1
                    break
            if (
                j + 2 < len(tokens)
                and tokens[j - 1].low in lx.DOCUMENT_NOUNS
                and tokens[j].low in lx.ISSUED_PARTICIPLES
            ):
                # "according to the statement released by KFOR": the issuer is the source.
                if tokens[j + 1].low == "by":
                    issuer = _np_right(tokens, j + 2)
                    if issuer is not None:
                        start, j = j + 2, issuer
            at_end = j == len(tokens) or tokens[j].text in ".;" and j + 1 >= len(tokens) - 1
            relayed = at_end and k > 0 and tokens[k - 1].text in ",”\"'"
            found.append(_Found(start, j, "according to", "speaker", priority=0, secondary=relayed))
        elif tokens[k].low == "as" and tokens[k + 1].low in lx.AS_BY_VERBS and tokens[k + 2].low == "by":
            j = _np_right(tokens, k + 3)
            if j is not None:
                role = "disputed" if negation < k else "speaker"
                cue = " ".join(t.text for t in tokens[k : k + 3])
                found.append(_Found(k + 3, j, cue, role, priority=0))
    return found


def _find_as_x_claims(tokens):
    """ "as X claims", "whatever X says", "contrary to what X claims": a cited claim, usually rejected."""
    found = []
    negation = _first_negation(tokens)
    rejecting = _rejecting(tokens)
    for k, tok in enumerate(tokens):
        if tok.low == "as":
            trigger_end, always = k + 1, False
        elif tok.low == "whatever":
            trigger_end, always = k + 1, True
        elif tok.low == "what" and k >= 2 and tokens[k - 2].low == "contrary":
            trigger_end, always = k + 1, True
        elif tok.low == "what" and k >= 1 and tokens[k - 1].low == "despite":
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
            role = "disputed" if always or negation < k or rejecting else "speaker"
            cue = " ".join(t.text for t in tokens[k:trigger_end]) + " … " + tokens[v].text
            found.append(_Found(trigger_end, j, cue, role, priority=0))
    return found


def _find_claim_nouns(tokens):
    """ "X's accusations", "claims by X", "warnings from X", "contrary to X's narrative": the cited claim's source."""
    found = []
    rejecting = _rejecting(tokens)
    # Fears are felt, not claimed: a negation anywhere ("offered no answer to the valley's fears") does not
    # reject them; a rejecting word ("unfounded") or verb ("dismissed") does.
    rejecting_feelings = any(t.low in lx.REJECTION_WORDS for t in tokens)
    for k, tok in enumerate(tokens):
        if tok.low not in lx.CLAIM_NOUNS:
            if tok.low not in lx.REJECTED_DOCUMENTS or not _claim_rejected(tokens, k, False, strict=True):
                continue
        feeling = tok.low in lx.FEELING_NOUNS
        apostrophe = k - 1
        if k >= 3 and tokens[k - 1].low in lx.CLAIM_ADJECTIVES and tokens[k - 2].low in ("'s", "'"):
            # "Beijing's repeated complaints".
            apostrophe = k - 2
        if apostrophe >= 1 and tokens[apostrophe].low in ("'s", "'"):
            start = _possessor_start(tokens, apostrophe)
            if start is not None:
                cue = " ".join(t.text for t in tokens[apostrophe : k + 1]).replace(" '", "'").replace(" ’", "’")
                tentative = not _claim_rejected(tokens, start, rejecting_feelings if feeling else rejecting, feeling)
                found.append(_Found(start, apostrophe, cue, "disputed", priority=0, tentative=tentative))
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
            if j is None or tokens[m + 1].low in lx.NOT_SOURCES:
                continue
            if j - m > 2 and _is_complement_adjective(tokens[j - 1]):
                # "called the reactions from Athens malicious": the adjective judges the claim.
                j -= 1
            cue = " ".join(t.text for t in tokens[k : m + 1])
            if tokens[m].low == "of" and not _claim_rejected(tokens, k, False):
                continue
            tentative = not _claim_rejected(tokens, k, rejecting_feelings if feeling else rejecting, feeling)
            found.append(_Found(m + 1, j, cue, "disputed", priority=0, tentative=tentative))
    return found


def _is_complement_adjective(tok):
    """A lower-case word with an adjective ending ("malicious", "dangerous") closing an owner's phrase."""
    return not tok.is_cap and tok.low.endswith(lx.ADJECTIVE_ENDINGS)


def _settle_claim_owners(found):
    """Decide the role of a claim's owner ("X's talk of", "criticism from X") that nothing rejects outright.

    Before a closing attribution ("X's talk of defence is a smokescreen, an analyst said") the claim is
    cited to be judged, so X is disputed. Otherwise "criticism from X" makes X a fallback speaker, and a
    bare "X's reactions" credits nobody.
    """
    settled = []
    last_final = max((f.i for f in found if f.final and f.role == "speaker"), default=-1)
    for item in found:
        if item.tentative:
            item.tentative = False
            if last_final > item.i:
                item.role = "disputed"
            elif item.cue.split()[0].lower() in lx.SPOKEN_CLAIM_NOUNS and item.cue.split()[-1].lower() in (
                "by",
                "from",
            ):
                item.role, item.priority = "speaker", 2
            else:
                continue
        settled.append(item)
    return settled


def _claim_rejected(tokens, k, rejecting, strict=False):
    """True when a claim cited at token ``k`` is rejected: the sentence says so (``rejecting``: "baseless",
    "denied", "not"), or the claim is answered or judged right before it ("responded to accusations",
    "called the remarks").

    Pass ``rejecting=False`` to ask for a rejecting verb right before the noun: "rejected the version of
    X" cites X's claim, "an export version of the HQ-22" does not. With ``strict``, only a rejecting verb
    counts, not an answer: "responded to the farmers' fears" does not dispute the farmers.
    """
    window = tokens[max(0, k - 6) : k]
    if strict:
        return rejecting or any(t.low in lx.REJECTING_VERBS for t in window)
    return rejecting or any(t.low in lx.ANSWER_VERBS or t.low in lx.REJECT_VERBS for t in window)


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
        if tok.low not in lx.BE_FORMS:
            continue
        v = k + 1
        while v < len(tokens) and tokens[v].low in lx.PASSIVE_ADVERBS:
            v += 1
        if v < len(tokens) and tokens[v].low in lx.PASSIVE_REPORT_VERBS:
            if v + 2 < len(tokens) and tokens[v + 1].low in ("at", "on", "in"):
                # "it was stated at NATO headquarters", "was reported on social networks and by local media".
                found.extend(_passive_venues(tokens, v))
                continue
            for m in range(v + 1, min(len(tokens) - 1, v + 9)):
                if tokens[m].low == "by":
                    j = _np_right(tokens, m + 1)
                    if j is not None:
                        found.append(_Found(m + 1, j, f"{tokens[v].text} … by", "speaker", priority=0))
                    break
    return found


def _passive_venues(tokens, v):
    """Sources in "was stated at NATO headquarters" or "was reported on social networks and by the press".

    After "at" an institution ("the ministry", "NATO headquarters") speaks; after "on"/"in" only the media
    do ("in the local press"), not a platform ("on social networks") or a place ("in Brussels"); after
    "by" the agent does. Conjoined phrases ("... and by X", "... and X") are read one by one.
    """
    found = []
    cue = tokens[v].text
    k = v + 1
    preposition = tokens[k].low
    while k < len(tokens):
        if tokens[k].low in ("at", "on", "in", "by"):
            preposition = tokens[k].low
            k += 1
        j = _np_right(tokens, k)
        if j is None:
            break
        j = _before_time(tokens, k, j)
        parts, start = [], k
        for m in range(k, j + 1):
            if m == j or tokens[m].low == "and":
                parts.append((start, m))
                start = m + 1
        for i, e in parts:
            if i < e and tokens[i].low in ("at", "on", "in", "by"):
                # "on social media and in the regional press": each part has its own preposition.
                preposition, i = tokens[i].low, i + 1
            if i < e and _valid_np(tokens, i, e) and _speaks_from(tokens, i, e, preposition):
                found.append(_Found(i, e, f"{cue} {preposition}", "speaker", priority=0))
        if j + 1 < len(tokens) and tokens[j].low == "and" and tokens[j + 1].low in ("at", "on", "in", "by"):
            k = j + 1
        else:
            break
    return found


def _speaks_from(tokens, i, j, preposition):
    """True when "{preposition} tokens[i:j]" after a passive report names who reported it."""
    head = head_noun(_span_text(tokens, i, j))
    if preposition == "by":
        return True
    if preposition == "at":
        return head in lx.INSTITUTION_NOUNS
    return head in lx.MEDIA_NOUNS and tokens[i].low not in lx.PLATFORM_WORDS


def _before_time(tokens, i, j):
    """Cut a phrase before a time expression: "the local media last weekend" -> "the local media"."""
    for m in range(i + 1, j):
        if tokens[m].low in lx.TIME_STARTS or tokens[m].is_cap and tokens[m].low in lx.TIME_WORDS:
            return m
    return j


def _contrast(tokens, found):
    """In "X called it a menace, but experts say ...", the first speaker's claim is the one rejected."""
    speakers = [f for f in found if f.role == "speaker"]
    for later in speakers:
        if later.i >= 2 and tokens[later.i - 1].low == "but" and tokens[later.i - 2].text == ",":
            for earlier in speakers:
                if earlier.j <= later.i - 2:
                    earlier.role = "disputed"
    return found


def _first_negation(tokens):
    """The index of the sentence's first negation ("not", "no", "never"), or its length when there is none.

    Token ``k`` follows a negated clause ("does not represent a threat, as claimed by") when this is
    below ``k``; computing it once keeps long inputs linear.
    """
    return next((k for k, t in enumerate(tokens) if t.low in lx.NEGATIONS), len(tokens))


def _rejecting(tokens):
    """True when the sentence rejects something ("baseless", "no threat", "not")."""
    return any(t.low in lx.NEGATIONS or t.low in lx.REJECTION_WORDS for t in tokens)


_FINDERS = (
    _find_headline,
    _find_quoted_as_saying,
    _find_subject_verb,
    _find_according_to,
    _find_as_x_claims,
    _find_claim_nouns,
    _find_passive_by,
    _find_participle,
)


def head_noun(source):
    """Return the lower-cased head word of a source phrase: "diplomats in Brussels" -> "diplomats".

    The head is the last word before a preposition, a comma, a relative pronoun or a relaying participle
    ("analysts quoted by the radio" -> "analysts"), after any possessor ("Kosovo's defence minister" ->
    "minister"); it is what an attribution is matched on.
    """
    words = [t.low for t in tokenize(source)]
    for k, word in enumerate(words):
        if k > 0 and (word in lx.HEAD_STOPS or word in lx.RELAY_PARTICIPLES or word == ","):
            words = words[:k]
            break
    if "'s" in words or "'" in words:
        last = max(k for k, w in enumerate(words) if w in ("'s", "'"))
        words = words[last + 1 :] or words[:last]
    words = [w for w in words if re.match(r"\w", w)]
    return words[-1] if words else ""


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


def resolve_article(per_sentence, sentences):
    """Resolve pronoun speakers and unattributed quotes across an article's sentences, in place.

    A pronoun speaker ("they argue") takes the nearest earlier non-pronoun speaker, and "he" or "she" the
    nearest one that may be a person (not "the ministry", not "the debris"); its ``source`` becomes
    that name, ``start``/``end`` still point at the pronoun, and ``resolved_from`` holds the pronoun. A
    sentence that is one quotation with no source of its own, right after a sentence that credited a
    speaker, continues that speaker's quote (``resolved_from: "quote"``). So does every sentence of a
    quotation that runs over several sentences and closes with its speaker ('“The army is ready. It
    will not be provoked,” the minister said.').

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
    last_speaker = last_person = None
    previous_had_speaker = False
    open_quote = []  # sentences of a quotation still waiting for its closing attribution
    for items, sentence in zip(per_sentence, sentences):
        for item in items:
            if item.pop("pronoun", False):
                # "He" and "she" stand for a person, never for "the ministry" or "the debris".
                antecedent = last_person if item["source"].lower() in ("he", "she") else last_speaker
                if antecedent is not None:
                    item["resolved_from"] = item["source"]
                    item["source"] = antecedent
                continue
            if item["role"] == "speaker":
                last_speaker = item["source"]
                if _is_person(item["source"]):
                    last_person = item["source"]
        if not items and previous_had_speaker and _is_whole_quote(sentence) and last_speaker is not None:
            items.append(_quote_item(last_speaker))
        open_quote = _carry_quote(open_quote, items, sentence)
        previous_had_speaker = any(item["role"] == "speaker" for item in items)
    return per_sentence


def _is_person(source):
    """True when a source phrase may name one person, whom "he" or "she" can stand for.

    A capitalised head is a name ("Minister Ada Benn") unless it names a body ("the Defence Ministry");
    a lower-case head must name a person ("the spokesman", "a ministry official").
    """
    head = head_noun(source)
    if head in lx.BODY_NOUNS or head in lx.INSTITUTION_NOUNS or head in lx.MEDIA_NOUNS:
        return False
    if any(t.low == head and t.is_cap for t in tokenize(source)):
        return True
    return _is_person_word(head)


def _quote_item(source):
    """An attribution for a sentence that belongs to ``source``'s quotation."""
    return {"source": source, "start": 0, "end": 0, "cue": "quote", "role": "speaker", "resolved_from": "quote"}


def _carry_quote(open_quote, items, sentence):
    """Track a quotation over sentences; return the sentences still waiting for its speaker.

    A sentence that opens a quotation without closing it starts the wait; sentences with no quotation
    mark continue it; the sentence that closes it and names a speaker after the closing mark credits
    every waiting sentence. A speaker found inside a continuing sentence ("we believe ...") is part of
    the quotation, so the quotation's speaker replaces it.
    """
    regions = quoted_regions(sentence)
    runs_on = bool(regions) and regions[-1][1] == len(sentence) and not _is_whole_quote(sentence)
    closes = bool(regions) and regions[0][0] == 0 and regions[0][1] < len(sentence)
    if open_quote and closes:
        speakers = [item for item in items if item["role"] == "speaker" and item["start"] >= regions[0][1]]
        if speakers:
            for waiting, inside in open_quote:
                if inside:
                    waiting[:] = [item for item in waiting if item["role"] != "speaker"]
                if not any(item["role"] == "speaker" for item in waiting):
                    waiting.append(_quote_item(speakers[0]["source"]))
        return [(items, False)] if runs_on and len(regions) > 1 else []
    if runs_on:
        return [(items, False)] if regions[-1][0] > 0 or not open_quote else [*open_quote, (items, True)]
    if open_quote and not any(ch in sentence for ch in '“”"'):
        return [*open_quote, (items, True)]
    return []


def _is_whole_quote(sentence):
    """True when the sentence is one quotation: “...”."""
    text = sentence.strip()
    return len(text) > 2 and text[0] in '“"' and text[-1] in '”"' and text.count("“") <= 1


def attribution_columns(sentence):
    """Return ``{"speaker": "A|B", "disputed": "C"}`` for one sentence: the shape of the gold columns, for batch output."""
    found = attribute(sentence)
    return {role: "|".join(a["source"] for a in found if a["role"] == role) for role in ("speaker", "disputed")}
