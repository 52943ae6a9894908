"""Structural probes on real text: what each idea beyond the chosen setting does, and how far the family gets.

Every probe changes one thing against the chosen setting (word 1-2-grams, negation marking, cue
families, binary term frequency, the real-news prior, half the weights from NBSVM, C = 30, temperature
2), is fitted on the training file only and scored on the real sentences
(``../shared/benchmarks/realnews-dev`` or ``--realnews PATH``) and on the held-out test file. The
README's list of what was measured and left out quotes this table.

The last block, ``ceiling``, is an analysis and never a model: it adds four fifths of the real sentences
to the training file and scores the fifth left out, over five folds, to see how far TF-IDF + logistic
regression gets when real text from the same pages *is* in its training data. Nothing it fits is saved.

Usage: ``python -m bench probes`` or ``python -m bench.probes [--realnews PATH] [--only NAME ...]``.
Writes ``bench-results/probes.json``.
"""

import argparse
import logging
import re
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import Normalizer

from bench.naive_bayes_scaling import NaiveBayesScaling, OneVsRestNaiveBayesLogistic
from bench.results import write_results
from bench.selection import load_sets_or_say
from model.cues import NO_REPORTED_SPEECH, REPORTED_SPEECH
from model.pipeline import WORD_PATTERN, build_pipeline
from model.text import normalise, normalise_marking_negation_and_cues, normalise_marking_negation_cues_and_speech
from training.evaluate import evaluate
from training.tasks import get_task
from training.train import SEED

logger = logging.getLogger("bench.probes")

CHOSEN = {
    "C": 30.0,
    "word_ngrams": (1, 2),
    "negation": True,
    "cues": True,
    "reported_speech": True,
    "binary": True,
    "class_prior": get_task("framing").class_prior,
    "naive_bayes_blend": 0.5,
    "temperature": get_task("framing").temperature,
}
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][A-Za-z'\u2019-]*")
_DIGIT_TOKENS = re.compile(r"\b\w*0\w*\b")
_DATES = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|"
    r"august|september|october|november|december)\b"
)
# Words of a military matter: the "is this about armament or troops at all" gate of the issue.
_MILITARY = re.compile(
    r"\b(?:arm(?:y|ies|ed|s|ament|aments|ing)?|troops?|soldiers?|forces?|weapons?|weaponry|missiles?|drones?|"
    r"tanks?|jets?|fighters?|aircraft|helicopters?|artillery|howitzers?|launchers?|rockets?|ammunition|"
    r"militar\w*|defen[cs]e\w*|brigades?|battalions?|units?|exercises?|drills?|manoeuvres?|maneuvers?|"
    r"deploy\w*|bases?|kfor|ksf|nato|eufor|frigates?|warships?|navy|naval|radars?|procure\w*|mobili[sz]\w*|"
    r"combat|conscript\w*|peacekeep\w*|patrols?|submarines?|shipments?|deliver\w*|purchase\w*|systems?|"
    r"armou?r\w*|guns?|alliance|warplanes?)\b"
)
# Clause boundaries for the "which clause holds the claim" probe.
_CLAUSE = re.compile(
    r"\s*[;:]\s+|\s+[-\u2013\u2014]\s+|,\s+(?=(?:but|while|whereas|although|though|as|after|amid|which|who|where|"
    r"when|despite|because|since|following|according|saying|adding|and)\b)|\s+(?=(?:but|while|whereas|although)\s)"
)
_STYLE = {
    "said": re.compile(r"\b(?:said|says|say|told|according)\b", re.I),
    "digit": re.compile(r"\d"),
    "date": re.compile(_DATES.pattern, re.I),
    "quote": re.compile('["\u201c\u201d]'),
}
_EXTRA_PROTEST_STEMS = "anger angri furious fury irk irrit indign bristl scold chastis censur castigat reprimand rebuf"


def _masking_names(text):
    """Replace every capitalised word after the first with one token: the actor no longer decides."""
    return normalise_marking_negation_cues_and_speech(_CAPITALISED.sub("Name", text))


def _stems(text):
    """Cut every word to its first six letters (a crude stemmer), cue tokens kept whole."""
    return " ".join(
        word if word.startswith(("cue_", "not_cue_")) or word in (REPORTED_SPEECH, NO_REPORTED_SPEECH) else word[:6]
        for word in normalise_marking_negation_cues_and_speech(text).split()
    )


def _without_numbers_and_dates(text):
    """Drop number tokens and day and month names: context that the corpus ties to neutral more than news does."""
    return _DATES.sub(" ", _DIGIT_TOKENS.sub(" ", normalise_marking_negation_cues_and_speech(text)))


def _gated(pattern, yes, no):
    """Return a preprocessor that crosses each cue token with whether ``pattern`` matches the sentence.

    It stands in for the chosen crossing with reported speech (model/cues.py), which works the same way.
    """

    def preprocess(text):
        marked = normalise_marking_negation_and_cues(text)
        gate = yes if pattern.search(marked) else no
        crossed = [f"{w}_{gate}" for w in marked.split() if w.startswith(("cue_", "not_cue_"))]
        return " ".join([marked, gate, *crossed])

    return preprocess


def _cues_only(text):
    """Only the cue tokens of a sentence (for a cue block of its own, normalised apart from the words)."""
    return " ".join(
        w for w in normalise_marking_negation_cues_and_speech(text).split() if w.startswith(("cue_", "not_cue_"))
    )


def _style_tokens(text):
    """Tokens for length, commas, question, headline colon, missing full stop, digits and quotes."""
    tokens = [f"len{min(len(text.split()) // 8, 6)}", f"commas{min(text.count(','), 4)}"]
    tokens += [name for name, found in (
        ("question", "?" in text),
        ("colon", re.match(r"^[A-Z][^.:]{0,40}:", text)),
        ("nostop", not text.rstrip().endswith((".", "?", "!", '"', "\u201d", "\u2019", "'"))),
        ("digit", re.search(r"\d", text)),
        ("quote", re.search("[\"\u201c\u201d]", text)),
    ) if found]  # fmt: skip
    return " ".join(tokens)


def _words():
    """The chosen setting's word vectorizer, for probes that add a block beside it."""
    return build_pipeline(random_state=SEED, **CHOSEN).named_steps["tfidf"]


def _with_block(name, block, weight):
    """The chosen setting with one more feature block, weighted against the words."""
    pipe = build_pipeline(random_state=SEED, **CHOSEN)
    union = FeatureUnion([("words", _words()), (name, block)], transformer_weights={"words": 1.0, name: weight})
    return Pipeline([("tfidf", union), ("clf", pipe.named_steps["clf"])])


def _chosen(**tfidf):
    """The chosen setting with vectorizer parameters changed."""
    pipe = build_pipeline(random_state=SEED, **CHOSEN)
    return pipe.set_params(**{f"tfidf__{k}": v for k, v in tfidf.items()})


def _plain():
    """The chosen setting without the Naive Bayes half of its weights."""
    return build_pipeline(random_state=SEED, **{**CHOSEN, "naive_bayes_blend": None})


def _naive_bayes_scaled():
    """The chosen setting, each feature scaled by its largest Naive Bayes log-count ratio, without the NBSVM half."""
    pipe = _plain()
    return Pipeline(
        [("tfidf", pipe.named_steps["tfidf"]), ("nb", NaiveBayesScaling()), ("clf", pipe.named_steps["clf"])]
    )


def _naive_bayes_per_class():
    """The chosen words, one Naive Bayes-scaled binary logistic regression per class (NBSVM's form)."""
    classifier = OneVsRestNaiveBayesLogistic(
        C=CHOSEN["C"], class_prior=CHOSEN["class_prior"], random_state=SEED, temperature=CHOSEN["temperature"]
    )
    return Pipeline([("tfidf", _words()), ("clf", classifier)])


def _style_weights(texts, labels):
    """Sample weights that make the style features (said, digits, dates, quotes) independent of the label.

    Each sentence is weighted by the overall share of its style over that style's share in its own label
    (square-rooted, clipped), then each label is scaled back to its own count.
    """
    keys = [tuple(bool(rx.search(t)) for rx in _STYLE.values()) for t in texts]
    overall, by_label, per_label = Counter(keys), Counter(zip(labels, keys)), Counter(labels)
    weights = (
        np.array([(overall[k] / len(keys)) / (by_label[(y, k)] / per_label[y]) for k, y in zip(keys, labels)]) ** 0.5
    )
    labels = np.array(labels)
    for label in per_label:
        weights[labels == label] *= per_label[label] / weights[labels == label].sum()
    return np.clip(weights, 0.1, 10)


PROBES = {
    "chosen setting": lambda: _chosen(),
    "names masked (capitalised words after the first)": lambda: _chosen(preprocessor=_masking_names),
    "words cut to six letters": lambda: _chosen(preprocessor=_stems),
    "number tokens, days and months dropped": lambda: _chosen(preprocessor=_without_numbers_and_dates),
    "max_df 0.5 (the commonest words dropped)": lambda: _chosen(max_df=0.5),
    "no length normalisation (norm=None, C=1)": lambda: _chosen(norm=None).set_params(clf__C=1.0),
    "counted term frequency (not binary)": lambda: _chosen(binary=False),
    "cues not crossed with reported speech": lambda: build_pipeline(
        random_state=SEED, **{**CHOSEN, "reported_speech": False}
    ),
    "cues crossed with military topic instead": lambda: _chosen(preprocessor=_gated(_MILITARY, "gmil", "gnomil")),
    "cue block normalised apart": lambda: _with_block(
        "cues", TfidfVectorizer(preprocessor=_cues_only, token_pattern=r"\S+", sublinear_tf=True), 1.0
    ),
    "style tokens (length, commas, headline, digits, quotes)": lambda: _with_block(
        "style", TfidfVectorizer(preprocessor=_style_tokens, token_pattern=r"\S+", use_idf=False), 0.3
    ),
    "+ character 3-5-grams": lambda: _with_block(
        "chars", TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2), 1.0
    ),
    "+ 100 latent dimensions (LSA of the words)": lambda: _with_block(
        "lsa",
        Pipeline([
            ("tfidf", TfidfVectorizer(preprocessor=normalise_marking_negation_and_cues, sublinear_tf=True, token_pattern=WORD_PATTERN, min_df=2)),
            ("svd", TruncatedSVD(100, random_state=SEED)),
            ("norm", Normalizer()),
        ]),
        0.5,
    ),
    "Naive Bayes log-count ratios as feature scales, instead of the NBSVM half": _naive_bayes_scaled,
    "Naive Bayes-scaled, one binary model per class (NBSVM) alone": _naive_bayes_per_class,
    "without the NBSVM half of the weights (plain logistic regression)": _plain,
}  # fmt: skip


def score_probe(pipeline, train, test, real, sample_weight=None):
    """Fit on the training file and return the real-news and test-file scores."""
    pipeline.fit(train.X, train.y, clf__sample_weight=sample_weight)
    labels = [str(c) for c in pipeline.classes_]
    result = {"test_macro_f1": evaluate(test.y, pipeline.predict_proba(test.X), labels)["macro_f1"]}
    if real:
        scores = evaluate(real[1], pipeline.predict_proba(real[0]), labels)
        result.update(
            realnews_macro_f1=scores["macro_f1"],
            realnews_per_label_f1={k: s["f1"] for k, s in scores["per_label"].items()},
            realnews_ece=scores["ece"],
        )
    return result


def clauses(text):
    """Split a sentence at clause boundaries; parts under three words stay with the whole."""
    parts = [p for p in _CLAUSE.split(text) if p and len(p.split()) >= 3]
    return parts if len(parts) > 1 else [text]


def score_clause_model(train, test, real):
    """Multiple-instance probe: learn which clause of a framed sentence holds the frame, then pool.

    A first model picks, in each framed training sentence, the clause most likely to carry its label; that
    clause keeps the label, the clauses the first model calls neutral become neutral, the rest are left out.
    A second model trained on those clauses scores each clause of a new sentence; the sentence gets the
    average of the whole sentence's probabilities (first model) and those of its most framed clause.
    """
    first = build_pipeline(random_state=SEED, **CHOSEN).fit(train.X, train.y)
    labels = [str(c) for c in first.classes_]
    neutral = labels.index("neutral")
    texts, targets = [], []
    for text, label in zip(train.X, train.y):
        parts = clauses(text)
        if len(parts) == 1 or label == "neutral":
            texts += parts
            targets += [label] * len(parts)
            continue
        proba = first.predict_proba(parts)
        best = int(proba[:, labels.index(label)].argmax())
        for i, part in enumerate(parts):
            if i == best or proba[i, neutral] > 0.5:
                texts.append(part)
                targets.append(label if i == best else "neutral")
    second = build_pipeline(random_state=SEED, **CHOSEN).fit(texts, targets)

    def proba(sentences):
        out = first.predict_proba(sentences)
        for row, sentence in enumerate(sentences):
            parts = clauses(sentence)
            if len(parts) > 1:
                p = second.predict_proba(parts)
                out[row] = 0.5 * out[row] + 0.5 * p[int((1 - p[:, neutral]).argmax())]
        return out

    result = {"test_macro_f1": evaluate(test.y, proba(test.X), labels)["macro_f1"]}
    if real:
        scores = evaluate(real[1], proba(real[0]), labels)
        result.update(realnews_macro_f1=scores["macro_f1"], realnews_ece=scores["ece"])
    return result


def score_ceiling(train, real, weight=1.0, folds=5):
    """Analysis only: out-of-fold real-news macro-F1 with four fifths of the real sentences in training."""
    texts, labels = np.array(real[0], dtype=object), np.array(real[1])
    proba = np.zeros((len(texts), 3))
    classes = None
    for fit_rows, held_out in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(texts, labels):
        pipe = build_pipeline(random_state=SEED, **CHOSEN)
        weights = np.r_[np.ones(len(train.X)), np.full(len(fit_rows), weight)]
        pipe.fit([*train.X, *texts[fit_rows]], [*train.y, *labels[fit_rows]], clf__sample_weight=weights)
        proba[held_out] = pipe.predict_proba(list(texts[held_out]))
        classes = [str(c) for c in pipe.classes_]
    scores = evaluate(list(labels), proba, classes)
    return {
        "realnews_out_of_fold_macro_f1": scores["macro_f1"],
        "realnews_per_label_f1": {k: s["f1"] for k, s in scores["per_label"].items()},
        "real_sentence_weight": weight,
    }


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.probes", description=__doc__.splitlines()[0])
    parser.add_argument("--realnews", default=None, help="JSONL of real sentences (default: the shared dev set)")
    parser.add_argument("--only", nargs="*", default=None, help="probe names to run (default: all)")
    parser.add_argument("--out", default="bench-results/probes.json")
    return parser.parse_args(argv)


def main(argv=None):
    """Run every probe and write the table; without the real sentences only the test file is scored."""
    args = parse_args(argv if argv is not None else [])
    sets = load_sets_or_say(args.realnews, "probes scored on the test file only, no ceiling")
    if sets is None:
        return 1
    _, train, test, path, real = sets
    wanted = (lambda name: name in args.only) if args.only else (lambda name: True)
    results = {}
    runs = {name: (lambda make=make: score_probe(make(), train, test, real)) for name, make in PROBES.items()}
    runs["style-balanced sample weights"] = lambda: score_probe(
        build_pipeline(random_state=SEED, **CHOSEN), train, test, real, _style_weights(train.X, train.y)
    )
    runs["clause model (multiple instance), pooled with the whole"] = lambda: score_clause_model(train, test, real)
    for name, run in runs.items():
        if wanted(name):
            results[name] = run()
            logger.info("%-58s %s", name, {k: v for k, v in results[name].items() if not isinstance(v, dict)})
    if real and wanted("ceiling"):
        results["ceiling"] = [score_ceiling(train, real, weight) for weight in (1.0, 5.0)]
        logger.info("ceiling (analysis only): %s", results["ceiling"])
    write_results(
        Path(args.out),
        {"train_rows": len(train), "test_rows": len(test), "realnews": str(path) if path else None, "probes": results},
    )
    return 0


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
