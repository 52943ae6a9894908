"""The Naive Bayes-scaled probes of bench/probes.py: the scaling and the per-class model."""

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from bench.naive_bayes_scaling import NaiveBayesScaling, OneVsRestNaiveBayesLogistic

# Feature 0 occurs only with "a", feature 1 only with "b", feature 2 everywhere.
X = csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]], dtype=float))
Y = ["a", "a", "b", "b", "c", "c"]


def test_scaling_keeps_the_shape_and_weighs_the_telling_feature_more():
    scaled = NaiveBayesScaling().fit(X, Y).transform(X)
    assert scaled.shape == X.shape
    assert scaled[0, 0] > scaled[0, 2]


def test_per_class_model_gives_probabilities_that_follow_the_features_and_the_prior():
    model = OneVsRestNaiveBayesLogistic(C=10.0).fit(X, Y)
    proba = model.predict_proba(X)
    assert proba.sum(axis=1) == pytest.approx(np.ones(len(Y)))
    assert list(model.predict(X[[0, 2]])) == ["a", "b"]
    shifted = OneVsRestNaiveBayesLogistic(C=10.0, class_prior={"a": 0.01, "b": 0.01, "c": 0.98}).fit(X, Y)
    assert shifted.predict_proba(X)[:, 2].mean() > proba[:, 2].mean()
