"""Features of a text together with its target (a claim or an entity): marked mentions and text-target relations.

A target task's pipeline takes rows of ``(text, target)``. Everything here is a module-level
function or class that model/plain_model.py can name, so a fitted pipeline is stored as plain data.
"""

import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from model.text import mark_negation, normalise

TARGET_TOKEN = "TARGET"
# Text words that match a target word are replaced by TARGET; negation marking then gives "not_TARGET".
_MARKED = frozenset((TARGET_TOKEN, "not_" + TARGET_TOKEN))
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_NEGATION_CUES = frozenset("not no never none nobody nothing neither nor without cannot".split())
# Headline words that say a claim is doubted, denied or only reported; crossed with text-target overlap.
_DOUBT_CUES = frozenset(
    "fake hoax false deny denies denied debunk debunked rumor rumors rumour rumours myth not no".split()
)
_REPORT_CUES = frozenset(
    "reportedly report reports reported claim claims claimed allegedly alleged may might could says said".split()
)
RELATION_FEATURES = (
    "target_coverage",
    "text_coverage",
    "no_overlap",
    "negation_near_target",
    "question",
    "doubt_cue_with_overlap",
    "report_cue_with_overlap",
)


def _stem(word):
    """Return a crude stem, so that "burger" and "burgers", "deny" and "denies" match."""
    return word[:5] if len(word) > 5 else word.rstrip("s")


def content_stems(text):
    """Return the set of stems of the non-stop words of ``text`` (at least two letters)."""
    return {_stem(w) for w in _WORD.findall(normalise(text)) if len(w) > 1 and w not in ENGLISH_STOP_WORDS}


def split_pairs(X):
    """Return ``(texts, targets)`` from rows of ``(text, target)`` pairs or ``{"text", "target"}`` dicts."""
    texts, targets = [], []
    for row in X:
        if isinstance(row, dict):
            text, target = row["text"], row["target"]
        else:
            text, target = row
        texts.append(text)
        targets.append(target)
    return texts, targets


def texts_of(X):
    """Return the texts of rows of ``(text, target)``."""
    return split_pairs(X)[0]


def targets_of(X):
    """Return the targets of rows of ``(text, target)``."""
    return split_pairs(X)[1]


def mark_target(text, target, negation=True):
    """Return the normalised text with each run of words that match the target replaced by ``TARGET``.

    "Apple denies the watch report" with target "Apple Watch sales" becomes
    "TARGET denies the TARGET report"; with ``negation``, words after a negation get ``not_``.
    """
    stems = content_stems(target)
    out = []
    for token in _TOKEN.findall(normalise(text)):
        if token[0].isalnum() and token not in ENGLISH_STOP_WORDS and _stem(token) in stems:
            if not out or out[-1] != TARGET_TOKEN:
                out.append(TARGET_TOKEN)
        else:
            out.append(token)
    marked = " ".join(out)
    return mark_negation(marked) if negation else marked


def target_ngrams(marked_text, max_n=3):
    """Return the word n-grams (up to ``max_n``) of a marked text that contain the target mark.

    Only these are kept: the other n-grams are the text's own features, already in the text block.
    """
    tokens = [t for t in marked_text.split() if _WORD.fullmatch(t)]
    grams = []
    for n in range(1, max_n + 1):
        for start in range(len(tokens) - n + 1):
            gram = tokens[start : start + n]
            if any(t in _MARKED for t in gram):
                grams.append(" ".join(gram))
    return grams


def prefixed_words(raw_document):
    """Return the normalised words of a target, prefixed ``target:`` so they read apart from text words."""
    return ["target:" + w for w in _WORD.findall(normalise(raw_document)) if len(w) > 1]


class TargetMarker(BaseEstimator, TransformerMixin):
    """Turn ``(text, target)`` rows into marked texts (see :func:`mark_target`).

    Parameters
    ----------
    negation : bool
        Whether words after a negation cue get the ``not_`` prefix, so "not TARGET" is its own feature.
    """

    def __init__(self, negation=True):
        self.negation = negation

    def fit(self, X, y=None):
        """Nothing to learn; return self."""
        return self

    def transform(self, X):
        """Return one marked string per row."""
        texts, targets = split_pairs(X)
        return [mark_target(text, target, self.negation) for text, target in zip(texts, targets)]

    def get_feature_names_out(self, input_features=None):
        """One output: the marked text."""
        return np.array(["marked_text"], dtype=object)


class RelationFeatures(BaseEstimator, TransformerMixin):
    """Dense features of how a text relates to its target: word overlap, negation near it, cue words.

    Every value lies in [0, 1], so they sit on the same scale as the TF-IDF values next to them.
    """

    def fit(self, X, y=None):
        """Nothing to learn; return self."""
        self.n_features_out_ = len(RELATION_FEATURES)
        return self

    def transform(self, X):
        """Return an ``(n_rows, len(RELATION_FEATURES))`` array."""
        texts, targets = split_pairs(X)
        return np.array([relation_vector(text, target) for text, target in zip(texts, targets)], dtype=float)

    def get_feature_names_out(self, input_features=None):
        """Names of the relation features, prefixed ``relation:``."""
        return np.array(["relation:" + name for name in RELATION_FEATURES], dtype=object)


def relation_vector(text, target):
    """Return the :data:`RELATION_FEATURES` of one text and its target, in that order."""
    text_stems, target_stems = content_stems(text), content_stems(target)
    shared = text_stems & target_stems
    target_coverage = len(shared) / len(target_stems) if target_stems else 0.0
    text_coverage = len(shared) / len(text_stems) if text_stems else 0.0
    overlap = 1.0 if shared else 0.0
    marked = mark_target(text, target).split()
    words = set(_WORD.findall(normalise(text)))
    return [
        target_coverage,
        text_coverage,
        1.0 - overlap,
        1.0 if _negation_near(marked) else 0.0,
        1.0 if "?" in text else 0.0,
        overlap if words & _DOUBT_CUES else 0.0,
        overlap if words & _REPORT_CUES else 0.0,
    ]


def _negation_near(tokens, window=3):
    """Whether a negation cue occurs within ``window`` tokens of a target mark."""
    marks = [i for i, t in enumerate(tokens) if t in _MARKED]
    cues = [i for i, t in enumerate(tokens) if t in _NEGATION_CUES or t == "not_" + TARGET_TOKEN]
    return any(abs(i - j) <= window for i in marks for j in cues)


class ColumnSelector(BaseEstimator, TransformerMixin):
    """Pick the texts (``column="text"``) or the targets (``column="target"``) of ``(text, target)`` rows."""

    def __init__(self, column="text"):
        self.column = column

    def fit(self, X, y=None):
        """Nothing to learn; return self."""
        if self.column not in ("text", "target"):
            raise ValueError(f"column must be 'text' or 'target', not {self.column!r}")
        return self

    def transform(self, X):
        """Return the chosen column as a list of strings."""
        texts, targets = split_pairs(X)
        return texts if self.column == "text" else targets

    def get_feature_names_out(self, input_features=None):
        """One output: the chosen column."""
        return np.array([self.column], dtype=object)
