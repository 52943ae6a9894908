"""One name per source: "Aleksandar Vucic", "Vucic" and "President Vucic" are one person.

Used within an article (``model.article.source_keys``) and across a corpus (``stance summarize``): the
same person turns up spelled and titled in many ways. The rule, applied to the set of names seen in the
whole article or corpus, so that the result does not depend on order:

1. **Key.** Case, leading articles ("the"), curly apostrophes and diacritics are ignored:
   "Vučić" and "vucic" share a key.
2. **Titles.** A name with a title word ("Serbian President Aleksandar Vucic", "Defence Minister
   Maqedonci", "Gen. Petrovic") stands for the one to four words after its last title word, when
   those look like a personal name (no preposition, no institution or group word): "aleksandar
   vucic", "maqedonci". "The defence ministry" and "minister of defence" stay as they are. A modifier
   after a personal name is dropped: "Dr. Nikola Brenner of the Valmar Institute" is "nikola brenner".
3. **Commas.** A name beside a title or a description, on either side of a comma, is the person:
   "Kosovo's prime minister, Albin Kurti" is "albin kurti", and so is "Albin Kurti, the prime
   minister". Parts that are all names ("Belgrade, Pristina") stay together as written.
4. **Several people.** A phrase joining people with "and" ("Prime Minister Tomas Vell and Defence
   Minister Ruta Sand") is kept whole, under its own key: it is neither of them, and neither
   person's counts take in the other's. An "and" inside a title ("Defence and Interior Minister
   Ruta Sand") joins no people.
5. **Full names.** A name of two to four such words is a person's full name; its last word is the
   surname, unless it starts with a place word ("north kosovo", "western balkans").
6. **Bare names.** A one-word name (after steps 2 and 3) joins the full name with that surname when the
   corpus holds exactly one such full name. When it holds several ("Aleksandar Vucic" and "Andrej
   Vucic"), the bare "Vucic" cannot be told apart and stays a source of its own, marked ambiguous
   with the candidates. A word that is no one's surname joins the one full name it opens, for names
   written family name first ("Jun" and "Jun Haeri"); ambiguous again when several full names open with
   it. Institutions, groups and pronouns never join a person ("ministry", "officials", "he").
7. **Initials.** "A. Vucic" joins the one full name with that surname and that first initial.
8. **Display.** A merged source is shown under its most frequent spelling of the full name
   (ties: the alphabetically first), with the other spellings listed beside it.
"""

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from model import lexicon as lx
from model.attribution import PRONOUNS, normalise_source

# Words that introduce a person's name rather than being part of it.
TITLE_WORDS = (
    lx.TITLE_NOUNS
    | lx.RANK_WORDS
    | frozenset(
        "mr mr. mrs mrs. ms ms. dr dr. prof prof. sir lord lady gen lt maj col capt adm sgt sen sen. rep rep. "
        "gov gov. amb amb. rev rev. prime vice deputy acting former foreign defence defense interior finance "
        "chairman chairwoman chair mayor governor speaker senator lawmaker mp chancellor king queen pope "
        "patriarch bishop imam priest analyst expert professor journalist reporter editor correspondent "
        "commissioner representative official officer prosecutor judge premier".split()
    )
)
# Heads of names that are institutions or groups: never a person's surname.
GROUP_WORDS = (
    lx.INSTITUTION_NOUNS
    | lx.MEDIA_NOUNS
    | lx.PEOPLE_NOUNS
    | frozenset(
        "army forces force police military troops parliament assembly council committee alliance union party "
        "bloc service services authorities authority sources source ministries governments agency mission "
        "nato kfor eulex eu un osce spokesperson officials statement report people citizens side".split()
    )
)
# First words of place names that look like "Firstname Surname": "North Kosovo", "Western Balkans".
PLACE_WORDS = frozenset(
    "north south east west northern southern eastern western central upper lower greater new old united "
    "republic kingdom state".split()
)
_FUNCTION_WORDS = lx.PREPOSITIONS | frozenset("the a an and or 's ' its their his her our".split())
MAX_NAME_WORDS = 4
# Words that open a modifier after a person's name: "X of the institute", "X at the embassy".
MODIFIER_WORDS = frozenset("of at from with in".split())
# Words joining several people into one phrase: "X and Y".
JOINING_WORDS = frozenset(("and", "&"))
# Words that open a description beside a name: "Ivo Lind, the defence minister".
_DESCRIPTION_OPENERS = frozenset("the a an".split())


def source_key(name):
    """Return the corpus key of a source name: normalised as in an article, then without diacritics.

    Examples
    --------
    >>> source_key("The Serbian President Aleksandar Vučić")
    'serbian president aleksandar vucic'
    """
    key = normalise_source(name.strip())
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return " ".join(key.split())


def _looks_like_name(words):
    """True for one to four words that can be a person's name: no title, function or group word."""
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and not any(w in TITLE_WORDS or w in _FUNCTION_WORDS or w in GROUP_WORDS or w in PRONOUNS for w in words)
        and all(any(c.isalpha() for c in w) for w in words)
    )


def person_words(key):
    """Return the words of the person a key names after its titles are dropped, or the key's own words.

    Examples
    --------
    >>> person_words("serbian president aleksandar vucic")
    ['aleksandar', 'vucic']
    >>> person_words("defence ministry")
    ['defence', 'ministry']
    >>> person_words("military analyst jonas ferrin of the baltic security institute")
    ['jonas', 'ferrin']
    >>> person_words("kosovo's prime minister, albin kurti")
    ['albin', 'kurti']
    """
    words = key.split()
    if JOINING_WORDS.intersection(words) and _names_several(words):
        return words
    if "," in key:
        named = _person_beside_description(key)
        if named is not None:
            return named
    modifier = next((i for i, w in enumerate(words) if i > 0 and w in MODIFIER_WORDS), None)
    if modifier is not None:
        # "dr. nikola brenner of the valmar institute" is Nikola Brenner; "minister of defence" stays whole.
        named = person_words(" ".join(words[:modifier]))
        if _is_full_name(named):
            return named
    titles = [i for i, w in enumerate(words) if w in TITLE_WORDS]
    if titles:
        rest = words[titles[-1] + 1 :]
        if _looks_like_name(rest):
            return rest
    return words


def _names_person(words):
    """True when words name a person: a full name, or a title followed by a name ("minister kurti")."""
    named = person_words(" ".join(words))
    return _is_full_name(named) or (named != words and _looks_like_name(named))


def _names_several(words):
    """True for a phrase joining two or more people with "and": "minister x y and general z w"."""
    parts, part = [], []
    for word in words:
        if word in JOINING_WORDS:
            parts.append(part)
            part = []
        else:
            part.append(word)
    parts.append(part)
    # "Minister for Trade and Industry Ivo Lind" joins no people: only one part names a person.
    return sum(1 for part in parts if part and _names_person(part)) >= 2


def _is_description(words):
    """True for words that describe rather than name: a title ("prime minister") or "the/a ..."."""
    return bool(words) and (words[0] in _DESCRIPTION_OPENERS or any(w in TITLE_WORDS for w in words))


def _person_beside_description(key):
    """The person of "description, name" or "name, description", or None when the commas join other things."""
    parts = [part.split() for part in key.split(",")]
    if any(not part for part in parts):
        return None
    named = [person_words(" ".join(part)) for part in parts]
    people = [i for i, words in enumerate(named) if _looks_like_name(words)]
    # Exactly one part is a name and every other part describes it; "belgrade, pristina" is two names.
    if len(people) != 1 or not all(_is_description(part) for i, part in enumerate(parts) if i != people[0]):
        return None
    return named[people[0]]


def _is_full_name(words):
    """True for a two-to-four-word personal name (not a place: "north kosovo")."""
    return len(words) >= 2 and _looks_like_name(words) and words[0] not in PLACE_WORDS


def _is_initial(word):
    """True for "a" or "a." standing for a first name."""
    return len(word.rstrip(".")) == 1 and word[0].isalpha()


@dataclass
class MergedSources:
    """The result of :func:`merge_sources`: each raw name's source, each source's display name and variants."""

    canonical: dict = field(default_factory=dict)
    display: dict = field(default_factory=dict)
    variants: dict = field(default_factory=dict)
    ambiguous: dict = field(default_factory=dict)


def merge_sources(counts):
    """Merge the source names of a corpus into sources (the rule is in this module's docstring).

    Parameters
    ----------
    counts : Mapping[str, int]
        Every source name as written in the sentence rows, with how often it occurs.

    Returns
    -------
    MergedSources
        ``canonical[raw]``: the source key a raw name belongs to; ``display[key]``: its display name;
        ``variants[key]``: ``{raw: count}`` merged into it, most frequent first; ``ambiguous[key]``: for
        a bare name (or an initial and a surname) that stayed apart, the full names it could stand for.

    Examples
    --------
    >>> merged = merge_sources({"Aleksandar Vucic": 3, "President Vucic": 2, "Vucic": 1})
    >>> sorted(set(merged.canonical.values())), merged.display["aleksandar vucic"]
    (['aleksandar vucic'], 'Aleksandar Vucic')
    """
    person = {raw: person_words(source_key(raw)) for raw in counts if raw.strip()}
    full_names = {" ".join(words) for words in person.values() if _is_full_name(words) and not _is_initial(words[0])}
    by_surname, by_first = defaultdict(set), defaultdict(set)
    for name in full_names:
        by_surname[name.rsplit(" ", 1)[1]].add(name)
        by_first[name.split(" ", 1)[0]].add(name)
    merged = MergedSources()
    for raw, words in person.items():
        key, candidates = " ".join(words), []
        if len(words) == 1 and not (key in GROUP_WORDS or key in PRONOUNS or key in TITLE_WORDS):
            # A surname first; a word that is no one's surname may be a family name written first ("Li Wen").
            candidates = sorted(by_surname.get(key) or by_first.get(key, ()))
        elif len(words) == 2 and _is_initial(words[0]):
            initial = words[0][0]
            candidates = sorted(n for n in by_surname.get(words[1], ()) if n.startswith(initial))
        if len(candidates) == 1:
            key = candidates[0]
        elif len(candidates) > 1:
            merged.ambiguous[key] = candidates
        merged.canonical[raw] = key
    variants = defaultdict(Counter)
    for raw, key in merged.canonical.items():
        variants[key][raw] += counts[raw]
    for key, spellings in variants.items():
        ordered = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))
        merged.variants[key] = dict(ordered)
        merged.display[key] = _display(key, ordered)
    return merged


def _display(key, ordered):
    """Return the most frequent spelling of ``key`` itself, or the name part of a titled spelling."""
    width = len(key.split())
    for raw, _ in ordered:
        if source_key(raw) == key:
            # The key has no leading article; neither has its display name ("Defence Ministry").
            return " ".join(raw.split()[-width:])
    for raw, _ in ordered:
        words = raw.split()
        if " ".join(person_words(source_key(raw))) == key and len(words) >= width:
            # The name's own words, wherever they sit: "Dr. Nikola Brenner of the Valmar Institute", and
            # without the comma that sets it apart from a description: "Ivo Lind, the defence minister".
            for start in range(len(words) - width, -1, -1):
                shown = " ".join(words[start : start + width]).rstrip(",")
                if source_key(shown) == key:
                    return shown
            return " ".join(words[-width:])
    return key
