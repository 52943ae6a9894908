"""Build the unfitted scikit-learn pipeline: normalised text -> TF-IDF -> logistic regression."""

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.prior import PriorShiftedLogisticRegression
from model.target_features import (
    ColumnSelector,
    RelationFeatures,
    TargetMarker,
    prefixed_words,
    target_ngrams,
)
from model.text import (
    normalise,
    normalise_marking_cues,
    normalise_marking_cues_and_speech,
    normalise_marking_negation,
    normalise_marking_negation_and_cues,
    normalise_marking_negation_cues_and_speech,
)

DEFAULT_PARAMS = {
    "C": 10.0,
    "word_ngrams": (1, 2),
    "char_ngrams": None,
    "negation": True,
    "min_df": 1,
    "cues": False,
    "reported_speech": False,
    "class_prior": None,
    "binary": False,
    "naive_bayes_blend": None,
    "temperature": None,
}
# Feature blocks of a target task (see model/target_features.py), chosen by claim-disjoint
# cross-validation on the Emergent train split (bench/benchmarks.py).
TARGET_FEATURE_BLOCKS = ("text", "marked", "relation", "target")
# Words of two or more characters: scikit-learn's default token pattern.
WORD_PATTERN = r"(?u)\b\w\w+\b"
DEFAULT_TARGET_FEATURES = ("text", "relation")


def build_pipeline(
    C=DEFAULT_PARAMS["C"],
    word_ngrams=DEFAULT_PARAMS["word_ngrams"],
    char_ngrams=DEFAULT_PARAMS["char_ngrams"],
    negation=DEFAULT_PARAMS["negation"],
    min_df=DEFAULT_PARAMS["min_df"],
    random_state=0,
    target_features=None,
    cues=DEFAULT_PARAMS["cues"],
    reported_speech=DEFAULT_PARAMS["reported_speech"],
    class_prior=DEFAULT_PARAMS["class_prior"],
    binary=DEFAULT_PARAMS["binary"],
    naive_bayes_blend=DEFAULT_PARAMS["naive_bayes_blend"],
    temperature=DEFAULT_PARAMS["temperature"],
):
    """Return an unfitted ``Pipeline([("tfidf", ...), ("clf", LogisticRegression)])``.

    With ``target_features``, the pipeline is for a task with a target column: its input is a
    list of ``(text, target)`` pairs (or ``{"text", "target"}`` dicts) and its features are
    the named blocks of :data:`TARGET_FEATURE_BLOCKS`.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    word_ngrams : tuple of int
        ``(min_n, max_n)`` of word n-grams.
    char_ngrams : tuple of int or None
        ``(min_n, max_n)`` of character n-grams inside word boundaries; ``None`` for none.
    negation : bool
        Whether words in the scope of a negation get a ``not_`` prefix.
    min_df : int
        Minimum number of documents an n-gram must occur in.
    random_state : int
        Seed of the solver, so training is reproducible.
    cues : bool
        Whether each framing cue word also adds a token for its family (see :mod:`model.cues`).
    reported_speech : bool
        Whether the sentence also gets a token for reporting speech or not, and each cue family token a
        copy crossed with it (:func:`model.cues.mark_reported_speech`); needs ``cues``.
    class_prior : dict or None
        Expected share of each label in the text to be scored; the fitted intercepts are shifted
        to it (see :class:`model.prior.PriorShiftedLogisticRegression`). ``None``: uniform, as
        trained with balanced class weights.
    binary : bool
        Whether an n-gram counts once however often it occurs in the text (before idf weighting), so
        a repeated word or cue family does not weigh more than a single one.
    naive_bayes_blend : float or None
        Share of a Naive Bayes-scaled model (NBSVM) averaged into the classifier's weights (see
        :class:`model.prior.PriorShiftedLogisticRegression`); ``None`` for the plain model.
    temperature : float or None
        Number every score is divided by after fitting (above 1: softer probabilities, the same
        predictions); ``None`` leaves them as fitted.
    target_features : sequence of str or None
        ``None`` for a text-only task. Else the feature blocks of a target task: ``text``
        (TF-IDF of the text), ``marked`` (n-grams around the words the text shares with the
        target, marked ``TARGET``), ``relation`` (overlap, negation near the target, cue words
        crossed with overlap), ``target`` (TF-IDF of the target's words).

    Returns
    -------
    sklearn.pipeline.Pipeline

    Examples
    --------
    >>> pipe = build_pipeline(C=1.0)
    >>> [name for name, _ in pipe.steps]
    ['tfidf', 'clf']
    """
    settings = {
        "C": C,
        "class_weight": "balanced",
        # newton-cg reaches the same optimum as lbfgs on sparse TF-IDF in a few iterations, ~20x faster here.
        "solver": "newton-cg",
        "max_iter": 1000,
        "random_state": random_state,
    }
    adjusted = {
        "class_prior": dict(class_prior) if class_prior else None,
        "naive_bayes_blend": naive_bayes_blend,
        "temperature": temperature,
    }
    classifier = (
        PriorShiftedLogisticRegression(**adjusted, **settings)
        if class_prior or naive_bayes_blend or temperature is not None
        else LogisticRegression(**settings)
    )
    if target_features is not None:
        blocks = _target_blocks(target_features, word_ngrams, negation, min_df, binary)
        return Pipeline([("features", FeatureUnion(blocks)), ("clf", classifier)])
    if reported_speech and not cues:
        raise ValueError("reported_speech crosses the cue families with reported speech: it needs cues=True")
    preprocessor = _PREPROCESSORS[bool(negation), bool(cues), bool(reported_speech)]
    vectorizers = [
        (
            "word",
            TfidfVectorizer(
                preprocessor=preprocessor,
                ngram_range=tuple(word_ngrams),
                sublinear_tf=True,
                binary=binary,
                min_df=min_df,
                # Keep one-letter tokens out but allow the "not_" marked words.
                token_pattern=WORD_PATTERN,
            ),
        )
    ]
    if char_ngrams:
        vectorizers.append(
            (
                "char",
                TfidfVectorizer(
                    preprocessor=preprocessor,
                    analyzer="char_wb",
                    ngram_range=tuple(char_ngrams),
                    sublinear_tf=True,
                    binary=binary,
                    min_df=min_df,
                ),
            )
        )
    features = vectorizers[0][1] if len(vectorizers) == 1 else FeatureUnion(vectorizers)
    return Pipeline([("tfidf", features), ("clf", classifier)])


# (negation, cues, reported_speech) -> the module-level preprocessing function (plain_model.py names it;
# reported speech without cues is refused above).
_PREPROCESSORS = {
    (False, False, False): normalise,
    (True, False, False): normalise_marking_negation,
    (False, True, False): normalise_marking_cues,
    (True, True, False): normalise_marking_negation_and_cues,
    (False, True, True): normalise_marking_cues_and_speech,
    (True, True, True): normalise_marking_negation_cues_and_speech,
}


def build_target_pipeline(target_features=DEFAULT_TARGET_FEATURES, **params):
    """Return :func:`build_pipeline` for a task with a target column (input: ``(text, target)`` pairs)."""
    return build_pipeline(target_features=target_features, **params)


def _target_blocks(names, word_ngrams, negation, min_df, binary=False):
    """Return the ``(name, transformer)`` list of the chosen feature blocks of a target pipeline.

    ``binary`` counts an n-gram once per text in every TF-IDF block, as it does for a plain task.
    """
    unknown = [n for n in names if n not in TARGET_FEATURE_BLOCKS]
    if unknown or not names:
        raise ValueError(f"target_features must name some of {', '.join(TARGET_FEATURE_BLOCKS)}; got {list(names)}")
    preprocessor = normalise_marking_negation if negation else normalise
    text = TfidfVectorizer(
        preprocessor=preprocessor,
        ngram_range=tuple(word_ngrams),
        sublinear_tf=True,
        binary=binary,
        min_df=min_df,
        token_pattern=WORD_PATTERN,
    )
    factories = {
        "text": lambda: Pipeline([("select", ColumnSelector("text")), ("tfidf", text)]),
        "marked": lambda: Pipeline(
            [
                ("mark", TargetMarker(negation=negation)),
                # The marks are added after normalising, so the analyzer must not lower-case them.
                ("tfidf", TfidfVectorizer(analyzer=target_ngrams, sublinear_tf=True, binary=binary, min_df=min_df)),
            ]
        ),
        "relation": RelationFeatures,
        "target": lambda: Pipeline(
            [
                ("select", ColumnSelector("target")),
                ("tfidf", TfidfVectorizer(analyzer=prefixed_words, sublinear_tf=True, binary=binary, min_df=min_df)),
            ]
        ),
    }
    return [(name, factories[name]()) for name in TARGET_FEATURE_BLOCKS if name in names]
