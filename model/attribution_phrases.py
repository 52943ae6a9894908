"""Noun phrases for the attribution rules: where a source phrase starts and ends, and its head noun."""

import re

from model import lexicon as lx
from model.attribution_tokens import PRONOUNS, tokenize

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
        if tok.low in lx.SUBORDINATORS and i < end:
            # "came hours after Orlik said that ...": the subject starts after "after" (_time_clause judges it).
            break
        # "an outraged Chavez said": an -ed word between the article and a name is an adjective, not a verb.
        adjective = (
            tok.low.endswith("ed") and i > 1 and tokens[i - 2].low in ("a", "an") and i < end and tokens[i].is_cap
        )
        if _looks_verbal(tok) and not adjective:
            return None
        if tok.low in lx.BOUNDARY_NOUNS and i - 1 > 0 and tokens[i - 2].low in lx.DETERMINERS:
            break
        if _is_gap_noun(tok) and i < end and tokens[i].is_cap:
            # "a claim Hollis called absurd", "an offer Merida said it would study": the noun is the
            # verb's object, and the source starts at the name.
            break
        if tok.low in lx.DETERMINERS and i - 1 > 0 and tokens[i - 2].low in lx.SUBORDINATORS:
            # "after a tribunal said": the subject opens after "after" (_time_clause judges it).
            i -= 1
            break
        if tok.low in lx.DETERMINERS and i - 1 > 0 and _is_content_word(tokens[i - 2]):
            if tokens[i - 2].low in lx.MEDIUM_NOUNS and tokens[0].low == "in" and i - 1 <= 5:
                # "In a statement the ministry said": an opening medium written without its comma.
                i -= 1
                break
            if tokens[i - 2].low == "ago" and i - 1 <= 4:
                # "Two days ago the army said": the opening time ends at "ago".
                i -= 1
                break
            if _is_time_noun(tokens[i - 2]) and _opening_time(tokens, i - 1):
                # "On Monday the ministry said", "Last week the army warned": an opening time, no comma.
                i -= 1
                break
            if i > 2 and tokens[i - 2].low.endswith("ing") and tokens[i - 3].low in lx.PARTICIPLE_PEOPLE:
                # "Senators backing the bill said": a participle describing people is part of their phrase.
                i -= 2
                continue
            if _is_gap_noun(tokens[i - 2]) or _names_its_object(tokens, i - 2, end):
                # "a plan the cabinet said it would back", "drills the Tarsk government called a provocation".
                i -= 1
                break
            if i == 2 and tokens[0].is_cap and tokens[0].low in lx.OPENING_ADVERBS:
                # "Earlier the Houthi group said": an opening adverb written without its comma.
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
    if i + 1 < end and len(tokens[i].text) > 2 and tokens[i].text.isupper() and tokens[i + 1].low == tokens[i].low:
        # "BEIJING Beijing on Monday denied": a dateline without its dash.
        i += 1
    ago = next((k for k in range(i, min(end - 1, i + 4)) if tokens[k].low == "ago"), None)
    if ago is not None:
        # "A month ago Bosnian intelligence officials said": the time is no part of the source.
        i = ago + 1
    if (
        i + 1 < end
        and i > 0
        and tokens[i - 1].low in ("on", "in")
        and _is_time_noun(tokens[i])
        and tokens[i + 1].is_cap
    ):
        # "On Wednesday Karst accused ...", "In June Valmar said": the opening day or month, written without
        # its comma, is no part of the name.
        i += 1
    if (
        i < end
        and tokens[i].low in PRONOUNS
        and i > 0
        and tokens[i - 1].low not in lx.PRONOUN_BOUNDARY
        and not _opening_time(tokens, i)
    ):
        # "a conflict it insists ...": a pronoun after a noun starts a relative clause, not a report; but
        # "On Monday they said" and "In the longer term they fear" open with a time.
        return None
    return i if i < end and _valid_np(tokens, i, end) else None


def _opening_time(tokens, i):
    """True when ``tokens[:i]`` is an opening time phrase: "On Monday", "In the longer term", "Last week"."""
    if i > 5 or not (tokens[0].low in lx.TIME_OPENERS or _is_time_noun(tokens[0])):
        return False
    return _is_time_noun(tokens[i - 1]) or tokens[i - 1].low in lx.TERM_NOUNS


def _np_right(tokens, start, stop_at_verbs=True):
    """Return the end of the noun phrase that starts at ``start``, or None when there is none."""
    j = start
    while j < len(tokens):
        tok = tokens[j]
        portfolio = tok.low == "without" and j + 1 < len(tokens) and tokens[j + 1].low == "portfolio"
        # "the Armed Conflict Location & Event Data Project": an ampersand inside a name.
        ampersand = (
            tok.text == "&" and j > start and tokens[j - 1].is_cap and j + 1 < len(tokens) and tokens[j + 1].is_cap
        )
        if (
            (tok.low in lx.NP_BOUNDARY or tok.low in lx.NP_RIGHT_STOPS)
            and not portfolio
            or not re.match(r"\w|'", tok.low)
            and not ampersand
        ):
            # "said Marek without saying when" ends at "without"; "Minister without portfolio X" does not.
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
        if j > start and tok.low in lx.REPORT_PARTICIPLES and not tok.is_cap:
            # "a claim made by its counterpart alleging a violation": the participle opens the claim.
            break
        if (
            tok.low == "in"
            and j > start
            and tokens[j - 1].is_cap
            and j + 2 < len(tokens)
            and tokens[j + 1].low in ("the", "a")
            and not tokens[j + 2].is_cap
        ):
            # "Captain Lind in the presence of the minister": a name is done; "officials in Tarsk" goes on.
            break
        if (
            tok.low == "in"
            and j > start
            and j + 2 < len(tokens)
            and tokens[j + 1].low in lx.DETERMINERS | lx.POSSESSIVES
            and tokens[j + 2].low in lx.MEDIUM_NOUNS
        ):
            # "said the ministry in a statement": where it was said, not who.
            break
        j += 1
    # ", said the minister yesterday", "according to the ministry last week": the time is no part of it.
    j = max(_time_start(tokens, j), start + 1) if j > start else j
    while j > start and tokens[j - 1].low in lx.NP_INNER | lx.DETERMINERS:
        j -= 1
    return j if j > start and _valid_np(tokens, start, j) else None


def _subject_after_report(tokens, end):
    """Return the start of "Valmar" in "said Valmar misstated", or None: a short phrase right after a reporting verb."""
    for i in range(end - 1, max(end - lx.MAX_NP_TOKENS, 0) - 1, -1):
        if tokens[i].low in lx.REPORTING_VERBS:
            return i + 1 if i + 1 < end and _valid_np(tokens, i + 1, end) else None
        if _looks_verbal(tokens[i]) or tokens[i].low in lx.PREPOSITIONS or not re.match(r"\w|'", tokens[i].text):
            # "accused the minister of having misrepresented": an object and its preposition, no subject.
            return None
    return None


def _names_its_object(tokens, k, end):
    """True for the "drills" of "drills the government called a provocation": a lower-case noun, then a
    naming verb at ``end`` whose object is that noun ("called" straight before "a", "an" or a quotation)."""
    if end + 1 >= len(tokens) or tokens[end].low not in lx.NAMED_AS_PAST or tokens[k].is_cap:
        return False
    if _looks_verbal(tokens[k]) or not _can_speak(tokens, k + 1, end):
        # "held a large display called 'Shield'": a verb and its object, which speaks no judgement.
        return False
    return re.match(r"[a-z]+$", tokens[k].text) is not None and tokens[end + 1].low in ("a", "an", '"', "“", "'", "‘")


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
        if end > 1 and tokens[end - 1].low == "times" and tokens[end - 2].low in lx.REPEAT_COUNTS:
            # "officials have several times accused": how often, not a subject.
            end -= 2
            continue
        if end > 1 and (tokens[end - 2].low, tokens[end - 1].low) == ("so", "far"):
            # "Finnish officials have so far played down": "far" is no negation here.
            end -= 2
            continue
        if end > 2 and tokens[end - 1].low in ("both", "all") and tokens[end - 2].is_cap:
            # "Vice-President Lind and General Marek both said": "both" closes the subject.
            end -= 1
            continue
        if end > 1 and tokens[end - 1].low == "since" and tokens[end - 2].low in ("has", "have", "had"):
            # "Venezuelan authorities have since said": "since" is an adverb here.
            end -= 1
            continue
        if (
            end > 3
            and tokens[end - 3].low == "for"
            and tokens[end - 2].low in lx.POSSESSIVES
            and tokens[end - 1].low == "part"
        ):
            # "Athens for its part rejects": the aside written without its commas.
            end -= 3
            continue
        if any(t.low in ("and", "but") for t in tokens[end:before]):
            return end
        end = _time_start(tokens, _medium_start(tokens, end))
        if end == before:
            return end


def _medium_start(tokens, end):
    """Where "in a statement (on its website)" ends the subject before a verb ("The Guard in a statement
    said"), or ``end`` when no such phrase stands there."""
    for k in range(end - 3, max(end - 10, 0), -1):
        if (
            tokens[k].low == "in"
            and tokens[k + 1].low in lx.MEDIUM_DETERMINERS
            and tokens[k + 2].low in lx.MEDIUM_NOUNS
            and re.match(r"\w", tokens[k - 1].text)
        ):
            rest = tokens[k + 3 : end]
            # Only the medium's own modifiers may follow it: "on its official website", "on Monday".
            if all(re.match(r"[\w']", t.text) and not _looks_verbal(t) for t in rest):
                return k
            return end
    return end


def _time_start(tokens, end):
    """Return where a time expression ending at ``end`` starts ("on Friday evening", "earlier this month"),
    or ``end`` when there is none.

    The expression opens with a preposition, "last"/"this"/"earlier" or a day word and holds a word for a
    time; a weekday or a month counts only with a capital ("in March", not "the march"), so "Officials in
    Tarsk" and "the ministry may" keep their words. Something must stand before it to be the subject.
    """
    k = end
    while (
        k > 0
        and end - k < 5
        # "on November 12", "on Nov. 12": a day after its month
        and (tokens[k - 1].low in lx.TIME_OPENERS or _is_time_noun(tokens[k - 1]) or _is_day_number(tokens, k - 1))
    ):
        k -= 1
    while k < end and not (
        tokens[k].low in lx.TIME_OPENERS or tokens[k].is_cap and tokens[k].low in lx.CAPITALISED_TIMES
    ):
        k += 1
    if k == 0 or k == end or not any(_is_time_noun(t) for t in tokens[k:end]):
        return end
    # "The Coast Guard (PCG) on Thursday said": a parenthesis may close the subject; "Ivo Marek, often
    # accused of stoking tensions, on Monday confirmed": so may an aside's comma.
    return k if re.match(r"\w|'|\)|,", tokens[k - 1].low) else end


def _past_time(tokens, m, word, limit=5, determiners=False, digits=True):
    """Return where ``word`` follows a short time phrase at ``m``, else ``m``.

    "quoted by the Herald on October 5 as" (``word`` "as", days and digits); "allegations made earlier in
    the day by" (``word`` "by", with ``determiners`` and no digits, up to six words).
    """
    k = m
    while (
        k < len(tokens)
        and k - m < limit
        and (
            tokens[k].low in lx.TIME_OPENERS
            or _is_time_noun(tokens[k])
            or digits
            and tokens[k].text.isdigit()
            or determiners
            and tokens[k].low in lx.DETERMINERS
        )
    ):
        k += 1
    return k if k > m and k < len(tokens) and tokens[k].low == word else m


def _is_day_number(tokens, i):
    """True for the "12" of "November 12" or "Nov. 12": a day right after a month with a capital."""
    tok = tokens[i]
    return len(tok.text) <= 2 and tok.text.isdigit() and i > 0 and _is_time_noun(tokens[i - 1]) and tokens[i - 1].is_cap


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
    """Return ``(i, j)`` for a sentence-initial subject ("Warsaw closed ...", "But the army put ..."), or None.

    A leading "But", "However," or "Meanwhile," is stepped over: the subject follows it.
    """
    i = 0
    if tokens and tokens[0].low in lx.LEADING_ADVERBS:
        i = 2 if len(tokens) > 1 and tokens[1].text == "," else 1
    end = None  # where the subject ends when an aside (", however,") stands before the verb
    for j in range(i, min(len(tokens), i + lx.MAX_NP_TOKENS + 3)):
        tok = tokens[j]
        # "Valmar's navy routinely holds ...": an "-ly" adverb after the subject opens the predicate.
        adverb_first = (
            j > i
            and end is None
            and not tok.is_cap
            and tok.low.endswith("ly")
            and _is_adverb(tok)
            and j + 1 < len(tokens)
            and re.match(r"[a-z]+$", tokens[j + 1].text) is not None
        )
        if j > i and (_looks_verbal(tok) or adverb_first):
            first = tokens[i]
            if j - 1 > i and tokens[j - 1].low in lx.PREVERB_ADVERBS:
                # "Iranian media first posted ...", "Moscow later said ...": the adverb is no part of the subject.
                j -= 1
            j = end or j
            # "The Japanese Defense Ministry on Friday released ...": the day is no part of the subject.
            timed = _time_start(tokens, j)
            j = timed if i < timed < j else j
            return (
                (i, j)
                if (first.is_cap or i > 0 and first.low in lx.DETERMINERS)
                and _valid_np(tokens, i, j)
                and not first.low.endswith("ing")
                # "In a statement released ...": a phrase after a preposition is no subject.
                and first.low not in lx.PREPOSITIONS
                else None
            )
        if end is not None and j < end + 3:
            continue
        if tok.text == "," and j + 2 < len(tokens) and tokens[j + 2].text == "," and _is_adverb(tokens[j + 1]):
            # "Opposition leader Martin Kask, however, questioned the cost."
            end = j
            continue
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
    if words in (["both"], ["each"]) and i > 0 and tokens[i - 1].low in ("which", "that"):
        # "Kashmir, which both claim": a territory claimed, not a source; "and both later said" speaks.
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
    if words[0] in ("neither", "none"):
        # "Neither side reported casualties", "None of the officials said": nobody is credited.
        return False
    if words[0].endswith("ing") and not tokens[i].is_cap and (j - i == 1 or set(words) & lx.PREPOSITIONS):
        # "raising fears", "providing insight into the talks": a participle clause is no source.
        return False
    if j - i == 1 and i == 0 and words[0] in lx.REJECTING_VERBS and words[0].endswith("ing"):
        # "Rebuffing reports of clashes, Valmar denied ...": the opening participle, not a name before "reports".
        return False
    return True


def _split_conjoined(tokens, i, j):
    """Split "a local imam and an Orthodox priest" into two spans; keep "the Metropolitanate of X and the Littoral".

    A list of names ("Seoul and Washington") stays one source, as the guidelines write it; a headline's
    two names joined by a comma alone ("Moscow, Kyiv deny ...") are two.
    """
    if i == 0 and j == 3 and tokens[1].text == "," and tokens[0].is_cap and tokens[2].is_cap:
        return [(0, 1), (2, 3)]
    if any(t.text == "," for t in tokens[i:j]):
        # "The army's office, the Tarsk government, and the militia": bodies listed with "the", one each.
        items, begin = [], i
        for k in range(i, j + 1):
            if k == j or tokens[k].text == ",":
                a = begin + (begin < k and tokens[begin].low == "and")
                items.append((a, k))
                begin = k + 1
        if len(items) > 1 and all(a < b and tokens[a].low in ("the", "a", "an") for a, b in items[1:]):
            return items
    for k in range(i + 1, j - 1):
        if tokens[k].low == "and" and tokens[k + 1].low in ("a", "an", "some", "many", "several"):
            return [(i, k), (k + 1, j)]
    return [(i, j)]


def _is_name_list(tokens, i, j):
    """True when ``tokens[i:j]`` lists one- or two-word names with commas and one "and": "Oslo, Riga and Tallinn"."""
    items, begin = [], i
    for k in range(i, j + 1):
        if k == j or tokens[k].text == "," or tokens[k].low == "and":
            if not (k == begin and tokens[k].low == "and" and k > i and tokens[k - 1].text == ","):
                # ", and" (a serial comma) is one separator.
                items.append((begin, k))
            begin = k + 1
    if len(items) < 2 or sum(tokens[k].low == "and" for k in range(i, j)) != 1:
        return False
    for n, (a, b) in enumerate(items):
        words = tokens[a + 1 : b] if a < b and tokens[a].low == "the" else tokens[a:b]
        if n == len(items) - 1 and 0 < len(words) <= 4 and words[-1].low in lx.LIST_TAIL_NOUNS:
            # "France, Canada and 13 European nations": a group closes the list.
            continue
        if not words or len(words) > 2 or not all(t.is_cap and t.low not in lx.NP_INNER for t in words):
            return False
    return True


def _span_text(tokens, i, j):
    """The words of ``tokens[i:j]`` joined by spaces: enough to read a phrase's head noun."""
    return " ".join(t.text for t in tokens[i:j])


def _is_adverb(tok):
    """Adverbs that may sit between a subject and its verb ("has repeatedly said")."""
    # A capitalised "-ly" word is a name ("the National Assembly said"), not an adverb.
    return (
        tok.low in lx.LEADING_ADVERBS
        or tok.low in lx.PREVERB_ADVERBS
        or (tok.low.endswith("ly") and not tok.is_cap and tok.low not in lx.NOT_ADVERBS)
    )


def head_noun(source):
    """Return the lower-cased head word of a source phrase: "diplomats in Brussels" -> "diplomats".

    The head is the last word before a preposition, a comma, a relative pronoun or a relaying participle
    ("analysts quoted by the radio" -> "analysts"), after any possessor ("Kosovo's defence minister" ->
    "minister"); it is what an attribution is matched on.
    """
    words = [t.low for t in tokenize(source)]
    for k, word in enumerate(words):
        # "lawmakers backing the budget" -> "lawmakers": a participle after people starts what describes them.
        described = k > 0 and word.endswith("ing") and words[k - 1] in lx.PARTICIPLE_PEOPLE
        if k > 0 and (word in lx.HEAD_STOPS or word in lx.RELAY_PARTICIPLES or word == "," or described):
            words = words[:k]
            break
    if "'s" in words or "'" in words:
        last = max(k for k, w in enumerate(words) if w in ("'s", "'"))
        words = words[last + 1 :] or words[:last]
    words = [w for w in words if re.match(r"\w", w)]
    return words[-1] if words else ""
