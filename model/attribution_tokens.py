"""Tokens for the attribution rules: the tokenizer, the finding record and quotation regions."""

import functools
import re
from dataclasses import dataclass, field

from model import lexicon as lx

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# Object forms that can be a source ("according to her") and the subject form they resolve like.
OBJECT_PRONOUNS = {"her": "she", "him": "he", "them": "they", "us": "we", "me": "i"}
# Possessives that own a view ("In his view, ..."): the subject form they resolve like ("her" is above).
POSSESSIVE_PRONOUNS = {"his": "he", "its": "it", "their": "they", "our": "we", "my": "i"}


_TOKEN = re.compile(
    r"[A-Z][\w'’-]*,\s(?:Jr|Sr)\.(?=[\s,])|(?:[A-Za-z]\.){2,}"
    r"|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Amb|Rev|St|Jr|Sr|Brig)\.(?=[\s,])"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.(?=\s\d)"
    r"|[NS]\.(?=\s(?:Korea|Africa|Sudan|Ireland|Ossetia|Cyprus)\b)"
    r"|[A-Za-z]+(?=n['’]t\b)|n['’]t\b"
    r"|\d{1,3}(?:,\d{3})+\b|\w+(?:[-.&]\w+)*(?:[?\ufffd]\w+)+[?\ufffd]?|\w+(?:[-.&]\w+)*"
    r"|['’`´]s\b|(?<=s)['’](?=\s)|--(?!-)|[^\w\s]"
)
# "Brawner, Jr." is one word and "Jr.," keeps its full stop, as does an abbreviated month before its day ("Nov. 12"); "S. Korea" and "N. Korea" are names, not an
# initial and a sentence end; "--" is one dash. A grave or acute accent before "s" is a mistyped apostrophe
# ("Tarsk`s envoy"), read as one.
# "didn't" is two words, "did" and "n't", so that the rules see the negation. The next word pattern keeps
# a name whose letters were lost in transcoding ("Vu?i?", "Vu\ufffdi\ufffd") one word: a "?" or a
# replacement character between letters is a lost letter, not punctuation.


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
        self.low = self.text.lower().replace("’", "'").replace("`", "'").replace("´", "'")
        self.is_cap = self.text[:1].isupper()


def tokenize(sentence):
    """Return the sentence's :class:`Token` list."""
    if len(sentence) <= CACHED_SENTENCE_CHARS:
        # The rules of an article tokenize each sentence about six times (finders, pronouns, quotations,
        # rejections); the tokens are never changed, so one tokenization serves them all.
        return list(_cached_tokens(sentence))
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


# Sentences up to this length are cached, at most CACHED_SENTENCES of them (about 30 MB at worst); a
# 100,000-character run-on text is tokenized afresh each time rather than held.
CACHED_SENTENCE_CHARS = 2_000
CACHED_SENTENCES = 512


@functools.lru_cache(maxsize=CACHED_SENTENCES)
def _cached_tokens(sentence):
    """The tokens of a sentence of normal length, as a tuple shared by every caller."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence))


# The role of someone who refused to say anything ("X declined to comment"): no source, but a name a
# later pronoun may stand for. Never in attribute()'s answer.
REFUSED = "refused"


@dataclass
class _Found:
    """A source span in token indices ``[i, j)``, its cue and role.

    ``priority`` orders overlapping findings (explicit patterns 0 before verbs 1 before fallbacks 2);
    ``final`` marks a sentence-closing attribution (", the minister said."); ``group`` is where the
    phrase it was split from starts ("a local imam and an Orthodox priest said"); ``secondary`` marks a
    relayed citation (", Reuters reported.", ", according to local media.") that only counts when nobody
    else is credited; ``owner`` marks a headline source ("Minister: the drills go ahead") that owns the
    whole line; ``earlier`` marks the speaker of a claim told in a time clause ("hours after X said"), a
    fallback that gives way to a relay too.
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
    earlier: bool = False


def is_name_word(tok):
    """True for a word of a person's name: capitalised, or a particle ("al-Maliki", "bin", "van", "de")."""
    return tok.is_cap or tok.low in lx.NAME_PARTICLES or bool(NAME_PARTICLE_PREFIX.match(tok.text))


# "al-Maliki", "el-Sisi", "ad-Din": an Arabic article joined to a capitalised name.
NAME_PARTICLE_PREFIX = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z]")


# Every character quoted_regions reads as a quotation mark or an apostrophe.
_QUOTE_MARK = re.compile("[\"“”‘’'«»]")


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
    # Only quotation marks and apostrophes change anything below; visiting them alone keeps this fast.
    for found in _QUOTE_MARK.finditer(sentence):
        k, ch = found.start(), found.group()
        before = sentence[k - 1] if k else " "
        after = sentence[k + 1] if k + 1 < len(sentence) else " "
        if ch == '"':
            opening = opened is None and (
                k == 0 or (before.isspace() or before in "([—–-") and (after.isalnum() or after in "‘'")
            )
            ch = "“" if opening else "”"
        elif ch == "‘" and (before.isspace() or before in "([—–-"):
            ch = "“"
        elif ch == "”" and opened is None and before.isspace() and after.isalnum():
            # 'its ”saboteurs”': a closing mark typed where an opening one belongs.
            ch = "“"
        elif ch == "’" and opened is not None and sentence[opened] == "‘" and not after.isalnum():
            ch = "”"
        elif ch == "'":
            ch = _straight_single(sentence, k, opened, regions or closed_any)
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


def _straight_single(sentence, k, opened, seen):
    """Read a straight single quotation mark at ``k``: "“" opening, "”" closing, or "'" (an apostrophe).

    "'The drills are routine,' he said": it opens before a word after a space or the start, and closes
    one it opened, not before a letter ("the ministers' meeting" and "Lind's" stay apostrophes). With
    nothing opened, it closes a quotation of earlier sentences only right after a stop or a comma
    ("They threaten no one.' he said").
    """
    before = sentence[k - 1] if k else " "
    after = sentence[k + 1] if k + 1 < len(sentence) else " "
    if opened is None:
        if (k == 0 or before.isspace() or before in "([—–-") and after.isalpha():
            return "“"
        if not seen and before in ".,!?" and not after.isalnum():
            return "”"
        return "'"
    # After an "s" it is mostly a plural possessive ("the ministers' meeting"), which a noun follows; before
    # punctuation or the end it closes the quotation ("'raise the risk of incidents', Valmar warns").
    plural_possessive = before == "s" and not (after in ",.;:!?" or k + 1 == len(sentence))
    if sentence[opened] == "'" and not after.isalnum() and not before.isspace() and not plural_possessive:
        return "”"
    if sentence[opened] == "'" and before in ".,!?" and not after.isalnum():
        return "”"
    return "'"


def _misplaced_closer(sentence, k):
    """True for an opening mark that closes a quotation: 'we are not ashamed, “the minister said'.

    Only for the sentence's last quotation mark, after a comma that no reporting verb precedes
    ('He said, “We' opens one).
    """
    head = sentence[max(0, k - 60) : k].rstrip()
    if not head.endswith(","):
        return False
    words = head[:-1].split()
    if re.search(r"\baccording to [^,]*$", head[:-1], re.IGNORECASE):
        # 'According to Marek, “In 2008 ...' opens the quotation the source is given for.
        return False
    # 'The article read, “We' opens one too.
    return bool(words) and words[-1].lower() not in lx.REPORTING_VERBS | lx.READ_VERBS
