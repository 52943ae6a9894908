"""Reporting verbs: whether a verb at a position reports a claim ("X said", "X points out that") or does
something else ("agreed to buy", "declared independence", "membership adds a layer").
"""

import re

from model import lexicon as lx
from model.attribution_phrases import _can_speak, _is_adverb, _is_time_noun, _looks_verbal, _np_right
from model.attribution_tokens import PRONOUNS

# "where neighbouring nations also have claims": a noun after these is no verb.
HAVE_FORMS = frozenset({"have", "has", "had", "having"})


def _introduces_claim(tokens, v):
    """True when the verb at ``v`` plainly reports a claim: a verb of saying, or one followed by "that" or a quote.

    "... and said the base was a provocation" shares the sentence's subject; "... and advises the country"
    or "... and regards the territory as its own" is an act or a stance, not a report.
    """
    following = tokens[v + 1] if v + 1 < len(tokens) else None
    # "after Tarsk threatened to launch missiles": a threat states what its subject will do.
    threat = tokens[v].low in lx.THREAT_VERBS and following is not None and following.low in ("to", "that")
    return (
        tokens[v].low in lx.SAYING_VERBS
        or threat
        or (following is not None and (following.low == "that" or following.text in ':“"'))
    )


def _adds_a_thing(tokens, v):
    """True for "adds a layer": "add" with an object, which reports only when its subject can speak."""
    return tokens[v].low in lx.ADDING_VERBS and v + 1 < len(tokens) and tokens[v + 1].low in ("a", "an")


def _finds_a_thing(tokens, v):
    """True when "found"/"finds" at ``v`` finds or locates a thing rather than reporting a finding.

    A finding is reported through a "that" soon after the verb: "the inquiry found that", "the court found
    a clear risk that", "found in its report that". Without one the verb finds a thing ("Romania finds
    drone fragments", "we found the content in a decree") or is a passive participle ("fragments found in
    Romania"); "found near", "found by" is a participle even with a "that" further on. Only a document or
    a speaking body may state a finding with a bare word and no "that" ("the panel finds Tarsk
    responsible"). A verb with nothing, "that" or punctuation after it is left to the other checks.
    """
    if tokens[v].low not in lx.FINDING_VERBS or v + 1 == len(tokens):
        return False
    after = tokens[v + 1].low
    if after == "that" or not re.match(r"\w", after):
        return False
    if tokens[v].low == "found" and after in lx.PARTICIPLE_PREPOSITIONS:
        return True
    if any(t.low == "that" for t in tokens[v + 2 : v + 8]):
        return False
    document = v > 0 and tokens[v - 1].low in lx.STATING_DOCUMENTS | lx.SPEAKING_BODIES
    return after in ("a", "an", "the") or after in lx.PREPOSITIONS or not document


def _makes_clear(tokens, v):
    """True for "X has made clear that ...", "made it very clear, however, that ...".

    "have made clear they would not" leaves out the "that"; an aside between commas may stand before it.
    """
    m = v + 1
    if m < len(tokens) and tokens[m].low == "it":
        m += 1
    if m < len(tokens) and tokens[m].low in lx.CLEAR_ADVERBS:
        m += 1
    if m >= len(tokens) or tokens[m].low != "clear":
        return False
    m += 1
    if (
        m + 2 < len(tokens)
        and tokens[m].text == ","
        and tokens[m + 2].text == ","
        and tokens[m + 1].low in lx.ASIDE_ADVERBS
    ):
        m += 3
    if m < len(tokens) and tokens[m].low == "to":
        # "made it clear to Valmar that ...": whom it was told comes before the clause.
        return any(t.low == "that" for t in tokens[m + 1 : m + 7])
    return m < len(tokens) and (tokens[m].low in PRONOUNS | {"that"} or tokens[m].is_cap)


def _after_be(tokens, v):
    """True when a form of "be" stands right before token ``v``, adverbs aside ("are now warning")."""
    return _after_one_of(tokens, v, lx.BE_FORMS - {"be", "being"})


def _after_one_of(tokens, v, words):
    """True when one of ``words`` stands right before token ``v``, adverbs aside ("are now", "also have")."""
    b = v - 1
    while b > 0 and _is_adverb(tokens[b]):
        b -= 1
    return b >= 0 and tokens[b].low in words


def _has_verb_at(tokens, j):
    """True when a finite verb follows the phrase: in ", says border is quiet" the phrase is the subject
    of a reported clause, not an inverted speaker (", said the envoy")."""
    return j < len(tokens) and tokens[j].low in lx.FINITE_AUXILIARIES


def _used_to(tokens, v):
    """For "X used his opening speech to say" or "X took the opportunity to warn": the index of "used".

    Returns None when the verb does not follow such a phrase; "used to say" (a habit) has no object.
    """
    if v < 3 or tokens[v - 1].low != "to":
        return None
    if tokens[v - 2].low == "on" and tokens[v - 3].low in lx.GO_ON_VERBS:
        # "He went on to say that ...": the subject of "went".
        return v - 3
    if tokens[v - 2].low in lx.PROMPTNESS_WORDS and tokens[v - 3].low in lx.BE_FORMS:
        # "Officials were quick to condemn the flights": the subject of "were". Not when the verb has
        # no object: in "a contradiction the media were quick to point out" the clause is relative.
        after = v + 2 if v + 1 < len(tokens) and tokens[v + 1].low in ("off", "out") else v + 1
        return v - 3 if after < len(tokens) and re.match(r"\w", tokens[after].text) else None
    for k in range(v - 2, max(v - 8, 0) - 1, -1):
        tok = tokens[k]
        if k < v - 2 and tok.low in lx.USE_VERBS:
            return k
        if k < v - 2 and tok.low in lx.SUMMON_VERBS and tokens[v].low in lx.SUMMON_PURPOSES:
            # "Manila summoned the envoy to protest the ramming": Manila protests (the envoy does not).
            return k
        if tok.low in lx.TAKE_VERBS and any(t.low in lx.OCCASION_NOUNS for t in tokens[k + 1 : v - 1]):
            return k
        if not re.match(r"\w|'", tok.low) or tok.low in lx.NP_BOUNDARY:
            return None
    return None


def _cue_word(tokens, v):
    """The cue text for a verb, including a particle ("shrugged off", "pointed out")."""
    if v + 1 < len(tokens) and tokens[v + 1].low in ("off", "out") and tokens[v].low in lx.PARTICLE_VERBS:
        return f"{tokens[v].text} {tokens[v + 1].text}"
    return tokens[v].text


def _is_adjective(word):
    """A word shaped like an adjective that is no person: "territorial", "naval" (not "official")."""
    return word.endswith(lx.MODIFIER_ENDINGS) and word not in lx.PERSON_NOUNS | lx.TITLE_NOUNS | lx.NOUN_LIKE_MODIFIERS


# Every word that _reports_here can accept. The rules ask about every token of a sentence and most are no
# verb of this kind, so this test first keeps attribution fast; a branch added there must add its words here.
_MAY_REPORT = (
    lx.REPORTING_VERBS
    | lx.SUMMON_PURPOSES
    | lx.PROGRESSIVE_REPORTING
    | lx.GERUND_AFTER_KEEP
    | lx.STATE_VERBS
    | lx.RAISE_VERBS
    | lx.SOUND_VERBS
    | {"made", "makes", "make"}
    | lx.RESPOND_VERBS
    | lx.PROTEST_TO_VERBS
    | lx.LODGE_VERBS
    | set(lx.RETORT_PARTICLES)
    | lx.MAINTAIN_VERBS
    | lx.DISAGREE_VERBS
    | lx.CONTINUE_VERBS
    | lx.CHARGE_VERBS
    | lx.DOUBT_VERBS
)


def _is_reporting_verb(tokens, v):
    """True when token ``v`` is a reporting verb used to report (not "to say", not "was found")."""
    low = tokens[v].low
    return (low in _MAY_REPORT or low.startswith("conclud")) and _reports_here(tokens, v)


def _reports_here(tokens, v):
    """:func:`_is_reporting_verb` for a word of :data:`_MAY_REPORT`: whether its context makes it report."""
    low = tokens[v].low
    if tokens[v].is_cap and not _title_case_verb(tokens, v):
        return False
    next_word = tokens[v + 1].low if v + 1 < len(tokens) else ""
    if low in lx.EXPRESS_VERBS and any(t.low in lx.INTEREST_NOUNS for t in tokens[v + 1 : v + 3]):
        # "X has expressed interest in buying the jets": a wish, not a claim.
        return False
    if low in lx.ASSERT_VERBS and any(t.low in lx.ASSERTED_RIGHTS for t in tokens[v + 1 : v + 3]):
        # "as Manila asserts its sovereignty": an act of a state, not a claim reported.
        return False
    if low in lx.SUMMON_PURPOSES and v > 1 and tokens[v - 1].low == "to":
        # "Manila summoned the envoy to protest the ramming" ("protest" alone is mostly a noun).
        used = _used_to(tokens, v)
        if used is not None and tokens[used].low in lx.SUMMON_VERBS:
            return True
    if low in lx.TOLD_VERBS and _told_to(tokens, v):
        # "UAE air force told 'not to escalate' Qatar air dispute": the subject was told.
        return False
    if _participle_before_verb(tokens, v):
        # "The pact announced in September is meant to ...": a participle describing the subject.
        return False
    if v > 0 and tokens[v - 1].low in ("'s", "'") and low.endswith("ed"):
        # "the militia's reported arrival", "the group's alleged role": an adjective after a possessive.
        return False
    if low in ("claims", "claim", "reports", "warnings", "concerns") and _after_one_of(tokens, v, HAVE_FORMS):
        # "where neighbouring nations also have claims": a noun after "have", not a verb.
        return False
    if low in lx.CALL_VERBS and _calls_an_act(tokens, v):
        # "The minister called a meeting", "called a halt to the drills": an act, not a claim.
        return False
    if _subjunctive_after_demand(tokens, v):
        # "demanded that Washington explain why ...": what X is asked to say, not what X said.
        return False
    if low in ("reports", "report") and v > 0 and tokens[v - 1].low in lx.RECENT_WORDS:
        # "in response to recent reports": a noun after an adjective.
        return False
    if low.endswith("s") and v > 0 and tokens[v - 1].low in lx.NOUN_AFTER:
        # "Multiple reports circulating in ...", "In a series of tweets, ...": a noun, not a verb.
        return False
    if low in lx.CLAIM_NOUNS and v > 1 and tokens[v - 2].low in ("'s", "'") and _is_adjective(tokens[v - 1].low):
        # "Beijing's territorial claims cover the sea": after a possessor and an adjective, a noun.
        return False
    if low in lx.PROGRESSIVE_REPORTING and _after_be(tokens, v):
        # "Valmar officials are warning that ...", "Tarsk is denying the claims": a report in progress.
        # Not "are warning signs" (a noun after the adjective) or "were saying nothing".
        if next_word in lx.WARNING_COMPOUNDS or next_word == "nothing":
            return False
        return low != "playing" or next_word == "down"
    if low in lx.GERUND_AFTER_KEEP:
        return v > 0 and tokens[v - 1].low in ("keep", "keeps", "kept")
    if low in lx.STATE_VERBS:
        # "the communiqué states": "states" is a verb only after a document ("member states" is a noun).
        return v > 0 and tokens[v - 1].low in lx.STATING_DOCUMENTS
    if low in lx.RAISE_VERBS:
        # "opponents have raised doubts over ...".
        return v + 1 < len(tokens) and tokens[v + 1].low in lx.CONCERN_NOUNS
    if low in lx.SOUND_VERBS:
        return [t.low for t in tokens[v + 1 : v + 3]] == ["the", "alarm"]
    if low in ("made", "makes", "make"):
        return _makes_clear(tokens, v)
    if low in lx.ADDING_VERBS and next_word and next_word not in lx.PREPOSITIONS - {"to"} | {"that"}:
        # "Pakistan adds new jets to its fleet", "added to the tension": something is added, nothing said.
        for m in range(v + 1, min(len(tokens), v + 8)):
            t = tokens[m]
            if t.low == "to":
                # "added the offer to Tarsk stood" reports after all: a verb follows the phrase.
                j = _np_right(tokens, m + 1)
                if j is None or j == len(tokens) or not (tokens[j].low in lx.VERB_LIKE or _looks_verbal(tokens[j])):
                    return False
                break
            if not re.match(r"\w", t.text) or t.low in lx.NP_BOUNDARY or _looks_verbal(t):
                break
    if low in lx.RESPOND_VERBS and _answers_in_words(tokens, v):
        return True
    if low in lx.RESPOND_VERBS and next_word in ("with", "by"):
        # "Tarsk responded with strikes", "responded by closing the border": an act, unless words answer.
        return any(t.low in lx.SPOKEN_RESPONSES or t.low in ("saying", "calling") for t in tokens[v + 2 : v + 6])
    if next_word == "nothing" and low in lx.SAYING_VERBS | {"say"}:
        # "The corps said nothing about its role": a silence, no claim.
        return False
    if low in lx.PROTEST_VERBS and next_word in lx.PLACE_PREPOSITIONS:
        # "Residents protested outside the garrison": a protest in the street, no claim reported, unless
        # the sentence says what they protested ("..., saying the drills ...", "against what they called")
        # or the protest is "at" an event ("protested at the exercises").
        event = next_word == "at" and any(t.low in lx.PROTESTED_EVENTS for t in tokens[v + 2 : v + 6])
        if not event and not any(t.low in lx.PROTEST_CLAIMS for t in tokens[v + 2 :]):
            return False
    if low in ("blamed", "blames") and next_word == "on":
        # "an attack, which Washington blamed on Iran,": the event named before, in a background clause.
        return False
    if low == "protests" and not _protests_as_verb(tokens, v):
        # "despite Russian protests", "months of protests by", "since the Tempi protests": a noun.
        return False
    if low in lx.PROTEST_TO_VERBS and next_word == "to":
        # "Ankara protested to Washington", "Tarsk protests to Valmar about the drills".
        return v == 0 or tokens[v - 1].low != "to"
    if low in lx.LODGE_VERBS:
        # "Japan lodged a protest with Beijing", "Tarsk files protest with Valmar"; not "filed a lawsuit",
        # "plans to file" or "the files".
        before = tokens[v - 1].low if v > 0 else ""
        return (
            before != "to"
            and before not in lx.DETERMINERS
            and any(t.low in lx.LODGED_PROTESTS for t in tokens[v + 1 : v + 4])
        )
    if _finds_a_thing(tokens, v):
        return False
    if low in lx.ACCUSE_VERBS and next_word == "of":
        # "foreigners accused of entering the waters": a passive participle; the accuser is not named.
        return False
    if v > 0 and tokens[v - 1].low in lx.POSSESSIVES:
        # "laid out its fears", "voiced their concerns": after a possessive the word is a noun.
        return False
    if low in lx.FEAR_VERBS and any(t.low in lx.FEAR_PREPOSITIONS for t in tokens[max(0, v - 3) : v]):
        # "troops to the border amid Wagner fears": a noun after "amid", not "Wagner fears that".
        return False
    if low in lx.RETORT_PARTICLES:
        following = tuple(t.low for t in tokens[v + 1 : v + 3])
        if not any(following[: len(p)] == p for p in lx.RETORT_PARTICLES[low]):
            return False
        if low in lx.TURN_DOWN_VERBS:
            return any(t.low in lx.CLAIM_NOUNS for t in tokens[v + 2 : v + 8])
        # "Soldiers fired back at the attackers" is a firefight; "hit back at X's claims" a retort.
        target = tokens[v + 3 : v + 9]
        # "Tarsk hits back at Valmar": a name answered, not a target shot at.
        named = bool(target) and target[0].is_cap
        return (
            low not in lx.LITERAL_RETORTS or named or any(t.low in lx.CLAIM_NOUNS | lx.RETORT_TARGETS for t in target)
        )
    if low.startswith("conclud") and any(t.low == "that" for t in tokens[v + 1 : v + 6]):
        # "The panel concluded on Friday that ...".
        return True
    if (
        low in lx.MAINTAIN_VERBS
        and v + 1 < len(tokens)
        and re.match(r"\w", tokens[v + 1].text)
        and tokens[v + 1].low != "that"
    ):
        # "X maintains the drills are routine" reports; "KFOR maintains a presence" keeps something.
        j = _np_right(tokens, v + 1)
        return j is not None and j < len(tokens) and (tokens[j].low in lx.VERB_LIKE or _looks_verbal(tokens[j]))
    if low in lx.DISAGREE_VERBS:
        # "Tarsk disagreed with the alliance's report" rejects a claim; "disagreed on the timetable" does not;
        # "Lee, a professor, disagreed." answers the sentence before.
        closes = v + 1 == len(tokens) or tokens[v + 1].text in ".;" and v + 2 >= len(tokens) - 1
        return closes or v + 1 < len(tokens) and tokens[v + 1].low == "with"
    if low in lx.CONTINUE_VERBS or low in lx.CHARGE_VERBS:
        # '"...," he continued.' closes a quote; "the army continued its drills" reports nothing. So does
        # '"...," Lind charged.', and "Lind charged that ..." reports too ("charged with murder" does not).
        if low in lx.CHARGE_VERBS and next_word == "that":
            # Not "on charges that include terrorism": a noun after a preposition.
            return v > 0 and tokens[v - 1].low not in lx.PREPOSITIONS | lx.DETERMINERS
        closes = _ends_at(tokens, v + 1)
        # '"...," the statement continued, "...': the verb sits between two parts of one quotation.
        closes = closes or v + 2 < len(tokens) and tokens[v + 1].text == "," and tokens[v + 2].text in '“"'
        # '"...," Valmar charged in its diplomatic note': a charge may name where it was made.
        closes = closes or low in lx.CHARGE_VERBS and next_word in ("in", "on")
        return closes and _closes_quote(tokens, v, reach=4)
    if low in lx.DOUBT_VERBS and any(t.low in lx.CLAIM_NOUNS for t in tokens[v + 1 : v + 4]):
        # "Western officials doubted the claims", "questioned the assurances": a judgement of a claim.
        return True
    if low not in lx.REPORTING_VERBS:
        return False
    if low in lx.PARTICLE_ONLY_VERBS:
        # "X points out", "X shrugs off the warning", "X played down the risk".
        return v + 1 < len(tokens) and tokens[v + 1].low in ("out", "off", "down")
    if low in lx.CLOSING_ONLY_VERBS:
        return _ends_at(tokens, v + 1, ".!") and any(t.text == "," for t in tokens[max(0, v - lx.MAX_NP_TOKENS) : v])
    if low in lx.CLAUSE_ONLY_VERBS or low in lx.RECOMMEND_VERBS:
        # "mentioned on Wednesday that": a time may stand between the verb and its clause ("agree on" is
        # no time).
        return _clause_opens_at(tokens, _after_time(tokens, v))
    if low in lx.PLURAL_CLAUSE_VERBS:
        k = _after_time(tokens, v)
        return _ends_at(tokens, k) or _clause_opens_at(tokens, k)
    if low in lx.POSTING_VERBS:
        if any(t.low == "that" or t.text == ":" for t in tokens[v + 1 : v + 6]):
            return True
        # '"...," the general posted on Twitter.': closing a quote, like "wrote".
        closes = v + 1 == len(tokens) or tokens[v + 1].text == "." or tokens[v + 1].low in ("on", "in")
        return closes and _closes_quote(tokens, v, reach=7)
    if low in lx.PUBLISH_VERBS:
        # "X published a report claiming ..." reports; "the MND publishes a daily report" does not.
        return any(t.low in lx.REPORT_PARTICIPLES for t in tokens[v + 2 : v + 7])
    if low in lx.ISSUE_VERBS:
        # "X issued an angry statement", "X released a statement".
        return any(t.low in lx.ISSUED_DOCUMENTS for t in tokens[v + 1 : v + 5])
    if low in lx.THREAT_VERBS and not _subject_can_speak(tokens, v):
        # "The flooding threatens to cut the road", "the conflict threatened to spill over": no one speaks.
        return False
    if low in lx.COMMITMENT_VERBS and _promises_a_response(tokens, v):
        # "The North vows a strong military response", "Tarsk threatened a 'decisive response'".
        return True
    if low in lx.COMMITMENT_VERBS:
        # "X promised to stay vigilant" reports X; "the manoeuvres Minsk had promised" does not.
        # "It vowed there would be consequences" and "Marcos promised he would assert the ruling" leave out
        # the "that".
        # "vowed Thursday to", "pledged on Monday to": a time may stand before the "to" or "that".
        k = _after_time(tokens, v)
        if k < len(tokens) and tokens[k].low in ("to", "that"):
            return True
        return v + 1 < len(tokens) and (
            tokens[v + 1].low == "there"
            # Past forms only: "pledges" and "promises" are nouns too ("Tarsk's pledges we could verify").
            or low in lx.COMMITMENT_PAST_VERBS
            and v + 2 < len(tokens)
            and tokens[v + 1].low in PRONOUNS
            and tokens[v + 2].low in lx.MODAL_VERBS
        )
    if low in lx.DEFEND_VERBS:
        # "Moscow defended its right to deploy", "defends the purchase": a claim; "defended the town" a fight.
        k = v + 1
        if k < len(tokens) and tokens[k].low in lx.DETERMINERS | lx.POSSESSIVES:
            k += 1
        return k < len(tokens) and tokens[k].low in lx.DEFENDED_CLAIMS
    if v > 0 and tokens[v - 1].low == "to":
        # "to say" is no report, unless "X used the summit to say".
        return _used_to(tokens, v) is not None
    if v > 0 and tokens[v - 1].low in lx.DETERMINERS:
        # "an estimated 20,000": not a report.
        return False
    after = tokens[v + 1] if v + 1 < len(tokens) else None
    if low in ("call", "calls", "called") and _names_a_place(tokens, v):
        # "the shoal, which Tarsk calls Red Island": a place's name in a relative clause, no claim.
        return False
    if low in ("call", "calls") and v > 0 and tokens[v - 1].low in lx.CALL_COMPOUNDS:
        # "in a phone call with X": a noun.
        return False
    if low in ("claimed", "claims", "claim") and any(t.low in lx.CLAIMED_LOSSES for t in tokens[v + 1 : v + 5]):
        # "the conflict claimed dozens of lives": a toll, not a claim.
        return False
    if low in ("claimed", "claims", "claim") and _claims_territory(tokens, v):
        # "Tarsk claims almost all of the sea": a territory, not a claim.
        return False
    if low in lx.NOUN_OR_VERB and (
        v > 0 and tokens[v - 1].low in lx.NOUN_MAKING_VERBS or v > 1 and tokens[v - 2].low in lx.NOUN_MAKING_VERBS
    ):
        # "drills spark fears in the towns", "sparking separatist fears", "the agency issues reports on
        # ...": a noun after a verb.
        return False
    if low in lx.NOUN_OR_VERB and after is not None and after.low in lx.REPORTING_VERBS and not after.is_cap:
        # "Local media reports say ...": the noun is the subject's head, the next word its verb.
        return False
    if low in lx.DECLARE_VERBS and (
        _bare_word_follows(tokens, v) or any(t.low in lx.DECLARED_ACTS for t in tokens[v + 1 : v + 5])
    ):
        # "the Iskander's declared range" is a participle before a noun; "Tarsk declared independence" and
        # "declared a state of emergency" are acts, not claims.
        return False
    if low in lx.ADDING_VERBS and after is not None and after.low in ("a", "an", "to", "up"):
        # "Membership adds a layer of protection", "which added to the costs": no report. Only a
        # speaker's "added a warning" reports, and the caller checks the subject can speak.
        return after.low in ("a", "an")
    if low in lx.REPEAT_VERBS:
        # "X repeated (on Tuesday) that ..." or "X repeated its warning"; "the army repeated the drills"
        # and "Tarsk's repeated complaints" report nothing.
        k = v + 1
        while k < len(tokens) and k - v <= 4 and (tokens[k].low in lx.TIME_OPENERS or _is_time_noun(tokens[k])):
            k += 1
        return (
            after is not None
            and tokens[v - 1].low not in ("'s", "'")
            and (
                k < len(tokens)
                and tokens[k].low == "that"
                or after.text in ':“"'
                # "repeated its warning", "repeated yesterday's statement".
                or any(t.low in lx.CLAIM_NOUNS or t.low in lx.ISSUED_DOCUMENTS for t in tokens[v + 1 : v + 4])
            )
        )
    if after is not None:
        # The first word after the verb that is no adverb ("claimed repeatedly to have").
        k = next((k for k in range(v + 1, min(v + 3, len(tokens))) if not _is_adverb(tokens[k])), v + 1)
        following = tokens[k]
        if following.low == "to" and low in ("claimed", "claims", "claim"):
            # "Tarsk claimed to have shot down two drones" reports a claim; "claimed to be" too.
            return k + 1 < len(tokens) and tokens[k + 1].low in ("have", "be", "possess", "control", "hold")
        if (
            following.low == "to"
            and low not in ("told", "tells", "tell", "referred", "refers")
            and not _answers_claim(tokens, v)
        ):
            # "agreed to buy", "reports directly to the staff", "responded to the declaration"; but
            # "responded to accusations", and "confirmed to the Herald that" tells a paper a claim.
            j = _np_right(tokens, k + 1) if low in lx.TOLD_TO_VERBS else None
            return j is not None and k + 1 < j < len(tokens) and tokens[j].low == "that"
        if (
            low.endswith("ed")
            and after.low in lx.PARTICIPLE_PREPOSITIONS
            and not _cue_word(tokens, v).endswith((" off", " out"))
        ):
            # (Not "shrugged off the warning" or "pointed out that": a verb with its particle.)
            # "a sea mine spotted near the coast", "movements reported by some media" ("found" is
            # judged by _finds_a_thing).
            return False
        # "Serbia fears that", "Western diplomats worry that": a name or a person before it makes it a verb.
        # "The ministry also claims that": an adverb may stand between the name and the verb.
        b = v - 1
        while b > 0 and tokens[b].low in lx.PREVERB_ADVERBS:
            b -= 1
        named = v > 0 and (
            tokens[b].is_cap
            # "Recent media reports claim that": a plural report speaks.
            or tokens[b].low in ("reports", "media")
            or tokens[b].text in '"”'
            or tokens[b].low in PRONOUNS
            or _can_speak(tokens, b, b + 1)
        )
        if low in lx.NOUN_OR_VERB and (
            after.low in lx.VERB_LIKE or after.low in lx.NOUN_MARKERS and not named or _looks_verbal(after)
        ):
            # "the hotline call produced", "Serbia's fears are": a noun followed by its verb.
            return False
        if low in lx.REJECT_VERBS and after.low in ("a", "an"):
            # "A court dismissed a lawsuit": no claim is rejected; "X rejected a protest note" is a reply.
            # 'dismissed a "politically motivated" story': quotation marks take no place in the window.
            words = [t for t in tokens[v + 2 : v + 8] if t.text not in "\"“”'‘’"][:3]
            return any(
                t.low in lx.CLAIM_NOUNS or t.low in lx.ISSUED_DOCUMENTS or t.low in lx.REJECTED_DOCUMENTS for t in words
            )
    if low in lx.AS_VERBS and _views_as_territory(tokens, v):
        # "the island, which Tarsk views as its own territory": land claimed, not a claim reported.
        return False
    if low in lx.AS_VERBS:
        # "see", "view", "regard" report a claim only in "X sees it as Y"; "consider" also in
        # "X considers it a threat".
        if low in lx.CONSIDER_VERBS and after is not None and after.low in lx.CONSIDER_OBJECTS:
            # "considers it a threat", not "considers it highly unlikely" nor "had considered that".
            return v + 2 < len(tokens) and after.low != "that" and tokens[v + 2].low in ("a", "an", "the")
        if low in lx.CONSIDER_VERBS and after is not None and after.low in lx.DETERMINERS:
            # "considers the Russian grouping a threat": the judgement follows the object without "to be".
            for j in range(v + 3, min(len(tokens) - 1, v + 2 + lx.MAX_NP_TOKENS)):
                if not re.match(r"\w", tokens[j].text) or _looks_verbal(tokens[j]):
                    break
                if tokens[j].low in ("a", "an", "no") and tokens[j + 1].low in lx.SEEN_DANGERS:
                    return True
        if low in lx.CONSIDER_VERBS and _to_be_follows(tokens, v):
            # "The party considers the purchase to be a waste of money."
            return True
        # "referred to the possible stationing of troops at the border as interference": "to" and its
        # object come first.
        window = lx.AS_WINDOW + 5 if low in ("referred", "refers") else lx.AS_WINDOW
        if any(t.low == "as" for t in tokens[v + 1 : v + window]):
            return True
        if low in ("referred", "refers"):
            return False
        if low in lx.SEE_VERBS and any(t.low in lx.SEEN_DANGERS for t in tokens[v + 1 : v + 4]):
            # "Ankara sees a threat", "Tarsk sees no danger in the drills".
            return True
        # "Tarsk views the development with alarm": a judgement too.
        window = tokens[v + 1 : v + lx.AS_WINDOW]
        return any(a.low == "with" and b.low in lx.CONCERN_NOUNS for a, b in zip(window, window[1:]))
    return True


def _answers_in_words(tokens, v):
    """True when the reply verb at ``v`` ("responded", "reacted") tells its answer, not an act.

    "responded angrily to the delivery" (a reaction told by its manner; "would respond appropriately to
    any provocation" threatens an act), "responded to the Valmar-Ostrava deal by warning that ..." and
    "responded by announcing plans to ..." (the answer in words after "by").
    """
    next_word = tokens[v + 1].low if v + 1 < len(tokens) else ""
    after_next = tokens[v + 2].low if v + 2 < len(tokens) else ""
    if next_word.endswith("ly") and after_next == "to":
        return tokens[v].low != "respond"
    if next_word == "to":
        window = tokens[v + 2 : v + 14]
        return any(a.low == "by" and b.low in lx.ANSWER_PARTICIPLES for a, b in zip(window, window[1:]))
    return next_word == "by" and after_next in lx.ANSWER_PARTICIPLES


def _names_a_place(tokens, v):
    """True for "calls" in "which Tokyo calls the Senkaku and Beijing calls the Diaoyu": a name, no claim."""
    k = v + 1
    if k < len(tokens) and tokens[k].low == "the":
        k += 1
    if k >= len(tokens) or not tokens[k].is_cap or tokens[k].text in "“\"‘'":
        return False
    while k < len(tokens) and tokens[k].is_cap:
        k += 1
    if tokens[v + 1].low == "the" and k + 1 < len(tokens) and tokens[k].low == "the" and tokens[k + 1].is_cap:
        # "Vietnam calls the South China Sea the East Sea": one name for another.
        return True
    if k < len(tokens) and re.match(r"\w", tokens[k].text) and tokens[k].low not in ("and", "or"):
        # "what he called the Kosovo government's hysteria" judges; a name ends at a comma or "and".
        return False
    for t in reversed(tokens[max(0, v - 9) : v]):
        if t.low in ("which", "what"):
            return True
        if not re.match(r"\w", t.text):
            return False
    return False


def _protests_as_verb(tokens, v):
    """True when "protests" at ``v`` is a verb: a name opens its clause right before it ("Belgrade protests
    Kosovo's army law", "..., Serbia protests", "as Russia protests"); "Russian protests" after "despite",
    "the Tempi protests" and "protests by X" are nouns."""
    if v == 0 or not tokens[v - 1].is_cap or (v + 1 < len(tokens) and tokens[v + 1].low == "by"):
        return False
    return v == 1 or tokens[v - 2].text in ",;:—–-" or tokens[v - 2].low in ("as", "and", "while", "but")


def _told_to(tokens, v):
    """True for "told to withdraw" or 'told "not to escalate"': no one told follows, so "told" is passive."""
    k = v + 1
    while k < len(tokens) and tokens[k].text in "'\"‘“":
        k += 1
    return k < len(tokens) and (
        tokens[k].low == "to" or tokens[k].low == "not" and k + 1 < len(tokens) and tokens[k + 1].low == "to"
    )


def _participle_before_verb(tokens, v):
    """True for "announced" in "The pact announced in September is ...": a time, then the sentence's own verb."""
    if not tokens[v].low.endswith("ed") or v == 0 or not re.match(r"[a-z]", tokens[v - 1].text):
        return False
    k = v + 1
    while k < len(tokens) and k - v <= 4 and (tokens[k].low in lx.TIME_OPENERS or _is_time_noun(tokens[k])):
        k += 1
    return k > v + 1 and k < len(tokens) and tokens[k].low in lx.FINITE_AUXILIARIES


def _title_case_verb(tokens, v):
    """True for the verb of a headline in title case: "Defence Experts Dismiss Croatia-Serbia 'Arms Race'".

    Only a verb of saying after a capitalised subject, in a line without a full stop whose longer words
    all start with a capital.
    """
    if tokens[v].low not in lx.TITLE_CASE_VERBS or v == 0 or not tokens[v - 1].is_cap or tokens[-1].text == ".":
        return False
    words = [t for t in tokens if len(t.text) > 3 and t.text[0].isalpha()]
    return len(words) >= 3 and all(t.is_cap for t in words)


def _to_be_follows(tokens, v):
    """True when "to be" follows the object of the verb at ``v``: "considers the purchase to be"."""
    window = [t.low for t in tokens[v + 2 : v + lx.AS_WINDOW]]
    return any(a == "to" and b == "be" for a, b in zip(window, window[1:]))


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


def _bare_word_follows(tokens, v):
    """True when a lower-case word that opens no clause or phrase follows ``v`` ("declared range")."""
    if v + 1 >= len(tokens):
        return False
    nxt = tokens[v + 1]
    return (
        bool(re.match(r"[a-z]", nxt.text))
        and nxt.low not in lx.DETERMINERS
        and nxt.low not in lx.PREPOSITIONS
        and nxt.low not in ("that", "it", "them", "this", "itself", "himself", "herself", "themselves", "on")
        and not _is_adverb(nxt)
    )


def _answers_claim(tokens, v):
    """True for "responded to accusations" or "replied to the critics' claims": an answer to a claim."""
    if tokens[v].low not in lx.ANSWER_VERBS:
        return False
    return any(t.low in lx.CLAIM_NOUNS for t in tokens[v + 2 : v + 6])


def _passive(tokens, end):
    """True when the verb is passive ("was found"): the subject is not its source."""
    return end > 0 and tokens[end - 1].low in lx.BE_FORMS


def _claims_territory(tokens, v):
    """True for "Tarsk claims almost all of the sea", "claims the whole archipelago", "claims waters that ...",
    "claims the Essequibo region" or "which Beijing claims as the Diaoyu": land, not a claim.

    A place followed by its verb is a claim's clause: "claims the border area was shelled".
    """
    after = tokens[v + 1 : v + 3]
    if not after:
        return False
    if after[0].low == "as" or after[0].low in lx.CLAIMED_TERRITORY:
        return True
    if len(after) == 2 and after[0].low == "the" and after[1].low in lx.CLAIMED_TERRITORY:
        return True
    k = v + 1
    while k < min(v + 5, len(tokens)) and tokens[k].low not in lx.CLAIMED_PLACES:
        if not (tokens[k].low in lx.DETERMINERS or tokens[k].is_cap):
            return False
        k += 1
    if k >= len(tokens) or tokens[k].low not in lx.CLAIMED_PLACES:
        return False
    while k + 1 < len(tokens) and tokens[k + 1].low in lx.CLAIMED_PLACES:
        k += 1  # "the border area"
    following = tokens[k + 1] if k + 1 < len(tokens) else None
    return following is None or following.low in lx.AFTER_CLAIMED_PLACE or not re.match(r"\w", following.text)


def _promises_a_response(tokens, v):
    """True for "vows a strong military response" or "threatened 'decisive' retaliation": the answer promised."""
    return _object_noun(tokens, v, lx.RESPONSE_NOUNS, reach=5, quotes=True) is not None


def _calls_an_act(tokens, v):
    """True for "called a meeting", "called an emergency session", "called snap elections"."""
    if v + 1 < len(tokens) and tokens[v + 1].low in ("the", "this", "that", "these", "those"):
        # "called the meeting a waste of time" judges a meeting already told.
        return False
    to_say = range(v + 2, min(v + 9, len(tokens) - 1))
    if any(tokens[m].low == "to" and tokens[m + 1].low in lx.SAYING_VERBS | {"announce"} for m in to_say):
        # "called a press conference on Friday to say ...": the call serves a statement.
        return False
    k = _object_noun(tokens, v, lx.CALLED_ACTS, reach=4)
    return k is not None and (k + 1 == len(tokens) or tokens[k + 1].low not in ("a", "an"))


def _object_noun(tokens, v, nouns, reach, quotes=False):
    """Where one of ``nouns`` heads the object of the verb at ``v`` within ``reach`` words, else None.

    Determiners and lower-case words ("a strong military", "an emergency") may stand before it, and with
    ``quotes`` quotation marks too ("a 'decisive' response").
    """
    for k in range(v + 1, min(v + 1 + reach, len(tokens))):
        if tokens[k].low in nouns:
            return k
        if not (
            tokens[k].low in lx.DETERMINERS
            or re.match(r"[a-z-]+$", tokens[k].text)
            or quotes
            and tokens[k].text in "\"“”'‘’"
        ):
            return None
    return None


def _ends_at(tokens, k, marks="."):
    """True when the sentence ends at token ``k``: no token left, or only a closing mark from ``marks``."""
    return k == len(tokens) or tokens[k].text in marks and k + 1 == len(tokens)


def _clause_opens_at(tokens, k):
    """True when token ``k`` opens a reported clause: "that", "whether", a colon or an opening quote."""
    return k < len(tokens) and (tokens[k].low in ("that", "whether") or tokens[k].text in ':“"')


def _closes_quote(tokens, v, reach):
    """True when the verb at ``v`` follows a closing quotation mark within ``reach`` words, itself after
    the quotation's last punctuation ('"...," he continued', '"..." the general posted')."""
    quote = next((k for k in range(v - 1, max(v - 1 - reach, 0), -1) if tokens[k].text in '”"'), None)
    return quote is not None and tokens[quote - 1].text in ",.?!"


def _views_as_territory(tokens, v):
    """True for "views as its own territory", "regards it as a breakaway province", "considers part of it"."""
    a = next((k for k in range(v + 1, min(v + 4, len(tokens))) if tokens[k].low == "as"), None)
    if a is None:
        return False
    for k in range(a + 1, min(a + 6, len(tokens))):
        if tokens[k].low == "own":
            # "as its own" or "as its own territory", not "as a threat to its own security".
            after = tokens[k + 1] if k + 1 < len(tokens) else None
            return after is None or not re.match(r"\w", after.text) or after.low in lx.TERRITORY_WORDS
        if tokens[k].low in lx.TERRITORY_WORDS:
            return True
        if not re.match(r"\w", tokens[k].text) or tokens[k].low in lx.PREPOSITIONS and tokens[k].low != "of":
            # "as a threat to its territory" judges the drills; "as part of its territory" claims land.
            return False
    return False


def _subjunctive_after_demand(tokens, v):
    """True for the bare "explain" of "demanded that Washington explain": a verb after a demand's "that"."""
    low = tokens[v].low
    bare = low + "s" in _MAY_REPORT or low + "es" in _MAY_REPORT
    if not bare:
        return False
    for k in range(v - 1, max(v - lx.MAX_NP_TOKENS, 0), -1):
        if tokens[k].low == "that":
            return k > 0 and tokens[k - 1].low in lx.DEMAND_VERBS
        if not re.match(r"\w|'", tokens[k].low):
            return False
    return False


def _subject_can_speak(tokens, v):
    """True when the subject of the verb at ``v`` may speak: a name, a pronoun, a person or a body.

    The subject runs back from the verb (auxiliaries and adverbs aside) to the clause's start; its head
    decides ("ships smuggling weapons to the Houthis" cannot speak, "the president of Lithuania" can).
    """
    end = v
    while end > 0 and (tokens[end - 1].low in lx.AUXILIARIES or _is_adverb(tokens[end - 1])):
        end -= 1
    start = end
    while start > 0 and tokens[start - 1].low not in lx.SUBJECT_BOUNDARIES and re.match(r"\w", tokens[start - 1].text):
        start -= 1
    if start == end:
        return False
    if end - start == 1 and tokens[start].low in PRONOUNS:
        return True
    return _can_speak(tokens, start, end)


def _after_time(tokens, v):
    """Where the words after the verb at ``v`` go on past a short time ("on Wednesday", "Thursday"), else ``v + 1``.

    "agree on" is no time: the words skipped must hold a time noun.
    """
    k = v + 1
    while k < len(tokens) and k - v <= 3 and (tokens[k].low in lx.TIME_OPENERS or _is_time_noun(tokens[k])):
        k += 1
    return k if any(_is_time_noun(t) for t in tokens[v + 1 : k]) else v + 1
