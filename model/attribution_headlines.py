"""Headline speakers: "Minister: the drills go ahead", "Drills routine: Taipei", "Army to get drones – PM Rama"."""

import re

from model import lexicon as lx
from model.attribution_phrases import _can_speak, _singular, _valid_np
from model.attribution_tokens import _Found


def _names_speaker(tok):
    """True when a lower-case word is a person, a title, a speaking body or a medium ("chief", "service")."""
    low = _singular(tok.low)
    return (
        tok.low in lx.TITLE_NOUNS
        or low in lx.PERSON_NOUNS
        or tok.low in lx.PEOPLE_NOUNS
        or low in lx.SPEAKING_BODIES
        or tok.low in lx.INSTITUTION_NOUNS
        or tok.low in lx.MEDIA_NOUNS
    )


def _find_closing_kicker(tokens):
    """ "Navy plans to double its fleet: Admiral": a headline that names its speaker after a closing colon.

    Also a title-case headline that closes with its speaker and a verb: "Army Out of Date, Report Warns".
    """
    n = len(tokens)
    if n > 4 and tokens[-1].is_cap and tokens[-1].low in lx.REPORTING_VERBS:
        comma = next((k for k in range(n - 2, max(n - 7, 1), -1) if tokens[k].text == ","), None)
        if comma is not None and comma + 1 < n - 1 and all(t.is_cap for t in tokens[comma + 1 : n - 1]):
            return [_Found(comma + 1, n - 1, tokens[-1].text, "speaker", priority=0, final=True)]
    # A spaced hyphen stands for the dash in many headlines ("... Near Kosovo - Defense Ministry").
    dash = next((k for k in range(n - 2, max(n - 7, 3), -1) if tokens[k].text in ("–", "—", "-")), None)
    if dash is not None and re.match(r"\w", tokens[-1].text) and tokens[dash - 1].text not in ".!?":
        # "Army to get new drones – PM Rama", "... border – minister": a headline's closing credit; after a
        # full stop ("... on Monday. — Reuters") the dash credits a photograph or the whole article.
        end = n
        place = next((k for k in range(dash + 2, n - 1) if tokens[k].low in ("in", "at")), None)
        if place is not None and _names_speaker(tokens[place - 1]) and all(t.is_cap for t in tokens[place + 1 : n]):
            # "... – Estonian defence minister in Riga": where the credit was given is no part of it.
            end = place
        words = tokens[dash + 1 : end]
        named = all(t.is_cap for t in words) or _names_speaker(words[-1])
        if named and all(re.match(r"[^\W\d]", t.text) for t in words) and words[0].low not in lx.NOT_HEADLINE_SOURCES:
            return [_Found(dash + 1, end, tokens[dash].text, "speaker", priority=0, owner=True)]
    colon = next((k for k in range(n - 2, max(n - 6, 2), -1) if tokens[k].text == ":"), None)
    if colon is None or colon < 3:
        return []
    words = tokens[colon + 1 :]
    # "...: Admiral", or a title in lower case: "... for self-defence: deputy minister".
    titled = len(words) <= 3 and words[-1].low in lx.TITLE_NOUNS and all(t.low.isalpha() for t in words)
    if (
        not (titled or all(t.is_cap and re.match(r"[^\W\d]", t.text) for t in words))
        or words[0].low in lx.NOT_HEADLINE_SOURCES
    ):
        return []
    if tokens[colon - 1].low in lx.NOT_HEADLINE_SOURCES:
        # "... at the camp. Photo: EUFOR" credits a picture, not a claim.
        return []
    return [_Found(colon + 1, n, ":", "speaker", priority=0, owner=True)]


def _find_headline(tokens):
    """ "Minister: the drills go ahead": a headline credits its line to the name before the colon."""
    colon = next((k for k, t in enumerate(tokens[: lx.MAX_NP_TOKENS]) if t.text == ":"), None)
    if colon is None or colon + 1 >= len(tokens):
        return []
    # A word or an opening quote after the colon: 'Velic: "Let them arm"' quotes Velic; so does a number
    # after a space ("NATO chief: 4 battalions going north"), which a clock's "14:00" has not.
    spaced_number = tokens[colon + 1].text[:1].isdigit() and tokens[colon + 1].start > tokens[colon].end
    if not (re.match(r"[^\W\d]|[\"“‘']", tokens[colon + 1].text) or spaced_number):
        return []
    rest = tokens[colon + 1 :]
    if len(rest) <= 3 and all(t.is_cap for t in rest) and colon > 3:
        # "Drills Just Routine: Taipei" names its speaker after the colon (_find_closing_kicker).
        return []
    if tokens[colon + 1].low in lx.QUESTION_WORDS:
        # "Mali's new partners: what is known about them" is an explainer's title, not a quote.
        return []
    start = colon
    while start > 0 and re.match(r"\w|'", tokens[start - 1].low):
        start -= 1
    if start > 0 and tokens[start - 1].text != ",":
        return []
    words = tokens[start:colon]
    if any(not t.is_cap and t.low in lx.REPORTING_VERBS for t in words):
        # "He told reporters: ..." is a speaker and a verb, found as such; no headline label.
        return []
    if not words or not all(t.is_cap or t.low in lx.NP_INNER for t in words):
        # "Army chief:", "Tarsk intelligence service:": lower-case words only when the last one names a
        # speaker ("Balance of power in the Balkans:" or "Bravo to the junta:" names none).
        if not words or len(words) > 5 or not words[0].is_cap or not _names_speaker(words[-1]):
            return []
    if words[-1].low in lx.NOT_HEADLINE_SOURCES or words[0].low in lx.NOT_HEADLINE_OPENERS:
        return []
    pair = len(words) == 1 and re.fullmatch(r"[A-Z]\w+-[A-Z]\w+", words[0].text) is not None
    # "Army Deployment on Border": two capitalised words, then a preposition (not "Szijjarto in Belgrade").
    titled = len(words) > 3 and words[0].is_cap and words[1].is_cap and words[2].low in lx.PREPOSITIONS - {"of", "for"}
    if (pair or titled) and any(not t.is_cap and t.low in lx.REPORTING_VERBS for t in rest[1:3]):
        # "Tarsk-Valmar: Tarsk denies massing troops", "Army Deployment on Border: Valmar protests":
        # a topic label before a line with its own speaker.
        return []
    if spaced_number and any(t.low in lx.PREPOSITIONS for t in words):
        # "Xi in Belgrade: 29 agreements signed": a visit's tally, not a speaker's words.
        return []
    if len(words) > 1 and all(t.text.isupper() for t in words) and any(t.low in lx.NP_INNER | {"the"} for t in words):
        # "WAR IN UKRAINE: Poland set to buy tanks": a section label in capitals, not a speaker.
        return []
    if start == 0 and _is_dateline(tokens, colon):
        return []
    if 0 < start - 1 <= 3 and all(t.text.isupper() and t.text.isalpha() for t in tokens[: start - 1]):
        # "BUCHAREST, Romania: Washington has told ...": a city in capitals and its country make a dateline.
        return []
    if not _valid_np(tokens, start, colon):
        return []
    return [_Found(start, colon, ":", "speaker", priority=0, owner=True)]


def _is_dateline(tokens, colon):
    """True for an agency dateline before a colon: "NEW DELHI: The third battery reached the border on Friday."

    The place is in capitals and a whole reported sentence follows; a headline's "NATO: drills go ahead"
    quotes a short claim without a full stop, and "ECOWAS: ..." names its speaker.
    """
    words = tokens[:colon]
    rest = tokens[colon + 1 :]
    if len(rest) < lx.DATELINE_MIN_WORDS or rest[-1].text != ".":
        return False
    place = (
        colon <= 2
        and all(t.is_cap for t in words)
        or colon <= 4
        and all(t.is_cap or t.low in ("and", "of") for t in words)
    )
    if place and rest[0].is_cap and any(t.low in lx.DATELINE_VERBS for t in rest):
        # "Beijing: China on Wednesday accused ...", "New Delhi: Saying that ..., China has dismissed ...",
        # "Jammu and Kashmir : The army dismissed ...": a place before a sentence with its own speaker.
        return True
    return all(t.text.isupper() and t.text.isalpha() for t in words)


def _headline_second_verb(tokens, end, v):
    """True for the "denies" of "Tarsk strikes targets, denies deploying troops": a present verb right after a
    comma in a line without a full stop, whose subject opens the line."""
    return (
        end == v
        and v > 2
        and tokens[v - 1].text == ","
        and not any(t.text in ".!?" for t in tokens[-2:])
        and tokens[v].low.endswith("s")
        and not tokens[v].is_cap
        and v + 1 < len(tokens)
        and not (tokens[v + 1].is_cap or tokens[v + 1].low in lx.DETERMINERS)
    )


def _headline_subject(tokens, end):
    """``(0, k)`` for the subject of a headline whose first verb is the lower-case present at ``k``
    ("Valmar army chief visits troops ..."), or ``(None, end)``."""
    for k in range(1, min(end, 6)):
        tok = tokens[k]
        if not re.match(r"\w", tok.text) or tok.low in lx.PREPOSITIONS:
            return None, end
        if not tok.is_cap and tok.low.endswith("s") and not tok.low.endswith("ss") and k + 1 < end:
            return (0, k) if _valid_np(tokens, 0, k) and _can_speak(tokens, 0, k) else (None, end)
    return None, end
