"""Article-level resolution: pronoun speakers and quotations that run over several sentences."""

import re

from model import lexicon as lx
from model.attribution_phrases import _can_speak, _is_person_word, _looks_verbal, _sentence_subject, head_noun
from model.attribution_tokens import OBJECT_PRONOUNS, PRONOUNS, quoted_regions, tokenize


def resolve_article(per_sentence, sentences, refused=None, paragraph_starts=(), labels=None):
    """Resolve pronoun speakers and unattributed quotes across an article's sentences, in place.

    A pronoun speaker ("they argue") takes the nearest earlier non-pronoun speaker, and "he" or "she" the
    nearest one that may be a person (not "the ministry", not "the debris") and whose gender, when known
    from a title or an earlier pronoun, fits; its ``source`` becomes
    that name, ``start``/``end`` still point at the pronoun, and ``resolved_from`` holds the pronoun. A
    sentence that is one quotation with no source of its own, right after a sentence that credited a
    speaker, continues that speaker's quote (``resolved_from: "quote"``). So does every sentence of a
    quotation that runs over several sentences and closes with its speaker ('“The army is ready. It
    will not be provoked,” the minister said.'), and of one that opens right after a sentence that
    credited a speaker and closes with no attribution of its own. A quotation left open ends at a
    sentence that credits its own speaker outside quotation marks, or at a new paragraph.

    Parameters
    ----------
    per_sentence : list of list of dict
        :func:`attribute` results, one list per sentence in article order.
    sentences : list of str
        The sentences themselves.
    refused : list of list of str, optional
        Per sentence, those who refused to say anything (:func:`attribute`'s ``refused``): no source, but
        the nearest earlier name for a pronoun ("The spokeswoman could not confirm it. 'I hope it is
        not true,' she said.").
    paragraph_starts : collection of int, optional
        Indices of the sentences that open a paragraph: a quotation still open ends there unless the
        paragraph opens with a quotation mark (news continues long quotes that way).
    labels : list of str, optional
        Each sentence's frame: a sentence that rejects "the accusations" disputes the sentence before
        only when the two do not make the same frame.

    Returns
    -------
    list of list of dict
        ``per_sentence``, resolved.
    """
    last_speaker = last_body = previous_speaker = None
    persons = _Persons()
    open_quote = []  # sentences of a quotation still waiting for its closing attribution
    quote_owner = None  # the speaker an open quotation continues, when it opened right after one
    for index, (items, sentence) in enumerate(zip(per_sentence, sentences)):
        if open_quote and index in paragraph_starts and not _opens_quote(sentence):
            # A paragraph that does not open with a quotation mark is the reporter's again.
            _credit(open_quote, quote_owner)
            open_quote = []
        for item in items:
            if item.pop("pronoun", False):
                # "He" and "she" stand for a person, never for "the ministry" or "the debris"; "it"
                # for a body, a country or a document, never for "Jonas Berg".
                pronoun = item["source"].lower()
                pronoun = OBJECT_PRONOUNS.get(pronoun, pronoun)
                antecedent = (
                    persons.latest(pronoun)
                    if pronoun in ("he", "she")
                    else last_body
                    if pronoun == "it"
                    else last_speaker
                )
                if antecedent is not None:
                    item["resolved_from"] = item["source"]
                    item["source"] = antecedent
                continue
            if item["role"] == "speaker":
                last_speaker, last_body = _remember(item["source"], persons, last_body)
        # "The ambassador warned that he believes ...": a pronoun that stands for the sentence's own
        # speaker adds no second source.
        items[:] = _one_per_source(items)
        for name in refused[index] if refused else ():
            last_speaker, last_body = _remember(name, persons, last_body)
        same_frame = labels is not None and index > 0 and labels[index] == labels[index - 1] != "neutral"
        if (
            previous_speaker is not None
            and not same_frame
            and _rejects_earlier_claim(sentence, items, previous_speaker)
        ):
            # "Tarsk said the flights were a provocation. Ostrava dismissed the claims as propaganda.":
            # the claims rejected are the earlier speaker's.
            items.append(_earlier_claim_item(previous_speaker))
        if not open_quote and not any(item["role"] == "speaker" for item in items):
            # "Defence Minister Ivo Lind was not persuaded. He said ...": a person or body who is the
            # subject of a sentence without a source is who a pronoun in the next one stands for.
            for name in reversed(_titled_names(sentence)):
                # "Minister Ana Kovac met General Marko Horvat": the general may be a later "he". Named
                # last to first, so the first named (mostly the subject, even after a dateline) is the
                # nearest for the next pronoun.
                persons.mention(name)
            subject = _subject_of(sentence)
            if subject is not None:
                _, last_body = _remember(subject, persons, last_body)
                if _is_group(subject):
                    # "Dozens of farmers blocked the road. They said ...": the farmers, not the last speaker.
                    last_speaker = subject
        if not items and previous_speaker is not None and _is_whole_quote(sentence) and last_speaker is not None:
            items.append(_quote_item(last_speaker))
        open_quote, quote_owner = _carry_quote(open_quote, quote_owner, items, sentence, previous_speaker)
        previous_speaker = next((item["source"] for item in items if item["role"] == "speaker"), None)
    return per_sentence


def _one_per_source(items):
    """Keep the first of the attributions that name the same source in the same role."""
    seen = set()
    kept = []
    for item in items:
        key = (item["source"], item["role"])
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _rejects_earlier_claim(sentence, items, previous_speaker):
    """True when a sentence rejects "the claims" or "that warning" of the sentence before, naming no owner.

    The sentence must have a speaker of its own, other than the previous one, and no disputed source.
    """
    speakers = {item["source"] for item in items if item["role"] == "speaker"}
    if not speakers or previous_speaker in speakers or any(item["role"] == "disputed" for item in items):
        return False
    own = head_noun(previous_speaker)
    if any(own in {t.low for t in tokenize(speaker)} for speaker in speakers):
        # "The Kremlin said ... Kremlin spokesman Dmitry Peskov denied the reports": its own voice.
        return False
    tokens = tokenize(sentence)
    for k, tok in enumerate(tokens[:-2]):
        if tok.low not in lx.REJECTING_VERBS:
            continue
        determiner, noun = tokens[k + 1].low, tokens[k + 2].low
        after = tokens[k + 3].low if k + 3 < len(tokens) else ""
        # "dismissed the reports as disinformation", "rejected that warning"; not "the reports by X".
        if (
            determiner in lx.ANAPHORIC_DETERMINERS
            and noun in lx.CLAIM_NOUNS | lx.MEDIA_DOCUMENTS
            and after not in ("by", "from", "of", "that")
        ):
            return True
    return False


def _earlier_claim_item(source):
    """A disputed attribution to the previous sentence's speaker, whose claim this sentence rejects."""
    return {
        "source": source,
        "start": 0,
        "end": 0,
        "cue": "rejected",
        "role": "disputed",
        "resolved_from": "previous sentence",
    }


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
    span = _sentence_subject(tokens) or _named_after_description(tokens) or _name_before_aside(tokens)
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
            while first > 0 and tokens[first - 1].is_cap:
                first -= 1
            joint = first > 0 and tokens[first - 1].low == "and" or end < len(tokens) and tokens[end].low == "and"
            if end - k >= 3 and not joint:
                # Two people joined by "and" are no one person a later "he" could stand for.
                names.append(sentence[tokens[k].start : tokens[end - 1].end])
            k = end
        else:
            k += 1
    return names


def _named_after_description(tokens):
    """For "Lind's deputy, Ana Ristic, went further": the span of the name between the commas, or None."""
    first = next((k for k, t in enumerate(tokens[: lx.MAX_NP_TOKENS]) if t.text == ","), None)
    if first is None or first == 0:
        return None
    second = next((k for k in range(first + 1, min(first + 6, len(tokens))) if tokens[k].text == ","), None)
    if second is None or second == first + 1 or second + 1 >= len(tokens):
        return None
    if all(t.is_cap or t.text == "." for t in tokens[first + 1 : second]) and _looks_verbal(tokens[second + 1]):
        return first + 1, second
    return None


def _name_before_aside(tokens):
    """For "Tomas Brandt, a lawmaker from the Greens, questioned the cost": the name before the aside, or None."""
    first = next((k for k, t in enumerate(tokens[: lx.MAX_NP_TOKENS]) if t.text == ","), None)
    if not first or not all(t.is_cap or t.text == "." for t in tokens[:first]):
        return None
    for k in range(first + 2, min(len(tokens) - 1, first + lx.MAX_RELATIVE_TOKENS)):
        if tokens[k].text == ",":
            return (0, first) if _looks_verbal(tokens[k + 1]) else None
    return None


def _remember(source, persons, last_body):
    """Return ``(last_speaker, last_body)`` after ``source`` spoke (or refused to); a person joins ``persons``.

    One capitalised word is a person only as the surname of someone named in full before ("Vucic" after
    "Aleksandar Vucic"); otherwise it is a place or a body ("Athens"). "A and B" is no one person.
    """
    if _joint(source):
        return source, last_body
    if _is_person(source) and (len(source.split()) > 1 or persons.knows_surname(source)):
        persons.mention(source)
        return source, last_body
    return source, source


# How many of the last people named a pronoun of known gender looks back over first.
RECENT_PEOPLE = 3


class _Persons:
    """The people an article has named, latest last, and the gender each is known to have.

    A gender is known from the words of the name ("Ms Rist", "the spokeswoman") or from a pronoun that
    already stood for the person: once "he" meant Ivo Lind, a later "she" does not.
    """

    def __init__(self):
        self.order = []
        self.gender = {}
        self.marked = set()  # people whose gender their own name or title gives

    def mention(self, source):
        """Note that ``source`` was named (again)."""
        if source in self.order:
            self.order.remove(source)
        self.order.append(source)
        words = {t.low for t in tokenize(source)}
        for pronoun, marks in (("he", lx.MALE_MARKS), ("she", lx.FEMALE_MARKS)):
            if words & marks:
                self.gender.setdefault(source, pronoun)
                self.marked.add(source)

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
            # pronoun may be wrong, and must not outrank the person just named.
            if source in self.marked and self.gender[source] == pronoun:
                return source
        for source in reversed(self.order):
            if self.gender.get(source, pronoun) == pronoun:
                self.gender[source] = pronoun
                return source
        return None


def _is_group(source):
    """True for a plural group of people: "Dozens of farmers", "Residents of Kell", "A and B"."""
    # "Dozens of farmers": the people may follow a quantity's "of".
    words = {head_noun(source), source.split()[-1].lower()}
    return _joint(source) or any(w.endswith("s") and not w.endswith("ss") and _is_person_word(w) for w in words)


def _joint(source):
    """True for "Prime Minister A and Defence Minister B": two sources in one phrase."""
    return any(t.low in ("and", "&") for t in tokenize(source))


def _is_person(source):
    """True when a source phrase may name one person, whom "he" or "she" can stand for.

    A capitalised head is a name ("Minister Ada Benn") unless it names a body ("the Defence Ministry");
    a lower-case head must name a person ("the spokesman", "a ministry official").
    """
    head = head_noun(source)
    if head in lx.BODY_NOUNS or head in lx.INSTITUTION_NOUNS or head in lx.MEDIA_NOUNS:
        return False
    if any(t.low == head and t.is_cap for t in tokenize(source)):
        return True
    return _is_person_word(head)


def _quote_item(source):
    """An attribution for a sentence that belongs to ``source``'s quotation."""
    return {"source": source, "start": 0, "end": 0, "cue": "quote", "role": "speaker", "resolved_from": "quote"}


def _carry_quote(open_quote, owner, items, sentence, previous_speaker):
    """Track a quotation over sentences; return the sentences still waiting for its speaker, and its owner.

    A sentence that opens a quotation without closing it starts the wait; its owner is the speaker
    named before the quotation in that sentence, or the previous sentence's speaker when the quotation
    opens the sentence. Sentences with no quotation mark continue it; the sentence that closes it and
    names a speaker after the closing mark credits every waiting sentence. One that closes it with
    nothing after, or a sentence that credits its own speaker outside any quotation, ends it: the
    waiting sentences go to the owner. A speaker found inside a continuing sentence ("we believe ...")
    is part of the quotation, so the quotation's speaker replaces it.
    """
    regions = quoted_regions(sentence)
    runs_on = bool(regions) and regions[-1][1] == len(sentence) and not _is_whole_quote(sentence)
    closes = bool(regions) and regions[0][0] == 0 and regions[0][1] < len(sentence)
    if open_quote and closes:
        speakers = [item for item in items if item["role"] == "speaker" and item["start"] >= regions[0][1]]
        _credit(open_quote, speakers[0]["source"] if speakers else owner)
        if runs_on and len(regions) > 1:
            return [(items, False)], _owner_before(items, regions[-1][0], previous_speaker)
        return [], None
    if open_quote and _is_whole_quote(sentence):
        # A paragraph that reopens the quotation and closes it: '"We will not be provoked."'.
        _credit([*open_quote, (items, True)], owner)
        return [], None
    if open_quote and runs_on and regions[0][0] == 0 and not _opens_quote(sentence):
        # 'They threaten nobody.”': the quotation closes at the sentence's end, with no attribution.
        _credit([*open_quote, (items, True)], owner)
        return [], None
    if runs_on:
        if regions[-1][0] > 0 or not open_quote:
            return [(items, False)], _owner_before(items, regions[-1][0], previous_speaker)
        return [*open_quote, (items, True)], owner
    if open_quote and not _has_quote_marks(sentence, regions):
        if any(_narrates(item) for item in items):
            # "Vucic said the drones were a threat.": the reporter speaks again; "We believe ..." is
            # still the quotation's own voice.
            _credit(open_quote, owner)
            return [], None
        return [*open_quote, (items, True)], owner
    return [], None


def _narrates(item):
    """True for a speaker the reporter credits: not a quotation's first person ("we", "I"), not a carried quote."""
    return (
        item["role"] == "speaker" and item.get("resolved_from") != "quote" and item["source"].lower() not in ("we", "i")
    )


def _owner_before(items, quote_start, previous_speaker):
    """The speaker a quotation opening at ``quote_start`` continues: named before it, or the previous sentence's."""
    before = [item for item in items if item["role"] == "speaker" and item["end"] and item["end"] <= quote_start]
    if before:
        return before[-1]["source"]
    return previous_speaker if quote_start == 0 and not items else None


def _credit(waiting, source):
    """Credit the waiting sentences of a quotation to ``source`` (nothing when it is None)."""
    if source is None:
        return
    for items, inside in waiting:
        if inside:
            items[:] = [item for item in items if item["role"] != "speaker"]
        if not any(item["role"] == "speaker" for item in items):
            items.append(_quote_item(source))


def _opens_quote(sentence):
    """True when the sentence starts with an opening quotation mark."""
    text = sentence.lstrip()
    return bool(text) and (text[0] in '“"‘«' or text[0] == "'" and text[1:2].isalpha())


def _has_quote_marks(sentence, regions):
    """True when the sentence has double quotation marks, or a straight single quotation ('We are ready')."""
    return any(ch in sentence for ch in '“”"') or any("'" in (sentence[a], sentence[b - 1]) for a, b in regions)


def _is_whole_quote(sentence):
    """True when the sentence is one quotation: “...”."""
    text = sentence.strip()
    if len(text) > 2 and text[0] == "'" and text[-1] == "'":
        # 'We will not be provoked.': straight single marks, closing after a stop.
        return text[1].isalpha() and text[-2] in ".!?," and quoted_regions(text) == [(0, len(text))]
    return len(text) > 2 and text[0] in '“"' and text[-1] in '”"' and text.count("“") <= 1
