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
