"""Naive Bayes log-count ratios as feature scales for logistic regression (the NBSVM family), for ``bench probes``.

Wang and Manning's NBSVM scales each binary n-gram by how much more often it occurs in one class than in
the others before fitting a linear model; on short texts it often beats plain TF-IDF. Two forms are
probed: one multinomial model on features scaled by their largest ratio over the classes, and the classic
form, one binary model per class on features scaled by that class's own ratios. A third probe averages the
classic form's scores with the chosen model's: the per-class weights times the ratios are weights on the
plain features, so the average is again one linear model, as fast to serve. None is shipped.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression

from model.prior import PriorShiftedLogisticRegression

# Laplace smoothing of the counts, as in the NBSVM paper.
ALPHA = 1.0


def log_count_ratios(X, y, classes, alpha=ALPHA):
    """One row per class: log of (share of the class's n-gram presences) over (share of the rest's)."""
    present = (X > 0).astype(np.float64)
    y = np.asarray(y)
    rows = []
    for label in classes:
        inside = np.asarray(present[y == label].sum(axis=0)).ravel() + alpha
        outside = np.asarray(present[y != label].sum(axis=0)).ravel() + alpha
        rows.append(np.log((inside / inside.sum()) / (outside / outside.sum())))
    return np.array(rows)


def naive_bayes_weights(X, y, classes, C, sample_weight=None, random_state=None, solver="newton-cg"):
    """Fit one balanced binary model per class on Naive Bayes-scaled features; return ``(coef, intercept)``.

    ``coef`` has one row per class, on the plain features (fitted weights times the class's ratios), so
    ``X @ coef.T + intercept`` gives each class's score. newton-cg, as the chosen model, takes half
    liblinear's time here and does not penalise the intercept.
    """
    ratios = log_count_ratios(X, y, classes)
    y = np.asarray(y)
    coefs, intercepts = [], []
    for label, ratio in zip(classes, ratios):
        model = LogisticRegression(
            C=C, class_weight="balanced", solver=solver, max_iter=1000, random_state=random_state
        ).fit(X.multiply(ratio).tocsr(), (y == label).astype(int), sample_weight=sample_weight)
        coefs.append(model.coef_.ravel() * ratio)
        intercepts.append(model.intercept_[0])
    return np.array(coefs), np.array(intercepts)


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

    The per-class scores are turned into probabilities with a softmax and shifted to ``class_prior``
    (each binary model is trained balanced, so its implicit prior is uniform).
    """

    def __init__(self, C=30.0, class_prior=None, random_state=0):
        self.C = C
        self.class_prior = class_prior
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit one binary model per class (:func:`naive_bayes_weights`, liblinear as in the NBSVM paper)."""
        self.classes_ = np.array(sorted(set(y)))
        self.coef_, self.intercept_ = naive_bayes_weights(
            X, y, self.classes_, self.C, sample_weight, self.random_state, solver="liblinear"
        )
        return self

    def predict_proba(self, X):
        """Softmax of the per-class scores, shifted to the class prior."""
        scores = X @ self.coef_.T + self.intercept_
        if self.class_prior:
            prior = np.array([float(self.class_prior[str(c)]) for c in self.classes_])
            scores = scores + np.log(prior / prior.sum())
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The most probable class."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class NaiveBayesBlendedLogisticRegression(PriorShiftedLogisticRegression):
    """The chosen classifier whose scores are averaged with those of :func:`naive_bayes_weights`' models.

    ``blend`` is the Naive Bayes side's share of the weights. Each binary model is trained balanced, like
    the multinomial one, so both start from a uniform prior and the prior shift applies to the average.
    Three or more classes only.
    """

    def __init__(self, C=1.0, class_weight=None, solver="lbfgs", max_iter=100, random_state=None, class_prior=None, blend=0.5):  # fmt: skip
        super().__init__(C, class_weight, solver, max_iter, random_state, class_prior)
        self.blend = blend

    def fit(self, X, y, sample_weight=None):
        """Fit the multinomial model and the per-class ones, average their weights, then shift to the prior."""
        # The plain fit, without the prior shift, which applies to the average below.
        LogisticRegression.fit(self, X, y, sample_weight=sample_weight)
        coef, intercept = naive_bayes_weights(X, y, list(self.classes_), self.C, sample_weight, self.random_state)
        self.coef_ = (1.0 - self.blend) * self.coef_ + self.blend * coef
        self.intercept_ = (1.0 - self.blend) * self.intercept_ + self.blend * intercept
        if self.class_prior:
            self.intercept_ = (
                self.intercept_ + np.log(self._target_prior()) - np.log(self._training_prior(y, sample_weight))
            )
        return self
