"""Article-level resolution: pronoun speakers and quotations that run over several sentences."""

import re

from model import lexicon as lx
from model.attribution_disputed import _judges_false
from model.attribution_people import (
    LOOKBACK,
    _is_group,
    _is_person,
    _Persons,
    _remember,
    _self_pronoun,
    _subject_of,
    _titled_names,
)
from model.attribution_phrases import head_noun
from model.attribution_quotes import _carry_quote, _credit, _is_whole_quote, _opens_quote, _quote_item
from model.attribution_tokens import (
    NAME_PARTICLE_PREFIX,
    OBJECT_PRONOUNS,
    POSSESSIVE_PRONOUNS,
    tokenize,
)


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
        Each sentence's frame. A sentence that rejects "the accusations" with the same frame as the
        sentence before answers an earlier claim, made with another frame (:func:`_rejected_speaker`).

    Returns
    -------
    list of list of dict
        ``per_sentence``, resolved.
    """
    last_speaker = last_body = previous_speaker = None
    history = []  # (speaker, label) of each sentence so far
    persons = _Persons()
    open_quote = []  # sentences of a quotation still waiting for its closing attribution
    quote_owner = None  # the speaker an open quotation continues, when it opened right after one
    mentions = []  # the speakers and subjects named so far, for a later "the manufacturer"
    for index, (items, sentence) in enumerate(zip(per_sentence, sentences)):
        label = labels[index] if labels else None
        persons.titles.update(_appositive_titles(sentence))
        if open_quote and index in paragraph_starts and not _opens_quote(sentence):
            # A paragraph that does not open with a quotation mark is the reporter's again.
            _credit(open_quote, quote_owner)
            open_quote = []
        own = None  # this sentence's first named speaker, for a "he" or "she" after it
        for item in items:
            if item.pop("pronoun", False):
                # "He" and "she" stand for a person, never for "the ministry" or "the debris"; "it"
                # for a body, a country or a document, never for "Jonas Berg".
                pronoun = item["source"].lower()
                pronoun = OBJECT_PRONOUNS.get(pronoun) or POSSESSIVE_PRONOUNS.get(pronoun, pronoun)
                antecedent = _own_antecedent(pronoun, own) or (
                    persons.latest(pronoun)
                    if pronoun in ("he", "she")
                    else last_body
                    if pronoun == "it"
                    else last_speaker
                )
                if antecedent is not None:
                    item["resolved_from"] = item["source"]
                    item["source"] = antecedent
                    if item["role"] == "speaker":
                        # '"...," she said. "Nobody has explained why."': the next quote is hers again.
                        last_speaker = antecedent
                continue
            named = _full_name(item["source"], persons, items) or (
                _named_holder(item["source"], persons) if item["role"] == "speaker" else None
            )
            if named is None and item["role"] == "speaker":
                named = (
                    _described_body(item["source"], last_body)
                    or _same_document(item["source"], previous_speaker, sentences[index - 1] if index else "")
                    or _described_outlet(item["source"], history)
                    or _earlier_mention(item["source"], mentions)
                )
            if named is not None:
                # '"...," the president said' after "President Ivo Lind" was named: the president is Lind.
                item["resolved_from"] = item["source"]
                item["source"] = named
            owner, _, rest = item["source"].partition(" ")
            if owner.lower() in ("its", "their") and rest and last_body is not None:
                # "Its foreign ministry said": the ministry of the country or body named before.
                item["resolved_from"] = item["source"]
                item["source"] = f"{_without_article(last_body)}'s {rest}"
            if item["role"] == "speaker":
                own = own or item["source"]
                mentions.append(item["source"])
                last_speaker, last_body = _remember(item["source"], persons, last_body)
        speakers = [item["source"] for item in items if item["role"] == "speaker"]
        if speakers:
            # "The Guard blamed ... after press secretary John Kirby accused ...": Kirby is known by name
            # for a later "Kirby" or "he", but the sentence's speaker stays the nearest person.
            titled = _titled_names(sentence)
            known = {person.split()[-1] for person in persons.order + speakers} if titled else set()
            for name in titled:
                if name.split()[-1] not in known:
                    persons.mention_behind(name, sum(speaker in persons.order for speaker in speakers))
        # "The ambassador warned that he believes ...": a pronoun that stands for the sentence's own
        # speaker adds no second source.
        items[:] = _one_per_source(items)
        for name in refused[index] if refused else ():
            last_speaker, last_body = _remember(name, persons, last_body)
        rejected = _rejected_speaker(sentence, items, history, label)
        if rejected is not None:
            # "Tarsk said the flights were a provocation. Ostrava dismissed the claims as propaganda.":
            # the claims rejected are the earlier speaker's.
            items.append(_earlier_claim_item(*rejected))
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
                mentions.append(subject)
                _, last_body = _remember(subject, persons, last_body)
                if _is_group(subject):
                    # "Dozens of farmers blocked the road. They said ...": the farmers, not the last speaker.
                    last_speaker = subject
        _learn_gender(sentence, items, persons)
        if not items and previous_speaker is not None and _is_whole_quote(sentence) and last_speaker is not None:
            items.append(_quote_item(last_speaker))
        open_quote, quote_owner = _carry_quote(open_quote, quote_owner, items, sentence, previous_speaker)
        previous_speaker = next((item["source"] for item in items if item["role"] == "speaker"), None)
        history.append((previous_speaker, label))
    _reject_in_quotes(per_sentence, sentences, history, labels)
    return per_sentence


def _reject_in_quotes(per_sentence, sentences, history, labels):
    """A quotation's sentence that rejects the claim before it ('"That report is not true," X said.') disputes it.

    Such a sentence learns its speaker only when the quotation closes, after the sentence was read, so
    its rejection is judged once the whole article is resolved.
    """
    for index in range(1, len(sentences)):
        items = per_sentence[index]
        if any(item.get("resolved_from") == "quote" for item in items):
            label = labels[index] if labels else None
            # The four sentences before are all it reads (history[-1], history[-4:-1]); a copy of
            # the whole history for each quoted sentence was quadratic.
            rejected = _rejected_speaker(sentences[index], items, history[max(0, index - 4) : index], label)
            if rejected is not None:
                items.append(_earlier_claim_item(*rejected))


def _learn_gender(sentence, items, persons):
    """ "Mayor Kaori Nakama said she ...": the one person a sentence names is the "she" it uses of them."""
    pronoun = _self_pronoun(sentence)
    if pronoun is None:
        return
    named = {item["source"] for item in items if item["role"] == "speaker" and not item.get("resolved_from")}
    if not named:
        # "Minister Aiste Kairyte thanked Germany for what she called ...": the subject, with no source.
        named = set(_titled_names(sentence))
    people = [name for name in named if name in persons.order]
    if len(people) == 1 and len(named) == 1:
        persons.learn(people[0], pronoun)


def _full_name(source, persons, items):
    """The person named in full before whom a bare surname repeats, or None.

    "Lukashenko said ..." after "President of Belarus Alexander Lukashenko": one person, under the name
    the article introduced, so that a table of who says what lists them once. Not when the full name is a
    source of the same sentence: "General Ivo Novak said ..., while Novak warned ..." keeps two claims.
    """
    words = tokenize(source)
    if len(words) == 2 and words[0].low in lx.HONORIFICS and words[1].is_cap:
        # "Mr Siphan" after "Council of Ministers spokesman Phay Siphan".
        words = words[1:]
    # A surname is capitalised, or joined to its Arabic article ("al-Rashid").
    if len(words) != 1 or not (words[0].is_cap or NAME_PARTICLE_PREFIX.match(words[0].text)):
        return None
    surname = words[0].text
    full = next(
        (
            person
            for person in reversed(persons.order)
            # endswith first: a cheap test that every name ending in the surname passes.
            if person != source and person.rstrip().endswith(surname) and _ends_a_name(person, words[0])
        ),
        None,
    )
    if full is None:
        return None
    return None if any(item["source"] == full for item in items) else full


def _ends_a_name(person, surname):
    """True when ``person`` is a name that ends in ``surname``: "Ivo Lind" or "Ursula von der Lind" for "Lind",
    not "envoy to Somalia"."""
    tokens = tokenize(person)
    if len(tokens) < 2 or tokens[-1].text != surname.text or any(t.text == "," for t in tokens):
        return False
    first = len(tokens) - 2
    while first > 0 and tokens[first].low in lx.NAME_PARTICLES:
        first -= 1  # "Ursula von der Lind": the particles belong to the surname
    # A capitalised first name before them; not a place ("the mayor of Rio de Janeiro" for "Janeiro").
    place = first < len(tokens) - 2 and first > 0 and tokens[first - 1].low in ("of", "in", "from")
    return tokens[first].is_cap and not place


def _named_holder(source, persons):
    """The person named before whose title a bare "the president" or "the spokesperson" repeats, or None.

    Only "the" and the title, perhaps with one word between ("the defence minister"); the latest person
    whose name holds that title and a capitalised name of their own.
    """
    words = [t for t in tokenize(source) if t.low != "'s"]
    if len(words) not in (2, 3) or words[0].low != "the" or words[-1].low not in lx.TITLE_NOUNS - {"staff"}:
        return None
    title = [t.low for t in words[1:]]
    for person in reversed(persons.order):
        tokens = tokenize(person)
        lows = [t.low for t in tokens] + list(persons.titles.get(person, ()))
        has_title = all(word in lows for word in title)
        has_name = any(t.is_cap and t.low not in lx.TITLE_ONLY_WORDS for t in tokens)
        if has_title and has_name:
            return person
    return None


def _described_body(source, last_body):
    """The body a bare "the group" or "the movement" repeats: the last one named, when it has a name.

    "Hezbollah has denied ... The group said ...": the group is Hezbollah. Only a name (a capitalised word
    after any article) stands behind it, so "the group" never becomes "the ministry".
    """
    if _bare_noun(source) not in lx.DESCRIBED_BODIES:
        return None
    if last_body is None or not _without_article(last_body)[:1].isupper():
        return None
    return last_body


def _earlier_mention(source, mentions):
    """The fuller phrase named before that a bare "the manufacturer" or "the sources" repeats, or None.

    "French aircraft maker Dassault Aviation said ... The French maker said ...": the latest earlier
    speaker or subject that holds the noun, its modifiers and a name of its own. Not a document ("the
    report"), which says something of its own.
    """
    words = source.split()
    if len(words) not in (2, 3) or words[0].lower() != "the" or not words[-1].isalpha():
        return None
    head, modifiers = words[-1].lower(), [w.lower() for w in words[1:-1]]
    if head in lx.STATING_DOCUMENTS or head in lx.DOCUMENT_NOUNS or head in lx.MEDIA_DOCUMENTS:
        return None
    for mention in reversed(mentions[-LOOKBACK:]):
        if head not in mention.lower():
            continue  # cheap: the phrase must hold the noun
        original = mention.split()
        found = [w.lower().strip(",") for w in original]
        if len(found) <= len(words) or head not in found or not all(m in found for m in modifiers):
            continue
        # The noun must head the phrase: a name or a preposition follows it ("maker Orlik Aviation",
        # "sources from the ministry"), not another noun ("Military spokesman ..." is no military).
        at = found.index(head)
        follows = original[at + 1] if at + 1 < len(original) else ""
        if follows[:1].isupper() or follows.lower() in lx.PREPOSITIONS:
            return mention
    return None


def _described_outlet(source, history):
    """The outlet named before that a bare "the newspaper" or "the agency" repeats, or None.

    'North Korea's newspaper Rodong Sinmun said ... "...," the newspaper said': the latest earlier speaker
    whose name holds that noun and a name of its own.
    """
    noun = _bare_noun(source)
    if noun not in lx.OUTLET_NOUNS:
        return None
    for speaker, _ in reversed(history[-LOOKBACK:]):
        words = (speaker or "").split()
        if (
            noun in (w.lower() for w in words)
            and any(w[:1].isupper() for w in words[1:])
            and speaker.lower() != source.lower()
        ):
            return speaker
    return None


def _same_document(source, previous_speaker, previous_sentence):
    """Who issued "the statement" that a sentence goes on quoting: the speaker of the sentence before, when
    that sentence named the same document ('..., the ministry said in a statement. The statement urged ...')."""
    noun = _bare_noun(source)
    if previous_speaker is None or noun not in lx.STATING_DOCUMENTS:
        return None
    if not re.search(rf"\b{re.escape(noun)}\b", previous_sentence.lower()):
        return None
    return None if previous_speaker.lower() == source.lower() else previous_speaker


def _bare_noun(source):
    """The noun of a source that is only "the" and a noun ("The group" -> "group"), else None."""
    words = source.split()
    return words[1].lower() if len(words) == 2 and words[0].lower() == "the" else None


def _appositive_titles(sentence):
    """ "Zhao Lijian, spokesperson of the foreign ministry, said": {"Zhao Lijian": {"spokesperson", ...}}.

    A name of two to four capitalised words, a comma, and a title within the next few words before the
    next comma: the words that a later "the spokesperson" may repeat.
    """
    tokens = tokenize(sentence)
    titles = {}
    for k, tok in enumerate(tokens):
        if tok.text != "," or k < 2:
            continue
        first = k
        while first > 0 and k - first < 4 and tokens[first - 1].is_cap and re.match(r"\w", tokens[first - 1].text):
            first -= 1
        if k - first < 2:
            continue
        words = []
        for t in tokens[k + 1 : k + 9]:
            if t.text == ",":
                break
            words.append(t.low)
        if any(word in lx.TITLE_NOUNS for word in words):
            titles[sentence[tokens[first].start : tokens[k - 1].end]] = frozenset(words)
    return titles


def _without_article(name):
    """ "the Tarsk government" -> "Tarsk government", for a possessive built from it."""
    first, _, rest = name.partition(" ")
    return rest if first.lower() in ("the", "a", "an") and rest else name


def _own_antecedent(pronoun, own):
    """The speaker named earlier in the same sentence whom "he" or "she" stands for, or None to look back.

    'Singh said, adding that he had called ...': "he" is Singh, though one surname alone is not yet known
    as a person.
    """
    if pronoun in ("he", "she") and own is not None and not _is_group(own) and _is_person(own):
        return own
    return None


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


def _rejected_speaker(sentence, items, history, label):
    """``(speaker, how)`` for the earlier speaker whose claim a sentence rejects unnamed ("dismissed the claims"), or None.

    The sentence must have a speaker of its own and no disputed source. "That account" answers the
    sentence just before. "The accusations" do too, unless both sentences make the stability frame (that
    one backs this speaker: "Finnish officials said the patrols were routine. Helsinki dismissed the
    claims"); then they are the claims of the latest of the three sentences before it that made another
    frame. Neither is this speaker's own voice ("The Kremlin said ... Kremlin spokesman Peskov denied").
    """
    speakers = {item["source"] for item in items if item["role"] == "speaker"}
    if not history or not speakers or any(item["role"] == "disputed" for item in items):
        return None
    nearest = _rejection(sentence)
    if nearest is None:
        return None
    speaker, previous_label = history[-1]
    how = "previous sentence"
    # Only a denial (stability) looks further back: most rejections deny a threat claim, and a rejection
    # framed as a threat ("called the reports a provocation") is too often framed like the claim itself.
    if not nearest and label == "stability" and previous_label == label:
        speaker = next((earlier for earlier, frame in reversed(history[-4:-1]) if frame != label), None)
        how = "earlier sentence"
    if speaker is None or speaker in speakers or any(_own_voice(speaker, s) for s in speakers):
        return None
    return speaker, how


def _own_voice(earlier, speaker):
    """True when ``speaker`` speaks for ``earlier``: "Kremlin spokesman Peskov" for "The Kremlin", "Ministry
    spokesman Igor Lind" for "The Russian defence ministry"; not "a spokesman for the Polish ministry" for
    "Belarus's defence ministry", which only shares a common noun."""
    words = tokenize(speaker)
    names = {t.low for t in tokenize(earlier) if t.is_cap and t.low not in lx.DETERMINERS}
    head = head_noun(earlier)
    return any(t.low in names or t.is_cap and t.low == head for t in words)


def _rejection(sentence):
    """How a sentence rejects an earlier claim: True for "that account" (the sentence before), False for
    "the claims" (maybe one further back), None when it rejects nothing earlier."""
    tokens = tokenize(sentence)
    claims = lx.CLAIM_NOUNS | lx.MEDIA_DOCUMENTS | lx.EARLIER_CLAIM_NOUNS
    if len(tokens) > 4 and tokens[0].low in lx.ANAPHORIC_DETERMINERS and tokens[1].low in claims:
        # "That version was rejected by officials", "That assessment was challenged by X": passive.
        k = 3 if tokens[2].low in lx.BE_FORMS else 4 if tokens[3].low in lx.BE_FORMS else 0
        if k and k + 1 < len(tokens) and tokens[k].low in lx.REJECTING_VERBS and tokens[k + 1].low == "by":
            return tokens[0].low != "the"
    opening = 1 if tokens and tokens[0].text in "\"“‘'" else 0
    # '"That report is not true."', "This claim is baseless": it judges the claim just before; so does
    # "X said that the information was not correct" with "the" (the claim told, maybe further back).
    # "Tarsk said the accusation was not true" leaves out the "that".
    starts = [opening] + [
        k + 1 for k, t in enumerate(tokens) if (t.low == "that" or t.low in lx.SAYING_VERBS) and k + 1 > opening
    ]
    for p in starts:
        if len(tokens) <= p + 3 or tokens[p].low not in lx.ANAPHORIC_DETERMINERS:
            continue
        if tokens[p + 1].low not in claims and tokens[p + 2].low in claims and tokens[p + 1].low.isalpha():
            p += 1  # "the laser accusation was not true": one plain word before the noun
            if len(tokens) <= p + 3:
                continue
        noun, verb = tokens[p + 1], tokens[p + 2]
        untrue = any(_judges_false(tokens, i) for i in range(p + 3, min(p + 6, len(tokens))))
        if noun.low in claims and verb.low in lx.BE_FORMS and untrue:
            return tokens[p].low != "the"
    if len(tokens) > opening + 3 and tokens[opening].low in claims and tokens[opening].low.endswith("s"):
        # '"Reports that allege that rockets hit the ships are baseless," the official said': bare
        # plural claims judged untrue, as "the reports" would be.
        for b, t in enumerate(tokens[opening + 1 :], opening + 1):
            if t.low in lx.BE_FORMS and any(_judges_false(tokens, i) for i in range(b + 1, min(b + 4, len(tokens)))):
                return False
    last_word = len(tokens) - 2 if tokens and tokens[-1].text == "." else len(tokens) - 1
    if last_word > 0 and tokens[last_word].low in lx.DISAGREE_VERBS:
        # "Lee Jun-ho, a professor at the academy, disagreed.": the answer to the sentence before.
        return True
    for k, tok in enumerate(tokens[:-2]):
        if tok.low in lx.PLAY_DOWN_VERBS and tokens[k + 1].low == "down":
            k += 1  # "played down the warning"
        elif tok.low not in lx.REJECTING_VERBS and tok.low not in lx.JUDGING_VERBS:
            # "called her remarks a rewriting of history" judges them as "dismissed" does.
            continue
        if k + 1 < len(tokens) and tokens[k + 1].text in '”"’':
            k += 1  # 'said it "categorically denies" the accusations': the quote closes on the verb
        if k + 2 >= len(tokens):
            continue
        determiner, noun = tokens[k + 1].low, tokens[k + 2].low
        if determiner == "it" and noun in ("saying", "as", ",", ".", "and"):
            # "The spokesman rejected it, saying ...": "it" is the claim just told.
            return True
        if determiner in ("this", "that") and noun in (":", ".", ";"):
            # 'The army refutes this: "..."': "this" is the claim just told.
            return True
        after = tokens[k + 3].low if k + 3 < len(tokens) else ""
        # "dismissed the reports as disinformation", "rejected that warning", "rejected her remarks"; not
        # "the reports by X".
        if (
            determiner in lx.ANAPHORIC_DETERMINERS | lx.POSSESSIVES - {"our", "my", "your"}
            and noun in claims
            and after not in ("by", "from", "of", "that")
        ):
            # "that account", "this version", "her remarks" point at the sentence just before.
            return determiner != "the"
    return None


def _earlier_claim_item(source, how):
    """A disputed attribution to an earlier sentence's speaker, whose claim this sentence rejects.

    ``how`` is "previous sentence" (the one just before) or "earlier sentence" (one further back).
    """
    return {
        "source": source,
        "start": 0,
        "end": 0,
        "cue": "rejected",
        "role": "disputed",
        "resolved_from": how,
    }
