"""The served model is plain data (JSON and NumPy arrays): what a writer of the model folder can and cannot do."""

import hashlib
import io
import json
import os
import pickle
import shutil

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.artifact import ArtifactError, load_artifact, rebuild_pipeline, save_artifact
from model.pipeline import build_pipeline, build_target_pipeline
from model.plain_model import FUNCTIONS, ModelFormatError, decode_pipeline, encode_pipeline
from model.predictor import Predictor
from model.store import current_version, list_versions, set_current
from service import create_app
from service.cli import cli
from service.errors import ServiceError
from tests.conftest import TINY_CORPUS, TINY_TEST
from tests.target_helpers import TARGET_ROWS, TARGET_TEST_ROWS
from tests.test_server import call, serving
from training.feedback import default_db_path

TEXTS = [t for texts in TINY_CORPUS.values() for t in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]
UNSEEN = [t for texts in TINY_TEST.values() for t in texts] + [
    "",
    "Nobody said the convoy was not a threat; “never”, he insisted.",
    "Words the model never saw: quokka zyzzyva.",
]
# What the API accepts: no empty text.
REQUEST_TEXTS = [t for t in UNSEEN if t]
PAIRS = [(text, target) for text, target, _ in TARGET_ROWS]
PAIR_LABELS = [label for *_, label in TARGET_ROWS]
UNSEEN_PAIRS = [(text, target) for text, target, _ in TARGET_TEST_ROWS] + [("", "the curfew"), ("No target here.", "")]


class Planted:
    """A pickle that makes a folder when it is loaded: proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def planted_pickle(marker):
    """Return the bytes of a pickle that creates ``marker`` when unpickled."""
    return pickle.dumps(Planted(marker))


def version_folder(model_dir, task="framing"):
    return model_dir / task / current_version(model_dir, task)


def rewrite(folder, name, data):
    """Replace a model file and record its checksum in metadata.json, as anyone who can write the folder can."""
    (folder / name).write_bytes(data)
    metadata = json.loads((folder / "metadata.json").read_text())
    metadata["model_files"][name] = hashlib.sha256(data).hexdigest()
    (folder / "metadata.json").write_text(json.dumps(metadata))


def same_predictions(a, b, texts, targets=None):
    """Assert two predictors give the same probabilities (to 1e-12) and the same labels and explanations."""
    kwargs = {"targets": targets} if targets is not None else {}
    np.testing.assert_allclose(a.predict_proba(texts, **kwargs), b.predict_proba(texts, **kwargs), rtol=0, atol=1e-12)
    assert a.predict(texts, explain=True, **kwargs) == b.predict(texts, explain=True, **kwargs)


# --- every pipeline the project trains reads back the same --------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"cues": True, "class_prior": {"neutral": 0.7, "stability": 0.15, "threat": 0.15}},
        {"negation": False, "word_ngrams": (1, 1), "min_df": 2},
        {"char_ngrams": (2, 4)},
        {"binary": True, "cues": True, "class_prior": {"neutral": 0.7, "stability": 0.15, "threat": 0.15}},
        {
            "binary": True,
            "cues": True,
            "class_prior": {"neutral": 0.7, "stability": 0.15, "threat": 0.15},
            "naive_bayes_blend": 0.5,
            "temperature": 2.0,
        },
        {"cues": True, "reported_speech": True},
        {"negation": False, "cues": True, "reported_speech": True},
    ],
    ids=[
        "default",
        "framing-task",
        "unigrams",
        "char-ngrams",
        "binary-tf",
        "naive-bayes-blend-and-temperature",
        "reported-speech",
        "reported-speech-without-negation",
    ],
)
def test_text_pipelines_read_back_the_same(params):
    pipeline = build_pipeline(**params).fit(TEXTS, LABELS)
    rebuilt = decode_pipeline(encode_pipeline(pipeline))
    texts = TEXTS + UNSEEN
    np.testing.assert_allclose(rebuilt.predict_proba(texts), pipeline.predict_proba(texts), rtol=0, atol=1e-12)
    metadata = {"task": "framing", "version": "v"}
    same_predictions(Predictor(pipeline, metadata), Predictor(rebuilt, metadata), texts)


def test_a_model_written_before_the_naive_bayes_blend_and_the_temperature_reads_back_the_same():
    pipeline = build_pipeline(cues=True, class_prior={"neutral": 0.7, "stability": 0.15, "threat": 0.15})
    pipeline.fit(TEXTS, LABELS)
    files = encode_pipeline(pipeline)
    index = json.loads(files["model.json"])
    classifier = index["pipeline"]["steps"][1][1]["params"]
    # The classifier's settings as the format wrote them before the two settings existed.
    del classifier["naive_bayes_blend"], classifier["temperature"]
    older = decode_pipeline({**files, "model.json": json.dumps(index).encode("utf-8")})
    same_predictions(Predictor(pipeline, {}), Predictor(older, {}), TEXTS + UNSEEN)


def test_a_binary_pipeline_reads_back_the_same():
    keep = [i for i, label in enumerate(LABELS) if label != "neutral"]
    pipeline = build_pipeline(class_prior={"stability": 0.3, "threat": 0.7}).fit(
        [TEXTS[i] for i in keep], [LABELS[i] for i in keep]
    )
    rebuilt = decode_pipeline(encode_pipeline(pipeline))
    same_predictions(Predictor(pipeline, {}), Predictor(rebuilt, {}), UNSEEN)


@pytest.mark.parametrize(
    "features",
    [("text", "relation"), ("text", "marked", "relation"), ("text", "marked", "relation", "target"), ("target",)],
)
def test_target_pipelines_read_back_the_same(features):
    pipeline = build_target_pipeline(target_features=features).fit(PAIRS, PAIR_LABELS)
    rebuilt = decode_pipeline(encode_pipeline(pipeline))
    pairs = PAIRS + UNSEEN_PAIRS
    np.testing.assert_allclose(rebuilt.predict_proba(pairs), pipeline.predict_proba(pairs), rtol=0, atol=1e-12)
    metadata = {"task": "proposal", "target_column": "proposal"}
    texts, targets = [p[0] for p in pairs], [p[1] for p in pairs]
    same_predictions(Predictor(pipeline, metadata), Predictor(rebuilt, metadata), texts, targets)


def test_binary_reaches_every_tfidf_block_of_a_target_pipeline_and_reads_back():
    pipeline = build_target_pipeline(target_features=("text", "marked", "target"), binary=True)
    vectorizers = [step for _, step in pipeline.steps[0][1].transformer_list]
    assert [block.steps[-1][1].binary for block in vectorizers] == [True, True, True]
    pipeline.fit(PAIRS, PAIR_LABELS)
    rebuilt = decode_pipeline(encode_pipeline(pipeline))
    pairs = PAIRS + UNSEEN_PAIRS
    np.testing.assert_allclose(rebuilt.predict_proba(pairs), pipeline.predict_proba(pairs), rtol=0, atol=1e-12)
    # Counted once per text: repeating the words of a text leaves its features as they were.
    once, thrice = [PAIRS[0]], [(" ".join([PAIRS[0][0]] * 3), PAIRS[0][1])]
    features = pipeline.steps[0][1]
    np.testing.assert_allclose(features.transform(once).toarray(), features.transform(thrice).toarray())


@pytest.mark.parametrize("kind", ["text", "target"])
def test_a_saved_version_serves_and_rebuilds_what_was_trained(tmp_path, kind):
    if kind == "text":
        pipeline = build_pipeline(cues=True).fit(TEXTS, LABELS)
        texts, targets, extra = TEXTS + UNSEEN, None, {}
    else:
        pipeline = build_target_pipeline(target_features=("text", "marked", "relation", "target")).fit(
            PAIRS, PAIR_LABELS
        )
        pairs = PAIRS + UNSEEN_PAIRS
        texts, targets, extra = [p[0] for p in pairs], [p[1] for p in pairs], {"target_column": "proposal"}
    version = save_artifact(pipeline, extra, tmp_path, "task")
    set_current(tmp_path, "task", version)
    served = load_artifact(tmp_path, "task")
    same_predictions(served, Predictor(pipeline, {**extra, "task": "task", "version": version}), texts, targets)
    inputs = texts if targets is None else list(zip(texts, targets))
    np.testing.assert_allclose(
        rebuild_pipeline(tmp_path, "task").predict_proba(inputs), pipeline.predict_proba(inputs), rtol=0, atol=1e-12
    )
    # No pickle is written: every array is a .npy that loads without one, and the rest is JSON.
    folder = tmp_path / "task" / version
    assert not (folder / "model.joblib").exists()
    for path in folder.iterdir():
        if path.suffix == ".npy":
            assert np.load(path, allow_pickle=False).dtype == np.float64
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def test_the_tiny_trained_model_is_served_from_plain_files(model_dir):
    folder = version_folder(model_dir)
    assert not list(folder.glob("*.joblib")) and not list(folder.glob("*.pkl"))
    served = load_artifact(model_dir, "framing")
    rebuilt = rebuild_pipeline(model_dir, "framing")
    np.testing.assert_allclose(served.predict_proba(UNSEEN), rebuilt.predict_proba(UNSEEN), rtol=0, atol=1e-12)
    index = json.loads((folder / "model.json").read_text())
    assert index["format"] == "stance-plain-model" and index["format_version"] == 1
    assert index["labels"] == served.labels


# --- what the format cannot hold fails the save --------------------------------------------------


class OwnClassifier(LogisticRegression):
    """A subclass the format does not know, even though it scores like its parent."""


def _shout(text):
    return text.upper()


@pytest.mark.parametrize(
    ("pipeline", "message"),
    [
        (Pipeline([("tfidf", TfidfVectorizer(preprocessor=_shout)), ("clf", LogisticRegression())]), "preprocessor="),
        (
            Pipeline(
                [("tfidf", TfidfVectorizer(tokenizer=str.split, token_pattern=None)), ("clf", LogisticRegression())]
            ),
            "tokenizer=",
        ),
        (Pipeline([("counts", CountVectorizer()), ("clf", LogisticRegression())]), "CountVectorizer has no plain form"),
        (Pipeline([("tfidf", TfidfVectorizer()), ("clf", OwnClassifier())]), "OwnClassifier has no plain form"),
        (
            Pipeline(
                [
                    ("tfidf", FeatureUnion([("a", TfidfVectorizer()), ("b", TfidfVectorizer())])),
                    ("clf", LogisticRegression()),
                ]
            ),
            "n_jobs=2 is not allowed",
        ),
        (
            Pipeline([("tfidf", TfidfVectorizer(token_pattern=r"(?u)\b\w+\b")), ("clf", LogisticRegression())]),
            "token_pattern=",
        ),
    ],
    ids=["function", "tokenizer", "other-vectorizer", "other-classifier", "parallel-union", "own-regex"],
)
def test_a_pipeline_the_format_cannot_hold_is_not_saved(tmp_path, pipeline, message):
    pipeline.fit(TEXTS, LABELS)
    if isinstance(pipeline[0], FeatureUnion):
        # Set after fitting: fitting in parallel processes only slows the test down.
        pipeline[0].set_params(n_jobs=2)
    with pytest.raises(ArtifactError, match=f"cannot save the model of task 'framing': .*{message}"):
        save_artifact(pipeline, {}, tmp_path, "framing")
    # Nothing at all is written: no version, no staging folder, and no pickle to fall back on.
    assert list_versions(tmp_path, "framing") == []
    assert not (tmp_path / "framing").exists() or not any((tmp_path / "framing").iterdir())


# --- a writer of the model folder cannot run code --------------------------------------------------


def test_the_planted_pickle_would_run_code(tmp_path):
    # The payload the tests below plant really does run code when something unpickles it.
    marker = tmp_path / "control"
    pickle.loads(planted_pickle(marker))
    assert marker.is_dir()


def test_a_planted_model_joblib_is_never_loaded(model_dir, tmp_path):
    marker = tmp_path / "code-ran"
    folder = version_folder(model_dir)
    (folder / "model.joblib").write_bytes(planted_pickle(marker))
    (folder / "model.pkl").write_bytes(planted_pickle(marker))
    load_artifact(model_dir, "framing")
    rebuild_pipeline(model_dir, "framing")
    client = create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0}).test_client()
    answer = client.post("/v1/classify", json={"texts": REQUEST_TEXTS, "explain": True})
    assert answer.status_code == 200
    assert client.get("/readyz").json["status"] == "ready"
    result = CliRunner().invoke(
        cli, ["score", "-", "--workers", "1", "--model-dir", str(model_dir)], input="text\nThe drills began.\n"
    )
    assert result.exit_code == 0, result.output
    assert not marker.exists()


def object_array_npy(marker):
    """Return a .npy file whose object array holds the planted pickle."""
    buffer = io.BytesIO()
    np.save(buffer, np.array([Planted(marker)], dtype=object), allow_pickle=True)
    return buffer.getvalue()


def test_an_npy_holding_objects_is_refused_unread(model_dir, tmp_path):
    marker = tmp_path / "code-ran"
    rewrite(version_folder(model_dir), "clf.coef.npy", object_array_npy(marker))
    with pytest.raises(ArtifactError, match=r"clf\.coef\.npy: unreadable array \(header .*'descr': '\|O'"):
        load_artifact(model_dir, "framing")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("clf.coef.npy", b"\x80\x04K\x01.", r"clf\.coef\.npy: not a \.npy file"),
        ("clf.intercept.npy", np.ones(2), r"clf\.intercept\.npy: shape \(2,\), expected 3"),
        (
            "clf.intercept.npy",
            np.ones(3, dtype=np.float32),
            r"clf\.intercept\.npy: unreadable array \(header .*'<f4'.*expected a C-ordered little-endian float64",
        ),
        ("tfidf.idf.npy", np.ones(4), r"tfidf\.idf\.npy: shape \(4,\), expected \d+"),
        ("clf.intercept.npy", np.array([1.0, np.nan, 0.0]), "holds values that are not finite"),
        ("tfidf.vocabulary.json", b'{"threat": 0}', r"tfidf\.vocabulary\.json: must be a JSON list of strings"),
        ("tfidf.vocabulary.json", b"[", r"tfidf\.vocabulary\.json: unreadable JSON"),
    ],
    ids=["pickle-as-npy", "short-intercept", "float32", "short-idf", "nan", "vocabulary-dict", "broken-json"],
)
def test_malformed_model_files_are_refused_by_name(model_dir, name, data, message):
    if isinstance(data, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, data, allow_pickle=False)
        data = buffer.getvalue()
    rewrite(version_folder(model_dir), name, data)
    with pytest.raises(ArtifactError, match=message):
        load_artifact(model_dir, "framing")


def edit_index(model_dir, change):
    """Apply ``change`` to the parsed model.json of the current version and rewrite it with its checksum."""
    folder = version_folder(model_dir)
    index = json.loads((folder / "model.json").read_text())
    change(index)
    rewrite(folder, "model.json", json.dumps(index).encode())


def vectorizer_params(index):
    return index["pipeline"]["steps"][0][1]["params"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda index: vectorizer_params(index).update(preprocessor={"$function": "os.system"}),
            r"preprocessor: \{\"\$function\": \"os.system\"\} is not an allowed value",
        ),
        (
            lambda index: index["pipeline"]["steps"][0][1].update(type="builtins.eval"),
            "unknown step type 'builtins.eval'",
        ),
        (lambda index: vectorizer_params(index).update(input="filename"), "input='filename' is not allowed"),
        (lambda index: index["pipeline"]["params"].update(memory="/tmp/cache"), "memory='/tmp/cache' is not allowed"),
        (lambda index: vectorizer_params(index).update(token_pattern="(a+)+$"), "token_pattern='\\(a\\+\\)\\+\\$'"),
        (lambda index: index.update(format_version=2), "format version 2, this stance reads version 1"),
        (lambda index: index.update(labels=["a", "b", "c"]), "labels .* differ from the classifier's classes"),
        (lambda index: index["pipeline"]["steps"].reverse(), "the last step must be the classifier"),
    ],
    ids=["function", "class", "read-files", "joblib-cache", "slow-regex", "format", "labels", "order"],
)
def test_model_json_names_only_what_the_format_allows(model_dir, change, message):
    edit_index(model_dir, change)
    with pytest.raises(ArtifactError, match=message):
        load_artifact(model_dir, "framing")


def test_checksums_still_catch_a_changed_file(model_dir):
    folder = version_folder(model_dir)
    array = np.load(folder / "clf.intercept.npy")
    buffer = io.BytesIO()
    np.save(buffer, array + 1.0, allow_pickle=False)
    (folder / "clf.intercept.npy").write_bytes(buffer.getvalue())
    with pytest.raises(ArtifactError, match=r"clf\.intercept\.npy: SHA-256 .* does not match"):
        load_artifact(model_dir, "framing")


def test_listed_files_must_be_plain_names_the_model_uses(model_dir):
    folder = version_folder(model_dir)
    metadata = json.loads((folder / "metadata.json").read_text())
    unused = dict(metadata, model_files={**metadata["model_files"], "MODEL_CARD.md": "0" * 64})
    (folder / "metadata.json").write_text(json.dumps(unused))
    with pytest.raises(ArtifactError, match=r"MODEL_CARD\.md: SHA-256"):
        load_artifact(model_dir, "framing")
    (folder / "metadata.json").write_text(json.dumps(dict(metadata, model_files={"../../etc/passwd": "0" * 64})))
    with pytest.raises(ArtifactError, match="model_files must map file names to SHA-256 digests"):
        load_artifact(model_dir, "framing")
    card = (folder / "MODEL_CARD.md").read_bytes()
    listed = {**metadata["model_files"], "MODEL_CARD.md": hashlib.sha256(card).hexdigest()}
    (folder / "metadata.json").write_text(json.dumps(dict(metadata, model_files=listed)))
    with pytest.raises(ArtifactError, match=r"MODEL_CARD\.md: not part of the model in model\.json"):
        load_artifact(model_dir, "framing")


def test_links_and_special_files_are_refused(model_dir, tmp_path):
    folder = version_folder(model_dir)
    elsewhere = tmp_path / "coef-copy.npy"
    shutil.copy(folder / "clf.coef.npy", elsewhere)
    (folder / "clf.coef.npy").unlink()
    (folder / "clf.coef.npy").symlink_to(elsewhere)
    with pytest.raises(ArtifactError, match=r"clf\.coef\.npy: a symbolic link"):
        load_artifact(model_dir, "framing")
    (folder / "clf.coef.npy").unlink()
    # A named pipe with no writer would block a plain open() for ever.
    os.mkfifo(folder / "clf.coef.npy")
    with pytest.raises(ArtifactError, match=r"clf\.coef\.npy: not a regular file"):
        load_artifact(model_dir, "framing")
    shutil.move(folder / "metadata.json", tmp_path / "metadata.json")
    (folder / "metadata.json").symlink_to(tmp_path / "metadata.json")
    with pytest.raises(ArtifactError, match=r"metadata\.json: a symbolic link"):
        load_artifact(model_dir, "framing")


def test_the_allowed_functions_are_the_projects_text_functions():
    assert sorted(FUNCTIONS) == [
        "model.target_features.prefixed_words",
        "model.target_features.target_ngrams",
        "model.text.normalise",
        "model.text.normalise_marking_cues",
        "model.text.normalise_marking_cues_and_speech",
        "model.text.normalise_marking_negation",
        "model.text.normalise_marking_negation_and_cues",
        "model.text.normalise_marking_negation_cues_and_speech",
    ]
    with pytest.raises(ModelFormatError, match=r"model\.json: missing"):
        decode_pipeline({})


# --- versions saved before the plain format ---------------------------------------------------------


def test_a_version_saved_as_a_pickle_says_to_retrain(model_dir, tmp_path):
    marker = tmp_path / "code-ran"
    folder = version_folder(model_dir)
    metadata = json.loads((folder / "metadata.json").read_text())
    for name in metadata.pop("model_files"):
        (folder / name).unlink()
    del metadata["model_format"]
    metadata["versions"] = {**metadata["versions"], "joblib": "1.4.2"}
    (folder / "metadata.json").write_text(json.dumps(metadata))
    (folder / "model.joblib").write_bytes(planted_pickle(marker))
    expected = r"saved by an older stance as model\.joblib, a pickle, which this version no longer loads.*make train"
    with pytest.raises(ArtifactError, match=expected):
        load_artifact(model_dir, "framing")
    with pytest.raises(ServiceError, match=expected):
        create_app({"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0})
    result = CliRunner().invoke(
        cli, ["score", "-", "--workers", "1", "--model-dir", str(model_dir)], input="text\nThe drills began.\n"
    )
    assert result.exit_code == 1
    assert "older stance" in result.output and "make train" in result.output
    assert "Traceback" not in result.output
    assert not marker.exists()


# --- the server needs only to read the model folder -----------------------------------------------


def set_modes(root, folder_mode, file_mode):
    """chmod every folder and file under ``root`` (``root`` included)."""
    for path in [root, *root.rglob("*")]:
        os.chmod(path, folder_mode if path.is_dir() else file_mode)


def listing(root):
    return sorted((str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*"))


@pytest.mark.slow
def test_the_server_runs_on_a_read_only_model_folder_with_a_planted_pickle(model_dir, tmp_path):
    marker = tmp_path / "code-ran"
    (version_folder(model_dir) / "model.joblib").write_bytes(planted_pickle(marker))
    before = listing(model_dir)
    set_modes(model_dir, 0o555, 0o444)
    try:
        if os.geteuid() != 0:
            # root writes whatever the modes say; anyone else now cannot.
            with pytest.raises(PermissionError):
                (model_dir / "framing" / "probe").write_text("x")
        token = "feedback-token"
        env = {"STANCE_FEEDBACK_TOKEN": token}
        with serving(model_dir, tmp_path / "server.log", "--workers", "2", env=env) as (port, _):
            status, _, data = call(port, "GET", "/readyz")
            assert status == 200 and json.loads(data)["status"] == "ready"
            body = json.dumps({"texts": REQUEST_TEXTS, "explain": True})
            status, _, data = call(port, "POST", "/v1/classify", body, {"Content-Type": "application/json"})
            assert status == 200, data
            assert len(json.loads(data)["results"]) == len(REQUEST_TEXTS)
            correction = json.dumps({"text": UNSEEN[0], "label": "threat"})
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
            status, _, data = call(port, "POST", "/v1/feedback", correction, headers)
            assert status == 201, data
    finally:
        set_modes(model_dir, 0o755, 0o644)
    # The correction went to the default store, outside the model folder, which nothing changed.
    assert default_db_path(model_dir).is_file()
    assert listing(model_dir) == before
    assert not marker.exists()


def _npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("array", "damage", "message"),
    [
        (np.ones(3), lambda data: data[:-8], r"unreadable array \(16 bytes of data for shape \(3,\)\)"),
        (np.ones((3, 2), order="F"), None, r"unreadable array \(header .*'fortran_order': True"),
        (np.ones(3, dtype=">f8"), None, r"unreadable array \(header .*'>f8'"),
        (np.ones(3), lambda data: data[:6] + b"\x02\x00" + data[8:], r"not a version 1\.0 \.npy file"),
    ],
    ids=["truncated", "fortran-order", "big-endian", "version-2"],
)
def test_an_npy_other_than_the_format_writes_is_refused(model_dir, array, damage, message):
    data = _npy_bytes(array)
    rewrite(version_folder(model_dir), "clf.intercept.npy", damage(data) if damage else data)
    with pytest.raises(ArtifactError, match=message):
        load_artifact(model_dir, "framing")


def test_loading_a_model_builds_no_syntax_tree(model_dir, monkeypatch):
    """numpy reads a .npy header with ast.literal_eval, which in CPython 3.11 can fail when two threads build ASTs at once."""
    import ast

    def refuse(*args, **kwargs):
        raise AssertionError("ast.parse called while loading a model")

    monkeypatch.setattr(ast, "parse", refuse)
    predictor = load_artifact(model_dir, "framing")
    assert predictor.predict(["The drills threaten the fragile peace."])[0]["label"] in predictor.labels
