"""People in an article: who a sentence is about, who is named in it, and whom "he", "she" and "it" may stand for."""

import re

from model import lexicon as lx
from model.attribution_phrases import _can_speak, _is_person_word, _looks_verbal, _sentence_subject, head_noun
from model.attribution_tokens import PRONOUNS, is_name_word, quoted_regions, tokenize


def _subject_of(sentence):
    """Return the name or body a sentence opens with as its subject, or None.

    "Defence Minister Ivo Lind was not persuaded." -> "Defence Minister Ivo Lind"; "Lind's deputy,
    Ana Ristic, went further." -> "Ana Ristic" (the name after a description); "The first battery
    will arrive." -> None (it cannot speak).
    """
    tokens = tokenize(sentence)
    if not tokens or tokens[0].low in PRONOUNS or not re.match(r"\w", tokens[0].text):
        # A pronoun is resolved, not remembered; a quotation's words are the speaker's, not the story's.
        return None
    span = _sentence_subject(tokens) or _name_beside_aside(tokens)
    if span is None or not _can_speak(tokens, *span):
        return None
    subject = sentence[tokens[span[0]].start : tokens[span[1] - 1].end]
    named = _is_person(subject) or tokens[span[1] - 1].is_cap
    return subject if named or head_noun(subject) in lx.BODY_HEADS else None


def _titled_names(sentence):
    """The names a sentence gives with a title, in order: "General Marko Horvat" in "met General Marko Horvat"."""
    tokens = tokenize(sentence)
    names = []
    k = 1
    while k < len(tokens):
        if tokens[k].low in lx.TITLE_NOUNS or tokens[k].is_cap and tokens[k].low in lx.RANK_WORDS:
            end = k + 1
            while end < len(tokens) and end - k <= 3 and tokens[end].is_cap and re.match(r"\w", tokens[end].text):
                end += 1
            first = k
            # Bounded: a sentence of nothing but capitalised words ("Mr. Dr. Gen. Col. ...") would walk
            # back to its start from every title, quadratic in its length.
            while first > max(0, k - lx.MAX_NP_TOKENS) and tokens[first - 1].is_cap:
                first -= 1
            joint = (
                (first > 0 and tokens[first - 1].low == "and" and _names_before_and(tokens, first - 1))
                or end < len(tokens)
                and tokens[end].low == "and"
            )
            if end - k >= 3 and not joint:
                # Two people joined by "and" are no one person a later "he" could stand for.
                names.append(sentence[tokens[k].start : tokens[end - 1].end])
            k = end
        else:
            k += 1
    return names


# "Mayor Kaori Nakama said she ...", "thanked Germany for what she called ...": the speaker's own pronoun.
_SELF_PRONOUN = re.compile(
    r"\b(?:said|says|told \w+|added|stated|insisted|warned|argued|noted|stressed)(?: that)? (he|she)\b"
    r"|\bwhat (he|she) (?:called|described as|termed|sees as|saw as)\b",
    re.IGNORECASE,
)


def _self_pronoun(sentence):
    """ "he" or "she" when a sentence's speaker refers to themself so, outside quotations; else None."""
    found = {(m.group(1) or m.group(2)).lower() for m in _SELF_PRONOUN.finditer(_unquoted(sentence))}
    return found.pop() if len(found) == 1 else None


def _unquoted(sentence):
    """The sentence with its quotations (:func:`quoted_regions`) blanked out."""
    pieces, at = [], 0
    for start, end in quoted_regions(sentence):
        pieces.append(sentence[at:start])
        at = end
    pieces.append(sentence[at:])
    return " ".join(pieces)


def _name_beside_aside(tokens):
    """Return the span of the name in an opening "X, Y, verb ...", or None.

    "Lind's deputy, Ana Ristic, went further": the name between the commas, after a description.
    "Tomas Brandt, a lawmaker from the Greens, questioned the cost": the name before the aside.
    """
    first = next((k for k, t in enumerate(tokens[: lx.MAX_NP_TOKENS]) if t.text == ","), None)
    if not first:
        return None
    second = next(
        (k for k in range(first + 2, min(len(tokens) - 1, first + lx.MAX_RELATIVE_TOKENS)) if tokens[k].text == ","),
        None,
    )
    if second is None or not _looks_verbal(tokens[second + 1]):
        return None
    if second < first + 6 and _is_name(tokens[first + 1 : second]):
        return first + 1, second
    return (0, first) if _is_name(tokens[:first]) else None


def _is_name(tokens):
    """True when every token is a name word or an initial's full stop: "Ana Ristic", "Lt. Col. Maren Tamm",
    "Marta van Dijk"."""
    return all(is_name_word(t) or t.text == "." for t in tokens)


def _remember(source, persons, last_body):
    """Return ``(last_speaker, last_body)`` after ``source`` spoke (or refused to); a person joins ``persons``.

    One capitalised word is a person only as the surname of someone named in full before ("Vucic" after
    "Aleksandar Vucic"); otherwise it is a place or a body ("Athens"). "A and B" is no one person.
    """
    if _joint(source):
        return source, last_body
    if _is_group(source):
        # "Two Thai soldiers were wounded ...": a later "he" is none of them.
        return source, last_body
    if _is_person(source) and (len(source.split()) > 1 or persons.knows_surname(source)):
        persons.mention(source)
        return source, last_body
    return source, source


# How many of the last people named a pronoun of known gender looks back over first.
RECENT_PEOPLE = 3
# How many people an article's resolution remembers, the latest named; and how far back it looks for
# the phrase or outlet that a bare "the maker" or "the newspaper" repeats.
MAX_PEOPLE = 200
LOOKBACK = 200


class _Persons:
    """The people an article has named, latest last, and the gender each is known to have.

    A gender is known from the words of the name ("Ms Rist", "the spokeswoman") or from a pronoun that
    already stood for the person: once "he" meant Ivo Lind, a later "she" does not.
    """

    def __init__(self):
        self.order = []
        self.gender = {}
        self.marked = set()  # people whose gender their own name or title gives
        self.learned = set()  # people who called themselves "he" or "she" in their own sentence
        self.titles = {}  # name -> the words of a title given beside it ("Zhao Lijian, spokesperson of ...")

    def mention(self, source):
        """Note that ``source`` was named (again); only the :data:`MAX_PEOPLE` named last are kept."""
        if source in self.order:
            self.order.remove(source)
        self.order.append(source)
        if len(self.order) > MAX_PEOPLE:
            # A pronoun or a bare surname never reaches that far back in a real article, and every
            # lookup walks this list: kept whole, an article of thousands of names took quadratic time.
            del self.order[0]
        words = {t.low for t in tokenize(source)}
        for pronoun, marks in (("he", lx.MALE_MARKS), ("she", lx.FEMALE_MARKS)):
            if words & marks:
                self.gender.setdefault(source, pronoun)
                self.marked.add(source)

    def mention_behind(self, source, latest):
        """Note ``source``, named for the first time, as less recent than the ``latest`` people named.

        Never as the most recent person either: "He called on Minister X to ..." names X beside the
        "he" a later pronoun still stands for.
        """
        self.mention(source)
        name = self.order.pop()
        self.order.insert(max(0, len(self.order) - max(latest, 1)), name)

    def learn(self, source, pronoun):
        """Note that ``source`` is "he" or "she" by the sentence that names them ("Lind said she ...")."""
        if source not in self.marked:
            self.gender[source] = pronoun
            self.learned.add(source)

    def knows_surname(self, word):
        """True when ``word`` ends the name of someone mentioned before."""
        return any(name.split()[-1] == word for name in self.order)

    def latest(self, pronoun):
        """Return the latest person ``pronoun`` ("he" or "she") may stand for, and learn their gender; or None.

        Among the last few people named, one whose title says it fits comes first ("Army spokeswoman Ana
        Lunde said ... Minister Ivo Lind said ... According to her" is Lunde); otherwise the latest whose
        gender is unknown or fits.
        """
        for source in list(reversed(self.order))[:RECENT_PEOPLE]:
            # Only a gender the name itself gives ("spokeswoman", "Mr"): one learnt from an earlier
            # pronoun may be wrong, and must not outrank the person just named. A woman's own "she"
            # ("Mayor Kaori Nakama said she ...") counts too: most people named without a title that
            # marks them are men here, so "she" is the telling pronoun and "he" is not.
            known = source in self.marked or pronoun == "she" and source in self.learned
            if known and self.gender[source] == pronoun:
                return source
        for source in reversed(self.order):
            if self.gender.get(source, pronoun) == pronoun:
                self.gender[source] = pronoun
                return source
        return None


def _is_group(source):
    """True for a plural group of people: "Dozens of farmers", "Residents of Kell", "A and B", "Iranian media"."""
    # "Dozens of farmers": the people may follow a quantity's "of".
    words = {head_noun(source), source.split()[-1].lower()}
    plural = any(w.endswith("s") and not w.endswith("ss") and _is_person_word(w) for w in words)
    return _joint(source) or plural or head_noun(source) in lx.PLURAL_MEDIA


def _joint(source):
    """True for "Prime Minister A and Defence Minister B": two sources in one phrase.

    "Deputy Prime Minister and Defence Minister Jakub Nowicki" is one person with two titles.
    """
    tokens = tokenize(source)
    return any(t.low in ("and", "&") and _names_before_and(tokens, k) for k, t in enumerate(tokens))


def _names_before_and(tokens, conjunction):
    """True when the words before the "and" at ``conjunction`` name someone, not only a title."""
    words = []
    for tok in reversed(tokens[:conjunction]):
        if not re.match(r"\w", tok.text) or tok.low in ("and", "&"):
            break
        words.append(tok)
    return any(t.is_cap and t.low not in lx.TITLE_ONLY_WORDS for t in words) or not any(t.is_cap for t in words)


def _is_person(source):
    """True when a source phrase may name one person, whom "he" or "she" can stand for.

    A capitalised head is a name ("Minister Ada Benn") unless it names a body ("the Defence Ministry");
    a lower-case head must name a person ("the spokesman", "a ministry official").
    """
    head = head_noun(source)
    if head in lx.BODY_NOUNS or head in lx.INSTITUTION_NOUNS or head in lx.MEDIA_NOUNS:
        return False
    capitalised = any(t.low == head and is_name_word(t) for t in tokenize(source))
    if capitalised and head in lx.CAPITALISED_BODIES:
        # "the Revolutionary Guard", "the Coast Guard": a body; "a border guard" is a person.
        return False
    if capitalised:
        return True
    return _is_person_word(head)
