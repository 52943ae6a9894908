"""The Naive Bayes-scaled probes of bench/probes.py: ratios, scaling, the per-class model and the blend."""

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from bench.naive_bayes_scaling import (
    NaiveBayesBlendedLogisticRegression,
    NaiveBayesScaling,
    OneVsRestNaiveBayesLogistic,
    log_count_ratios,
    naive_bayes_weights,
)
from model.prior import PriorShiftedLogisticRegression

# Feature 0 occurs only with "a", feature 1 only with "b", feature 2 everywhere.
X = csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]], dtype=float))
Y = ["a", "a", "b", "b", "c", "c"]


def test_a_feature_of_one_class_has_a_positive_ratio_there_and_a_shared_feature_a_small_one():
    ratios = log_count_ratios(X, Y, ["a", "b", "c"])
    assert ratios[0, 0] > 0 and ratios[1, 0] < 0 and ratios[2, 0] < 0
    assert ratios[1, 1] > 0
    assert abs(ratios[:, 2]).max() < abs(ratios[:, 0]).max()


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


def test_the_blend_averages_the_chosen_and_the_naive_bayes_weights_in_one_linear_model():
    plain = PriorShiftedLogisticRegression(C=10.0, class_weight="balanced", solver="newton-cg").fit(X, Y)
    blended = NaiveBayesBlendedLogisticRegression(C=10.0, class_weight="balanced", solver="newton-cg", blend=0.5)
    blended.fit(X, Y)
    coef, intercept = naive_bayes_weights(X, Y, ["a", "b", "c"], 10.0)
    assert blended.coef_ == pytest.approx(0.5 * plain.coef_ + 0.5 * coef)
    assert blended.intercept_ == pytest.approx(0.5 * plain.intercept_ + 0.5 * intercept)
    assert list(blended.predict(X[[0, 2, 4]])) == ["a", "b", "c"]


def test_the_blend_shifts_to_the_class_prior_after_averaging():
    settings = {"C": 10.0, "class_weight": "balanced", "solver": "newton-cg", "blend": 0.5}
    uniform = NaiveBayesBlendedLogisticRegression(**settings).fit(X, Y)
    shifted = NaiveBayesBlendedLogisticRegression(class_prior={"a": 0.2, "b": 0.2, "c": 0.6}, **settings).fit(X, Y)
    assert shifted.coef_ == pytest.approx(uniform.coef_)
    assert shifted.intercept_ - uniform.intercept_ == pytest.approx(np.log([0.2, 0.2, 0.6]) - np.log(1 / 3))
    assert shifted.class_prior == {"a": 0.2, "b": 0.2, "c": 0.6}
