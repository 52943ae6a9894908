"""The Naive Bayes blend of the classifier: one linear model whose scores average the two models'."""

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from model.naive_bayes_blend import log_count_ratios, naive_bayes_weights
from model.prior import PriorShiftedLogisticRegression

X = csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]], dtype=float))
Y = np.array(["a", "a", "b", "b", "c", "c"])


def test_a_feature_of_one_class_has_a_positive_ratio_there_and_a_shared_feature_a_small_one():
    ratios = log_count_ratios(X, Y, ["a", "b", "c"])
    assert ratios[0, 0] > 0 and ratios[1, 0] < 0 and ratios[2, 0] < 0
    assert ratios[1, 1] > 0
    assert abs(ratios[:, 2]).max() < abs(ratios[:, 0]).max()


def test_the_blend_averages_the_scores_of_the_plain_and_the_naive_bayes_model():
    plain = PriorShiftedLogisticRegression(C=10.0, class_weight="balanced", solver="newton-cg").fit(X, Y)
    blended = PriorShiftedLogisticRegression(
        C=10.0, class_weight="balanced", solver="newton-cg", naive_bayes_blend=0.5
    ).fit(X, Y)
    coef, intercept = naive_bayes_weights(X, Y, ["a", "b", "c"], 10.0)
    assert blended.coef_ == pytest.approx(0.5 * plain.coef_ + 0.5 * coef)
    assert blended.intercept_ == pytest.approx(0.5 * plain.intercept_ + 0.5 * intercept)
    assert list(blended.predict(X[[0, 2, 4]])) == ["a", "b", "c"]


def test_the_blend_shifts_to_the_class_prior_after_averaging():
    settings = {"C": 10.0, "class_weight": "balanced", "solver": "newton-cg", "naive_bayes_blend": 0.5}
    uniform = PriorShiftedLogisticRegression(**settings).fit(X, Y)
    shifted = PriorShiftedLogisticRegression(class_prior={"a": 0.2, "b": 0.2, "c": 0.6}, **settings).fit(X, Y)
    assert shifted.coef_ == pytest.approx(uniform.coef_)
    assert shifted.intercept_ - uniform.intercept_ == pytest.approx(np.log([0.2, 0.2, 0.6]) - np.log(1 / 3))


def test_two_classes_give_one_row_of_weights_as_a_binary_model_has():
    labels = np.array(["a", "a", "b", "b", "b", "b"])
    blended = PriorShiftedLogisticRegression(C=10.0, class_weight="balanced", naive_bayes_blend=0.5).fit(X, labels)
    assert blended.coef_.shape == (1, 3)
    assert list(blended.predict(X[[0, 2]])) == ["a", "b"]


@pytest.mark.parametrize("blend", [1.5, -0.1, True, "0.5"])
def test_a_blend_that_is_not_a_number_from_zero_to_one_is_refused(blend):
    with pytest.raises(ValueError, match="naive_bayes_blend must be a number between 0 and 1"):
        PriorShiftedLogisticRegression(class_weight="balanced", naive_bayes_blend=blend).fit(X, Y)


def test_a_blend_needs_balanced_class_weights_as_its_naive_bayes_half_has():
    with pytest.raises(ValueError, match="naive_bayes_blend needs class_weight='balanced'"):
        PriorShiftedLogisticRegression(naive_bayes_blend=0.5).fit(X, Y)


def test_with_two_classes_the_row_is_twice_the_second_class_log_odds():
    labels = np.array(["a", "a", "b", "b", "b", "b"])
    coef, intercept = naive_bayes_weights(X, labels, ["a", "b"], 10.0)
    ratio = log_count_ratios(X, labels, ["a", "b"])[1]
    alone = LogisticRegression(C=10.0, class_weight="balanced", solver="newton-cg", max_iter=1000)
    alone.fit(X.multiply(ratio).tocsr(), labels == "b")
    # The two binary models mirror each other, so their difference is twice either one.
    assert coef[0] == pytest.approx(2 * alone.coef_[0] * ratio, rel=1e-3, abs=1e-6)
    assert intercept[0] == pytest.approx(2 * alone.intercept_[0], rel=1e-3, abs=1e-6)
