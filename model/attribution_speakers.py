"""Speaker patterns: "X said", ", said X", "quoted as saying" and participles (verbs: attribution_verbs; headlines: attribution_headlines; participles: attribution_participles)."""

import re

from model import lexicon as lx
from model.attribution_disputed import _issued_by
from model.attribution_headlines import _headline_second_verb, _headline_subject
from model.attribution_phrases import (
    _can_speak,
    _is_adverb,
    _is_as_complement,
    _is_day_number,
    _is_name_list,
    _is_time_noun,
    _looks_verbal,
    _np_left,
    _np_right,
    _past_time,
    _sentence_subject,
    _skip_to_subject,
    _span_text,
    _split_conjoined,
    _subject_after_report,
    _time_start,
    _valid_np,
    head_noun,
)
from model.attribution_tokens import PRONOUNS, REFUSED, _Found, is_name_word
from model.attribution_verbs import (
    _adds_a_thing,
    _cue_word,
    _has_verb_at,
    _introduces_claim,
    _is_reporting_verb,
    _passive,
    _used_to,
    _withholds_details,
)


def _subject_after_opener(tokens, limit):
    """Return ``(i, j)`` for the subject after an opening phrase and its comma, before ``limit``; or None.

    "Without claiming the attack, the army published what it said were ...": "it" is the army.
    """
    if not tokens or tokens[0].low not in lx.PREPOSITIONS and not tokens[0].low.endswith("ing"):
        return None
    comma = next((k for k in range(2, min(limit, lx.MAX_NP_TOKENS + 4)) if tokens[k].text == ","), None)
    if comma is None:
        return None
    i = comma + 1
    for j in range(i + 1, min(limit, i + lx.MAX_NP_TOKENS + 1)):
        if _looks_verbal(tokens[j]):
            named = tokens[i].is_cap or tokens[i].low in lx.DETERMINERS
            return (i, j) if named and _valid_np(tokens, i, j) else None
        if not re.match(r"\w|'", tokens[j].low):
            return None
    return None


# --- finders: each returns a list of _Found -----------------------------------------------------------


def _find_subject_verb(tokens):
    """ "X said (that) ...", ", X said.", "in what X called", and inverted ", said X" / "” said X"."""
    found = []
    for v, tok in enumerate(tokens):
        withheld = _withholds_details(tokens, v)
        if withheld or _is_reporting_verb(tokens, v):
            cue = _cue_word(tokens, v)
            # "X used his speech to say": the subject is the one of "used".
            used = _used_to(tokens, v)
            end = _skip_to_subject(tokens, v if used is None else used)
            if (
                end > 1
                and tokens[end - 1].text in '“"'
                and tokens[end - 1].end == tokens[end].start
                # Not inside a clause another verb reports: 'saying the bloc "calls on all sides"'.
                and not any(t.low in lx.REPORTING_VERBS or t.low in lx.REPORT_PARTICIPLES for t in tokens[: end - 1])
            ):
                # 'The government "firmly rejects these accusations"': the report quotes the subject's own
                # words from the verb on; the subject stands before the opening mark.
                end -= 1
            if tok.low in lx.PROGRESSIVE_REPORTING and end > 0 and tokens[end - 1].low in lx.BE_FORMS:
                # "Valmar officials are now warning": the subject stands before the "be".
                end = _skip_to_subject(tokens, end - 1)
            if _reports_a_refusal(tokens, v):
                # "Hamada said he could not confirm whether ...": the report is a refusal to say.
                continue
            bare = end  # where the subject would end with nothing between it and the verb
            # "so far" is no negation ("have so far played down").
            negated = any(
                t.low in lx.NEGATIONS and not (k > 0 and tokens[k - 1].low == "so")
                for k, t in enumerate(tokens[end:v], end)
            )
            if negated != withheld and tok.low not in lx.AS_VERBS:
                # "The ministry did not say how many": a refusal to say credits no claim; but "the
                # general did not name the units" reports what the general said and left out
                # (_find_refusal keeps the one who refused aside, for a later pronoun).
                continue
            shared = end < v and tokens[end].low in ("and", "but")
            # "Tarsk strikes targets for a third day, denies deploying troops": a headline's second verb after
            # a comma shares its subject, as after "and".
            headline = _headline_second_verb(tokens, end, v)
            shared = shared or headline
            start = None if shared else _np_left(tokens, end)
            if (
                start is not None
                and start > 1
                and tokens[start].low in lx.ASIDE_OPENERS
                and tokens[start - 1].text == ","
            ):
                # "The agency, quoting intelligence sources had reported": the sources are relayed; "The
                # nations, including Canada and France, said": the aside names examples. The subject
                # stands before the aside (found below).
                start = None
            aside = False
            if start is not None:
                start, aside = _time_clause(tokens, start, end, claim=_introduces_claim(tokens, v))
                if start is None:
                    # ", a week after Tarsk officials warned that ..." or "The protest comes after the
                    # minister announced ...": the source of an earlier event, not of this sentence's claim.
                    continue
            if start is not None and _is_as_complement(tokens, start):
                # "dismissed the claims as groundless and said": "groundless" is no subject; the first
                # verb's subject, credited there, also said it.
                continue
            if headline:
                # The headline's subject: the words before its first verb ("Tarsk strikes targets, denies").
                start, end = _headline_subject(tokens, v - 1) if _introduces_claim(tokens, v) else (None, end)
            elif shared:
                # "The envoy declined the invitation and said ...": the words before "and" are the first
                # verb's object ("in the south and said" credits no "south"); the verb shares the
                # sentence's subject, credited when it plainly reports a claim.
                start, end = _shared_subject(tokens, end) if _introduces_claim(tokens, v) else (None, end)
            elif start is None:
                start, end = _subject_behind_aside(tokens, end)
                if start is not None and tokens[start - 1].low in lx.TIME_CLAUSE_OPENERS:
                    # "When the government, which ..., announced": an earlier event again.
                    continue
            if start is None and not shared:
                # "A statement issued by the navy said ...": the issuer speaks through its document.
                start = _issuer_subject(tokens, end)
            if start is None and end == bare and end > 0 and re.match(r"\w", tokens[end - 1].text):
                start = _clause_after_and(tokens, end)
            if start is None and tok.low in lx.MISREPRESENT_VERBS:
                # "The ministry said Valmar misstated the figures": the judged account's owner sits in
                # the reported clause, where a subject follows the reporting verb with no "that".
                start = _subject_after_report(tokens, end)
            relative = False
            if (
                start is None
                and tok.low in lx.AS_VERBS | lx.LABEL_VERBS
                and not (v + 1 < len(tokens) and tokens[v + 1].low in lx.REFLEXIVES)
                and not _closes_before_main_verb(tokens, v)
            ):
                # "which regards itself as the guardian" describes the antecedent; it reports no claim.
                # "..., which calls it a danger": the judgement is the clause's claim; other verbs
                # after "which" ("which denied involvement") add a side remark, not the sentence's source.
                start, end = _relative_antecedent(tokens, end)
            elif start is None and end > 0 and tokens[end - 1].low == "who":
                # "..., who repeated that ...": the person before ", who" reports it; a side remark
                # beside the sentence's own speaker ("said X, a spokesman, who noted"), so only a fallback.
                start, end = _relative_antecedent(
                    tokens, end, one_preposition=True, restrictive=_introduces_claim(tokens, v)
                )
                relative = start is not None
            elif start is None and end > 0 and tokens[end - 1].low == "which" and _introduces_claim(tokens, v):
                # "..., the classified document, which alleged that ...": a document speaks as a person does.
                start, end = _relative_antecedent(tokens, end)
                if start is not None and head_noun(_span_text(tokens, start, end)) not in lx.DOCUMENT_HEADS:
                    # A name before ", which said" is a side remark's subject: the corpus and the page annotators
                    # credit "Russia, which accused Podgorica of ..." to nobody. A document speaks.
                    start, end = None, v
                relative = start is not None
            if start is None and _gap_pronoun(tokens, end, v):
                # "Turkish forces shot down a jet they say was violating their airspace": the pronoun of a
                # relative clause with no "that" stands for the sentence's subject, as in "what it called".
                subject = _sentence_subject(tokens)
                if (
                    subject is not None
                    and subject[1] < end - 2
                    and (_can_speak(tokens, *subject) or head_noun(_span_text(tokens, *subject)) in lx.BODY_NOUNS)
                    and not any(t.low in lx.SUBORDINATORS for t in tokens[subject[0] : subject[1]])
                ):
                    start, end = subject
            if start is not None and end - start == 1 and tokens[start].low in PRONOUNS and start > 0:
                if tokens[start - 1].low in ("what", "which"):
                    # "Manila summoned the ambassador over what it called ...": "it" is the sentence's subject.
                    if _after_time_opener(tokens, start - 1):
                        # "... came hours after Valmar warned of what it said was a drone": an earlier event's.
                        continue
                    subject = _sentence_subject(tokens) or _subject_after_opener(tokens, start - 1)
                    if subject is not None:
                        start, end = subject
            head = head_noun(_span_text(tokens, start, end)) if start is not None else ""
            if head in lx.CLAIM_NOUNS and tok.low in lx.DENYING_VERBS or head in lx.ADJECTIVE_HEADS:
                # The headline "Claims rejected": a claim denies nothing; it is what was denied. In
                # "despite recent reports by X" or "any reports", "reports" is a noun after an adjective.
                start = None
            elif head in lx.EVENT_NOUNS or tok.low in lx.RAISE_VERBS and head not in lx.PEOPLE_NOUNS:
                # "The contract underlines Madrid's ambitions": an event or a deal shows something, it says nothing;
                # "critics raised concerns" reports them, "the build-up raised fears" does not.
                start = None
            elif (tok.low in lx.SPEAKER_ONLY_VERBS or _adds_a_thing(tokens, v)) and not _can_speak(tokens, start, end):
                # "The debris suggested that the drone was old": evidence, not a speaker; "membership
                # adds a layer" adds a thing, not a remark.
                start = None
            if start is not None and not _passive(tokens, end):
                start, end = _name_before_title(tokens, start, end)
                start = _name_list_start(tokens, start, end)
                start = _phrase_list_start(tokens, start, end)
                # "..., Ankara sees a threat": the verb's object is the claim, so it closes nothing.
                final = _is_final(tokens, start, v) and tok.low not in lx.SEE_VERBS
                start = _object_gap_subject(tokens, start, end, v)
                # ", Reuters reported." or ", media reports said." relays what the sentence's speaker said.
                relayed = final and (tok.low in lx.RELAY_VERBS or tokens[end - 1].low in lx.RELAY_NOUNS)
                # "Ostrava falsely accuses Tarsk ...": the report judges the claim false, so its owner is disputed.
                # "Ostrava misrepresented the drills": the report calls the account untrue, so likewise.
                judged = (
                    tok.low in lx.MISREPRESENT_VERBS
                    or any(t.low in lx.FALSELY_ADVERBS for t in tokens[end:v])
                    or _unsupported(tokens, v)
                )
                role = "disputed" if judged else "speaker"
                for i, j in _split_conjoined(tokens, start, end):
                    found.append(
                        _Found(
                            i,
                            j,
                            cue,
                            role,
                            priority=2 if relative or aside else 1,
                            final=final and not relayed,
                            group=start,
                            secondary=relayed,
                            earlier=aside,
                        )
                    )
                continue
        if tok.low in lx.READ_VERBS:
            found.extend(_read_document(tokens, v, _cue_word(tokens, v)))
            continue
        quotes = "”\"'’"
        after_quote = v > 1 and (
            tokens[v - 1].text in quotes or tokens[v - 1].text == "," and tokens[v - 2].text in quotes
        )
        invertible = tok.low in lx.INVERTIBLE_VERBS or after_quote and tok.low in lx.QUOTE_INVERTIBLE_VERBS
        # ", revealed Petrovska." closes the sentence with its speaker; ", revealed satellite images" does
        # not, so these verbs invert after a bare comma only before a name that ends the sentence.
        closing = not invertible and v > 0 and tokens[v - 1].text == "," and tok.low in lx.CLOSING_INVERTIBLE_VERBS
        # "... will last – said Minister Lind.": a dash closes an unquoted statement as a quote would.
        # A dateline's dash ("VUKOVAR — Fears were voiced") opens a sentence and closes nothing.
        dash_closes = v > 2 and tokens[v - 1].text in lx.DASHES and tok.low in lx.INVERTIBLE_VERBS and not tok.is_cap
        if (
            v > 0
            and (tokens[v - 1].text in QUOTE_CLOSERS or dash_closes)
            and (invertible or closing)
            and v + 1 < len(tokens)
        ):
            if _plural_possessive(tokens, v - 1):
                # "the mercenaries’ reported arrival": an apostrophe, not a closing quotation mark.
                continue
            if tokens[v - 1].text == "," and _claim_after_inverted_verb(tokens, v):
                # "China denies stand-off, says troops on its side": a headline's second verb and its claim.
                continue
            j = _np_right(tokens, v + 1)
            if closing and not (
                j is not None
                and (j == len(tokens) or j == len(tokens) - 1 and tokens[j].text in ".!")
                and all(is_name_word(t) for t in tokens[v + 1 : j])
                and _can_speak(tokens, v + 1, j)
            ):
                continue
            quoted_words = j is not None and any(t.text in "'‘’\"“”" for t in tokens[v + 1 : j])
            if (
                tok.is_cap
                and tokens[v - 1].text == ","
                and (quoted_words or j is not None and j < len(tokens) and tokens[j].text != ".")
            ):
                # "Tarsk Denies Deployment, Says Only 'Trainers' Present": in a title-case headline the verb
                # after a comma shares the headline's subject unless a name closes the line ("..., Says Minister");
                # quoted words ("Says Only 'Trainers' Present") are the claim, not a name.
                continue
            if (
                j is not None
                and tokens[v + 1].low not in lx.NOT_SOURCES | lx.PREPOSITIONS
                and not _has_verb_at(tokens, j)
            ):
                i, j = _name_after_inverted_title(tokens, v + 1, j)
                found.append(_Found(i, j, _cue_word(tokens, v), "speaker", final=True))
    return found


def _claim_after_inverted_verb(tokens, v):
    """True for ", says troops on its side of border": a bare lower-case noun after the verb, with more
    words after it, is the verb's claim; ", said local media." and ", said officials in Tarsk" close it."""
    first = tokens[v + 1]
    if first.is_cap or first.low in lx.DETERMINERS | lx.POSSESSIVES | lx.PEOPLE_NOUNS | {"one", "sources"}:
        return False
    j = _np_right(tokens, v + 1)
    if j is None:
        return False
    return j < len(tokens) and re.match(r"\w", tokens[j].text) is not None and not _is_time_noun(tokens[j])


def _plural_possessive(tokens, k):
    """True for the apostrophe of "mercenaries’" at ``k``: after an "s" with no single quotation opened before."""
    if tokens[k].text not in "'’" or k == 0 or not tokens[k - 1].low.endswith("s"):
        return False
    if tokens[k - 1].end != tokens[k].start:
        return False
    # Looked for within the clause's reach only, so a long run-on text stays linear.
    first = max(0, k - 2 * lx.MAX_NP_TOKENS)
    return not any(tokens[i].text in "'‘" and (i == 0 or tokens[i - 1].end < tokens[i].start) for i in range(first, k))


def _read_document(tokens, v, cue):
    """A document that is read out speaks: '"...," read a KFOR statement.', '"...," the statement (further)
    read.', 'The letter reads: "..."' or 'The article read, "...'; not "a statement read on television"."""
    documents = lx.STATING_DOCUMENTS | lx.ISSUED_DOCUMENTS
    if v > 0 and tokens[v - 1].text in QUOTE_CLOSERS and v + 1 < len(tokens):
        j = _np_right(tokens, v + 1)
        return (
            [_Found(v + 1, j, cue, "speaker", final=True)] if j is not None and tokens[j - 1].low in documents else []
        )
    end = v
    while end > 0 and _is_adverb(tokens[end - 1]):
        end -= 1  # "the statement further read"
    at_end = v + 2 >= len(tokens)
    opens_quote = (
        v + 1 < len(tokens)
        and tokens[v + 1].text in (":", ",")
        and (v + 2 >= len(tokens) or tokens[v + 2].text in "\"“'‘")
    )
    if (at_end or opens_quote) and end > 0:
        # The document, named before its verb: at the sentence's end after a quotation, or opening one.
        i = _np_left(tokens, end)
        after_quote = i is not None and i > 0 and tokens[i - 1].text in QUOTE_CLOSERS
        if i is not None and (after_quote or opens_quote) and any(t.low in documents for t in tokens[i:end]):
            return [_Found(i, end, cue, "speaker", final=True)]
    return []


def _name_after_inverted_title(tokens, i, j):
    """For ", said the head of the committee, Ivo Lind." the name after the title, not the title.

    A description ("the head of ...") or a title ("Fleet Commander") before the comma gives way to the
    name after it; ", said Ivo Lind, the defence minister." keeps the name before the comma.
    """
    if j + 1 >= len(tokens) or tokens[j].text != ",":
        return i, j
    end = _np_right(tokens, j + 1)
    closed = end is not None and (end == len(tokens) or tokens[end].text == "." and end + 1 == len(tokens))
    if not closed and not (end is not None and end < len(tokens) and tokens[end].text == ","):
        # The name's closing comma may go on: ", said the defence minister, Ivo Lind, before parliament."
        return i, j
    name = tokens[j + 1 : end]
    at = next((k for k in range(j - 1, i, -1) if not tokens[k].is_cap), None)
    place = len(name) == 1 or name[-1].low in lx.PLACE_HEADS
    if place and at is not None and tokens[at].low == "in" and at + 1 < j:
        # ", said the coast guard command in Dorno, Lake Province.": the words after the comma name where.
        return i, j
    described = tokens[i].low in lx.DETERMINERS or tokens[j - 1].low in lx.TITLE_NOUNS
    if described and all(t.is_cap or t.text == "." for t in name) and name[-1].low not in lx.TITLE_NOUNS:
        return j + 1, end
    return i, j


def _closes_before_main_verb(tokens, v):
    """True for "Tarsk, which sees the islands as its own, moved ...": the relative clause ends before the main verb.

    Such a clause describes the subject on the way to the sentence's own claim; "..., which sees it as a
    threat." at the end is the sentence's claim.
    """
    for k in range(v + 1, min(len(tokens) - 1, v + lx.MAX_CLAUSE_TOKENS)):
        if tokens[k].text == ",":
            after = tokens[k + 1]
            return not after.is_cap and (after.low in lx.FINITE_AUXILIARIES or _looks_verbal(after))
    return False


def _time_clause(tokens, start, end, claim=False):
    """Where the subject ``tokens[start:end]`` starts, and whether it sits in an "after"/"before"/"until" clause.

    Returns ``(start, False)`` outside such a clause. ", after Merida announced new drills" at the end
    of a sentence is an aside: ``(start of Merida, True)``, a source only when the sentence has no
    other. "comes after X announced new drills" and "that after X rejected ..." tell an earlier event:
    ``(None, False)``; but when the verb plainly reports a claim (``claim``: "came hours after Tarsk said
    that ...", "shortly after local media reported that ..."), the claim is the news the sentence tells,
    and its speaker is an aside too.
    """
    if start > 0 and tokens[start - 1].low in lx.TIME_CLAUSE_OPENERS:
        k = start - 1
    else:
        k = next((k for k in range(start + 1, end) if tokens[k].low in lx.SUBORDINATORS), None)
        if k is None:
            return start, False
    if k > 1 and tokens[k - 1].text == "," and tokens[k].low == "when" and _is_time_noun(tokens[k - 2]):
        # "since 2021, when Serbia said it wanted jets": the clause tells what happened at that time.
        return None, False
    if k > 0 and tokens[k - 1].text == ",":
        return k + 1, True
    if claim and tokens[k].low != "when":
        return k + 1, True
    return None, False


def _unsupported(tokens, v):
    """True for "X claimed, without evidence, that": the report says the claim after verb ``v`` lacks support."""
    window = [t.low for t in tokens[v + 1 : v + 6]]
    return any(
        w in lx.UNSUPPORTED_OPENERS and any(x in lx.UNSUPPORTED_NOUNS for x in window[k + 1 : k + 4])
        for k, w in enumerate(window)
    )


def _name_before_title(tokens, start, end):
    """For "Lt. Col. Maren Tamm, head of the logistics branch said": the name, whose title's closing comma is missing.

    A phrase that opens with a title ("head of ...", "Commander of ...", "deputy chief ...") right after
    a comma describes the name before the comma, which opens the sentence or follows a quote.
    Returns ``(start, end)``, unchanged when the form does not apply.
    """
    if start < 2 or tokens[start - 1].text != ",":
        return start, end
    first = tokens[start]
    title = (
        first.low in lx.TITLE_NOUNS
        or first.low in lx.TITLE_PREFIXES
        and start + 1 < end
        and tokens[start + 1].low in lx.TITLE_NOUNS
    )
    if not title:
        return start, end
    name_start = _np_left(tokens, start - 1)
    if name_start is None or not all(t.is_cap or t.text == "." for t in tokens[name_start : start - 1]):
        return start, end
    if name_start > 0 and tokens[name_start - 1].text not in ',”"’':
        return start, end
    return name_start, start - 1


def _name_list_start(tokens, start, end):
    """For "Oslo, Helsinki and Tallinn announced": where a list of names that opens the sentence starts.

    The phrase before the verb ("Helsinki and Tallinn") stops at a comma; the names before it belong to
    the same subject when the list runs back to the sentence's start.
    """
    if (
        start == 2
        and end == 3
        and tokens[1].text == ","
        and tokens[0].is_cap
        and tokens[0].low not in lx.LEADING_ADVERBS
        and tokens[-1].text not in ".!?"
        and not tokens[0].text.isupper()
    ):
        # The headline "Moscow, Kyiv deny reports of build-up": two names joined by a comma alone.
        return 0
    if start < 2 or tokens[start - 1].text != "," or not any(t.low == "and" for t in tokens[start:end]):
        return start
    k = start - 1
    while k > 0 and tokens[k].text == ",":
        first = k - 1
        while first > 0 and tokens[first - 1].is_cap and k - first < 2:
            first -= 1
        if not tokens[first].is_cap:
            return start
        if first == 0:
            if tokens[0].low in lx.LEADING_ADVERBS and len(tokens) > 2 and tokens[1].text == ",":
                # "Meanwhile, Zagreb, Tirana and Pristina say": the adverb is no name.
                return 2 if _is_name_list(tokens, 2, end) else start
            return 0 if _is_name_list(tokens, 0, end) else start
        if tokens[first - 1].low == "in":
            # "officials in Oslo, Riga and Vilnius insist": the phrase that ends in the list's first name.
            opening = _np_left(tokens, k)
            if opening is None or opening >= first - 1 or tokens[first].low in lx.TIME_WORDS:
                return start
            return opening if _can_speak(tokens, opening, first - 1) else start
        k = first - 1
    return start


def _phrase_list_start(tokens, start, end):
    """For "The army's office, the Tarsk government, and the militia denied": the list opening the sentence.

    Every item between commas must be a phrase that can speak, and the list must run back to the start.
    """
    # Only a list closed by "and" whose items each open with "the": "The declaration, the governments said"
    # is a fronted object and its speaker.
    if start < 3 or tokens[start - 1].low != "and" or tokens[start].low != "the":
        return start
    k = start - 1 - (tokens[start - 2].text == ",")
    while k > 0 and tokens[k].text == ",":
        item = _np_left(tokens, k)
        if item is None or tokens[item].low != "the" or not _can_speak(tokens, item, k):
            return start
        if item == 0:
            return 0
        k = item - 1
    return start


def _issuer_subject(tokens, end):
    """Where "the navy" starts in "A statement issued by the navy said", with ``end`` after it; else None."""
    for by in range(end - 2, max(1, end - lx.MAX_NP_TOKENS - 2), -1):
        if tokens[by].low != "by":
            continue
        document = tokens[by - 2].low if by >= 2 else ""
        if document in lx.STATING_DOCUMENTS or document.removesuffix("s") in lx.STATING_DOCUMENTS:
            return by + 1 if _issued_by(tokens, by - 1, lx.ISSUED_PARTICIPLES) == end else None
        return None
    return None


def _reports_a_refusal(tokens, v):
    """True for "said he could not confirm" or "says it would not comment": a refusal, reported."""
    if tokens[v].low not in ("said", "says", "told", "tells"):
        return False
    k = v + 1
    if tokens[v].low in ("told", "tells"):
        # "had told Reuters he could neither confirm nor deny": past whom it was told.
        k = next((m for m in range(k + 1, min(k + 5, len(tokens))) if tokens[m].low in PRONOUNS), k)
    if k < len(tokens) and tokens[k].low == "that":
        k += 1
    words = [t.low for t in tokens[k : k + 5] if t.low != "immediately"]
    if len(words) >= 4 and words[0] in PRONOUNS and words[1] in ("had", "has", "have") and words[2] == "no":
        # "said it had no comment": nothing is said ("said it had no information about ..." reports).
        return words[3] in lx.NO_COMMENT_NOUNS
    return (
        len(words) >= 4
        and words[0] in PRONOUNS
        and words[1] in ("could", "would", "can", "did", "does")
        and words[2] in ("not", "n't", "neither")
        and words[3] in lx.REFUSED_SPEECH
    )


def _subject_behind_aside(tokens, end):
    """Return ``(start, end)`` of a subject that an aside separates from its verb, or ``(None, end)``.

    Tried in turn: an apposition between marks, a relative clause ("who asked not to be named"), an
    adverbial clause whose closing comma is missing, and a relaying participle ("quoted by the radio").
    """
    start = None
    if end > 0 and tokens[end - 1].text in APPOSITION_MARKS:
        start, end = _skip_appositive(tokens, end - 1)
    for skip in (_skip_relative_clause, _skip_unclosed_adverbial, _skip_relay_participle):
        if start is None:
            start, end = skip(tokens, end)
    return start, end


def _shared_subject(tokens, end):
    """Return the sentence's subject as ``(start, end)`` for a verb after "and" at ``end``, or ``(None, end)``."""
    subject = _sentence_subject(tokens)
    if subject is None or subject[1] >= end:
        return None, end
    start, stop = subject
    while stop - start > 1 and _is_adverb(tokens[stop - 1]):
        # "Abu Dhabi originally agreed ... but later said": the adverb is no part of it.
        stop -= 1
    return start, stop


def _find_in_view(tokens):
    """The owner of a view: "In Rask's view, ...", "In the view of the ministry, ...", "in the words of one
    official" (anywhere in the sentence) or "The party's position is that ..."."""
    found = []
    for k in range(len(tokens) - 3):
        if (tokens[k].low, tokens[k + 1].low, tokens[k + 2].low, tokens[k + 3].low) == ("in", "the", "words", "of"):
            # "in the words of one official": the official's wording.
            j = _np_right(tokens, k + 4)
            if j is not None:
                found.append(_Found(k + 4, j, "in the words of", "speaker", priority=0))
    for k in range(2, len(tokens) - 2):
        if (
            tokens[k].low in lx.POSITION_NOUNS
            and tokens[k - 1].low in ("'s", "'")
            and tokens[k + 1].low in lx.BE_FORMS
            and tokens[k + 2].low == "that"
        ):
            start = _np_left(tokens, k - 1)
            if start is not None and _can_speak(tokens, start, k - 1):
                return [*found, _Found(start, k - 1, tokens[k].text, "speaker")]
    if len(tokens) < 5 or tokens[0].low != "in":
        return found
    comma = next((k for k in range(2, min(len(tokens), lx.MAX_NP_TOKENS + 3)) if tokens[k].text == ","), None)
    if comma is None:
        return found
    if comma == 3 and tokens[2].low in lx.VIEW_NOUNS and tokens[1].low in ("his", "her", "its", "their"):
        # "In his opinion, ...": the pronoun stands for someone named before; "In our view" is the writer's.
        return [*found, _Found(1, 2, tokens[2].text, "speaker")]
    if tokens[comma - 1].low in lx.VIEW_NOUNS and tokens[comma - 2].low in ("'s", "'") and comma > 3:
        start, end = 1, comma - 2
    elif tokens[1].low == "the" and tokens[2].low in lx.VIEW_NOUNS and tokens[3].low == "of":
        start, end = 4, comma
    else:
        return found
    if not _valid_np(tokens, start, end) or not _can_speak(tokens, start, end):
        return found
    return [*found, _Found(start, end, tokens[comma - 1].text, "speaker")]


def _find_refusal(tokens):
    """ "The spokeswoman could not confirm ...", "The ministry declined to comment": who refused to speak.

    They are no source (role ``REFUSED``, which attribute() keeps out of its answer), but a "she" or
    "it" in the next sentence may stand for them.
    """
    found = []
    for k, tok in enumerate(tokens):
        refusing = tok.low in lx.REFUSING_VERBS and k + 2 < len(tokens) and tokens[k + 1].low == "to"
        refusing = refusing and tokens[k + 2].low in lx.REFUSED_SPEECH
        negated = tok.low in lx.REFUSED_SPEECH and k > 0 and tokens[k - 1].low in ("not", "never")
        silent = _silent(tokens, k)
        if not (refusing or negated or silent):
            continue
        end = k if refusing else k - silent if silent else k - 1
        while end > 0 and tokens[end - 1].low in lx.FINITE_AUXILIARIES | lx.AUXILIARIES:
            # "could not confirm", "has declined to comment".
            end -= 1
        start = _np_left(tokens, end)
        if start is None:
            # "The deputy minister, Ivo Tarle, declined to comment".
            start, end = _subject_behind_aside(tokens, end)
        if start is not None and end - start <= lx.MAX_NP_TOKENS and tokens[start].low not in PRONOUNS:
            found.append(_Found(start, end, tok.text, REFUSED))
    return found


def _silent(tokens, k):
    """For "did not (immediately) respond to a request for comment", how many words "not ..." spans before ``k``; else 0."""
    if tokens[k].low not in lx.SILENT_VERBS or not any(t.low == "comment" for t in tokens[k + 1 : k + 8]):
        return 0
    if k > 0 and tokens[k - 1].low == "not":
        return 1
    return 2 if k > 1 and tokens[k - 2].low == "not" and _is_adverb(tokens[k - 1]) else 0


def _find_quoted_as_saying(tokens):
    """ "Agency A quoted X as saying" and "X was quoted as saying": X is the speaker, not the agency."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low not in lx.QUOTING_VERBS or k + 2 >= len(tokens):
            continue
        if tokens[k + 1].low == "as" and tokens[k + 2].low in lx.SAYING_WORDS:
            # "Sources were on Thursday quoted as having warned": a time may stand after the "be".
            before = _time_start(tokens, k) if k > 0 else k
            end = before - 1 if before > 0 and tokens[before - 1].low in lx.BE_FORMS else None
            start = _np_left(tokens, end) if end else None
            if start is not None:
                found.append(_Found(start, end, "quoted as saying", "speaker", priority=0, final=True))
            continue
        if tokens[k + 1].low == "by" and k > 0 and tokens[k - 1].low in lx.BE_FORMS:
            # "X was quoted by the local paper as saying": X speaks; the paper only relays.
            relay_end = _np_right(tokens, k + 2)
            start, end = _np_left(tokens, k - 1), k - 1
            if start is None:
                # "Rauf Gasimov, a foreign policy adviser, was quoted by ...": the name before the aside.
                start, end = _subject_behind_aside(tokens, k - 1)
            if relay_end is not None:
                # "quoted by the Herald on October 5 as saying": the day is no part of the paper.
                relay_end = _past_time(tokens, relay_end, "as")
            relays = relay_end is not None and relay_end + 1 < len(tokens) and tokens[relay_end].low == "as"
            if start is not None and relays and tokens[relay_end + 1].low in lx.SAYING_WORDS:
                found.append(_Found(start, end, "quoted by … as saying", "speaker", priority=0, final=True))
            continue
        start = k + 1
        for m in range(k + 2, min(len(tokens) - 1, k + 2 + 2 * lx.MAX_NP_TOKENS)):
            if (
                tokens[m].text == ","
                and start > k + 1
                and (tokens[m + 1].low == "as" or tok.low == "quoted" and tokens[m + 1].low in QUOTED_SAYING)
            ):
                # The name's closing comma: ", Ali Rezaei, as saying", ", Oleg Lind, saying".
                continue
            if tokens[m].text == "," and _described_name(tokens, start, m):
                # "quoted the aide to the commander, Ali Rezaei, as saying": the name is the speaker.
                start = m + 1
                continue
            if tokens[m].text in "()" and (tokens[m].text == ")" or tokens[m + 1].text.isupper()):
                # "quoted sources in the Border Guard (BG) as saying": the acronym belongs to the name.
                continue
            if tokens[m].text == "," and start < m and _description_then_saying(tokens, m):
                # "quoted Colonel Lena Brandt, a border commander, as saying": the name before the aside.
                found.append(
                    _Found(_titled_name(tokens, start, m), m, "quoted … as saying", "speaker", priority=0, final=True)
                )
                break
            if not re.match(r"\w|'", tokens[m].low):
                break
            if tokens[m].low == "as" and tokens[m + 1].low in lx.SAYING_WORDS and start < m:
                end = m - 1 if tokens[m - 1].text == "," else m
                start = _titled_name(tokens, start, end)
                found.append(_Found(start, end, "quoted … as saying", "speaker", priority=0, final=True))
                break
            who_said = tokens[m].low == "who" and m + 1 < len(tokens) and tokens[m + 1].low in lx.SAYING_VERBS
            if tok.low == "quoted" and (tokens[m].low in QUOTED_SAYING or who_said) and start < m:
                # "Reuters quoted the spokesperson, Oleg Lind, saying: ...", "quoted a diplomat who said".
                end = m - 1 if tokens[m - 1].text == "," else m
                start = _titled_name(tokens, start, end)
                found.append(_Found(start, end, "quoted … saying", "speaker", priority=0, final=True))
                break
    return found


def _description_then_saying(tokens, comma):
    """True for ", a border commander, as saying" at ``comma``: a lower-case aside, then "as saying"."""
    if comma + 1 >= len(tokens) or tokens[comma + 1].is_cap:
        return False
    for n in range(comma + 2, min(len(tokens) - 2, comma + 14)):
        if tokens[n].text == ",":
            return tokens[n + 1].low == "as" and tokens[n + 2].low in lx.SAYING_WORDS
        if not re.match(r"\w|'", tokens[n].low):
            return False
    return False


APPOSITION_MARKS = (",", *lx.DASHES)
# "quoted X saying" or "quoted X stating": X speaks.
QUOTED_SAYING = ("saying", "stating")
# What ends a quotation right before an inverted verb: '"...," said X', '"...," read a statement'.
QUOTE_CLOSERS = ",”\"'’"
# Words that open a relative clause between commas: "X, whose committee oversees the budget, said".
RELATIVE_OPENERS = ("which", "who", "whose")


def _described_name(tokens, i, comma):
    """True when ``tokens[i:comma]`` is a lower-case description and a capitalised name follows the comma."""
    return (
        comma > i
        # "Valmar's foreign ministry spokesperson, Oleg Lind": a title closes the description.
        and (tokens[i].low in lx.DETERMINERS or not tokens[i].is_cap or tokens[comma - 1].low in lx.TITLE_NOUNS)
        and comma + 1 < len(tokens)
        and tokens[comma + 1].is_cap
    )


def _titled_name(tokens, i, j):
    """Return where the person starts in "the adviser to the country's Supreme Commander Brigadier General X Y".

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
    as_gap = v + 1 < len(tokens) and tokens[v + 1].low == "as"
    # "steps Georgetown called a flagrant violation": a lower-case object noun before the name.
    named_gap = tokens[v].low in lx.NAMING_VERBS and not tokens[start].is_cap
    if not (as_gap or named_gap) or tokens[start].is_cap and start > 0:
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
    opener = next(
        (k for k in range(mark - 1, max(mark - lx.MAX_RELATIVE_TOKENS, 0), -1)
         if tokens[k].text == "," and tokens[k + 1].low in lx.ASIDE_OPENERS),
        None,
    )  # fmt: skip
    if opener is not None and tokens[mark].text == ",":
        # "The nations, including Canada, Germany and France, said": the aside's own commas list examples;
        # the subject stands before it.
        outer = _np_left(tokens, opener)
        starts_clause = outer is not None and (outer == 0 or tokens[outer - 1].low in ("and", "but"))
        # "The island relies on partners, including ..., reports Radio Mar": the verb's subject follows it.
        after = _np_right(tokens, mark + 2) if mark + 2 < len(tokens) else None
        inverted = after is not None and (
            after == len(tokens) or tokens[after].text in ".;" and after + 1 >= len(tokens) - 1
        )
        if starts_clause and not inverted:
            return outer, opener
    for k in range(mark - 1, max(mark - lx.MAX_RELATIVE_TOKENS, 0), -1):
        if tokens[k].text not in APPOSITION_MARKS:
            continue
        if mark - k > lx.MAX_CLAUSE_TOKENS and tokens[k + 1].low not in RELATIVE_OPENERS:
            # Only a relative clause runs this long: "The coast guard, which patrols ... and carries ..., said".
            break
        if (tokens[k].text in lx.DASHES) != (tokens[mark].text in lx.DASHES):
            if tokens[mark].text in lx.DASHES:
                # "The Council — made up of A, B and C — alleged": commas inside a dash pair.
                continue
            break
        inner = tokens[k + 1 : mark]
        if inner and all(_is_time_noun(t) or t.text.isdigit() for t in inner) and k > 0:
            # "The Department of Defence on Saturday, Nov. 8, criticized": a date, and the time before it,
            # are no part of the subject.
            stop = _time_start(tokens, k)
            return _np_left(tokens, stop), stop
        outer = _np_left(tokens, k)
        if not inner or (outer is None and inner[0].low not in RELATIVE_OPENERS):
            break
        first = inner[0]
        if first.low == "or" and len(inner) == 2 and inner[1].text.isupper() and outer is not None:
            # "The Nordic Battlegroup, or NBG, said": the acronym renames the phrase before it.
            return outer, k
        if first.low in RELATIVE_OPENERS or first.low in lx.DETERMINERS:
            return _name_before_description(tokens, outer, k) if outer is not None else (None, mark)
        if not first.is_cap and (
            _is_adverb(first)
            or first.low.endswith("ed")
            or first.low in lx.ED_ADJECTIVES | lx.IRREGULAR_PAST
            or first.low in lx.ASIDE_PARTICIPLES
            and len(inner) > 1
            and inner[1].low == "for"
        ):
            # "Beijing, predictably, said", "The Fifth Fleet, based in Bahrain, said".
            return outer, k
        if _opens_adverbial(first) or first.low in lx.APPOSITIVE_PREPOSITIONS:
            # "The minister, after visiting the base, said", "Vucic, commenting on the deal, said",
            # "KFOR, in a short statement, said", "the analyst, of the Tarsk institute, said".
            return outer, k
        if _np_left(tokens, mark) != k + 1:
            # The words between the marks are no phrase ("..., providing insight into it, said").
            break
        # "Its leader, Jonas Rask, said": a possessive opens a description as "the" does.
        described = tokens[outer].low in lx.DETERMINERS | lx.POSSESSIVES or not tokens[outer].is_cap
        acronym = len(inner) == 1 and inner[0].text.isupper()
        if described and inner[0].is_cap and all(is_name_word(t) for t in inner) and not acronym:
            return k + 1, mark
        return outer, mark
    return None, mark


def _name_before_description(tokens, start, end):
    """For "Ivo Lind, the leader of the party, the Green Union, said": the name a description follows.

    ``tokens[start:end]`` is the phrase before a second apposition; when it is itself a description
    ("the leader of ...") after a comma and a name that opens the sentence, the name is the source.
    """
    if tokens[start].low not in lx.DETERMINERS or start < 2 or tokens[start - 1].text != ",":
        return start, end
    name = _np_left(tokens, start - 1)
    if name is None or name > 0 or not all(t.is_cap or t.text == "." for t in tokens[name : start - 1]):
        return start, end
    return name, start - 1


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
            timed = first + 2 < end and tokens[first].low in ("in", "on") and _is_time_noun(tokens[first + 1])
            if timed:
                # "... and in June Valmar accused ...": an opening time before the clause's subject.
                first += 3 if _is_day_number(tokens, first + 2) else 2
            # "and the Valmar Defence Forces say", and after a time "and on Saturday it condemned".
            # (not "both the EU and the U.S. have urged": two names joined)
            the_name = tokens[first].low == "the" and first + 1 < end and tokens[first + 1].is_cap
            the_name = the_name and not tokens[k - 1].is_cap
            timed_pronoun = timed and end - first == 1 and tokens[first].low in PRONOUNS
            capital = first < end and (tokens[first].is_cap or the_name or timed_pronoun)
            ok = capital and _valid_np(tokens, first, end)
            return first if ok and not any(_looks_verbal(t) for t in tokens[first:end]) else None
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            return None
    return None


def _relative_antecedent(tokens, end, one_preposition=False, restrictive=False):
    """For "... has alarmed Athens, which calls it a danger": the name the relative pronoun stands for.

    Only a ", which"/", who" right before the verb counts, and the antecedent is read leftwards up to the
    verb or preposition that governs it. With ``one_preposition``, the phrase may hold one preposition
    ("diplomats in Tarsk, who", "the mayor of Tarsk, who"). With ``restrictive`` (the verb plainly reports
    a claim), a "who" without its comma counts too when the phrase names people ("officials in Orlik who
    said that ..."; not "an officer who writes for a portal"). Returns ``(start, end)`` or ``(None, end)``.
    """
    if end < 3 or tokens[end - 1].low not in ("which", "who"):
        return None, end
    after_comma = tokens[end - 2].text == ","
    # "officials in Orlik who said": no comma, so the word before "who" closes the phrase.
    restrictive = (
        restrictive
        and not after_comma
        and tokens[end - 1].low == "who"
        and re.match(r"\w", tokens[end - 2].text) is not None
    )
    if not (after_comma or restrictive):
        return None, end
    comma = end - 2 if after_comma else end - 1
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
    if i == comma:
        return None, end
    if (
        tokens[end - 1].low == "who"
        and not _can_speak(tokens, i, comma)
        and i > 1
        and tokens[i - 1].low in lx.PREPOSITIONS
    ):
        # "Villagers near the range, who said ...": "who" stands for people, so the phrase runs back past
        # the preposition to the people it describes.
        before = _np_left(tokens, i - 1)
        if before is not None and _can_speak(tokens, before, i - 1):
            i = before
    people = _can_speak(tokens, i, comma)
    if restrictive and not people:
        return None, end
    if not (people or any(t.is_cap for t in tokens[i:comma]) or tokens[i].low in lx.DETERMINERS):
        # "has angered many, which ..." or a bare lower-case word that names nobody: no antecedent to credit.
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
    # Counted, not sliced: a slice of the rest per verb made run-on text quadratic.
    remaining = len(tokens) - v - 1
    return (
        start > 0
        and tokens[start - 1].text in ',”"'
        and remaining <= lx.MAX_TAIL_TOKENS
        and not (remaining and tokens[v + 1].low == "that")
        # "..., Moscow vows response": a vow with its object is a claim of its own, not the closing credit.
        and not (remaining and tokens[v].low in lx.COMMITMENT_VERBS and re.match(r"[\w\"“'‘]", tokens[v + 1].text))
    )


def _after_time_opener(tokens, k):
    """True when a time clause ("after", "before", "until") opens before token ``k`` with no comma between."""
    for m in range(k - 1, -1, -1):
        if tokens[m].text in ",;:":
            return False
        if tokens[m].low in lx.TIME_CLAUSE_OPENERS and tokens[m].low in ("after", "before", "until", "when"):
            return True
    return False


def _gap_pronoun(tokens, end, v):
    """True for "a drone it said was armed": a pronoun right after a lower-case noun, before a verb of saying
    whose clause lacks its subject (a form of "be" or an auxiliary follows the verb)."""
    return (
        end >= 2
        and end == v
        and tokens[end - 1].low in PRONOUNS
        and re.match(r"[a-z]+$", tokens[end - 2].text) is not None
        and tokens[end - 2].low not in lx.PRONOUN_BOUNDARY | lx.RELATIVE_PRONOUNS
        and v + 1 < len(tokens)
        and (tokens[v + 1].low in lx.FINITE_AUXILIARIES or _looks_verbal(tokens[v + 1]))
        and tokens[v].low in lx.SAYING_VERBS
    )
