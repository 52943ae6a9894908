"""Split an article into sentences with character offsets, without breaking on abbreviations or initials."""

import re

# Words that end in a period but rarely end a sentence: titles, ranks, months, company suffixes.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt cpt sgt adm cmdr cdr brig pres amb rev hon st ft mt
    jr sr jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp bros dept est approx vs
    no nos nr vol fig pp ed sens reps gens govs adms govt intl
    """.split()
)
# Abbreviations that are only abbreviations before a number ("No. 5", "Fig. 3", "Art. 5 of the treaty",
# "para. 3"): "no." or "art." can end a sentence.
NUMBER_ABBREVIATIONS = frozenset(
    {"no", "nos", "nr", "vol", "fig", "pp", "p", "art", "arts", "para", "paras", "sec", "ch"}
)
# After a dotted acronym ("U.S.") a sentence only ends when one of these common openers follows.
SENTENCE_OPENERS = frozenset(
    """
    the a an it he she they we i this that these those there in on at but and or so yet however meanwhile
    after before while when if as for his her their its our what who why how our
    """.split()
)

_CLOSERS = "\"'”’»)]"
# A sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace; or an ellipsis
# run straight into a capitalised word ("with this deal...In fact"), as pages often print it.
_END = re.compile(
    r"(?:\.{3}|…|[.!?])[" + re.escape(_CLOSERS) + r"]*(?=\s)|(?:\.{3}|…)[" + re.escape(_CLOSERS) + r"]*(?=[A-Z][a-z])"
    # Paragraphs a page ran together: "through force if necessary.U.S. officials", "receiving them.”We stress".
    r"|(?<=[a-z]{3})[.!?][" + re.escape(_CLOSERS) + r"]*(?=[“\"]?[A-Z])"
)
# A line ending with a comma or a word that cannot end a headline ("a deal that", "comprising Russian,")
# was hard-wrapped: the next line continues the sentence even when it starts with a capital.
_WRAPPED_LINE_END = re.compile(
    r"(?:,|\b(?:the|a|an|of|to|in|on|at|by|for|from|with|and|or|that|which|as|than|its|their|his|her|some|any|all|"
    r"several|many|most|these|those|this|into|over|under|about|between|against|during|while|who|whose|where|"
    r"was|were|is|are|has|have|had|will|would|can|could|not))[ \t]*$",
)
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•–—▪●]|\(?\d{1,3}[.)]|\(?[a-zA-Z][)])[ \t]+")
# A dateline on a line of its own: a place in capitals, or a place with a [region], date or (agency), then a dash
# or a colon.
_DATELINE_LINE = re.compile(
    r"\s*(?:[A-Z][A-Z.' ]{1,30}|[A-Z][\w.' ]{0,30}(?=\s*[\[,(]))"
    r"(?:\s*\[[^\]\n]{1,40}\])?(?:,[\w. ]{1,30})?(?:\s*\([A-Za-z]{1,12}\))?\s*[-–—:]\s*"
)
# An agency dateline with its name between slashes, ended by a period: "MOSCOW, April 10. /TASS/."
_AGENCY_DATELINE = re.compile(r"\s*[A-Z][A-Z .'-]{1,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?\s*/[A-Za-z-]{2,12}/\.?")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_WORD_AND_SPACE_BEFORE = re.compile(r"([\w.]+)[ \t]+$")
_NEXT = re.compile(r"\s*([\"'“‘«(\[]*)(\S*)")


def split_sentences(text):
    """Return ``[(start, end), ...]``: the offsets of each sentence in ``text``.

    Parameters
    ----------
    text : str
        An article: paragraphs separated by line breaks, list items on their own lines.

    Returns
    -------
    list of tuple of int
        ``text[start:end]`` is the sentence, stripped of surrounding whitespace and list markers.

    Examples
    --------
    >>> text = "Gen. A. B. Smith arrived at 3.5 p.m. on Jan. 4. He said: “We are ready.” Talks went on."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Gen. A. B. Smith arrived at 3.5 p.m. on Jan. 4.', 'He said: “We are ready.”', 'Talks went on.']
    """
    spans = []
    for start, end in _paragraphs(text):
        marker = _LIST_MARKER.match(text, start, end)
        if marker and _looks_like_list_item(text, marker.end(), end):
            start = marker.end()
        spans.extend(_split_block(text, start, end))
    return spans


def _paragraphs(text):
    """Yield ``(start, end)`` of each line-level block: a line break ends a block unless the next line continues it."""
    start = 0
    for match in re.finditer(r"\n", text):
        rest = text[match.end() :]
        stripped = rest.lstrip(" \t")
        # A hard-wrapped line continues when the next line starts in lower case and is no list item, or when
        # the line breaks off where no sentence or headline ends.
        if stripped[:1].islower() and not _LIST_MARKER.match(rest):
            continue
        # Only the line's last few characters are read, so a long wrapped paragraph stays linear.
        if stripped[:1].isupper() and _WRAPPED_LINE_END.search(text, max(start, match.start() - 16), match.start()):
            continue
        if _DATELINE_LINE.fullmatch(text, start, match.start()):
            # "BELGRADE —" or "Taipei [Taiwan], May 3 (ANI):" alone on a line opens the next one.
            continue
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _looks_like_list_item(text, content_start, end):
    """A leading ``1.`` or ``-`` is a list marker when text follows it on the line."""
    return bool(text[content_start:end].strip())


def _split_block(text, start, end):
    """Split one block of text into sentence spans."""
    spans = []
    begin = start
    for match in _END.finditer(text, start, end):
        if _AGENCY_DATELINE.fullmatch(text, begin, match.end()):
            # "MOSCOW, April 10. /TASS/." opens the sentence after it.
            continue
        if _is_boundary(text, match, end):
            spans.append((begin, match.end()))
            begin = match.end()
    spans.append((begin, end))
    return [span for span in (_strip(text, s, e) for s, e in spans) if span]


def _is_boundary(text, match, end):
    """Decide whether the punctuation in ``match`` ends a sentence, looking at the word before and after."""
    following = _NEXT.match(text, match.end(), end)
    opener, next_word = following.group(1), following.group(2)
    if not next_word and not opener:
        return False
    first = (opener or next_word)[:1]
    if not (first.isupper() or first.isdigit() or opener):
        # Lower case after a period is a continuation ("3 p.m. on", "e.g. drones").
        return False
    punct = text[match.start()]
    if punct != "." or match.group().startswith(("...", "…")) or len(match.group()) > 1:
        # "?", "!", an ellipsis, or a period inside closing quotes ends the sentence.
        return True
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    word = before.group(1) if before else ""
    if word.isdigit() and len(word) <= 2 and _opens_item(text, before.start()):
        # "instructions: 1. Dedicate ...": the number of a list item, not the end of a sentence.
        return False
    bare = word.rsplit(".", 1)[-1].lower()
    if bare in NUMBER_ABBREVIATIONS:
        return not next_word[:1].isdigit()
    if bare in ABBREVIATIONS:
        return False
    if "." in word.strip("."):
        # A dotted acronym ("U.S.", "p.m."): only a common sentence opener after it starts a new sentence.
        return next_word.lower() in SENTENCE_OPENERS
    if _names_a_site(text, match, word, next_word):
        return False
    if len(bare) == 1 and bare.isalpha() and word[-1:].isupper():
        # An initial ("A. B. Smith", "signed by T. Kos"), unless a lower-case word comes before the letter
        # and a common sentence opener after it: "the order on X. The vote follows".
        previous = _WORD_AND_SPACE_BEFORE.search(text, max(0, before.start() - 40), before.start())
        return bool(previous) and previous.group(1)[:1].islower() and next_word.lower() in SENTENCE_OPENERS
    return True


def _names_a_site(text, match, word, next_word):
    """True for the run-in period of a site's name ("Caliber.Az reports", "Censor.NET"), not of two sentences.

    Pages run paragraphs together as "necessary.The army"; a site's name is a capitalised word, a period
    and a short domain ending that is not a word that opens sentences.
    """
    if match.end() >= len(text) or text[match.end()].isspace() or not word[:1].isupper():
        return False
    ending = next_word.rstrip(".,;:!?\"'”’)»")
    return 2 <= len(ending) <= 3 and ending.isalpha() and ending.lower() not in SENTENCE_OPENERS


def _opens_item(text, start):
    """True when the number at ``start`` opens an item: after a colon, a sentence's end or a line break.

    "on Jan. 4. The cost" ends a sentence: the full stop before the number is an abbreviation's.
    """
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if not before or before[-1] in ":!?\n" or before[-1] in _CLOSERS:
        return True
    word = _WORD_BEFORE.search(before[:-1]) if before[-1] == "." else None
    return bool(word) and len(word.group(1)) > 3 and word.group(1).lower() not in ABBREVIATIONS


def _strip(text, start, end):
    """Shrink ``(start, end)`` past surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
