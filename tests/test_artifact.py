"""Saving, loading and verifying versioned artifacts."""

import json

import numpy as np
import pytest

from model.artifact import ArtifactError, load_artifact, read_metadata
from model.store import current_version, list_versions, set_current
from tests.conftest import TINY_TEST


def test_round_trip_gives_the_same_probabilities(model_dir):
    predictor = load_artifact(model_dir, "framing")
    texts = [t for texts in TINY_TEST.values() for t in texts]
    again = load_artifact(model_dir, "framing")
    np.testing.assert_array_equal(predictor.predict_proba(texts), again.predict_proba(texts))
    assert predictor.labels == ["neutral", "stability", "threat"]


def test_metadata_records_provenance(model_dir):
    version = current_version(model_dir, "framing")
    metadata = read_metadata(model_dir, "framing", version)
    assert metadata["version"] == version
    assert metadata["task"] == "framing"
    assert len(metadata["model_sha256"]) == 64
    assert metadata["model_format"] == {"name": "stance-plain-model", "version": 1}
    assert set(metadata["model_files"]) == {
        "model.json",
        "tfidf.vocabulary.json",
        "tfidf.idf.npy",
        "clf.coef.npy",
        "clf.intercept.npy",
    }
    assert len(metadata["data"]["train"]["sha256"]) == 64
    assert set(metadata["versions"]) == {"python", "scikit-learn", "numpy"}
    assert {"accuracy", "macro_f1", "ece", "confusion_matrix", "per_label"} <= set(metadata["metrics"])
    folder = model_dir / "framing" / version
    assert (folder / "MODEL_CARD.md").read_text().startswith("# Model card")
    assert json.loads((folder / "metrics.json").read_text())["test"]["n"] == 9


@pytest.mark.parametrize("name", ["model.json", "tfidf.vocabulary.json", "clf.coef.npy"])
def test_tampered_model_is_refused(model_dir, name):
    version = current_version(model_dir, "framing")
    path = model_dir / "framing" / version / name
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(ArtifactError, match=f"{name}: SHA-256 .* does not match .* recorded at training time"):
        load_artifact(model_dir, "framing")


def test_other_sklearn_version_is_refused(model_dir):
    version = current_version(model_dir, "framing")
    path = model_dir / "framing" / version / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["versions"]["scikit-learn"] = "0.0.1"
    path.write_text(json.dumps(metadata))
    with pytest.raises(ArtifactError, match="trained with scikit-learn 0.0.1"):
        load_artifact(model_dir, "framing")


def test_missing_model_says_how_to_train(tmp_path):
    with pytest.raises(ArtifactError, match="no trained model for task 'framing'.*make train"):
        load_artifact(tmp_path, "framing")


@pytest.mark.parametrize("version", ["../etc", "a/b", "", ".."])
def test_unsafe_version_names_are_refused(model_dir, version):
    with pytest.raises(ArtifactError, match="invalid version name"):
        load_artifact(model_dir, "framing", version)


def test_corrupt_metadata_is_refused(model_dir):
    version = current_version(model_dir, "framing")
    (model_dir / "framing" / version / "metadata.json").write_text("{not json")
    with pytest.raises(ArtifactError, match="unreadable metadata"):
        load_artifact(model_dir, "framing")


def test_set_current_refuses_an_unknown_version(model_dir):
    from model.store import StoreError

    with pytest.raises(StoreError, match="has no version"):
        set_current(model_dir, "framing", "20000101-000000")
    assert len(list_versions(model_dir, "framing")) == 1
