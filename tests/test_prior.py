"""The real-news class prior and temperature: the classifier's adjustments, the task declaration, training."""

import numpy as np
import pytest

from model.pipeline import build_pipeline
from model.predictor import Predictor
from model.prior import PriorShiftedLogisticRegression
from tests.conftest import TINY_CORPUS, TINY_GRID, TINY_TEST
from training.tasks import TaskError, load_tasks
from training.train import train_task

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]


def test_prior_shifts_log_odds_by_the_log_prior_ratio():
    prior = {"neutral": 0.6, "stability": 0.2, "threat": 0.2}
    plain = build_pipeline(C=10.0).fit(TEXTS, LABELS)
    shifted = build_pipeline(C=10.0, class_prior=prior).fit(TEXTS, LABELS)
    labels = list(plain.classes_)
    p, q = plain.predict_proba(TEXTS), shifted.predict_proba(TEXTS)
    # Bayes' rule: the features' likelihood ratios stay, the prior moves by log(prior * k) per class.
    expected = np.log(p) + np.log([prior[label] * len(labels) for label in labels])
    expected -= np.log(np.exp(expected).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(np.log(q), expected, atol=1e-9)
    assert q[:, labels.index("neutral")].mean() > p[:, labels.index("neutral")].mean()


def test_prior_shift_binary():
    X, y = [[0.0], [1.0], [0.1], [0.9]], ["a", "b", "a", "b"]
    plain = PriorShiftedLogisticRegression(class_weight="balanced").fit(X, y)
    shifted = PriorShiftedLogisticRegression(class_weight="balanced", class_prior={"a": 0.8, "b": 0.2}).fit(X, y)
    assert shifted.intercept_[0] == pytest.approx(plain.intercept_[0] + np.log(0.2 / 0.8))


@pytest.mark.parametrize(
    ("prior", "message"),
    [({"a": 1.0}, "missing \\['b'\\]"), ({"a": 1, "b": 0}, "positive"), ({"a": 1, "b": 1, "c": 1}, "unknown")],
)
def test_prior_must_name_every_class(prior, message):
    with pytest.raises(ValueError, match=message):
        PriorShiftedLogisticRegression(class_prior=prior).fit([[0.0], [1.0]], ["a", "b"])


def test_temperature_divides_every_score_so_predictions_stay_and_probabilities_soften():
    prior = {"neutral": 0.6, "stability": 0.2, "threat": 0.2}
    plain = build_pipeline(C=10.0, class_prior=prior).fit(TEXTS, LABELS)
    softened = build_pipeline(C=10.0, class_prior=prior, temperature=2.0).fit(TEXTS, LABELS)
    texts = TEXTS + [t for ts in TINY_TEST.values() for t in ts]
    np.testing.assert_allclose(softened.decision_function(texts), plain.decision_function(texts) / 2.0, atol=1e-9)
    assert list(softened.predict(texts)) == list(plain.predict(texts))
    assert softened.predict_proba(texts).max(axis=1).mean() < plain.predict_proba(texts).max(axis=1).mean()


@pytest.mark.parametrize("temperature", [0.0, -1.0, float("inf"), float("nan"), True, "2"])
def test_a_temperature_that_is_not_a_positive_finite_number_is_refused(temperature):
    with pytest.raises(ValueError, match="temperature must be a positive finite number"):
        PriorShiftedLogisticRegression(temperature=temperature).fit([[0.0], [1.0]], ["a", "b"])


def test_predictor_scorer_reproduces_prior_shifted_pipeline():
    pipeline = build_pipeline(C=10.0, cues=True, class_prior={"neutral": 0.5, "stability": 0.25, "threat": 0.25})
    pipeline.fit(TEXTS, LABELS)
    texts = [t for ts in TINY_TEST.values() for t in ts]
    predictor = Predictor(pipeline, {})
    for batch in (texts[:2], texts * 3):  # the per-text and the vectorised paths
        np.testing.assert_allclose(predictor.predict_proba(batch), pipeline.predict_proba(batch), atol=1e-12)


def test_task_declares_class_prior(tmp_path):
    toml = tmp_path / "tasks.toml"
    toml.write_text(
        '[t]\ndata = "a.csv"\ntest = "b.csv"\nclass_prior = { x = 3, y = 1 }\n[t.labels]\nx = ""\ny = ""\n',
        encoding="utf-8",
    )
    assert load_tasks(toml)["t"].class_prior == {"x": 3.0, "y": 1.0}
    toml.write_text(
        '[t]\ndata = "a.csv"\ntest = "b.csv"\nclass_prior = { x = 3 }\n[t.labels]\nx = ""\ny = ""\n', encoding="utf-8"
    )
    with pytest.raises(TaskError, match="positive share for each of"):
        load_tasks(toml)


@pytest.mark.parametrize(
    ("declared", "expected"), [("", None), ("temperature = 2\n", 2.0), ("temperature = 1.5\n", 1.5)]
)
def test_task_declares_temperature(tmp_path, declared, expected):
    toml = tmp_path / "tasks.toml"
    toml.write_text(f'[t]\ndata = "a.csv"\ntest = "b.csv"\n{declared}[t.labels]\nx = ""\n', encoding="utf-8")
    assert load_tasks(toml)["t"].temperature == expected


@pytest.mark.parametrize("value", ["0", "-2.0", '"hot"', "true", "inf", "nan"])
def test_a_task_temperature_that_is_not_a_positive_finite_number_is_refused(tmp_path, value):
    toml = tmp_path / "tasks.toml"
    toml.write_text(
        f'[t]\ndata = "a.csv"\ntest = "b.csv"\ntemperature = {value}\n[t.labels]\nx = ""\n', encoding="utf-8"
    )
    with pytest.raises(TaskError, match="temperature must be a positive finite number"):
        load_tasks(toml)


def test_training_applies_the_task_prior(tiny_task, tmp_path):
    from dataclasses import replace

    task = replace(tiny_task, class_prior={"neutral": 0.6, "stability": 0.2, "threat": 0.2})
    metadata = train_task(task, tmp_path / "models", grid=TINY_GRID, folds=3)
    assert metadata["params"]["class_prior"] == {"neutral": 0.6, "stability": 0.2, "threat": 0.2}


def test_training_applies_the_task_temperature(tiny_task, tmp_path):
    from dataclasses import replace

    metadata = train_task(replace(tiny_task, temperature=2.0), tmp_path / "models", grid=TINY_GRID, folds=3)
    assert metadata["params"]["temperature"] == 2.0
