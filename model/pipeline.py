"""Build the unfitted scikit-learn pipeline: normalised text -> TF-IDF -> logistic regression."""

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.text import normalise, normalise_marking_negation

DEFAULT_PARAMS = {
    "C": 10.0,
    "word_ngrams": (1, 2),
    "char_ngrams": None,
    "negation": True,
    "min_df": 1,
}


def build_pipeline(
    C=DEFAULT_PARAMS["C"],
    word_ngrams=DEFAULT_PARAMS["word_ngrams"],
    char_ngrams=DEFAULT_PARAMS["char_ngrams"],
    negation=DEFAULT_PARAMS["negation"],
    min_df=DEFAULT_PARAMS["min_df"],
    random_state=0,
):
    """Return an unfitted ``Pipeline([("tfidf", ...), ("clf", LogisticRegression)])``.

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

    Returns
    -------
    sklearn.pipeline.Pipeline

    Examples
    --------
    >>> pipe = build_pipeline(C=1.0)
    >>> [name for name, _ in pipe.steps]
    ['tfidf', 'clf']
    """
    preprocessor = normalise_marking_negation if negation else normalise
    vectorizers = [
        (
            "word",
            TfidfVectorizer(
                preprocessor=preprocessor,
                ngram_range=tuple(word_ngrams),
                sublinear_tf=True,
                min_df=min_df,
                # Keep one-letter tokens out but allow the "not_" marked words.
                token_pattern=r"(?u)\b\w\w+\b",
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
                    min_df=min_df,
                ),
            )
        )
    features = vectorizers[0][1] if len(vectorizers) == 1 else FeatureUnion(vectorizers)
    classifier = LogisticRegression(
        C=C,
        class_weight="balanced",
        # newton-cg reaches the same optimum as lbfgs on sparse TF-IDF in a few iterations, ~20x faster here.
        solver="newton-cg",
        max_iter=1000,
        random_state=random_state,
    )
    return Pipeline([("tfidf", features), ("clf", classifier)])
