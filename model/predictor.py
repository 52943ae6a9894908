"""The one predict function that training, the HTTP service and batch scoring all call."""

from itertools import repeat

import numpy as np
import sklearn
from scipy import sparse

from model.english import english_check
from model.linear_scorer import LinearScorer
from model.targets import target_message, target_problem
from model.unscored import NO_KNOWN_WORD_WARNING

PROBABILITY_DIGITS = 4


class Predictor:
    """A fitted pipeline with the metadata of the artifact it came from.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        Fitted ``Pipeline([("tfidf", ...), ("clf", LogisticRegression)])``.
    metadata : dict
        The artifact's metadata; ``version`` and ``task`` are reported with every result. A
        ``target_column`` entry marks a task whose texts each come with a target (claim or entity):
        then ``targets`` must be given, and the pipeline reads ``(text, target)`` pairs.

    Examples
    --------
    >>> predictor.predict(["The drills threaten the fragile peace."])  # doctest: +SKIP
    [{'text': ..., 'label': 'threat', 'confidence': 0.91, 'probabilities': {...}, 'model': '2026...'}]
    """

    def __init__(self, pipeline, metadata):
        self.pipeline = pipeline
        self.metadata = metadata
        # Labels come from the fitted model itself, never from a hard-coded list.
        self.labels = [str(c) for c in pipeline.classes_]
        self._feature_names = None
        self._centred_coef = None
        # Declines (None) for a target pipeline: its features are not a plain TF-IDF union.
        self._scorer = LinearScorer.from_pipeline(pipeline)
        self._empty_proba = None
        self._english = None

    @property
    def version(self):
        """The artifact version that answers."""
        return self.metadata.get("version")

    @property
    def task(self):
        """The task the artifact was trained for."""
        return self.metadata.get("task")

    @property
    def target_column(self):
        """The training data's target column, or ``None`` for a text-only task."""
        return self.metadata.get("target_column")

    def predict_proba(self, texts, targets=None):
        """Return the ``(n_texts, n_labels)`` probability matrix, columns in ``self.labels`` order.

        ``targets`` is the list parallel to ``texts`` that a target task requires (see the class
        docstring); a target task also accepts ``texts`` as ``(text, target)`` pairs instead. A text
        without a word the model knows, or one that does not read as English (:mod:`model.english`),
        gets the model's base rates: :meth:`predict` says so in its ``warning``.
        """
        return self._scored(self._inputs(texts, targets))[0]

    def predict_proba_and_warnings(self, texts, targets=None):
        """Return :meth:`predict_proba`'s matrix and, per text, why it was not scored (``None``: it was).

        For a caller that formats its own rows (batch scoring) and must still say which rows hold base
        rates: the warnings are those :meth:`predict` gives, from the same single check.
        """
        return self._scored(self._inputs(texts, targets))

    def _scored(self, inputs):
        """Return the probabilities of checked ``inputs`` and, per input, why it was not scored (``None``: it was)."""
        if self._scorer is None:
            # The texts are checked and TF-IDF values are always finite, so scikit-learn's own
            # re-validation is skipped: it changes no number and costs a third of the time.
            with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
                return self.pipeline.predict_proba(inputs), [None] * len(inputs)
        # The same numbers as the pipeline (to 1e-12): 0.12 ms instead of about 1.3 ms for one
        # sentence, and about 1.3x as fast for thousands.
        proba, evidence = self._scorer.predict_proba_and_evidence(inputs)
        check = self._english_check()
        # Another language that shares a few words with English would be scored on those few alone.
        foreign = map(check.warning, inputs) if check is not None else repeat(None)
        warnings = [other if known else NO_KNOWN_WORD_WARNING for known, other in zip(evidence.tolist(), foreign)]
        unscored = [row for row, warning in enumerate(warnings) if warning is not None]
        if unscored:
            # Answer what the model says with no evidence (an all-zero row: its intercepts, about the
            # share of each label it expects in real news), not the near-certainty that the sentence
            # token, or the few shared words, would give on their own.
            proba[unscored] = self._no_evidence_proba()
        return proba, warnings

    def _english_check(self):
        """The check that a text reads as English, against this model's words (None: it knows too few to judge)."""
        if self._english is None:
            # Built on first use (a few milliseconds); False when the model cannot judge, so it is not tried again.
            # A target task's inputs are (text, target) pairs, and its pipeline has no scorer anyway.
            judges = self._scorer is not None and self.target_column is None
            self._english = judges and english_check(self._scorer.known_words()) or False
        return self._english or None

    def _no_evidence_proba(self):
        """The classifier's probabilities for a text with no feature at all (worked out once)."""
        if self._empty_proba is None:
            empty = sparse.csr_matrix((1, self.pipeline[-1].coef_.shape[1]))
            self._empty_proba = self.pipeline[-1].predict_proba(empty)[0]
        return self._empty_proba

    def _inputs(self, texts, targets):
        """Return what the pipeline reads: the texts, or ``(text, target)`` pairs for a target task."""
        if self.target_column and targets is None and not isinstance(texts, str) and all(map(_is_pair, texts)):
            # Rows already paired with their targets, as training and evaluation pass them.
            return [tuple(p) for p in texts]
        problem = target_problem(self.target_column, targets is not None)
        if problem is not None:
            # The service's rule, in the words of this API's argument.
            raise ValueError(target_message(problem, self.task, self.target_column, "targets"))
        if self.target_column is None:
            _check_texts(texts)
            return texts
        _check_texts(texts)
        if isinstance(targets, str) or not all(isinstance(t, str) for t in targets):
            raise TypeError("targets must be a list of strings")
        if len(targets) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(targets)} targets; give one target per text")
        return list(zip(texts, targets))

    def predict(self, texts, explain=False, top_n=5, targets=None):
        """Classify ``texts`` and return one result dict per text, in input order.

        Parameters
        ----------
        texts : list of str
        explain : bool
            Add ``explanation`` with the n-grams that pushed each text toward its label and against it.
        top_n : int
            How many n-grams to list in each direction.
        targets : list of str, optional
            One target per text; required for a task with a target column, refused otherwise.

        Returns
        -------
        list of dict
            ``{"text", "label", "confidence", "probabilities": {label: p}, "model"}``, with
            ``"target"`` after ``"text"`` for a target task, and ``"warning"`` after ``"model"`` when
            the text was not scored (no word the model knows, or not English) and the probabilities
            are the model's base rates.
        """
        texts = list(texts)
        if not texts:
            return []
        inputs = self._inputs(texts, None if targets is None else list(targets))
        proba, warnings = self._scored(inputs)
        best, rounded = summarise_proba(proba)
        results = []
        for item, row, index, warning in zip(inputs, rounded, best, warnings):
            result = {"text": item} if self.target_column is None else {"text": item[0], "target": item[1]}
            result.update(
                {
                    "label": self.labels[index],
                    "confidence": row[index],
                    "probabilities": dict(zip(self.labels, row)),
                    "model": self.version,
                }
            )
            if warning is not None:
                result["warning"] = warning
            results.append(result)
        if explain:
            for result, explanation in zip(results, self.explain(inputs, best, warnings, top_n)):
                result["explanation"] = explanation
        return results

    def explain(self, texts, label_indices, warnings, top_n=5):
        """Return, per text, the n-grams with the largest contribution for and against its label.

        ``warnings`` are :meth:`_scored`'s, one per text: a text not scored (no known word, or not
        English) was answered with the base rates, so nothing in it drove the answer and it gets none.

        A contribution is the n-gram's TF-IDF value times its coefficient for the label, minus the
        mean coefficient over labels: softmax only depends on differences between labels' scores.
        For a target task, ``texts`` are ``(text, target)`` pairs, and the features also include
        the text-target relation (``relation:target_coverage`` ...) and n-grams around the marked
        ``TARGET``.
        """
        features = sparse.csr_matrix(self.pipeline[:-1].transform(texts))
        names, coef = self._explain_tables()
        explanations = []
        for row, (label_index, warning) in enumerate(zip(label_indices, warnings)):
            if warning is not None:
                explanations.append({"toward": [], "against": []})
                continue
            start, end = features.indptr[row], features.indptr[row + 1]
            columns = features.indices[start:end]
            contributions = features.data[start:end] * coef[label_index, columns]
            order = np.argsort(contributions)
            toward = [
                {"ngram": names[columns[i]], "weight": round(float(contributions[i]), PROBABILITY_DIGITS)}
                for i in order[::-1][:top_n]
                if contributions[i] > 0
            ]
            against = [
                {"ngram": names[columns[i]], "weight": round(float(contributions[i]), PROBABILITY_DIGITS)}
                for i in order[:top_n]
                if contributions[i] < 0
            ]
            explanations.append({"toward": toward, "against": against})
        return explanations

    def _explain_tables(self):
        """Feature names and label-centred coefficients, computed once on first use."""
        if self._feature_names is None:
            names = self.pipeline[:-1].get_feature_names_out()
            # FeatureUnion prefixes names with the vectorizer's name ("word__threat"); users want the n-gram.
            self._feature_names = [str(n).split("__", 1)[-1] for n in names]
            coef = self.pipeline[-1].coef_
            if coef.shape[0] == 1:
                # Binary logistic regression stores one row, for classes_[1].
                coef = np.vstack([-coef[0], coef[0]]) / 2
            self._centred_coef = coef - coef.mean(axis=0, keepdims=True)
        return self._feature_names, self._centred_coef


def _is_pair(item):
    """Whether ``item`` is a ``(text, target)`` pair of strings."""
    return isinstance(item, tuple | list) and len(item) == 2 and all(isinstance(v, str) for v in item)


def summarise_proba(proba):
    """Return each row's most likely column and the rows rounded to ``PROBABILITY_DIGITS``, as Python lists.

    Every output (HTTP, CLI, batch) reports probabilities through this, so they agree to the digit;
    NumPy rounds the whole matrix at once, which batch scoring needs at a million rows.
    """
    best = proba.argmax(axis=1).tolist()
    return best, np.round(proba, PROBABILITY_DIGITS).tolist()


def _check_texts(texts):
    """Raise TypeError unless ``texts`` is a list of strings (a bare string would be split into letters)."""
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of strings")
