"""Quotations that run over several sentences: whom each of their sentences is credited to."""

from model.attribution_tokens import quoted_regions


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
    whole = _is_whole_quote(sentence)
    # A quotation reaching the sentence's end runs on unless it closes there: 'would "keep them far."'.
    runs_on = bool(regions) and regions[-1][1] == len(sentence) and not whole and not _closes_at_end(sentence)
    closes = bool(regions) and regions[0][0] == 0 and regions[0][1] < len(sentence)
    if open_quote and closes:
        speakers = [item for item in items if item["role"] == "speaker" and item["start"] >= regions[0][1]]
        _credit(open_quote, speakers[0]["source"] if speakers else owner)
        if runs_on and len(regions) > 1:
            return [(items, False)], _owner_before(items, regions[-1][0], previous_speaker)
        return [], None
    if open_quote and (whole or runs_on and regions[0][0] == 0 and not _opens_quote(sentence)):
        # The quotation closes at the sentence's end, with no attribution: a paragraph that reopens and
        # closes it ('"We will not be provoked."') or its last words ('They threaten nobody.”').
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


def _closes_at_end(sentence):
    """True when a sentence ends by closing a quotation it opened: 'said it would "keep them far."'."""
    text = sentence.rstrip()
    if text.endswith("”"):
        return text.count("“") == text.count("”")
    return text.endswith('"') and text.count('"') % 2 == 0


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
