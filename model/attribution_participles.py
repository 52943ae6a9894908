"""Participle speakers: "Warsaw closed the border, citing the risk", "..., with spokesman Wang Lin accusing Tokyo",
"..., prompting officials in Tarsk to warn that"."""

from model import lexicon as lx
from model.attribution_phrases import _can_speak, _np_left, _np_right, _sentence_subject
from model.attribution_tokens import _Found


def _find_participle(tokens):
    """ "Warsaw closed the border, citing the risk": a participle clause credits the sentence's subject."""
    for k in range(1, len(tokens) - 1):
        if _after_comma(tokens, k) and _reports_as_participle(tokens, k):
            span = _sentence_subject(tokens)
            if span is not None and tokens[k].low in lx.REJECTING_PARTICIPLES and not _can_speak(tokens, *span):
                # "The spokesperson's claim prompted India to issue a statement, refuting ...": a claim
                # rejects nothing; only a subject that can speak does.
                continue
            if span is not None:
                return [_Found(span[0], span[1], tokens[k].text, "speaker", priority=2)]
    return []


def _find_prompted(tokens):
    """ "The fleet sailed in, prompting officials in Tarsk to warn that ...": the prompted ones speak."""
    found = []
    for k in range(1, len(tokens) - 3):
        if tokens[k].low in lx.PROMPT_VERBS and not tokens[k].is_cap:
            j = _np_right(tokens, k + 1)
            if (
                j is not None
                and j + 1 < len(tokens)
                and tokens[j].low == "to"
                and tokens[j + 1].low in lx.PROMPTED_SAYING
            ):
                if _can_speak(tokens, k + 1, j):
                    found.append(_Found(k + 1, j, f"{tokens[k].text} … to {tokens[j + 1].text}", "speaker", priority=1))
    return found


def _find_with_participle(tokens):
    """ "..., with spokesman Wang Lin accusing Tokyo of ...": the name before the participle speaks.

    Only a fallback (priority 2): when the main clause names its own speaker ("Belgrade reacted, with a
    spokesman saying ..."), that one is the sentence's source.
    """
    found = []
    for k in range(2, len(tokens) - 1):
        if _reports_as_participle(tokens, k):
            start = _np_left(tokens, k)
            second = _name_after_and(tokens, k)
            if found and second is not None and not any(t.text == "," for t in tokens[found[-1].j : second]):
                # "with Valmar accusing Tarsk of ... and Tarsk denying the claims": the second side speaks too.
                found.append(_Found(second, k, tokens[k].text, "speaker", priority=2))
                continue
            if start is not None and start > 1 and tokens[start - 1].low == "with" and tokens[start - 2].text == ",":
                # "with both Moscow and Tehran rejecting": "both" joins one subject of two names.
                both = tokens[start].low == "both" and sum(t.low == "and" for t in tokens[start:k]) == 1
                start += both
                # "with Pristina reporting six and Belgrade saying": a list of clauses, not one speaker.
                if _can_speak(tokens, start, k) and not any(
                    (t.low in ("and", "or") and not both) or t.low.endswith("ing") or t.low.isdigit()
                    for t in tokens[start:k]
                ):
                    found.append(_Found(start, k, tokens[k].text, "speaker", priority=2))
    return found


def _name_after_and(tokens, k):
    """Where the capitalised name between an "and" and the participle at ``k`` starts, or None."""
    i = k
    while i > 0 and tokens[i - 1].is_cap and k - i < 5:
        i -= 1
    return i if i < k and i > 0 and tokens[i - 1].low == "and" else None


def _reports_as_participle(tokens, k):
    """True for a reporting participle at ``k`` ("saying", "accusing"), followed by a token."""
    # "calling up 4,000 men", "calling off the drills": an act, not a claim.
    return tokens[k].low in lx.REPORTING_PARTICIPLES and tokens[k + 1].low not in ("up", "off")


def _after_comma(tokens, k):
    """True when token ``k`` follows a comma, perhaps with a closing quote: ", noting" or ',” noting'."""
    return tokens[k - 1].text == "," or k > 1 and tokens[k - 1].text in "”\"'’" and tokens[k - 2].text == ","
