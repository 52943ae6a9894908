"""Text normalisation used inside the pipeline, so every artifact carries it.

These are plain module-level functions (not lambdas): model/plain_model.py stores a pipeline by naming
them, and rebuilds it only from functions on its own list.
"""

import re
import unicodedata
from dataclasses import dataclass

from model.cues import mark_cues, mark_reported_speech

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
# str.translate looks up every character of a non-ASCII text in the table; a regex finds the few
# quotes and dashes in C and looks up only those (about 4x faster on news sentences, same output).
_QUOTE_CHARS = re.compile("[" + "".join(map(chr, _QUOTES)) + "]")
_DIGITS = re.compile(r"\d")
# "n't" is split off so that "doesn't" and "does not" give the same negation cue.
_CONTRACTION = re.compile(r"n't\b")
_NEGATION_CUES = frozenset("not no never none nobody nothing neither nor without cannot hardly".split())
# A negation's scope ends at punctuation that closes a clause, or at a contrastive conjunction.
_SCOPE_END = frozenset('.,;:!?"()')
_SCOPE_END_WORDS = frozenset(("but", "while", "whereas", "although"))
_OBJECT_NEGATIONS = frozenset(("no", "nobody", "nothing", "none"))
_TOKEN = re.compile(r"\w+|[^\w\s]")
_ANY_CUE = re.compile(r"\b(?:" + "|".join(sorted(_NEGATION_CUES)) + r")\b")


def normalise(raw_document):
    """Return the lower-cased text with unified quotes and dashes, every digit as 0 and single spaces."""
    # NFKC and the quote table change nothing in ASCII text, and most news text is ASCII: skipping
    # them halves the cost of this function, which runs on every sentence scored.
    if raw_document.isascii():
        text = raw_document
    else:
        text = _QUOTE_CHARS.sub(_replace_quote, unicodedata.normalize("NFKC", raw_document))
    text = _DIGITS.sub("0", text.lower())
    # str.split() splits on exactly the characters \s matches in a str pattern (str.isspace), and
    # joining the parts collapses runs and trims the ends.
    return " ".join(text.split())


def _replace_quote(match):
    """Return the ASCII quote or hyphen for a typographic one (see ``_QUOTES``)."""
    return _QUOTES[ord(match.group())]


def mark_negation(text, scope=3):
    """Prefix up to ``scope`` words after a negation cue with ``not_``, stopping at clause punctuation.

    "does not represent a threat" becomes "does not not_represent not_a not_threat", so the
    classifier can weigh "threat" and "not_threat" differently.
    """
    if "n't" in text:
        text = _CONTRACTION.sub(" not", text)
    # Most sentences have no negation: skip the token loop for them (it triples the cost otherwise).
    if _ANY_CUE.search(text) is None:
        return text
    tokens = _TOKEN.findall(text)
    remaining = 0
    for index, token in enumerate(tokens):
        # Cues are words and scope ends are punctuation or conjunctions, so the order of tests is free.
        if token in _NEGATION_CUES:
            remaining = scope
            # "threatens no one", "poses no danger": the verb before a negated object is negated too.
            before = tokens[index - 1] if index else ""
            if token in _OBJECT_NEGATIONS and before and _is_word(before) and not before.startswith("not_"):
                tokens[index - 1] = "not_" + before
        elif not remaining:
            continue
        elif token in _SCOPE_END or token in _SCOPE_END_WORDS:
            remaining = 0
        elif _is_word(token):
            tokens[index] = "not_" + token
            remaining -= 1
    return " ".join(tokens)


def _is_word(token):
    """Whether a token is a word rather than punctuation."""
    return token[0].isalnum() or token[0] == "_"


def normalise_marking_negation(raw_document):
    """Normalise the text, then mark words in the scope of a negation (see :func:`mark_negation`)."""
    return mark_negation(normalise(raw_document))


def normalise_marking_cues(raw_document):
    """Normalise the text, then append its framing cue families (see :func:`model.cues.mark_cues`)."""
    return mark_cues(normalise(raw_document))


def normalise_marking_negation_and_cues(raw_document):
    """Normalise, mark negation scope, then append cue families (negated cues as ``not_cue_...``)."""
    return mark_cues(mark_negation(normalise(raw_document)))


def normalise_marking_cues_and_speech(raw_document):
    """Normalise, append cue families, then cross them with reported speech (see :mod:`model.cues`)."""
    return mark_reported_speech(mark_cues(normalise(raw_document)))


def normalise_marking_negation_cues_and_speech(raw_document):
    """Normalise, mark negation scope, append cue families, then cross them with reported speech."""
    return mark_reported_speech(mark_cues(mark_negation(normalise(raw_document))))


# Characters that show nothing: format characters (zero-width space and joiners, the byte order mark)
# and marks that only modify the character before them.
_INVISIBLE_CATEGORIES = frozenset(("Cf", "Mn", "Me"))


def is_blank(text):
    """True for a text with nothing to read: only whitespace, zero-width characters or combining marks.

    Such a text would be scored as a confident neutral; the API and batch scoring refuse it as empty.

    Examples
    --------
    >>> is_blank("  \\u200b\\u200d "), is_blank("\\u0301\\u0301"), is_blank("..."), is_blank("é")
    (True, True, False, False)
    """
    stripped = text.strip()
    if not stripped or stripped.isascii():
        return not stripped
    return all(c.isspace() or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in stripped)


# The problems every check of a text refuses, named by the API's error codes (service/errors.py).
EMPTY_TEXT, TEXT_TOO_LONG, NUL_CHARACTER = "empty_text", "text_too_long", "nul_character"
# What an empty text is, after the text's name: the one wording of the API, the pages, the commands and batch rows.
BLANK = "is empty or only whitespace (or invisible characters)"
# A NUL is no character of any sentence, and many tools cut the text there.
HOLDS_NUL = "contains a NUL character"


@dataclass(frozen=True)
class TextProblem:
    """Why a text cannot be used: the API's error ``code`` and ``what`` is wrong, worded to follow the text's name."""

    code: str
    what: str

    def about(self, name):
        """Return the message naming the text: ``"text is empty or only whitespace (or invisible characters)"``."""
        return f"{name} {self.what}"


def find_problem(text, max_chars=None):
    """Return the first :class:`TextProblem` of a string (blank, over ``max_chars`` when given, a NUL), or None.

    The one check behind the API's texts (service/validation.py), articles (model/article.py),
    ``stance classify`` lines, ``stance score`` rows, training rows and stored corrections.

    Examples
    --------
    >>> find_problem("\\u200b").code, find_problem("abc", max_chars=2).about("text"), find_problem("ok")
    ('empty_text', 'text has 3 characters; the limit is 2', None)
    """
    if is_blank(text):
        return TextProblem(EMPTY_TEXT, BLANK)
    if max_chars is not None and len(text) > max_chars:
        return TextProblem(TEXT_TOO_LONG, f"has {len(text):,} characters; the limit is {max_chars:,}")
    if "\x00" in text:
        return TextProblem(NUL_CHARACTER, HOLDS_NUL)
    return None


def text_problem(text, max_chars=None, name="text"):
    """Return why a text cannot be scored, as the API refuses it ("text contains a NUL character"), or None."""
    problem = find_problem(text, max_chars)
    return None if problem is None else problem.about(name)
