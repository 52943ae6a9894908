"""The fitted pipeline as plain data: JSON for its structure, settings and vocabularies, NumPy arrays for its numbers.

A pickle runs code while it loads, so whoever can write a pickled model can run code in every
process that loads it. This format holds only data, and the reader builds the pipeline from it with
the constructors of a fixed list of classes, filling in fitted arrays read with
``allow_pickle=False``. Files in a version folder (``<step>`` is a step's path in the pipeline,
e.g. ``tfidf`` or ``features.text.tfidf``):

- ``model.json``: format name and version, labels, and the tree of steps with their settings;
- ``<step>.vocabulary.json``: a TF-IDF step's n-grams as a JSON list, in column order;
- ``<step>.idf.npy``: its idf weights;
- ``<step>.coef.npy`` and ``<step>.intercept.npy``: the logistic regression's coefficients and
  intercepts (a class prior's shift is already added to the intercepts).

Settings are JSON values; what JSON lacks is tagged: ``{"$tuple": [1, 2]}``, ``{"$dict": {...}}``,
``{"$dtype": "float64"}`` and ``{"$function": "model.text.normalise"}``, which names one of
:data:`FUNCTIONS`, the text functions this project puts into its pipelines. A pipeline with any
other class, function or setting cannot be written (:class:`ModelFormatError`), and no file that
names one can be read.
"""

import io
import json
import math
import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.pipeline import WORD_PATTERN
from model.prior import PriorShiftedLogisticRegression
from model.target_features import (
    RELATION_FEATURES,
    ColumnSelector,
    RelationFeatures,
    TargetMarker,
    prefixed_words,
    target_ngrams,
)
from model.text import (
    normalise,
    normalise_marking_cues,
    normalise_marking_cues_and_speech,
    normalise_marking_negation,
    normalise_marking_negation_and_cues,
    normalise_marking_negation_cues_and_speech,
)

FORMAT = "stance-plain-model"
FORMAT_VERSION = 1
INDEX_FILE = "model.json"
# The text functions a pipeline may name, by module and name: the only code a model file can choose.
FUNCTIONS = {
    f"{f.__module__}.{f.__name__}": f
    for f in (
        normalise,
        normalise_marking_negation,
        normalise_marking_cues,
        normalise_marking_negation_and_cues,
        normalise_marking_cues_and_speech,
        normalise_marking_negation_cues_and_speech,
        target_ngrams,
        prefixed_words,
    )
}
_FUNCTION_NAMES = {f: name for name, f in FUNCTIONS.items()}
_DTYPES = {"float64": np.float64}
_STEP_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_NPY_MAGIC = b"\x93NUMPY"


class ModelFormatError(ValueError):
    """A pipeline cannot be written in the plain format, or plain model files do not describe one."""


def encode_pipeline(pipeline):
    """Return the plain files of a fitted pipeline as ``{file name: bytes}``.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A fitted pipeline built by :func:`model.pipeline.build_pipeline`.

    Returns
    -------
    dict
        ``model.json`` and one file per vocabulary and array (see the module docstring).

    Raises
    ------
    ModelFormatError
        The pipeline holds a class, function or setting the format cannot describe; nothing is
        then written, so a model is never served from anything but these files.
    """
    if type(pipeline) is not Pipeline:
        raise ModelFormatError(f"the model must be a fitted Pipeline, not {type(pipeline).__name__}")
    files = {}
    tree = _encode_step(pipeline, (), files)
    labels = _labels(pipeline)
    index = {"format": FORMAT, "format_version": FORMAT_VERSION, "labels": labels, "pipeline": tree}
    files[INDEX_FILE] = (json.dumps(index, indent=2, allow_nan=False) + "\n").encode("utf-8")
    # Read back before anything is saved: a pipeline that decodes differently must fail here, not in a worker.
    _check_same(pipeline, decode_pipeline(files))
    return files


def decode_pipeline(files):
    """Build the fitted scikit-learn pipeline that :func:`encode_pipeline` wrote into ``files``.

    Parameters
    ----------
    files : mapping of str to bytes
        The plain files by name; every file ``model.json`` needs must be there, and nothing else.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Gives the same ``predict_proba`` as the pipeline that was written.

    Raises
    ------
    ModelFormatError
        Naming the file and the field that is missing, malformed or not allowed.
    """
    if INDEX_FILE not in files:
        raise ModelFormatError(f"{INDEX_FILE}: missing")
    index = _read_json(files, INDEX_FILE)
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        raise ModelFormatError(f"{INDEX_FILE}: not a {FORMAT} file")
    if index.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(
            f"{INDEX_FILE}: format version {index.get('format_version')!r}, this stance reads version "
            f"{FORMAT_VERSION}; retrain with `make train`"
        )
    used = {INDEX_FILE}
    try:
        pipeline = _decode_step(index.get("pipeline"), (), files, used)
    except RecursionError:
        raise ModelFormatError(f"{INDEX_FILE}: pipeline nested too deeply") from None
    if type(pipeline) is not Pipeline:
        raise ModelFormatError(f"{INDEX_FILE}: pipeline: must be a Pipeline")
    _check_columns(pipeline)
    if index.get("labels") != _labels(pipeline):
        raise ModelFormatError(f"{INDEX_FILE}: labels {index.get('labels')!r} differ from the classifier's classes")
    unused = sorted(set(files) - used)
    if unused:
        raise ModelFormatError(f"{', '.join(unused)}: not part of the model in {INDEX_FILE}")
    return pipeline


# --- steps -----------------------------------------------------------------------------------------


def _encode_step(step, path, files):
    """Return the JSON node of one step, adding its vocabulary and arrays to ``files``."""
    kind = _KINDS.get(type(step).__name__)
    if kind is None or kind.cls is not type(step):
        raise ModelFormatError(
            f"{_where(path)}: {type(step).__module__}.{type(step).__qualname__} has no plain form; "
            f"the format holds {', '.join(_KINDS)}"
        )
    params = step.get_params(deep=False)
    children = params.pop(kind.children, None) if kind.children else None
    node = {"type": kind.name, "params": {k: _encode_value(v, path, k) for k, v in sorted(params.items())}}
    kind.check(params, path)
    if kind.children:
        node[kind.children] = [
            [_step_name(name, path), _encode_step(child, (*path, name), files)] for name, child in children
        ]
    if kind.save is not None:
        kind.save(step, path, node, files)
    return node


def _decode_step(node, path, files, used):
    """Build one step (and its children) from its JSON node."""
    if not isinstance(node, dict) or not isinstance(node.get("type"), str):
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: a step must be an object with a type")
    kind = _KINDS.get(node["type"])
    if kind is None:
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: unknown step type {node['type']!r}")
    raw = node.get("params")
    if not isinstance(raw, dict):
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: params must be an object")
    params = {k: _decode_value(v, path, k) for k, v in raw.items()}
    kind.check(params, path)
    if kind.children:
        children = node.get(kind.children)
        if not isinstance(children, list) or not children:
            raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: {kind.children} must be a non-empty list")
        built = []
        for item in children:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: each of {kind.children} is [name, step]")
            name = _step_name(item[0], path)
            built.append((name, _decode_step(item[1], (*path, name), files, used)))
        params[kind.children] = built
    try:
        step = kind.cls(**params)
    except TypeError as exc:
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: {exc}") from None
    if kind.load is not None:
        kind.load(step, path, node, files, used)
    return step


class _Kind:
    """One class the format can hold: how to check its settings and save and load its fitted state."""

    def __init__(self, cls, check=None, children=None, save=None, load=None):
        self.cls, self.name, self.children = cls, cls.__name__, children
        self.check = check or (lambda params, path: None)
        self.save, self.load = save, load


def _require(params, path, name, allowed):
    """Raise unless setting ``name`` is one of ``allowed`` (settings that would read files or run work elsewhere)."""
    value = params.get(name)
    if not any(value is a or (type(value) is type(a) and value == a) for a in allowed):
        raise ModelFormatError(f"{_where(path)}: {name}={value!r} is not allowed (only {allowed!r})")


def _check_pipeline(params, path):
    # memory= caches fitted steps with joblib, i.e. as pickles in a folder.
    _require(params, path, "memory", (None,))
    _require(params, path, "transform_input", (None,))


def _check_union(params, path):
    _require(params, path, "n_jobs", (None,))
    _require(params, path, "transformer_weights", (None,))


def _check_vectorizer(params, path):
    # input="filename" would open the files that request texts name; a token pattern is a regex that
    # runs on every request text, so only the project's own is accepted.
    _require(params, path, "input", ("content",))
    _require(params, path, "token_pattern", (WORD_PATTERN, None))
    _require(params, path, "tokenizer", (None,))
    _require(params, path, "vocabulary", (None,))
    _require(params, path, "use_idf", (True,))
    _require(params, path, "dtype", (np.float64,))


def _check_classifier(params, path):
    _require(params, path, "n_jobs", (None,))


def _check_selector(params, path):
    _require(params, path, "column", ("text", "target"))


def _save_vectorizer(vectorizer, path, node, files):
    """Write the vocabulary (n-grams in column order) and the idf weights."""
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    if [vectorizer.vocabulary_[t] for t in terms] != list(range(len(terms))):
        raise ModelFormatError(f"{_where(path)}: vocabulary columns are not 0..{len(terms) - 1}")
    # One n-gram a line: readable, and a diff between two versions shows what changed.
    text = "[\n" + ",\n".join(json.dumps(t, ensure_ascii=False) for t in terms) + "\n]\n"
    files[_file(path, "vocabulary.json")] = text.encode("utf-8")
    files[_file(path, "idf.npy")] = _npy(vectorizer.idf_, path, "idf_")


def _load_vectorizer(vectorizer, path, node, files, used):
    """Fill in the vocabulary and idf weights, as ``fit`` would have."""
    name = _file(path, "vocabulary.json")
    terms = _read_json(files, name, used)
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise ModelFormatError(f"{name}: must be a JSON list of strings")
    vocabulary = dict(zip(terms, range(len(terms))))
    if len(vocabulary) != len(terms):
        raise ModelFormatError(f"{name}: an n-gram is listed twice")
    idf = _read_npy(files, _file(path, "idf.npy"), used, (len(terms),))
    vectorizer.vocabulary_ = vocabulary
    vectorizer.fixed_vocabulary_ = False
    vectorizer.idf_ = idf


def _save_classifier(classifier, path, node, files):
    """Write the classes into the node and the coefficients and intercepts as arrays."""
    classes = classifier.classes_
    if not all(isinstance(c, str) for c in classes.tolist()):
        raise ModelFormatError(f"{_where(path)}: classes must be strings, got {classes.dtype}")
    node["classes"] = classes.tolist()
    files[_file(path, "coef.npy")] = _npy(classifier.coef_, path, "coef_")
    files[_file(path, "intercept.npy")] = _npy(classifier.intercept_, path, "intercept_")


def _load_classifier(classifier, path, node, files, used):
    """Fill in classes, coefficients and intercepts, checking that their shapes agree."""
    classes = node.get("classes")
    if not isinstance(classes, list) or len(classes) < 2 or not all(isinstance(c, str) for c in classes):
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: classes must be a list of at least two strings")
    if len(set(classes)) != len(classes) or classes != sorted(classes):
        # fit gives classes_ sorted and unique; predict maps the argmax back through this order.
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: classes must be sorted and unique")
    rows = 1 if len(classes) == 2 else len(classes)
    coef = _read_npy(files, _file(path, "coef.npy"), used, (rows, None))
    intercept = _read_npy(files, _file(path, "intercept.npy"), used, (rows,))
    classifier.classes_ = np.array(classes)
    classifier.coef_ = coef
    classifier.intercept_ = intercept
    classifier.n_features_in_ = coef.shape[1]


def _save_relation(step, path, node, files):
    node["n_features_out"] = step.n_features_out_


def _load_relation(step, path, node, files, used):
    if node.get("n_features_out") != len(RELATION_FEATURES):
        raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: n_features_out must be {len(RELATION_FEATURES)}")
    step.n_features_out_ = len(RELATION_FEATURES)


_KINDS = {
    kind.name: kind
    for kind in (
        _Kind(Pipeline, _check_pipeline, children="steps"),
        _Kind(FeatureUnion, _check_union, children="transformer_list"),
        _Kind(TfidfVectorizer, _check_vectorizer, save=_save_vectorizer, load=_load_vectorizer),
        _Kind(LogisticRegression, _check_classifier, save=_save_classifier, load=_load_classifier),
        _Kind(PriorShiftedLogisticRegression, _check_classifier, save=_save_classifier, load=_load_classifier),
        _Kind(ColumnSelector, _check_selector),
        _Kind(TargetMarker),
        _Kind(RelationFeatures, save=_save_relation, load=_load_relation),
    )
}


# --- values, arrays and names -------------------------------------------------------------------


def _encode_value(value, path, key):
    """Return a setting as JSON, tagging tuples, dicts, dtypes and functions; raise for anything else."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise ModelFormatError(f"{_where(path)}: {key}={value!r} is not a finite number")
        return float(value)
    if isinstance(value, tuple):
        return {"$tuple": [_encode_value(v, path, key) for v in value]}
    if isinstance(value, list):
        return [_encode_value(v, path, key) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$dict": {k: _encode_value(v, path, key) for k, v in value.items()}}
    if isinstance(value, type) and value in _DTYPES.values():
        return {"$dtype": np.dtype(value).name}
    try:
        name = _FUNCTION_NAMES.get(value)
    except TypeError:  # unhashable: not one of the functions
        name = None
    if name is not None:
        return {"$function": name}
    raise ModelFormatError(
        f"{_where(path)}: {key}={value!r} has no plain form (only JSON values, tuples, and the functions "
        f"{', '.join(FUNCTIONS)})"
    )


def _decode_value(value, path, key):
    """Invert :func:`_encode_value`; an unknown tag, dtype or function is an error."""
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, list):
        return [_decode_value(v, path, key) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$tuple" and isinstance(inner, list):
            return tuple(_decode_value(v, path, key) for v in inner)
        if tag == "$dict" and isinstance(inner, dict):
            return {k: _decode_value(v, path, key) for k, v in inner.items()}
        if tag == "$dtype" and inner in _DTYPES:
            return _DTYPES[inner]
        if tag == "$function" and inner in FUNCTIONS:
            return FUNCTIONS[inner]
    raise ModelFormatError(f"{INDEX_FILE}: {_where(path)}: {key}: {json.dumps(value)[:80]} is not an allowed value")


def _npy(array, path, attribute):
    """Return a float64 array as the bytes of a ``.npy`` file (no pickle inside)."""
    if not isinstance(array, np.ndarray) or array.dtype != np.float64 or not np.isfinite(array).all():
        raise ModelFormatError(f"{_where(path)}: {attribute} must be a finite float64 array")
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


# The header np.save writes for a C-ordered little-endian float64 array, the only kind _npy writes.
_NPY_HEADER = re.compile(r"\{'descr': '<f8', 'fortran_order': False, 'shape': \((\d+(?:, \d+)*),?\), \} *\n")


def _npy_array(data, name):
    """Return the array of a version 1.0 ``.npy`` file as :func:`_npy` writes it, read without numpy's header parser.

    numpy reads the header with ``ast.literal_eval``, and in CPython 3.11 the AST builder's recursion
    count is kept per interpreter, not per thread: a thread building an AST while another does (a
    worker's reload thread loading a model while a request thread formats a traceback) can fail with
    "SystemError: AST constructor recursion depth mismatch", as the test suite saw once in some runs.
    Reading the one header this module writes needs no parser, and refuses any other.
    """
    if data[6:8] != b"\x01\x00" or len(data) < 10:
        raise ModelFormatError(f"{name}: unreadable array (not a version 1.0 .npy file)")
    end = 10 + int.from_bytes(data[8:10], "little")
    header = data[10:end].decode("latin-1")
    match = _NPY_HEADER.fullmatch(header)
    if match is None:
        shown = header.strip()[:200]
        raise ModelFormatError(
            f"{name}: unreadable array (header {shown!r}; expected a C-ordered little-endian float64 array)"
        )
    shape = tuple(int(n) for n in match.group(1).split(", "))
    values = data[end:]
    if len(values) != 8 * math.prod(shape):
        raise ModelFormatError(f"{name}: unreadable array ({len(values)} bytes of data for shape {shape})")
    # A copy: the array must own its memory (and be writable), as read_array's is.
    return np.frombuffer(values, dtype="<f8").reshape(shape).copy()


def _read_npy(files, name, used, shape):
    """Return the float64 array in file ``name``, checking its shape (``None``: any length on that axis)."""
    data = _take(files, name, used)
    if not data.startswith(_NPY_MAGIC):
        raise ModelFormatError(f"{name}: not a .npy file")
    # Always float64: _npy_array refuses any other header.
    array = _npy_array(data, name)
    if array.ndim != len(shape) or any(want is not None and got != want for got, want in zip(array.shape, shape)):
        expected = "x".join("n" if n is None else str(n) for n in shape)
        raise ModelFormatError(f"{name}: shape {array.shape}, expected {expected}")
    if not np.isfinite(array).all():
        raise ModelFormatError(f"{name}: holds values that are not finite")
    return np.ascontiguousarray(array)


def _read_json(files, name, used=None):
    """Return the parsed JSON of file ``name``."""
    data = _take(files, name, used)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelFormatError(f"{name}: unreadable JSON ({str(exc)[:120]})") from None


def _take(files, name, used):
    """Return the bytes of ``name`` and record that the model uses it."""
    if name not in files:
        raise ModelFormatError(f"{name}: missing (the model in {INDEX_FILE} needs it)")
    if used is not None:
        used.add(name)
    return files[name]


def _file(path, suffix):
    """Return the file name of a step's vocabulary or array."""
    return ".".join(path) + "." + suffix


def _step_name(name, path):
    """Return ``name`` if it can be part of a file name, else raise."""
    if not isinstance(name, str) or not _STEP_NAME.match(name):
        raise ModelFormatError(f"{_where(path)}: step name {name!r}: use letters, digits and '_'")
    return name


def _where(path):
    """Name a step for messages: ``step features.text.tfidf`` or ``the pipeline``."""
    return "step " + ".".join(path) if path else "the pipeline"


def _labels(pipeline):
    """Return the labels of a fitted pipeline's classifier as strings."""
    return [str(c) for c in pipeline.steps[-1][1].classes_]


def _columns(step):
    """Return how many feature columns a step produces, or None for a step that passes texts on."""
    if type(step) is TfidfVectorizer:
        return len(step.vocabulary_)
    if type(step) is RelationFeatures:
        return step.n_features_out_
    if type(step) is FeatureUnion:
        counts = [_columns(s) for _, s in step.transformer_list]
        return None if None in counts else sum(counts)
    if type(step) is Pipeline:
        return _columns(step.steps[-1][1])
    return None


def _check_columns(pipeline):
    """Raise unless the classifier has one coefficient per feature column."""
    *features, (name, classifier) = pipeline.steps
    classifiers = [path for path, step in _walk(pipeline, ()) if hasattr(step, "coef_")]
    if classifiers != [(name,)]:
        raise ModelFormatError(f"{INDEX_FILE}: the last step must be the classifier, and the only one")
    columns = _columns(features[-1][1]) if features else None
    if columns != classifier.coef_.shape[1]:
        raise ModelFormatError(
            f"{_file((name,), 'coef.npy')}: {classifier.coef_.shape[1]} columns, but the features give {columns}"
        )


def _check_same(pipeline, rebuilt):
    """Raise unless ``rebuilt`` has the settings and fitted numbers of ``pipeline``, step by step."""
    if repr(rebuilt.get_params(deep=True)) != repr(pipeline.get_params(deep=True)):
        raise ModelFormatError("the pipeline read back from the plain files has other settings than the one written")
    for (path, step), (_, again) in zip(_walk(pipeline, ()), _walk(rebuilt, ()), strict=True):
        for attribute in ("vocabulary_", "idf_", "classes_", "coef_", "intercept_"):
            if not hasattr(step, attribute):
                continue
            mine, theirs = getattr(step, attribute), getattr(again, attribute)
            same = mine == theirs if isinstance(mine, dict) else np.array_equal(mine, theirs)
            if not same:
                raise ModelFormatError(f"{_where(path)}: {attribute} reads back different from what was written")


def _walk(step, path):
    """Yield ``(path, step)`` for a step and every step inside it, depth first."""
    yield path, step
    children = step.steps if type(step) is Pipeline else step.transformer_list if type(step) is FeatureUnion else ()
    for name, child in children:
        yield from _walk(child, (*path, name))
