"""Whole-article analysis: split into sentences, classify each, attribute claims, tabulate who says what."""

from collections import Counter, defaultdict

from model.attribution import PRONOUNS, attribute, normalise_source, resolve_article
from model.sentences import split_sentences
from model.source_names import merge_sources
from model.speaker_clauses import speaker_clauses
from model.text import text_problem

DEFAULT_MAX_CHARS = 100_000
# What a source can be in a sentence: the one making the claim, or the one whose claim the sentence rejects.
ROLES = ("speaker", "disputed")


class ArticleError(ValueError):
    """The article text is missing, empty or over the size limit."""


def analyze_article(predictor, text, max_chars=DEFAULT_MAX_CHARS):
    """Classify every sentence of an article and credit each claim to its source.

    Parameters
    ----------
    predictor : model.predictor.Predictor
        Classifies the sentences (through ``predictor.predict``, the one predict function).
    text : str
        The article: paragraphs on their own lines.
    max_chars : int
        Longer articles raise :class:`ArticleError`.

    Returns
    -------
    dict
        ``{"model": {"task", "version"}, "sentences": [{"text", "start", "end", "label", "confidence",
        "probabilities", "attributions": [{"source", "start", "end", "cue", "role", "claim_frame"}]}]
        (a sentence that was not scored also has ``predict``'s ``warning``, after ``attributions``),
        "summary": {"sentences", "frames": {label: n}, "not_scored", "sources": {source: {frame: n}},
        "roles": {source: {"speaker": {frame: n}, "disputed": {frame: n}}}}}``. Sentence offsets index
        ``text``; attribution offsets index the sentence. ``sources`` adds up both roles of ``roles``;
        ``sentences`` = the sum of ``frames`` + ``not_scored`` (see :func:`summarise`).

    Examples
    --------
    >>> result = analyze_article(predictor, "Analysts say the drills are defensive.")  # doctest: +SKIP
    >>> result["summary"]["sources"]  # doctest: +SKIP
    {'analysts': {'stability': 1}}
    >>> result["summary"]["roles"]  # doctest: +SKIP
    {'analysts': {'speaker': {'stability': 1}, 'disputed': {}}}
    """
    results = analyze_sentences(predictor, text, max_chars)
    return {
        "model": {"task": predictor.task, "version": predictor.version},
        "sentences": results,
        "summary": summarise(results),
    }


def analyze_sentences(predictor, text, max_chars=DEFAULT_MAX_CHARS):
    """Return the ``sentences`` of :func:`analyze_article`: the same analysis without the summary.

    For a caller that tabulates the sources itself (:func:`model.article_rows.article_rows`): the summary
    would build the article's name table (:func:`source_keys`) a second time, for nothing.
    """
    check_article(text, max_chars)
    spans = split_sentences(text)
    sentences = [text[start:end] for start, end in spans]
    predictions = predictor.predict(sentences) if sentences else []
    refused = [[] for _ in sentences]
    attributions = resolve_article(
        [attribute(s, names) for s, names in zip(sentences, refused)],
        sentences,
        refused,
        paragraph_starts=_paragraph_starts(text, spans),
        labels=[prediction["label"] for prediction in predictions],
    )
    clause_frames = _clause_frames(predictor, sentences, attributions)
    results = []
    for (start, end), prediction, items in zip(spans, predictions, attributions):
        for item in items:
            item["claim_frame"] = clause_frames.get(id(item)) or claim_frame(
                item, prediction["label"], predictor.labels
            )
        result = {
            "text": prediction["text"],
            "start": start,
            "end": end,
            "label": prediction["label"],
            "confidence": prediction["confidence"],
            "probabilities": prediction["probabilities"],
            "attributions": items,
        }
        if "warning" in prediction:
            # As predict says it: the sentence was not scored, its probabilities are the base rates.
            result["warning"] = prediction["warning"]
        results.append(result)
    return results


def _clause_frames(predictor, sentences, attributions):
    """Return ``{id(attribution): frame}`` for speakers that each have a clause of their own in one sentence."""
    clauses = [pair for sentence, items in zip(sentences, attributions) for pair in speaker_clauses(sentence, items)]
    if not clauses:
        return {}
    predictions = predictor.predict([text for _, text in clauses])
    return {id(item): prediction["label"] for (item, _), prediction in zip(clauses, predictions)}


def _paragraph_starts(text, spans):
    """Indices of the sentences that open a paragraph: a line break lies between them and the sentence before."""
    return {i for i in range(1, len(spans)) if "\n" in text[spans[i - 1][1] : spans[i][0]]}


def check_article(text, max_chars=DEFAULT_MAX_CHARS):
    """Raise :class:`ArticleError` unless ``text`` is a non-blank string of at most ``max_chars`` characters without NUL."""
    if not isinstance(text, str):
        raise ArticleError("text must be a string")
    # Blank, too long, NUL: the API's check of a text (model/text.py), worded as the API words it.
    message = text_problem(text, max_chars)
    if message is not None:
        raise ArticleError(message)


def claim_frame(attribution, label, labels):
    """Return the frame of the claim credited to a source.

    A speaker's claim is the sentence's own frame (unless the speaker has a clause of its own beside
    another speaker's: see :mod:`model.speaker_clauses`). A disputed source's claim is the frame the sentence
    rejects: ``threat`` ("does not represent a threat, as claimed by Serbia"), unless the sentence itself
    argues threat, in which case the rejected claim is the reassuring one ("whatever Belgrade says").
    """
    if attribution["role"] != "disputed" or not {"threat", "stability"} <= set(labels):
        return label
    return "stability" if label == "threat" else "threat"


def summarise(sentences):
    """Count sentences per frame and, per normalised source, its claims per frame in each role (who says what).

    ``roles`` keeps a source's claims as the speaker apart from the claims a sentence rejects as its
    (disputed); ``sources`` adds the two up. A source counts once per sentence and role, however often
    the sentence names it: a sentence is one claim, as the corpus summary (``stance summarize``) counts it.
    A sentence that was not scored (a ``warning``) is counted in ``not_scored`` alone, as ``stance
    summarize`` counts it apart: its label is the model's base rates, no frame and no source's claim.
    """
    scored = [s for s in sentences if "warning" not in s]
    frames = Counter(s["label"] for s in scored)
    roles = defaultdict(lambda: {role: Counter() for role in ROLES})
    # The name table reads every sentence, so a name joins the same person whichever sentences were scored.
    names = source_keys(sentences)
    for sentence in scored:
        counted = set()
        for item in sentence["attributions"]:
            key = source_key(item["source"], names)
            if (key, item["role"]) not in counted:
                counted.add((key, item["role"]))
                roles[key].setdefault(item["role"], Counter())[item["claim_frame"]] += 1
    return {
        "sentences": len(sentences),
        "frames": dict(frames.most_common()),
        "not_scored": len(sentences) - len(scored),
        "sources": {name: dict(sum(by_role.values(), Counter()).most_common()) for name, by_role in roles.items()},
        "roles": {
            name: {role: dict(counts.most_common()) for role, counts in by_role.items()}
            for name, by_role in roles.items()
        },
    }


def source_keys(sentences):
    """Return ``{source as written: key}`` for every source of an analysed article (one key per person).

    A key is the normalised name (:func:`normalise_source`). Spellings of one person join under the key
    of the fullest one, by the corpus rule (:func:`model.source_names.merge_sources`): "General Novak"
    in the headline and "Army chief General Ivo Novak" in the text are one source, and so are "Dashevci"
    and "Arben Dashevci"; this table depends on the whole article, not on the order of its sentences. A
    body named by its bare head ("the army") then joins the one fuller name ending with it that the
    article named first ("Mali's army"); a fuller name named only later may be another body.
    """
    counts = Counter(item["source"] for sentence in sentences for item in sentence["attributions"])
    merged = merge_sources(counts)
    spellings = defaultdict(list)
    for raw, person in merged.canonical.items():
        spellings[person].append(normalise_source(raw))
    keys = {}
    for raw, person in merged.canonical.items():
        # The fullest spelling keeps its key: "army chief general ivo novak", as the API always wrote it.
        keys[raw] = max(spellings[person], key=lambda key: (len(key.split()), key))
    first_seen = {}
    for index, sentence in enumerate(sentences):
        for item in sentence["attributions"]:
            first_seen.setdefault(keys[item["source"]], index)
    # The keys of several words by their last word: a one-word key looks only among those that end in it
    # (a scan of every key for each one-word key was quadratic in an article of many names).
    by_last_word = defaultdict(list)
    for other, seen in first_seen.items():
        if " " in other and "," not in other:
            by_last_word[other.rsplit(" ", 1)[1]].append((other, seen))
    for raw, key in keys.items():
        if len(key.split()) == 1 and key not in PRONOUNS:
            # "the army" after "Mali's army" is that army, when only one body named before it ends so.
            fuller = {other for other, seen in by_last_word.get(key, ()) if seen <= first_seen[key]}
            if len(fuller) == 1:
                keys[raw] = fuller.pop()
    return keys


def source_key(source, names):
    """Return the key of ``source`` in an article's name table (:func:`source_keys`), or its normalised name."""
    return names.get(source) or normalise_source(source)
