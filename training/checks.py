"""Corpus checks: class balance, duplicates, conflicting labels, train/test overlap and runs shared with real news."""

import re
from collections import Counter, defaultdict

from sklearn.feature_extraction.text import TfidfVectorizer

from model.text import normalise

# Cosine similarity of word uni- and bigram TF-IDF vectors above which two sentences count as
# near duplicates: at 0.8 they share nearly all content words and most of their word order.
NEAR_DUPLICATE_THRESHOLD = 0.8
_NON_WORD = re.compile(r"[^\w]+")
# Six consecutive words in common with a real published sentence: longer than the stock phrases of news
# ("a safe and secure environment") and short enough to catch a clause written after one.
SHARED_RUN_WORDS = 6
# Sentence pairs scored at once when looking for near duplicates. Common words make nearly every pair
# similar a little, so a chunk's product is nearly dense: 2,000 rows against the 22,515 of the corpus
# took 1.5 GB (and 18 s); about 200 rows (4.5 million pairs) took 0.37 GB (and 10 s), and the peak no
# longer grows with the corpus. A training run on the corpus peaked at 1.52 GB before, 0.41 GB after.
CHUNK_CELLS = 4_500_000


def duplicate_key(text):
    """Return the text as compared for duplicates: normalised, punctuation and spacing ignored."""
    return _NON_WORD.sub(" ", normalise(text)).strip()


def row_keys(data):
    """Return each row's :func:`duplicate_key`; for a target task, the key of the (text, target) pair.

    The same headline about two different claims is two examples, not a duplicate.
    """
    targets = getattr(data, "targets", None)
    if targets is None:
        return [duplicate_key(text) for text in data.X]
    return [(duplicate_key(text), duplicate_key(target)) for text, target in zip(data.X, targets)]


def find_exact_groups(data):
    """Group row indices of ``data`` whose texts (or text-target pairs) have the same key."""
    groups = defaultdict(list)
    for index, key in enumerate(row_keys(data)):
        groups[key].append(index)
    return [indices for indices in groups.values() if len(indices) > 1]


def _same_target(data_a, data_b):
    """Return ``keep(i, j)``: whether rows i of a and j of b have the same target (always true without targets)."""
    targets_a, targets_b = getattr(data_a, "targets", None), getattr(data_b, "targets", None)
    if targets_a is None or targets_b is None:
        return lambda i, j: True
    keys_a = [duplicate_key(t) for t in targets_a]
    keys_b = keys_a if data_b is data_a else [duplicate_key(t) for t in targets_b]
    return lambda i, j: keys_a[i] == keys_b[j]


def chunk_rows(target_rows, cells=CHUNK_CELLS):
    """Return how many rows to compare at once against ``target_rows`` so a chunk's products stay near ``cells``."""
    return max(1, cells // max(1, target_rows))


def find_near_pairs(texts_a, texts_b=None, threshold=NEAR_DUPLICATE_THRESHOLD, chunk=None):
    """Return ``(i, j, similarity)`` for near-duplicate pairs within ``texts_a`` or between a and b.

    Exact duplicates (similarity 1 with the same key) are included; callers separate them.
    Works in chunks of ``chunk`` rows (default :func:`chunk_rows`) so memory stays bounded on large corpora.
    """
    vectorizer = TfidfVectorizer(preprocessor=duplicate_key, ngram_range=(1, 2))
    matrix_a = vectorizer.fit_transform(list(texts_a) + list(texts_b or []))
    n_a = len(texts_a)
    matrix_b = matrix_a[n_a:] if texts_b is not None else None
    matrix_a = matrix_a[:n_a]
    target = matrix_b if matrix_b is not None else matrix_a
    chunk = chunk or chunk_rows(target.shape[0])
    pairs = []
    for start in range(0, n_a, chunk):
        sims = (matrix_a[start : start + chunk] @ target.T).tocoo()
        # Common words make nearly every pair similar a little: keep the few near pairs with NumPy
        # before the Python loop, which would otherwise visit every pair of the corpus.
        keep = sims.data >= threshold
        for i, j, s in zip(sims.row[keep], sims.col[keep], sims.data[keep]):
            i = int(i) + start
            j = int(j)
            if matrix_b is not None or i < j:
                pairs.append((i, j, round(float(s), 3)))
    return sorted(pairs)


def check_corpus(data, test=None):
    """Return a report dict on ``data`` (and its overlap with ``test``): balance, duplicates, conflicts.

    The report says ``ok: False`` when training must refuse the data: labels that conflict for the
    same text, or test sentences that also occur (exactly or nearly) in the training data.
    """

    def where(dataset, index):
        row = {"line": dataset.lines[index], "label": dataset.y[index], "text": dataset.X[index]}
        if getattr(dataset, "targets", None) is not None:
            row["target"] = dataset.targets[index]
        return row

    counts = Counter(data.y)
    exact, conflicts = [], []
    for group in find_exact_groups(data):
        rows = [where(data, i) for i in group]
        (conflicts if len({data.y[i] for i in group}) > 1 else exact).append(rows)
    exact_pairs = {tuple(sorted((a, b))) for g in find_exact_groups(data) for a in g for b in g if a < b}
    same_target = _same_target(data, data)
    near = [
        {"similarity": s, "rows": [where(data, i), where(data, j)]}
        for i, j, s in find_near_pairs(data.X)
        if (i, j) not in exact_pairs and same_target(i, j)
    ]
    report = {
        "path": data.path,
        "rows": len(data),
        "labels": dict(sorted(counts.items())),
        "exact_duplicates": exact,
        "conflicts": conflicts,
        "near_duplicates": near,
    }
    if test is not None:
        overlap = []
        same_target = _same_target(data, test)
        for i, j, s in find_near_pairs(data.X, test.X):
            if not same_target(i, j):
                continue
            overlap.append({"similarity": s, "train": where(data, i), "test": where(test, j)})
        report["test_path"] = test.path
        report["test_rows"] = len(test)
        report["test_overlap"] = overlap
    report["ok"] = not conflicts and not report.get("test_overlap")
    return report


def _word_runs(text, words):
    """Return the runs of ``words`` consecutive lower-cased words of ``text`` (punctuation ignored)."""
    tokens = [t for t in _NON_WORD.split(text.lower()) if t]
    return {tuple(tokens[i : i + words]) for i in range(len(tokens) - words + 1)}


def find_shared_runs(texts, reference_texts, words=SHARED_RUN_WORDS):
    """Return ``(i, j)`` for each text ``i`` that shares ``words`` consecutive words with reference text ``j``.

    For keeping real sentences used to measure the model (``realnews-dev``) out of the corpus: a
    sentence written after one of them, or reusing one of its clauses, makes the measurement flatter the
    model. One ``j`` is given per text.
    """
    first_with = {}
    for j, reference in enumerate(reference_texts):
        for run in _word_runs(reference, words):
            first_with.setdefault(run, j)
    shared = []
    for i, text in enumerate(texts):
        found = next((first_with[run] for run in _word_runs(text, words) if run in first_with), None)
        if found is not None:
            shared.append((i, found))
    return shared


def summarise_problems(report, limit=5):
    """Return human-readable lines for the problems that make training refuse the data."""
    lines = []
    for group in report["conflicts"][:limit]:
        where = ", ".join(f"line {r['line']} ({r['label']})" for r in group)
        same = "same text and target" if "target" in group[0] else "same text"
        lines.append(f"{report['path']}: {same} with different labels at {where}: {group[0]['text'][:80]!r}")
    for item in report.get("test_overlap", [])[:limit]:
        lines.append(
            f"{report['path']}:{item['train']['line']} overlaps {report['test_path']}:{item['test']['line']} "
            f"(similarity {item['similarity']}): {item['test']['text'][:80]!r}"
        )
    hidden = len(report["conflicts"]) + len(report.get("test_overlap", [])) - len(lines)
    if hidden > 0:
        lines.append(f"... and {hidden} more; run `stance data check` for the full report")
    return lines
