"""Logistic regression whose class priors and confidence are those of the text it will score, not of its corpus.

A corpus is written with its labels near balance so that every frame has enough examples, but real
news is mostly neutral context. Training with balanced class weights gives a model whose implicit
prior is uniform; adding the log of the expected class shares to the intercepts moves it to the
prior of real text (Bayes' rule: the likelihood ratios the features carry are unchanged).

A model fitted on written sentences is also surer of itself than its accuracy on real news warrants.
Dividing every score by one temperature softens the probabilities and keeps their order, so no
prediction changes.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression

from model.naive_bayes_blend import naive_bayes_weights
from model.setting_checks import check_temperature, is_real_number


class PriorShiftedLogisticRegression(LogisticRegression):
    """``LogisticRegression`` adjusted after fitting: Naive Bayes half, class prior shift, temperature.

    The name keeps the first of these, which model files written before the other two name.

    Parameters
    ----------
    class_prior : dict or None
        Expected share of each class in the text to be scored, e.g. ``{"neutral": 0.5, ...}``;
        shares are normalised. ``None`` leaves the fitted intercepts as they are.
    naive_bayes_blend : float or None
        Share, between 0 and 1, of a Naive Bayes-scaled model in the final weights
        (:mod:`model.naive_bayes_blend`): the scores of both models are averaged with this weight, which
        keeps one linear model. Needs sparse features and ``class_weight="balanced"`` (the Naive Bayes
        models are trained balanced). ``None`` or 0: the plain model alone.
    temperature : float or None
        Positive finite number every score is divided by after the prior shift: above 1 softens the
        probabilities, below 1 sharpens them; predictions stay the same. ``None``: 1.
    C, class_weight, solver, max_iter, random_state
        As for :class:`sklearn.linear_model.LogisticRegression`.

    Examples
    --------
    >>> clf = PriorShiftedLogisticRegression(class_prior={"a": 0.8, "b": 0.2})
    >>> clf.fit([[0.0], [1.0], [0.1], [0.9]], ["a", "b", "a", "b"]).predict([[0.5]])[0]
    'a'
    """

    def __init__(
        self,
        C=1.0,
        class_weight=None,
        solver="lbfgs",
        max_iter=100,
        random_state=None,
        class_prior=None,
        naive_bayes_blend=None,
        temperature=None,
    ):
        super().__init__(C=C, class_weight=class_weight, solver=solver, max_iter=max_iter, random_state=random_state)
        self.class_prior = class_prior
        self.naive_bayes_blend = naive_bayes_blend
        self.temperature = temperature

    def fit(self, X, y, sample_weight=None):
        """Fit, average in the Naive Bayes-scaled model if asked, shift to the prior, divide by the temperature."""
        blend = self.naive_bayes_blend or 0.0
        if not is_real_number(blend) or not 0.0 <= blend <= 1.0:
            raise ValueError(f"naive_bayes_blend must be a number between 0 and 1, got {self.naive_bayes_blend!r}")
        if blend and self.class_weight != "balanced":
            # The Naive Bayes models are trained balanced; the prior shift assumes both halves are.
            raise ValueError(f"naive_bayes_blend needs class_weight='balanced', got {self.class_weight!r}")
        if self.temperature is not None:
            check_temperature(self.temperature)
        super().fit(X, y, sample_weight=sample_weight)
        if blend:
            # Each binary model is trained balanced, like this one, so both start from a uniform prior and
            # the shift below applies to the average as it does to either.
            coef, intercept = naive_bayes_weights(
                X, y, list(self.classes_), self.C, sample_weight=sample_weight, random_state=self.random_state
            )
            self.coef_ = (1.0 - blend) * self.coef_ + blend * coef
            self.intercept_ = (1.0 - blend) * self.intercept_ + blend * intercept
        if self.class_prior:
            shift = np.log(self._target_prior()) - np.log(self._training_prior(y, sample_weight))
            if self.coef_.shape[0] == 1:
                # Binary: one score for classes_[1] against classes_[0].
                self.intercept_ = self.intercept_ + (shift[1] - shift[0])
            else:
                self.intercept_ = self.intercept_ + shift
        if self.temperature is not None:
            # Every score, the prior's share included, is divided alike: the order of the classes, and so
            # each prediction, is kept; only how sure the probabilities are changes.
            self.coef_ = self.coef_ / self.temperature
            self.intercept_ = self.intercept_ / self.temperature
        return self

    def _target_prior(self):
        """Return the normalised ``class_prior`` in ``classes_`` order."""
        unknown = set(self.class_prior) - {str(c) for c in self.classes_}
        missing = [str(c) for c in self.classes_ if str(c) not in self.class_prior]
        if unknown or missing:
            raise ValueError(
                f"class_prior must give a share for each class {[str(c) for c in self.classes_]}; "
                f"unknown {sorted(unknown)}, missing {missing}"
            )
        prior = np.array([float(self.class_prior[str(c)]) for c in self.classes_])
        if (prior <= 0).any():
            raise ValueError("class_prior shares must be positive")
        return prior / prior.sum()

    def _training_prior(self, y, sample_weight):
        """Return the class shares the fitted model implies: the weighted frequencies of ``y``."""
        y = np.asarray(y)
        counts = np.array([np.sum(y == c) for c in self.classes_], dtype=float)
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=float)
            counts = np.array([weights[y == c].sum() for c in self.classes_])
        if self.class_weight == "balanced":
            return np.full(len(self.classes_), 1.0 / len(self.classes_))
        if isinstance(self.class_weight, dict):
            counts = counts * np.array([self.class_weight.get(c, 1.0) for c in self.classes_])
        return counts / counts.sum()
