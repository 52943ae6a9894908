"""Cited-claim patterns: "according to X", "as claimed by X", "X's claims ... are baseless", "by X" and rejection."""

import re

from model import lexicon as lx
from model.attribution_phrases import (
    _can_speak,
    _is_adverb,
    _is_time_noun,
    _looks_verbal,
    _np_left,
    _np_right,
    _np_word,
    _past_time,
    _span_text,
    _subject_after_report,
    _valid_np,
    head_noun,
)
from model.attribution_tokens import OBJECT_PRONOUNS, PRONOUNS, _Found


def _find_according_to(tokens):
    """ "according to X", "per X", "as claimed by X" (disputed under negation) and "it is stated in X"."""
    found = []
    negation = _first_negation(tokens)
    first_denial = None  # the index of the first denying verb, looked up at the first "as ... by"
    for k in range(len(tokens) - 2):
        pair = (tokens[k].low, tokens[k + 1].low)
        if pair == ("according", "to"):
            start = k + 2
            j = _np_right(tokens, start, stop_at_verbs=False)
            if j is None:
                continue
            if tokens[j - 1].low in lx.NOT_ACCORDING and not (
                tokens[j - 1].is_cap and tokens[j - 1].low in lx.DATA_NOUNS
            ):
                # "according to figures published by the ministry": the figures' compiler is the source.
                issuer = _issued_by(tokens, j, lx.COMPILED_PARTICIPLES) if tokens[j - 1].low in lx.DATA_NOUNS else None
                if issuer is not None:
                    found.append(_Found(j + 2, issuer, "according to", "speaker", priority=0))
                continue
            for m in range(start + 1, j - 1):
                if tokens[m].low in ("from", "by", "of") and tokens[m - 1].low in lx.DOCUMENT_NOUNS | lx.DATA_NOUNS:
                    # "according to a statement from the ministry": the ministry is the source.
                    start = m + 1
                    break
            issuer = _issued_by(tokens, j, lx.ISSUED_PARTICIPLES) if tokens[j - 1].low in lx.DOCUMENT_NOUNS else None
            if issuer is not None:
                # "according to the communique issued by the garrison": the issuer is the source.
                start, j = j + 2, issuer
            if (
                j + 2 < len(tokens)
                and tokens[j].text == "("
                and tokens[j + 1].text.isupper()
                and tokens[j + 2].text == ")"
            ):
                # "according to the Baltic Defence Institute (BDI)": the acronym is part of the name.
                j += 3
            # "according to the defence minister, Colonel Ivo Lind": the name after its title.
            start, j = _named_after_title(tokens, start, j)
            if (
                j + 2 < len(tokens)
                and tokens[j].text == ","
                and tokens[j + 1].low in ("which", "who")
                and tokens[j + 2].low in lx.QUOTING_VERBS
            ):
                # "according to the TASS news agency, which cited ambassador Ivo Lind": the agency relays.
                cited = _np_right(tokens, j + 3)
                named = cited is not None and any(
                    t.is_cap or t.low in lx.TITLE_NOUNS | lx.PEOPLE_NOUNS | lx.PERSON_NOUNS
                    for t in tokens[j + 3 : cited]
                )
                if named and _can_speak(tokens, j + 3, cited):
                    start, j = j + 3, cited
            at_end = j == len(tokens) or tokens[j].text in ".;" and j + 1 >= len(tokens) - 1
            # ", according to AFP." relays the sentence's speaker; ", according to spokesperson Colonel X."
            # names a second speaker.
            person = any(t.low in lx.TITLE_NOUNS | lx.RANK_WORDS for t in tokens[start:j])
            # Also without the comma: '"...," the staff said on Sunday according to AFP.'
            # '"...," Lind said Thursday, according to AP, before adding': the agency relays her, mid-sentence too.
            after_report = (
                k > 1
                and tokens[k - 1].text == ","
                and any(t.low in lx.SAYING_VERBS for t in tokens[max(0, k - 4) : k - 1])
            )
            relayed = (at_end or after_report and _names_medium(tokens, start, j)) and k > 0 and not person
            channel = j + 1 if j < len(tokens) and tokens[j].low in lx.ISSUED_PARTICIPLES | {"posted"} else j
            if (
                k > 0
                and tokens[k - 1].text == ","
                and channel + 1 < len(tokens)
                and tokens[channel].low in ("on", "in")
            ):
                # ", according to a post (posted) on its official account": the speaker's own channel relays it.
                relayed = relayed or tokens[channel + 1].low in lx.POSSESSIVES
            # "According to Tarsk's state news agency, the sources said ...": the agency relays them.
            relayed = relayed or k == 0 and _names_medium(tokens, start, j)
            # "According to a statement, spokesperson X said ...": a bare document only carries X's words.
            bare_document = k == 0 and (
                j - start == 2
                and tokens[start].low in ("a", "an", "the")
                and tokens[start + 1].low in lx.DOCUMENT_NOUNS
                # "According to a Zee report, Shuang also said": the report carries his words.
                or tokens[start].low in ("a", "an")
                and tokens[j - 1].low in lx.MEDIA_DOCUMENTS
            )
            # '"...," Ms Lind said, according to a transcript of her remarks': her own words, relayed.
            own_words = any(t.low in lx.RECORD_NOUNS for t in tokens[start:j]) and any(
                t.low in lx.POSSESSIVES for t in tokens[start:j]
            )
            found.append(
                _Found(start, j, "according to", "speaker", priority=0, secondary=relayed or bare_document or own_words)
            )
        elif tokens[k].low == "per" and (k == 0 or tokens[k - 1].text == "," or k == 1 and tokens[0].low == "as"):
            # "Per the ministry, the frigates arrive next year": "per" opening a clause reads "according to".
            j = _np_right(tokens, k + 1)
            if j is not None and j < len(tokens) and tokens[j].text in ",." and _can_speak(tokens, k + 1, j):
                # "As per AFP, in a statement, Sharif said": an agency only relays a speaker named after it.
                found.append(_Found(k + 1, j, "per", "speaker", priority=0, secondary=_names_medium(tokens, k + 1, j)))
        elif tokens[k].low == "it" and (verb := _impersonal_report(tokens, k)) is not None:
            # "..., it is stated in the announcement": the document speaks. A negation in the claim rejects
            # nothing here (unlike "not ..., as claimed by X"): the document says the negated thing.
            start = verb + 2
            j = _np_right(tokens, start)
            if j is not None and tokens[j - 1].low in lx.IMPERSONAL_DOCUMENTS:
                issuer = _issued_by(tokens, j, lx.ISSUED_PARTICIPLES)
                if issuer is not None:
                    # "it was said in the statement issued by the garrison": the issuer speaks.
                    start, j = j + 2, issuer
                found.append(_Found(start, j, " ".join(t.text for t in tokens[k : verb + 2]), "speaker", priority=0))
        elif tokens[k].low == "as" and tokens[k + 1].low in lx.AS_BY_VERBS and tokens[k + 2].low in ("by", "in"):
            # "as claimed by X"; "as stated in the ministry's announcement" (a document).
            j = _np_right(tokens, k + 3)
            if j is not None and j - k > 4 and tokens[j - 1].low in lx.CLAIM_NOUNS and tokens[j - 2].is_cap:
                j -= 1  # "as portrayed by Amnesty International allegations": the owner of the claims.
            if j is not None:
                # "Tarsk denied that it had supplied rockets as alleged by Ostrava": what is denied is cited.
                if first_denial is None:
                    # Found once per sentence: a scan of the words before each "as claimed by" was quadratic.
                    first_denial = next((i for i, t in enumerate(tokens) if t.low in lx.DENYING_VERBS), len(tokens))
                denied = first_denial < k
                role = "disputed" if negation < k or denied else "speaker"
                cue = " ".join(t.text for t in tokens[k : k + 3])
                found.append(_Found(k + 3, j, cue, role, priority=0))
    return found


def _impersonal_report(tokens, k):
    """For "it is stated in", "it was said in", "it has been noted in" at ``k``: the verb's index, or None."""
    m = k + 1
    if m + 1 < len(tokens) and tokens[m].low in ("has", "had") and tokens[m + 1].low == "been":
        m += 1
    elif m >= len(tokens) or tokens[m].low not in ("is", "was"):
        return None
    verb = m + 1
    if verb + 1 < len(tokens) and tokens[verb].low in lx.IMPERSONAL_REPORT_VERBS and tokens[verb + 1].low == "in":
        return verb
    return None


def _issued_by(tokens, j, participles):
    """For "figures published by the ministry" with ``j`` after "figures": the end of "the ministry", or None.

    ``participles`` are the verbs that name an issuer ("issued", "compiled"); the phrase starts at ``j + 2``.
    """
    if j + 2 < len(tokens) and tokens[j].low in participles and tokens[j + 1].low == "by":
        return _np_right(tokens, j + 2)
    return None


def _find_as_x_claims(tokens):
    """ "as X claims", "whatever X says", "contrary to what X claims": a cited claim, usually rejected."""
    found = []
    negation = _first_negation(tokens)
    rejecting = _rejecting(tokens)
    last_falsehood = _last_falsehood(tokens)
    for k, tok in enumerate(tokens):
        judged = negation < k or last_falsehood > k
        if tok.low in ("claimed", "alleged") and judged and 0 < k < len(tokens) - 2 and tokens[k + 1].low == "by":
            # "did not fly on the dates claimed by Merida": a negated sentence rejects what it cites; so does
            # "everything claimed by X ... is false".
            if (
                re.match(r"\w", tokens[k - 1].text)
                and tokens[k - 1].low not in lx.BE_FORMS | {"as"}
                # "the territories claimed by X" are land, not a statement.
                and tokens[k - 1].low not in lx.CLAIMED_PLACES
            ):
                j = _np_right(tokens, k + 2)
                if j is not None:
                    found.append(_Found(k + 2, j, f"{tok.text} by", "disputed", priority=0))
            continue
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
        # "as aggressive and said" joins a second verb to the sentence's subject: "and" is no adverb here.
        while v < len(tokens) and (
            tokens[v].low in lx.AUXILIARIES or _is_adverb(tokens[v]) and tokens[v].low not in ("and", "but")
        ):
            v += 1
        progressive = v < len(tokens) - 1 and tokens[v].low in lx.BE_FORMS and tokens[v + 1].low in lx.GERUND_AFTER_KEEP
        if progressive:
            v += 1  # "as officials in Tarsk are claiming"
        elif v < len(tokens) and tokens[v].low in lx.BE_FORMS:
            continue  # "as X is said to", "as X was claimed": passives name no claimant
        if v < len(tokens) and (tokens[v].low in lx.AS_CLAIM_VERBS or tokens[v].low in lx.GERUND_AFTER_KEEP and v > j):
            after = v + 1
            while (
                after < len(tokens)
                and after - v <= 4
                and (tokens[after].low in lx.TIME_OPENERS or _is_time_noun(tokens[after]))
            ):
                after += 1  # "as X claimed on Thursday."
            if after > v + 1 and not (after == len(tokens) or tokens[after].text in ',.;:?!”"'):
                after = v + 1
            if not (after == len(tokens) or tokens[after].text in ',.;:?!”"' or tokens[after].low in ("it", "so")):
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
    # Computed once, so a long run-on sentence stays linear.
    last_falsehood = _last_falsehood(tokens)
    for k, tok in enumerate(tokens):
        if tok.low == "words" and k >= 2 and (tokens[k - 2].low, tokens[k - 1].low) == ("in", "the"):
            # "in the words of one official" quotes a speaker (see _find_in_view in attribution_speakers).
            continue
        fake_news = tok.low == "news" and k > 0 and tokens[k - 1].low == "fake"
        if tok.low == "charge" and k > 0 and tokens[k - 1].low == "in":
            # "in charge of the service" is responsibility, not an accusation.
            continue
        if tok.low not in lx.CLAIM_NOUNS and not fake_news:
            # "rejected a protest note from X"; "the report by X was disinformation" (judged after it, so
            # "... is fiction, said a statement from the ministry" leaves the statement its speaker's).
            if tok.low not in lx.REJECTED_DOCUMENTS or not (
                _claim_rejected(tokens, k, last_falsehood > k, strict=True) or _denied_despite(tokens, k)
            ):
                continue
        if tok.low in lx.WARNING_NOUNS and any(t.low == "despite" for t in tokens[max(1, k - 3) : k]):
            # "joined despite threats from Moscow": the warning was heard and overridden, not called false;
            # but an opening "Despite Beijing's warnings, the drills made the region safer" answers it.
            continue
        if tok.low in lx.SILENCE_WORDS and any(t.low in lx.NEGATIONS for t in tokens[max(0, k - 3) : k]):
            # "There was no immediate reaction from X": X has said nothing.
            continue
        feeling = tok.low in lx.FEELING_NOUNS
        named = _name_before(tokens, k)
        if named is not None and (
            _claim_rejected(tokens, k, False) or _judged_false_after(tokens, k) or _called_false(tokens, k)
        ):
            # "rejected the Amnesty International report", "rejects Tarsk claims of a build-up".
            end = next((i for i in range(named, k) if not tokens[i].is_cap), k)
            while end < k and tokens[end].low in lx.MEDIA_NOUNS:
                end += 1  # "the US media reports": the media own them
            found.append(_Found(named, end, tok.text, "disputed", priority=0))
            continue
        apostrophe = k - 1
        if k >= 3 and tokens[k - 1].low in lx.CLAIM_ADJECTIVES and tokens[k - 2].low in ("'s", "'"):
            # "Beijing's repeated complaints".
            apostrophe = k - 2
        elif (
            k >= 5
            and tokens[k - 1].text in "”\"’'"
            and tokens[k - 3].text in "“\"‘'"
            and tokens[k - 4].low in ("'s", "'")
            and _claim_rejected(tokens, k - 4, False)
        ):
            # 'rejected Athens' "baseless" allegations': the writer quotes the rejecting word.
            apostrophe = k - 4
        elif (
            k >= 4
            and tokens[k - 1].text in "'’"
            and tokens[k - 3].text in "'‘"
            and re.match(r"[a-z]", tokens[k - 2].text)
        ):
            # "denies Australia's ship laser 'intimidation' claim": a quoted word is the claim's content.
            apostrophe = _compound_start(tokens, k - 3) - 1
        elif _claim_rejected(tokens, k, False):
            # "dismissed Armenia's ceasefire breach allegations": a compound between owner and claim.
            apostrophe = _compound_start(tokens, k) - 1
        quoted_word = (
            tokens[apostrophe].text == "’" and apostrophe >= 2 and tokens[apostrophe - 2].text in ("‘", "'", "“", '"')
        )
        if apostrophe >= 1 and tokens[apostrophe].low in ("'s", "'") and not quoted_word:
            # Not "rejects ‘baseless’ allegations": a closing quotation mark, not a possessive.
            start = _possessor_start(tokens, apostrophe)
            if start is not None:
                cue = " ".join(t.text for t in tokens[apostrophe : k + 1]).replace(" '", "'").replace(" ’", "’")
                tentative = not _claim_rejected(tokens, start, rejecting_feelings if feeling else rejecting, feeling)
                found.append(_Found(start, apostrophe, cue, "disputed", priority=0, tentative=tentative))
            continue
        # "allegations last week by X": a time between the claim and its agent.
        # 'what he called "self-defeating claims" by X': the quoted noun's agent after its closing mark.
        after = (
            k + 2
            if k + 2 < len(tokens) and tokens[k + 1].text in "”\"’'" and tokens[k + 2].low in ("by", "from")
            else k + 1
        )
        m = _past_time(tokens, after, "by", limit=6, determiners=True, digits=False)
        if not any(_is_time_noun(t) for t in tokens[after:m]) or k > 0 and tokens[k - 1].low in ("following", "after"):
            # "following charges earlier this week by X" dates the sentence's news: an earlier event.
            m = after
        denier = _denier_after(tokens, k)
        if denier is not None:
            # "..., a claim Moscow denies": the one who denies speaks, as in "a claim denied by Moscow".
            found.append(_Found(k + 1, denier, tok.text, "speaker", priority=1))
            continue
        if (
            m + 3 < len(tokens)
            and _is_adverb(tokens[m])
            and tokens[m].low not in lx.NEGATIONS
            and tokens[m + 1].low in lx.REJECT_VERBS
        ):
            m += 1  # "a claim strongly denied by Pristina" (not "a claim not denied by")
        if m + 2 < len(tokens) and tokens[m].low in lx.REJECT_VERBS and tokens[m + 1].low == "by":
            # "..., a claim denied by Ostrava officials": the one who denies speaks (a claim and its denial).
            j = _np_right(tokens, m + 2)
            if j is not None:
                found.append(_Found(m + 2, j, " ".join(t.text for t in tokens[k : m + 2]), "speaker", priority=1))
            continue
        if m + 1 < len(tokens) and tokens[m].text == "," and tokens[m + 1].low in lx.CLAIM_PARTICIPLES:
            # "the accusation, made by X on Monday, that ...": the participle between commas.
            m += 1
        if m + 1 < len(tokens) and _is_adverb(tokens[m]) and tokens[m + 1].low in lx.CLAIM_PARTICIPLES:
            m += 1  # "the statements periodically heard from X"
        if m < len(tokens) and tokens[m].low in lx.CLAIM_PARTICIPLES:
            m += 1
            # "allegations made earlier in the day by X": a time between the participle and its agent.
            m = _past_time(tokens, m, "by", limit=6, determiners=True, digits=False)
        if m < len(tokens) and tokens[m].low in ("by", "from", "of", "in") and m + 1 < len(tokens):
            rejected_in = tokens[m + 1].is_cap and _claim_rejected(tokens, k, False, strict=True)
            if tokens[m].low == "in" and m == k + 1 and tok.low not in lx.MEDIA_DOCUMENTS and not rejected_in:
                # "claims made in Pristina" names a source; "the secession talk in Banja Luka" a place; but
                # "the article in Novosti" names its paper, and "dismissed concerns in Kyiv" those who hold them.
                continue
            j = _np_right(tokens, m + 1)
            if j is not None and tokens[m + 1].low.endswith("ing") and not tokens[m + 1].is_cap:
                # "to establish its claims by constructing structures": a means, not a source.
                continue
            if j is None or tokens[m + 1].low in lx.NOT_SOURCES or after > k + 1 and tokens[m + 1].low in ("a", "an"):
                # '"pure disinformation" from a country that ...' describes the owner named before.
                continue
            speaker_of = (
                tokens[m].low == "of"
                and tok.low not in lx.TOPIC_CLAIM_NOUNS
                and _can_speak(tokens, m + 1, _before_preposition(tokens, m + 1, j))
                # "the claims of the diplomat were", "... as absurd"; not "talk of Armenian 'militarisation'".
                and (
                    j == len(tokens)
                    or not re.match(r"\w|[\"“‘']", tokens[j].text)
                    or tokens[j].low in lx.VERB_LIKE | {"as", "that", "about", "regarding", "concerning"}
                    # "considers the accusations of the Polish side unfounded"
                    or tokens[j].low in lx.FALSEHOOD_WORDS
                    or _looks_verbal(tokens[j])
                )
                # "allegations of prisoners being mistreated": a participle makes them the topic.
                and not (
                    j < len(tokens)
                    and tokens[j].low.endswith("ing")
                    and not tokens[j].is_cap
                    and tokens[j].low not in lx.ING_PREPOSITIONS
                )
            )
            if tokens[m].low == "of" and tok.low not in lx.CLAIM_NOUNS_WITH_OF and not speaker_of and not fake_news:
                # "the claims of the Tarsk government" names a source; "claims of Russian interference" a topic.
                continue
            said_to = j + 1 < len(tokens) and tokens[j + 1].low == "to"
            if j < len(tokens) and tokens[j].low in lx.INVERTIBLE_VERBS and not tokens[j].is_cap and not said_to:
                # "..., statements from both sides said": the statements speak; "claims by X said to be" aside.
                continue
            if j - m > 2 and _is_complement_adjective(tokens[j - 1]):
                # "called the reactions from Athens malicious": the adjective judges the claim.
                j -= 1
            cue = " ".join(t.text for t in tokens[k : m + 1])
            if tokens[m].low == "of" and not speaker_of and not any(t.is_cap for t in tokens[m + 1 : j]):
                # "their own version of the incident", "the version of events": a topic, nobody's claim.
                continue
            if tokens[m].low == "of" and not speaker_of and not _claim_rejected(tokens, k, False):
                # "the version of X" cites X only right after a rejecting verb; "the claims of the
                # diplomat were propaganda" is judged later in the sentence.
                continue
            tentative = not _claim_rejected(tokens, k, rejecting_feelings if feeling else rejecting, feeling)
            if tok.low in ("threat", "threats") and tokens[m].low in ("from", "by"):
                # "amid threats from Pyongyang that the drills could spark a war" reports Pyongyang's words;
                # "amid threats from Russia" may be no words at all.
                if tentative and j < len(tokens) and tokens[j].low == "that":
                    found.append(_Found(m + 1, j, cue, "speaker", priority=2))
                    continue
            found.append(_Found(m + 1, j, cue, "disputed", priority=0, tentative=tentative))
    return found


def _names_medium(tokens, i, j):
    """True when ``tokens[i:j]`` is a medium ("Tarsk's state news agency"): before a named speaker it relays."""
    last = tokens[j - 1]
    return head_noun(_span_text(tokens, i, j)) in lx.MEDIA_NOUNS or last.is_cap and last.low in lx.MEDIA_TITLE_WORDS


def _find_rebutted_party(tokens):
    """ "contradicted X, saying", "hit back at X", "in a rebuttal to X": X made the claim the sentence answers."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.low in lx.REBUT_VERBS:
            start = k + 1
        elif tok.low == "at" and k >= 2 and (tokens[k - 2].low, tokens[k - 1].low) in lx.REBUT_PARTICLES:
            start = k + 1
        elif tok.low == "to" and k >= 1 and tokens[k - 1].low in lx.REBUTTAL_NOUNS:
            start = k + 1
        else:
            continue
        if start >= len(tokens) or tokens[start].low in lx.PREPOSITIONS:
            # "Baku's words were contradicted by its purchases": a passive, no party answered.
            continue
        j = _np_right(tokens, start)
        if j is None or j == start or not _can_speak(tokens, start, j):
            continue
        if tok.low == "at" and not any(t.is_cap or t.low in lx.RETORT_TARGETS for t in tokens[start:j]):
            # "Soldiers hit back at the attackers": a fight, not an answer to anyone's claim.
            continue
        # Only a party named on its own: "contradicted Valmar's figures" is judged by _find_claim_nouns.
        # "hits back at Valmar again over ...", "... over the flights".
        follows = ("and", "saying", "calling", "over", "again", "for", "after")
        if j == len(tokens) or tokens[j].text in ",.;" or tokens[j].low in follows:
            found.append(
                _Found(start, j, " ".join(t.text for t in tokens[max(0, start - 3) : start]), "disputed", priority=0)
            )
    return found


def _find_denied_something(tokens):
    """ "..., something Russia has denied": the one who denies the clause before speaks (a claim and its denial)."""
    found = []
    for k in range(1, len(tokens) - 2):
        if tokens[k].low != "something" or tokens[k - 1].text != ",":
            continue
        j = _np_right(tokens, k + 1)
        if j is None or j == k + 1 or not _valid_np(tokens, k + 1, j):
            continue
        v = _denying_verb_at(tokens, j)
        if v is not None:
            found.append(_Found(k + 1, j, f"something … {tokens[v].text}", "speaker", priority=1))
    return found


def _denying_verb_at(tokens, j):
    """Where a denying verb follows the phrase ending at ``j``, auxiliaries and adverbs aside, or None.

    ", a charge Pyongyang has always angrily denied", ", something Russia has repeatedly denied"; not
    "has not denied", which denies nothing.
    """
    v = j
    while (
        v < len(tokens)
        and tokens[v].low not in lx.NEGATIONS
        and (tokens[v].low in lx.AUXILIARIES or tokens[v].low == "always" or _is_adverb(tokens[v]))
    ):
        v += 1
    return v if v < len(tokens) and tokens[v].low in lx.DENYING_VERBS else None


def _judged_false_after(tokens, k):
    """True for 'the Houthi account was "fake and deceptive"': a form of "be" and a falsehood word after ``k``."""
    if k + 2 >= len(tokens) or tokens[k + 1].low not in lx.BE_FORMS:
        return False
    judged = next((m for m in range(k + 2, min(k + 6, len(tokens))) if _judges_false(tokens, m)), None)
    if judged is None:
        return False
    # Not 'the Tarsk claims were not false'; "not true" is itself the judgement.
    stop = judged - 1 if tokens[judged].low in lx.TRUTH_WORDS else judged
    return not any(t.low in lx.NEGATIONS for t in tokens[k + 1 : stop])


def _called_false(tokens, k):
    """True for 'calling the Tarsk allegations "far-fetched"': a naming verb before ``k``, a falsehood after it."""
    if not any(t.low in lx.CALLING_VERBS for t in tokens[max(0, k - 5) : k]):
        return False
    m = k + 1
    # 'calling the claims "far-fetched"', "described the Tarsk statement as disinformation".
    while m < len(tokens) and (tokens[m].text in "\"“”'‘’" or tokens[m].low == "as"):
        m += 1
    return m < len(tokens) and _judges_false(tokens, m)


def _denied_despite(tokens, k):
    """True for "X denied any plans, despite reports from Y": the denial answers the report at ``k``."""
    d = next((i for i in range(k - 1, max(k - 3, 0) - 1, -1) if tokens[i].low == "despite"), None)
    if d is None or tokens[k].low not in lx.MEDIA_DOCUMENTS:
        return False
    # "despite reports", "despite the reports", "despite recent reports"; not "despite protests".
    if not all(t.low in lx.DETERMINERS | lx.RECENT_WORDS for t in tokens[d + 1 : k]):
        return False
    return any(t.low in lx.DENYING_VERBS for t in tokens[:d])


def _find_accused_of_falsehood(tokens):
    """ "Beijing accused Manila of spreading rumours": the accused is the source of a rejected claim."""
    found = []
    for k in range(1, len(tokens) - 3):
        if tokens[k].low in lx.ACCUSE_VERBS and not tokens[k].is_cap:
            # "of" ends the accused; _np_right would run on into "of spreading".
            j = next(
                (m for m in range(k + 2, min(len(tokens) - 1, k + 2 + lx.MAX_NP_TOKENS)) if tokens[m].low == "of"), None
            )
            if j is None:
                continue
            act = j + 2 if tokens[j + 1].text in "“\"‘'" and j + 2 < len(tokens) else j + 1  # of "fabrication"
            # Quoted, only an outright falsehood: "accused X of 'spreading panic'" quotes a charge of alarmism.
            spreads = (
                act == j + 1
                and tokens[act].low in lx.FALSEHOOD_SPREADING
                and any(t.low in lx.SPREAD_FALSEHOODS for t in tokens[act + 1 : act + 4])
            )
            if not (spreads or tokens[act].low in lx.FALSEHOOD_ACTS):
                continue
            # Whoever is accused of spreading rumours is an agent ("the navy", "the opposition"), so any
            # noun phrase counts here, unlike the subjects _can_speak screens.
            if _valid_np(tokens, k + 1, j) and not (j == k + 2 and tokens[k + 1].low in OBJECT_PRONOUNS):
                found.append(_Found(k + 1, j, f"{tokens[k].text} … of {tokens[act].text}", "disputed", priority=0))
    return found


def _find_falsehood_teller(tokens):
    """ "The general said Tarsk had given misinformation", "X was spreading lies": the teller's claims are rejected."""
    found = []
    for v in range(1, len(tokens) - 1):
        # "was misleading the public" misleads someone; "the report was misleading," is an adjective.
        misleads = tokens[v].low in lx.MISLEAD_VERBS and bool(re.match(r"\w", tokens[v + 1].text))
        # "He said the panel had provided no proof": the claim is called unsupported (in reported speech; the
        # reporter's own "they offered no evidence" only notes what is missing).
        unproved = tokens[v].low in lx.PROVIDE_VERBS and _no_proof(tokens, v + 1)
        # Misleading and offering no proof need no falsehood after the verb; spreading or telling does.
        called_false = misleads or unproved
        if not called_false and (tokens[v].low not in lx.FALSEHOOD_TELLING or not _tells_falsehood(tokens, v + 1)):
            continue
        urged = _urged_to_stop(tokens, v)
        if urged is not None:
            # "We urge Valmar to stop spreading false information": Valmar is said to spread it.
            found.append(_Found(*urged, f"to stop {tokens[v].text}", "disputed", priority=0))
            continue
        end = v
        if called_false and end > 2 and tokens[end - 1].low == "to" and tokens[end - 2].low in lx.TRY_VERBS:
            # "officials were trying to mislead the public".
            end -= 2
        while end > 0 and (tokens[end - 1].low in lx.AUXILIARIES | lx.BE_FORMS or _is_adverb(tokens[end - 1])):
            end -= 1
        if end == v and tokens[v].low.endswith("ing"):
            # "accused Tarsk of spreading lies" (another finder) or "a campaign spreading lies".
            continue
        if end == 0 or tokens[end - 1].low in lx.PREPOSITIONS or any(t.low in lx.NEGATIONS for t in tokens[end:v]):
            # "Tarsk is not spreading lies": a self-defence, no rejection.
            continue
        start = _np_left(tokens, end)
        if start is None:
            start = _subject_after_report(tokens, end)
        if (
            start is not None
            and _valid_np(tokens, start, end)
            and not any(t.low in lx.NEGATIONS for t in tokens[start:end])
            # "That image is misleading today": only someone who can speak misleads.
            and (not called_false or _can_speak(tokens, start, end))
            and (
                not unproved
                or start > 0
                and (tokens[start - 1].low == "that" or tokens[start - 1].low in lx.SAYING_VERBS)
            )
        ):
            found.append(_Found(start, end, f"{tokens[v].text} … {tokens[v + 1].text}", "disputed", priority=0))
    return found


def _urged_to_stop(tokens, v):
    """``(start, end)`` of X in "urge X to stop spreading ..." or "called on X to stop ...", else None."""
    if v < 4 or tokens[v - 1].low not in ("stop", "cease", "quit") or tokens[v - 2].low != "to":
        return None
    end = v - 2
    for start in range(end - 1, max(end - lx.MAX_NP_TOKENS, 0) - 1, -1):
        before = tokens[start - 1].low if start > 0 else ""
        if before in lx.URGE_VERBS or before == "on" and start > 1 and tokens[start - 2].low in lx.CALL_VERBS:
            return (start, end) if _valid_np(tokens, start, end) else None
        if not re.match(r"\w|'", tokens[start].text):
            return None
    return None


def _no_proof(tokens, k):
    """True for "no evidence", "no proof" or "no concrete evidence" at ``k``."""
    return tokens[k].low == "no" and any(t.low in lx.UNSUPPORTED_NOUNS for t in tokens[k + 1 : k + 3])


def _tells_falsehood(tokens, k):
    """True when the object at ``k`` is a falsehood: "lies", "misinformation", "groundless accusations"."""
    for m in range(k, min(k + 3, len(tokens))):
        low = tokens[m].low
        if low in lx.TOLD_FALSEHOODS:
            return True
        if low in lx.CLAIM_NOUNS or low == "information" or low == "news":
            return m > k and tokens[m - 1].low in lx.FALSEHOOD_WORDS
        if not re.match(r"[a-z]", tokens[m].text):
            return False
    return False


def _denier_after(tokens, k):
    """For ", a claim Moscow denies" (or "does not accept"), return the end of "Moscow" after claim noun ``k``; else None."""
    if k < 2 or tokens[k - 1].low not in ("a", "an") or tokens[k - 2].text not in (",", *lx.DASHES):
        # ", a claim X denies" or "-- a charge X has denied".
        return None
    if k + 1 < len(tokens) and _is_adverb(tokens[k + 1]):
        # ", a claim strongly denied by Pristina": a passive, read with its "by".
        return None
    j = _np_right(tokens, k + 1)
    if j is None or j == k + 1 or j >= len(tokens) or not _valid_np(tokens, k + 1, j):
        return None
    if _denying_verb_at(tokens, j) is not None:
        return j
    negated = j + 2 < len(tokens) and tokens[j].low in ("does", "do", "did") and tokens[j + 1].low in ("not", "n't")
    return j if negated and tokens[j + 2].low in lx.UNACCEPTED_VERBS else None


def _before_preposition(tokens, i, j):
    """Where the phrase ``tokens[i:j]`` meets its first preposition: "an arms race" of "an arms race between X and Y"."""
    return next(
        (k for k in range(i + 1, j) if tokens[k].low in lx.PREPOSITIONS or tokens[k].low in lx.SPAN_PREPOSITIONS), j
    )


def _compound_start(tokens, k):
    """Where up to three lower-case nouns before claim noun ``k`` start ("ceasefire breach allegations")."""
    i = k
    while i > 0 and k - i < 3 and re.match(r"[a-z]", tokens[i - 1].text) and _compound_word(tokens[i - 1]):
        i -= 1
    return i


def _compound_word(tok):
    """A lower-case word that may stand in a compound before a noun: no verb, article or preposition."""
    return not (
        _looks_verbal(tok)
        or tok.low in lx.TERRITORIAL_WORDS
        or tok.low in lx.DETERMINERS | lx.POSSESSIVES | lx.PREPOSITIONS | lx.NP_INNER | lx.NP_BOUNDARY
        or tok.low in lx.REJECTING_VERBS
        or tok.low.endswith("ing")
    )


def _name_before(tokens, k):
    """Return where a name before claim noun ``k`` starts ("the Amnesty International report"), or None.

    Only capitalised words count, after "the" or a verb, so "Serbia's claims" (a possessor) and "the
    new claims" are left to the other patterns. A compound may stand between the name and the noun
    after a rejecting verb ("rejects Venezuela border incursion charge").
    """
    compound = _compound_start(tokens, k)
    if compound < k and compound > 1 and tokens[compound - 1].is_cap:
        start = _name_before(tokens, compound)
        if start is not None and tokens[start - 1].low in lx.REJECTING_VERBS:
            return start
        if (
            start is not None
            and start > 1
            and tokens[start - 1].low == "the"
            and tokens[start - 2].low in lx.REJECTING_VERBS
        ):
            # "denied the US media reports".
            return start
    i = k
    while i > 0 and k - i < lx.MAX_NP_TOKENS and tokens[i - 1].is_cap and tokens[i - 1].low not in lx.NOT_SOURCES:
        if tokens[i - 1].low in lx.HEADLINE_REJECTING_VERBS and i < k:
            # "U.S. Denies Tarsk Claim ...": a title-case headline's capitalised verb ends the owner.
            break
        i -= 1
    before = i - 1
    if before > 0 and tokens[before].low in lx.RECENT_WORDS:
        # "denied recent Kosovo allegations".
        before -= 1
    if before > 2 and tokens[before].text in "'’\"”" and tokens[before - 2].text in "'‘\"“":
        # "denies 'unfounded' NATO claims": the writer quotes the rejecting word.
        before -= 3
    if before > 0 and tokens[before].low in ("a", "an") and tokens[before - 1].low in lx.REJECTING_VERBS:
        # "dismissed an Al Houthi claim".
        before -= 1
    if (
        before > 1
        and re.match(r"[a-z]+$", tokens[before].text)
        and tokens[before - 1].low == "as"
        and tokens[before - 2].low in lx.REJECTING_VERBS
    ):
        # "dismissed as baseless Russian claims that ...": the judgement stands between verb and claim.
        before -= 2
    if (
        i == k
        or i == 0
        or not (
            tokens[before].low == "the"
            or tokens[before].low in lx.CALLING_VERBS
            or tokens[before].low in lx.REJECTING_VERBS
        )
    ):
        # "calling Tarsk claims baseless" names the claims' owner too (_called_false judges them).
        return None
    if k - i == 1 and "-" in tokens[i].text and tokens[i].text.rsplit("-", 1)[1].islower():
        # "the Ukraine-related accusations": an adjective, not a name.
        return None
    if all(_is_time_noun(t) for t in tokens[i:k]):
        # "dismissed the Monday reports": a day, not a source.
        return None
    return i


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
    rejecting_words = lx.REJECTING_VERBS if strict else lx.ANSWERING_WORDS
    answered = any(tokens[m].low in rejecting_words and not _unanswered(tokens, m) for m in range(max(0, k - 6), k))
    if strict:
        return rejecting or answered or _refuses_to_agree(tokens, k)
    return rejecting or answered


def _refuses_to_agree(tokens, k):
    """True for "cannot agree with the ministry's statement": a negated "agree" shortly before token ``k``."""
    return any(
        tokens[a].low in ("agree", "agrees") and any(t.low in lx.NEGATIONS for t in tokens[max(0, a - 2) : a])
        for a in range(max(0, k - 9), k)
    )


def _possessor_start(tokens, apostrophe):
    """Return the start of "Serbian state media" in "Serbian state media's claims"."""
    i = apostrophe
    while i > 0 and _np_word(tokens[i - 1]) and tokens[i - 1].low not in lx.NP_BOUNDARY:
        if tokens[i - 1].is_cap and tokens[i - 1].low in lx.HEADLINE_REJECTING_VERBS:
            # A title-case headline capitalises its verb too: "Tarsk Rejects Valmar's Claims".
            break
        if tokens[i - 1].low in lx.DETERMINERS:
            i -= 1
            break
        if not (tokens[i - 1].is_cap or tokens[i - 1].low in lx.POSSESSOR_WORDS or i == apostrophe):
            break
        i -= 1
    if i < len(tokens) and tokens[i].low in lx.DETERMINERS and i + 1 == apostrophe:
        return None
    if i > 0 and tokens[i - 1].low in ("either", "each", "neither", "both") and i + 1 == apostrophe:
        # "either side's account" names nobody in particular.
        return None
    if i + 1 == apostrophe and tokens[i].low in lx.TIME_NOUNS | lx.CAPITALISED_TIMES:
        # "yesterday's statement", "Monday's remarks": a day, not a speaker.
        return None
    return i if i < apostrophe else None


def _find_passive_by(tokens):
    """ "... was rejected as baseless by diplomats in Brussels": the agent is the speaker."""
    found = []
    for k, tok in enumerate(tokens):
        if (
            k + 3 < len(tokens)
            and tokens[k + 1].low in lx.JUDGING_PARTICIPLES | lx.VIEWING_PARTICIPLES
            and tokens[k + 2].low == "by"
            and (tok.text == "," or k >= 2 and tokens[k - 1].low in ("a", "an") and tokens[k - 2].text == ",")
        ):
            # "The incident, described by Tarsk's top diplomat as an incursion, ...", "..., a move seen by
            # Ostrava as a provocation", "considered by Valmar to be a rehearsal": the judge speaks.
            j = _np_right(tokens, k + 3)
            judged = (
                j is not None
                and j + 1 < len(tokens)
                and (tokens[j].low == "as" or (tokens[j].low, tokens[j + 1].low) == ("to", "be"))
            )
            if judged and _can_speak(tokens, k + 3, j):
                found.append(_Found(k + 3, j, f"{tokens[k + 1].text} by … {tokens[j].text}", "speaker", priority=0))
            continue
        if tok.low not in lx.BE_FORMS:
            continue
        v = k + 1
        while v < len(tokens) and (tokens[v].low in lx.PASSIVE_ADVERBS or _is_adverb(tokens[v])):
            # "was also reported by", "was immediately dismissed by".
            v += 1
        if any(t.low in lx.NEGATIONS for t in tokens[k + 1 : v]):
            # "The deal was not confirmed by French officials": they said nothing.
            continue
        if v + 1 < len(tokens) and (tokens[v].low, tokens[v + 1].low) == ("made", "public"):
            # "The news was made public by the prime minister": who made it public reports it.
            v += 1
        # "The claims were made by X", "The allegation ... was voiced by X"; not "the drones were made by X",
        # nor "fears were voiced due to the pressure by X" (the agent must follow the participle).
        claim_subject = any(
            t.low in lx.CLAIM_NOUNS or t.low in lx.TOLD_FALSEHOODS for t in tokens[max(0, k - lx.MAX_NP_TOKENS) : k]
        )
        agent = v + 2 < len(tokens) and tokens[v + 1].low == "by"
        voiced = agent and claim_subject and tokens[v].low in lx.VOICED_PARTICIPLES
        if agent and claim_subject and tokens[v].low in lx.SPREAD_PARTICIPLES:
            # "the allegations were spread by US media": who spreads them has them rejected.
            j = _np_right(tokens, v + 2)
            if j is not None:
                found.append(_Found(v + 2, j, f"{tokens[v].text} by", "disputed", priority=0))
            continue
        if v < len(tokens) and (tokens[v].low in lx.PASSIVE_REPORT_VERBS or tokens[v - 1].low == "made" or voiced):
            if v + 2 < len(tokens) and tokens[v + 1].low in ("at", "on", "in"):
                # "it was said at alliance headquarters", "was reported on online forums and by regional papers".
                found.extend(_passive_venues(tokens, v))
                continue
            for m in range(v + 1, min(len(tokens) - 1, v + 9)):
                if tokens[m].low == "by":
                    j = _np_right(tokens, m + 1)
                    # "identities were confirmed by drone": a bare word is a means ("by them" is not).
                    bare = j is not None and j == m + 2 and tokens[m + 1].low.isalpha() and not tokens[m + 1].is_cap
                    means = bare and tokens[m + 1].low not in OBJECT_PRONOUNS and not tokens[m + 1].low.endswith("s")
                    if j is not None and not means:
                        start, j = _named_after_title(tokens, m + 1, j)
                        found.append(_Found(start, j, f"{tokens[v].text} … by", "speaker", priority=0))
                    break
    return found


def _named_after_title(tokens, start, end):
    """For "by the prime minister, Edi Lind." return the name's span; else ``(start, end)`` unchanged."""
    if (
        end + 1 >= len(tokens)
        or tokens[end].text != ","
        or head_noun(_span_text(tokens, start, end)) not in lx.TITLE_NOUNS
    ):
        return start, end
    name_end = _np_right(tokens, end + 1)
    closes = name_end is not None and (name_end == len(tokens) or tokens[name_end].text in ",.")
    if closes and all(t.is_cap or t.text == "." for t in tokens[end + 1 : name_end]):
        return end + 1, name_end
    return start, end


def _passive_venues(tokens, v):
    """Sources in "was said at alliance headquarters" or "was reported on online forums and by the press".

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
    if speakers and tokens[0].low in lx.CONCESSIVES:
        # "While Ostrava framed the drills as routine, analysts noted ...": the conceded claim is answered.
        main = next((f for f in speakers if f.i > 1 and tokens[f.i - 1].text == ","), None)
        if main is not None and not (main.j - main.i == 1 and tokens[main.i].low in PRONOUNS):
            for earlier in speakers:
                conceded = earlier.cue.lower() in lx.CONCEDED_VERBS
                if conceded and earlier.j < main.i and not any(t.text == "," for t in tokens[1 : earlier.i]):
                    earlier.role = "disputed"
    for later in speakers:
        if later.i >= 2 and tokens[later.i - 1].low == "but" and tokens[later.i - 2].text == ",":
            if later.j - later.i == 1 and tokens[later.i].low in PRONOUNS:
                # "The president stressed the cost, but he expressed confidence": the same speaker goes on.
                continue
            for earlier in speakers:
                # "The records do not specify the type, but analysts believe": what a source leaves out
                # is no claim to reject. "X has denied the charges, but Y said ...": a denial and its
                # answer are two sides' statements, so both speak (GUIDELINES: a claim and its denial).
                if earlier.j <= later.i - 2 and earlier.cue.lower() not in _STATEMENTS_KEPT:
                    earlier.role = "disputed"
    return found


# Cues whose speaker keeps the role after ", but Y said": what is left out, and a denial (two sides speak).
_STATEMENTS_KEPT = lx.DISCLOSURE_VERBS | lx.DENYING_VERBS


def _first_negation(tokens):
    """The index of the sentence's first negation ("not", "no", "never"), or its length when there is none.

    Token ``k`` follows a negated clause ("does not represent a threat, as claimed by") when this is
    below ``k``; computing it once keeps long inputs linear.
    """
    return next((k for k, t in enumerate(tokens) if t.low in lx.NEGATIONS), len(tokens))


# The only words _judges_false can answer True for (a test keeps the two in step).
_TRUTH_JUDGING = lx.FALSEHOOD_WORDS | lx.TRUTH_WORDS | lx.CORRESPOND_VERBS


def _last_falsehood(tokens):
    """Where the sentence last judges something false ("baseless", "not true"), or -1."""
    # Only a falsehood or truth word can judge; testing that first keeps the scan of every token cheap.
    return max((i for i, t in enumerate(tokens) if t.low in _TRUTH_JUDGING and _judges_false(tokens, i)), default=-1)


def _judges_false(tokens, i):
    """True for a falsehood word at ``i`` ("baseless"), a negated truth ("not true", "are not accurate") or
    "does not correspond to the facts"."""
    if tokens[i].low in lx.FALSEHOOD_WORDS:
        return True
    if tokens[i].low in lx.CORRESPOND_VERBS:
        negated = any(t.low in lx.JUDGING_NEGATIONS for t in tokens[max(0, i - 3) : i])
        return negated and any(t.low in lx.FACT_NOUNS for t in tokens[i + 1 : i + 5])
    return tokens[i].low in lx.TRUTH_WORDS and i > 0 and tokens[i - 1].low in lx.JUDGING_NEGATIONS


def _rejecting(tokens):
    """True when the sentence rejects something ("baseless", "no threat", "not").

    A negated answer is silence, not a rejection: "there was no reaction from X", "could not be reached for
    comment on X's claim", "has yet to respond to the accusations".
    """
    return any(
        t.low in lx.REJECTION_WORDS
        and not _unanswered(tokens, k)
        or t.low in lx.NEGATIONS
        and not _silent_after(tokens, k)
        for k, t in enumerate(tokens)
    )


def _silent_after(tokens, k):
    """True when the negation at ``k`` withholds an answer or a rejection: "no immediate reaction", "not be
    reached", "did not refute"."""
    return any(t.low in lx.SILENCE_WORDS for t in tokens[k + 1 : k + 4]) or any(
        t.low in lx.REJECTING_VERBS for t in tokens[k + 1 : k + 3]
    )


def _unanswered(tokens, m):
    """True when the answer verb at ``m`` is negated or still to come: "has yet to respond", "did not reply"."""
    before = [t.low for t in tokens[max(0, m - 3) : m]]
    return before[-2:] == ["yet", "to"] or any(w in lx.NEGATIONS for w in before)
