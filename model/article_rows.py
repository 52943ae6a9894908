"""An article as table rows: one row per sentence with its offsets, frame, probabilities and sources.

The shape ``stance analyze`` writes for a corpus, one article per input row; the HTTP API shares it, so
a row here holds the same numbers as ``POST /v1/analyze`` on that article alone.
"""

from model.article import DEFAULT_MAX_CHARS, ArticleError, analyze_sentences, check_article, source_key, source_keys
from model.sentences import split_sentences

# Joins several sources of one sentence in a single cell; names never contain it.
SOURCE_SEPARATOR = "|"


def sentence_columns(labels):
    """Return the columns of a sentence row, in output order, for a model with ``labels``.

    Examples
    --------
    >>> sentence_columns(["neutral", "threat"])
    ['sentence', 'start', 'end', 'text', 'label', 'confidence', 'p_neutral', 'p_threat', 'speakers', 'disputed', 'speaker_claims', 'disputed_claims', 'model', 'error', 'warning']
    """
    probabilities = [f"p_{label}" for label in labels]
    return [
        "sentence",
        "start",
        "end",
        "text",
        "label",
        "confidence",
        *probabilities,
        "speakers",
        "disputed",
        "speaker_claims",
        "disputed_claims",
        "model",
        "error",
        # Last, so the columns before it keep the places they had before it was added.
        "warning",
    ]


def article_rows(predictor, text, max_chars=DEFAULT_MAX_CHARS):
    """Analyse one article and return one dict per sentence, keys in :func:`sentence_columns` order.

    Parameters
    ----------
    predictor : model.predictor.Predictor
        Classifies the sentences, through :func:`model.article.analyze_sentences` (the sentences of
        :func:`model.article.analyze_article`).
    text : str
        The article; ``text[row["start"]:row["end"]] == row["text"]``.
    max_chars : int
        Longer articles raise :class:`model.article.ArticleError`, as do empty ones.

    Returns
    -------
    list of dict
        ``sentence`` is the 0-based index in the article. ``speakers`` and ``disputed`` hold the
        normalised names of the sentence's sources joined with ``|`` (pronouns resolved to the name
        they stand for, a bare surname merged into the full name seen earlier in the article: the
        names of the who-says-what table). ``speaker_claims`` and ``disputed_claims`` hold the claim
        frame of each of those names, in the same order and joined the same way: the attribution's
        ``claim_frame`` (a speaker with a clause of its own has that clause's frame, a disputed source
        the frame of the claim rejected). When a sentence names one source twice in one role (two
        spellings of one person, say), its first attribution gives the name's place and its claim,
        as the article's who-says-what table counts it. ``error`` is empty; ``warning`` is empty too,
        or says why the sentence was not scored (its probabilities are then the model's base rates).

    Examples
    --------
    >>> rows = article_rows(predictor, "The drills went ahead. Analysts say they calm the region.")  # doctest: +SKIP
    >>> [(r["sentence"], r["start"], r["end"], r["speakers"]) for r in rows]  # doctest: +SKIP
    [(0, 0, 22, ''), (1, 23, 57, 'analysts')]
    """
    sentences = analyze_sentences(predictor, text, max_chars=max_chars)
    if not sentences:
        # Not reachable with today's splitter for a non-blank text; an article must never vanish.
        raise ArticleError("no sentences found")
    # One name table for the whole article, exactly as the summary of analyze_article builds it; the
    # rows need no summary, so the table is built once.
    names = source_keys(sentences)
    rows = []
    for index, sentence in enumerate(sentences):
        # role -> {name: claim frame}, in the order the names first appear; the first claim of a name stays.
        roles = {"speaker": {}, "disputed": {}}
        for item in sentence["attributions"]:
            name = source_key(item["source"], names)
            roles.setdefault(item["role"], {}).setdefault(name, item["claim_frame"])
        row = {
            "sentence": index,
            "start": sentence["start"],
            "end": sentence["end"],
            "text": sentence["text"],
            "label": sentence["label"],
            "confidence": sentence["confidence"],
        }
        for label in predictor.labels:
            row[f"p_{label}"] = sentence["probabilities"][label]
        row["speakers"] = SOURCE_SEPARATOR.join(roles["speaker"])
        row["disputed"] = SOURCE_SEPARATOR.join(roles["disputed"])
        row["speaker_claims"] = SOURCE_SEPARATOR.join(roles["speaker"].values())
        row["disputed_claims"] = SOURCE_SEPARATOR.join(roles["disputed"].values())
        row["model"] = predictor.version
        row["error"] = ""
        row["warning"] = sentence.get("warning", "")
        rows.append(row)
    return rows


def error_row(labels, version, message):
    """Return the one row of an article that cannot be analysed: no sentence, only the model and ``message``."""
    row = dict.fromkeys(sentence_columns(labels))
    row["model"] = version
    row["error"] = message
    return row


def rows_or_error(predictor, text, max_chars=DEFAULT_MAX_CHARS):
    """Return :func:`article_rows`, or a single :func:`error_row` naming why the article was refused.

    Every article gives at least one row, so a corpus's output accounts for all of its articles.
    """
    try:
        return article_rows(predictor, text, max_chars)
    except ArticleError as exc:
        return [error_row(predictor.labels, predictor.version, str(exc))]


def corpus_rows(predictor, texts, max_chars=DEFAULT_MAX_CHARS):
    """Return :func:`rows_or_error` of each article in ``texts``, their sentences classified in one call.

    Classifying sentence by article costs a predict call each, a fifth of the time of a corpus of
    news articles; one call for all of them gives each sentence the same numbers (a sentence's
    probabilities do not depend on the others in the call). :func:`analyze_sentences` still builds
    every article's analysis, with the predictions made here.
    """
    sentences, bounds = [], []
    for text in texts:
        try:
            check_article(text, max_chars)
        except ArticleError:
            # rows_or_error gives this article its error row; it has no sentences to classify.
            bounds.append((len(sentences), len(sentences)))
            continue
        begin = len(sentences)
        sentences.extend(text[start:end] for start, end in split_sentences(text))
        bounds.append((begin, len(sentences)))
    predictions = predictor.predict(sentences) if sentences else []
    return [
        rows_or_error(_Classified(predictor, predictions[begin:end]), text, max_chars)
        for text, (begin, end) in zip(texts, bounds)
    ]


class _Classified:
    """The predictor as :func:`analyze_sentences` sees it, answering with predictions made beforehand."""

    def __init__(self, predictor, predictions):
        self.labels = predictor.labels
        self.task = predictor.task
        self.version = predictor.version
        self._predictor = predictor
        self._predictions = predictions
        self._sentences_asked = False

    def predict(self, texts):
        """Return the predictions made for exactly these sentences; later calls (speakers' clauses) go to the predictor."""
        if self._sentences_asked:
            return self._predictor.predict(texts)
        self._sentences_asked = True
        if [p["text"] for p in self._predictions] != list(texts):
            # Only if the splitter gave other sentences the second time: a bug, never a silent mismatch.
            raise RuntimeError("the article's sentences differ from those classified for it")
        return self._predictions
