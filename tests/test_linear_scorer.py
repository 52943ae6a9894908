"""The scorer computes exactly what the fitted pipeline computes, text by text and vectorised."""

import re

import numpy as np
import pytest

from model.linear_scorer import _WORD_RUNS, PER_TEXT_MAX, LinearScorer
from model.pipeline import WORD_PATTERN, build_pipeline
from tests.conftest import TINY_CORPUS, TINY_TEST

TEXTS = [t for texts in TINY_CORPUS.values() for t in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]
UNSEEN = [t for texts in TINY_TEST.values() for t in texts] + [
    "",
    "!!!",
    "Words the model never saw: zyzzyva quokka.",
    "It does not threaten anyone, nobody said so — “never”.",
    "Drones " * 50,
]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"negation": False, "word_ngrams": (1, 1)},
        {"char_ngrams": (2, 4)},
        {"C": 0.5, "min_df": 2},
        {"binary": True, "cues": True},
        {"binary": True, "char_ngrams": (2, 4)},
    ],
)
def test_scorer_matches_pipeline_predict_proba(params):
    pipeline = build_pipeline(**params).fit(TEXTS, LABELS)
    scorer = LinearScorer.from_pipeline(pipeline)
    assert scorer is not None
    texts = TEXTS + UNSEEN
    expected = pipeline.predict_proba(texts)
    # Many texts at once take the vectorised path, a few the text-by-text one.
    assert len(texts) > PER_TEXT_MAX
    np.testing.assert_allclose(scorer.predict_proba(texts), expected, rtol=0, atol=1e-12)
    few = np.vstack([scorer.predict_proba(texts[i : i + PER_TEXT_MAX]) for i in range(0, len(texts), PER_TEXT_MAX)])
    np.testing.assert_allclose(few, expected, rtol=0, atol=1e-12)


def test_vectorised_path_handles_texts_without_known_ngrams():
    pipeline = build_pipeline().fit(TEXTS, LABELS)
    texts = ["", "!!!", "zyzzyva quokka"] * PER_TEXT_MAX
    expected = pipeline.predict_proba(texts)
    np.testing.assert_allclose(LinearScorer.from_pipeline(pipeline).predict_proba(texts), expected, rtol=0, atol=1e-12)


def test_binary_pipeline_matches():
    keep = [i for i, label in enumerate(LABELS) if label != "neutral"]
    pipeline = build_pipeline().fit([TEXTS[i] for i in keep], [LABELS[i] for i in keep])
    scorer = LinearScorer.from_pipeline(pipeline)
    np.testing.assert_allclose(scorer.predict_proba(UNSEEN), pipeline.predict_proba(UNSEEN), rtol=0, atol=1e-12)


def test_declines_what_it_cannot_reproduce():
    pipeline = build_pipeline().fit(TEXTS, LABELS)
    pipeline.steps[0][1].set_params(norm="l1")
    assert LinearScorer.from_pipeline(pipeline) is None


def test_word_runs_give_the_default_token_patterns_tokens():
    texts = UNSEEN + ["a b cd _ e_ é ab-c d'ef 0 00 x1 ŝtato über_alles 名前 ٣٤", "not_a not_threat"]
    for text in texts:
        assert re.findall(WORD_PATTERN, text) == _WORD_RUNS.findall(text)


NO_KNOWN_WORD = ["Zyzzyva quokka!", "Привет, как дела?", "你好", "!!!"]


@pytest.mark.parametrize("many", [False, True])
def test_a_text_without_a_known_word_has_no_evidence(many):
    """Its only feature is the token every sentence gets (whether it reports speech)."""
    pipeline = build_pipeline(binary=True, cues=True, reported_speech=True).fit(TEXTS, LABELS)
    scorer = LinearScorer.from_pipeline(pipeline)
    assert len(scorer.bare_columns) == 2
    texts = (NO_KNOWN_WORD + TEXTS[:2]) * (PER_TEXT_MAX if many else 1)
    if not many:
        texts = texts[:PER_TEXT_MAX]
    proba, evidence = scorer.predict_proba_and_evidence(texts)
    assert [bool(e) for e in evidence] == [t not in NO_KNOWN_WORD for t in texts]
    # The probabilities themselves stay the pipeline's: the predictor decides what to do with them.
    np.testing.assert_allclose(proba, pipeline.predict_proba(texts), rtol=0, atol=1e-12)


def test_the_predictor_answers_no_evidence_with_the_models_base_rates():
    from model.predictor import Predictor

    pipeline = build_pipeline(binary=True, cues=True, reported_speech=True).fit(TEXTS, LABELS)
    predictor = Predictor(pipeline, {"version": "v", "task": "framing"})
    empty_row = pipeline[-1].predict_proba(np.zeros((1, pipeline[-1].coef_.shape[1])))[0]
    # On its own the sentence token makes the model near-certain of something it has no evidence for.
    assert pipeline.predict_proba(NO_KNOWN_WORD).max() > empty_row.max()
    for texts in (NO_KNOWN_WORD, NO_KNOWN_WORD * PER_TEXT_MAX):
        np.testing.assert_allclose(predictor.predict_proba(texts), np.tile(empty_row, (len(texts), 1)), atol=1e-12)
    result = predictor.predict([NO_KNOWN_WORD[0], TEXTS[0]], explain=True)
    assert result[0]["explanation"] == {"toward": [], "against": []}
    assert result[0]["confidence"] == round(float(empty_row.max()), 4)
    assert result[1]["explanation"]["toward"] or result[1]["explanation"]["against"]
    # A text with known words keeps the pipeline's numbers.
    np.testing.assert_allclose(predictor.predict_proba(TEXTS), pipeline.predict_proba(TEXTS), atol=1e-12)
