"""Score texts with a fitted TF-IDF + logistic-regression pipeline's own parameters, without its overheads.

scikit-learn re-validates inputs and builds sparse matrices on every ``predict_proba`` call, which
costs about a millisecond even for one sentence: more than the arithmetic. For many texts, its
vectorizer looks up and counts n-grams one by one in Python and joins each word pair with a slice.
This scorer reads the fitted pipeline's analyzers, vocabulary, idf weights and coefficients once,
then computes the same numbers: text by text for a few texts (a dictionary look-up and a small dot
product), and for many texts with one look-up pass over all their n-grams and NumPy for the
counting, weighting and normalising. Tests check that both agree with ``pipeline.predict_proba`` to
1e-12, and :func:`from_pipeline` declines any pipeline it cannot reproduce exactly, in which case the
caller uses scikit-learn.
"""

import math
import re
from collections import Counter
from itertools import islice, repeat

import numpy as np
from scipy import sparse
from scipy.special import expit, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from model.cues import NO_REPORTED_SPEECH, REPORTED_SPEECH
from model.pipeline import WORD_PATTERN
from model.prior import PriorShiftedLogisticRegression

# Up to this many texts, scoring text by text beats setting up the NumPy arrays (measured on test
# sentences: 0.12 ms against 0.44 ms for one, 0.75 against 0.82 ms for 8, 1.04 against 0.94 ms for 12).
PER_TEXT_MAX = 10
# The tokens model/cues.py adds to every sentence, whatever its words.
BARE_TOKENS = (REPORTED_SPEECH, NO_REPORTED_SPEECH)
# A faster equivalent of scikit-learn's default token pattern, which model/pipeline.py uses.
_WORD_RUNS = re.compile(r"(?u)\w\w+")


class _Block:
    """One fitted TF-IDF vectorizer: its analyzer, vocabulary, idf and where its columns start."""

    def __init__(self, vectorizer, offset):
        # The n-grams (or character n-grams) of one text, exactly as the vectorizer's analyzer gives them.
        self.ngrams = _fast_word_ngrams(vectorizer) or vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.idf = vectorizer.idf_
        self.sublinear = vectorizer.sublinear_tf
        self.binary_tf = vectorizer.binary
        self.offset = offset
        self.size = len(vectorizer.vocabulary_)
        # Its vocabulary holds words (and word n-grams), not character n-grams.
        self.reads_words = vectorizer.analyzer == "word"

    def features(self, text):
        """Return (columns, values) of the text's l2-normalised TF-IDF vector in this block."""
        counts = Counter(j for j in map(self.vocabulary.get, self.ngrams(text)) if j is not None)
        if not counts:
            return [], []
        columns = list(counts)
        if self.binary_tf:
            values = [self.idf[j] for j in columns]  # a count of 1, and 1 + log(1) = 1
        elif self.sublinear:
            values = [(1.0 + math.log(counts[j])) * self.idf[j] for j in columns]
        else:
            values = [counts[j] * self.idf[j] for j in columns]
        norm = math.sqrt(sum(v * v for v in values))
        return [self.offset + j for j in columns], [v / norm for v in values]

    def matrix(self, texts):
        """Return the texts' l2-normalised TF-IDF rows in this block, as a CSR matrix."""
        ngrams, lengths = [], []
        extend, count = ngrams.extend, lengths.append
        for text in texts:
            before = len(ngrams)
            extend(self.ngrams(text))
            count(len(ngrams) - before)
        columns = np.fromiter(map(self.vocabulary.get, ngrams, repeat(-1)), dtype=np.int64, count=len(ngrams))
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        known = columns >= 0
        # Duplicate (row, column) pairs are summed: that is the n-gram count, as CountVectorizer has it.
        counts = sparse.csr_matrix(
            (np.ones(int(known.sum())), (rows[known], columns[known])), shape=(len(texts), self.size)
        )
        counts.sum_duplicates()
        values = counts.data
        if self.binary_tf:
            values[:] = 1.0
        elif self.sublinear:
            np.log(values, out=values)
            values += 1.0
        values *= self.idf[counts.indices]
        row_of = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(texts)))
        # A text with no known n-gram keeps an all-zero row, as sklearn's normalize leaves it.
        norms[norms == 0.0] = 1.0
        values /= norms[row_of]
        return counts


class LinearScorer:
    """``predict_proba`` of a TF-IDF + logistic-regression pipeline: text by text for a few texts, vectorised for more."""

    def __init__(self, blocks, classifier):
        self.blocks = blocks
        # Rows by feature so one gather gives every label's weights for a text's features.
        self.weights = np.ascontiguousarray(classifier.coef_.T)
        self.intercept = classifier.intercept_.copy()
        self.binary = classifier.coef_.shape[0] == 1
        # The tokens every sentence gets whatever its words (whether it reports speech): a text with
        # no other feature holds no word the model knows (see :meth:`predict_proba_and_evidence`).
        self.bare_columns = np.array(
            sorted(
                block.offset + block.vocabulary[token]
                for block in blocks
                for token in BARE_TOKENS
                if token in block.vocabulary
            ),
            dtype=np.int64,
        )

    @classmethod
    def from_pipeline(cls, pipeline):
        """Return a scorer for ``Pipeline([("tfidf", ...), ("clf", LogisticRegression)])``, or None."""
        features, classifier = pipeline.steps[0][1], pipeline.steps[-1][1]
        # The prior-shifted subclass only moves the fitted intercepts, which the scorer reads.
        if len(pipeline.steps) != 2 or type(classifier) not in (LogisticRegression, PriorShiftedLogisticRegression):
            return None
        if isinstance(features, FeatureUnion):
            if features.transformer_weights:
                return None
            vectorizers = [v for _, v in features.transformer_list]
        else:
            vectorizers = [features]
        blocks, offset = [], 0
        for vectorizer in vectorizers:
            if not _reproducible(vectorizer):
                return None
            blocks.append(_Block(vectorizer, offset))
            offset += blocks[-1].size
        if offset != classifier.coef_.shape[1]:
            return None
        return cls(blocks, classifier)

    def known_words(self):
        """Return the single words the model knows (its one-word n-grams), for :class:`model.english.EnglishCheck`."""
        return {term for block in self.blocks if block.reads_words for term in block.vocabulary if " " not in term}

    def decision_function(self, texts):
        """Return the ``(n_texts, n_outputs)`` linear scores, like ``LogisticRegression.decision_function``."""
        return self._scores(texts)[0]

    def _scores(self, texts):
        """Return the linear scores and, per text, whether it has a feature besides :data:`BARE_TOKENS`."""
        if len(texts) > PER_TEXT_MAX:
            features = sparse.hstack([block.matrix(texts) for block in self.blocks], format="csr")
            bare = np.isin(features.indices, self.bare_columns)
            row_of = np.repeat(np.arange(len(texts)), np.diff(features.indptr))
            evidence = np.bincount(row_of[~bare], minlength=len(texts)) > 0
            return np.asarray(features @ self.weights) + self.intercept, evidence
        scores = np.tile(self.intercept, (len(texts), 1))
        evidence = np.zeros(len(texts), dtype=bool)
        for row, text in enumerate(texts):
            for block in self.blocks:
                columns, values = block.features(text)
                if columns:
                    scores[row] += np.asarray(values) @ self.weights[columns]
                    evidence[row] |= not np.isin(columns, self.bare_columns).all()
        return scores, evidence

    def predict_proba(self, texts):
        """Return the ``(n_texts, n_labels)`` probabilities, like ``LogisticRegression.predict_proba``."""
        return self.predict_proba_and_evidence(texts)[0]

    def predict_proba_and_evidence(self, texts):
        """Return the probabilities and, per text, whether any word of it is known to the model.

        A text without (another language, gibberish) has only the sentence tokens, and the l2 norm
        gives the one it has the full weight: the model would call it neutral at 1.0 on no evidence.
        """
        scores, evidence = self._scores(texts)
        if self.binary:
            positive = expit(scores[:, 0])
            return np.column_stack([1.0 - positive, positive]), evidence
        return softmax(scores, axis=1), evidence


def _fast_word_ngrams(vectorizer):
    """Return a function giving the same n-grams as the vectorizer's word analyzer, or None if it is not one.

    scikit-learn builds each n-gram from a list slice; zipping shifted token lists gives the same
    n-grams (in another order, which counting ignores) at about half the cost.
    """
    if vectorizer.analyzer != "word" or vectorizer.stop_words is not None or vectorizer.input != "content":
        return None
    preprocess, tokenize = vectorizer.build_preprocessor(), vectorizer.build_tokenizer()
    if vectorizer.tokenizer is None and vectorizer.token_pattern == WORD_PATTERN:
        # The same tokens as scikit-learn's default pattern: a run of two or more word characters
        # is matched whole from its first character, so the word boundaries need no checking.
        tokenize = _WORD_RUNS.findall
    low, high = vectorizer.ngram_range

    def ngrams(text):
        tokens = tokenize(preprocess(text))
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams.extend(map(" ".join, zip(*(islice(tokens, k, None) for k in range(n)))))
        return grams

    return ngrams


def _reproducible(vectorizer):
    """Whether the scorer computes exactly what this fitted vectorizer's ``transform`` computes."""
    return (
        type(vectorizer) is TfidfVectorizer
        and vectorizer.norm == "l2"
        and vectorizer.use_idf
        and vectorizer.dtype in (np.float64, float)
        and hasattr(vectorizer, "idf_")
    )
