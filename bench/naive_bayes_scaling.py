"""Naive Bayes log-count ratios as feature scales for logistic regression (the NBSVM family), for ``bench probes``.

Wang and Manning's NBSVM scales each binary n-gram by how much more often it occurs in one class than in
the others before fitting a linear model; on short texts it often beats plain TF-IDF. The chosen setting
averages the classic form into its weights (``naive_bayes_blend``, :mod:`model.naive_bayes_blend`); two
forms on their own are probed here: one multinomial model on features scaled by their largest ratio over
the classes, and the classic form, one binary model per class on features scaled by that class's ratios.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from model.naive_bayes_blend import log_count_ratios, naive_bayes_weights


class NaiveBayesScaling(BaseEstimator, TransformerMixin):
    """Multiply each feature by its largest absolute log-count ratio over the classes."""

    def fit(self, X, y):
        """Learn the scales from the training features and labels."""
        self.scale_ = np.abs(log_count_ratios(X, y, sorted(set(y)))).max(axis=0)
        return self

    def transform(self, X):
        """Return the scaled sparse features."""
        return X.multiply(self.scale_).tocsr()


class OneVsRestNaiveBayesLogistic(BaseEstimator, ClassifierMixin):
    """One balanced binary logistic regression per class on features scaled by that class's ratios.

    Three or more classes (two give :func:`naive_bayes_weights` one row of weights). The per-class
    scores are turned into probabilities with a softmax and shifted to ``class_prior``
    (each binary model is trained balanced, so its implicit prior is uniform).
    """

    def __init__(self, C=30.0, class_prior=None, random_state=0, temperature=None):
        self.C = C
        self.class_prior = class_prior
        self.random_state = random_state
        self.temperature = temperature

    def fit(self, X, y, sample_weight=None):
        """Fit one binary model per class (:func:`naive_bayes_weights`, liblinear as in the NBSVM paper)."""
        self.classes_ = np.array(sorted(set(y)))
        self.coef_, self.intercept_ = naive_bayes_weights(
            X, y, self.classes_, self.C, sample_weight, self.random_state, solver="liblinear"
        )
        return self

    def predict_proba(self, X):
        """Softmax of the per-class scores, shifted to the class prior, then divided by the temperature."""
        scores = X @ self.coef_.T + self.intercept_
        if self.class_prior:
            prior = np.array([float(self.class_prior[str(c)]) for c in self.classes_])
            scores = scores + np.log(prior / prior.sum())
        scores = scores / (self.temperature or 1.0)
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The most probable class."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
