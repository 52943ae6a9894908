"""Naive Bayes-scaled logistic regression (the NBSVM family), as weights on the plain features.

Wang and Manning's NBSVM scales each n-gram by how much more often it occurs in one class than in the
others (its log-count ratio) and fits a linear model on the scaled features. One binary model per
class on features scaled by that class's ratios is again linear in the plain features: its weights
are the fitted ones times the ratios. So its scores can be averaged with those of the multinomial
model in one weight matrix, and the served model stays a single linear scorer.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression

# Laplace smoothing of the presence counts, as in the NBSVM paper.
ALPHA = 1.0


def log_count_ratios(X, y, classes, alpha=ALPHA):
    """One row per class: log of (share of the class's n-gram presences) over (share of the other classes').

    ``alpha`` is added to every count (Laplace smoothing), so an n-gram never seen in a class gets a
    finite ratio; ``X`` may be counts or TF-IDF values, as only presence counts.
    """
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

    Parameters
    ----------
    X : scipy.sparse matrix
        The plain features (TF-IDF), one row per text.
    y : sequence of str
        The label of each row.
    classes : sequence of str
        The labels in the order of the rows returned.
    C, sample_weight, random_state
        As for :class:`sklearn.linear_model.LogisticRegression`.
    solver : str
        newton-cg by default, as the multinomial model's: the same optimum as liblinear's here (which
        the NBSVM paper used and ``bench probes`` keeps), in about half the time, without penalising
        the intercept.

    Returns
    -------
    coef, intercept : numpy.ndarray
        One row per class, on the plain features (fitted weights times the class's ratios), so
        ``X @ coef.T + intercept`` gives each class's score, read like a multinomial model's (a softmax
        over the classes). With two classes, one row: the second class's score minus the first's, as a
        binary ``LogisticRegression`` has; the two binary models mirror each other, so that row is twice
        the second class's own log-odds, as the softmax of the two scores gives.
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
    coef, intercept = np.array(coefs), np.array(intercepts)
    if len(classes) == 2:
        return coef[1:] - coef[:1], intercept[1:] - intercept[:1]
    return coef, intercept
