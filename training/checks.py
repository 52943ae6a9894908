"""Corpus checks: class balance, duplicates, conflicting labels, train/test overlap and runs shared with real news."""

import re
from collections import Counter, defaultdict

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from model.text import normalise

# Cosine similarity of word uni- and bigram TF-IDF vectors above which two sentences count as
# near duplicates: at 0.8 they share nearly all content words and most of their word order.
NEAR_DUPLICATE_THRESHOLD = 0.8
_NON_WORD = re.compile(r"[^\w]+")
# Six consecutive words in common with a real published sentence: longer than the stock phrases of news
# ("a safe and secure environment") and short enough to catch a clause written after one.
SHARED_RUN_WORDS = 6
# Near duplicates are looked for among candidate pairs only, which are then scored exactly as every pair
# once was. Each row's features are taken from the commonest in the corpus to the rarest; the leading ones
# whose weights have a norm below the threshold are left out and the rest are "indexed". Two rows are a
# candidate pair when they share an indexed feature, and no pair at the threshold is missed: say y's
# left-out features reach at least as far in that order as x's. A shared feature beyond that reach is
# indexed in both rows, so if they share none, every shared feature is one of y's left-out ones and
# x.y <= |x| |y's left-out part| < threshold (Cauchy-Schwarz; rows have norm 1). Common words weigh
# little, so on the corpus a fifth of the features are indexed and each is shared by at most nine rows:
# 48,000 candidates where all 253 million pairs were scored, and the time grows with the corpus, not
# with its square.
# The bound is lowered by a hair so that a pair whose rounded score reaches the threshold is kept too.
_BOUND_MARGIN = 1e-6
# Rows whose feature norms are summed at once: the running sum of a few thousand rows rounds by far less
# than the margin above, which a sum over a whole large corpus could not promise.
_NORM_BLOCK_ROWS = 1024
# Candidate pairs found at once (more only when one row has more) and pairs scored at once: both bound
# the memory however many rows repeat.
CANDIDATE_CELLS = 2_000_000
PAIR_BATCH = 20_000
# A candidate costs about 250 times as much to score on its own as a pair does in a sparse product
# (10 us against 0.04). Where more than this share of a range's pairs are candidates (a corpus of short
# sentences of common words only, say) the range's pairs are all scored by products instead, as before,
# of at most PRODUCT_CELLS pairs each; either way a pair's score is the very same float.
DENSE_SHARE = 0.004
PRODUCT_CELLS = 4_500_000


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


def find_near_pairs(texts_a, texts_b=None, threshold=NEAR_DUPLICATE_THRESHOLD, chunk=None):
    """Return ``(i, j, similarity)`` for near-duplicate pairs within ``texts_a`` or between a and b.

    Exact duplicates (similarity 1 with the same key) are included; callers separate them. Only
    candidate pairs are scored (see the note on the indexed features above), ``chunk`` rows of a at a
    time when given, else as many as keep the candidates near :data:`CANDIDATE_CELLS`.
    """
    vectorizer = TfidfVectorizer(preprocessor=duplicate_key, ngram_range=(1, 2))
    matrix = vectorizer.fit_transform(list(texts_a) + list(texts_b or []))
    n_a = len(texts_a)
    indexed = _indexed_features(matrix, threshold)
    within = texts_b is None
    matrix_a, indexed_a = (matrix, indexed) if within else (matrix[:n_a], indexed[:n_a])
    matrix_b, indexed_b = (matrix, indexed) if within else (matrix[n_a:], indexed[n_a:])
    score = _Scorer(matrix_a, matrix_b, within, threshold)
    pairs = []
    for start, stop, rows, cols in _candidate_pairs(indexed_a, indexed_b, within, chunk):
        rows, cols, similarities = score(start, stop, rows, cols)
        pairs.extend((int(i), int(j), round(float(s), 3)) for i, j, s in zip(rows, cols, similarities))
    return sorted(pairs)


def _indexed_features(matrix, threshold):
    """Return a 0/1 matrix of each row's indexed features: all but its commonest ones of norm below ``threshold``."""
    n_rows, n_features = matrix.shape
    frequency = np.bincount(matrix.indices, minlength=n_features)
    # Rank 0 is the commonest feature; ties go by column so the order is fixed.
    rank = np.empty(n_features, dtype=np.int64)
    rank[np.lexsort((np.arange(n_features), -frequency))] = np.arange(n_features)
    ranked = sp.csr_matrix((matrix.data**2, rank[matrix.indices], matrix.indptr), shape=matrix.shape)
    ranked.sort_indices()
    bound = max(threshold - _BOUND_MARGIN, 0.0) ** 2
    indptr = ranked.indptr
    keep = np.empty(ranked.nnz, dtype=bool)
    for start in range(0, n_rows, _NORM_BLOCK_ROWS):
        stop = min(start + _NORM_BLOCK_ROWS, n_rows)
        low, high = indptr[start], indptr[stop]
        running = np.cumsum(ranked.data[low:high])
        before_row = np.concatenate(([0.0], running))[indptr[start:stop] - low]
        # A feature is indexed once the squared weights up to and including it reach the bound.
        keep[low:high] = running - np.repeat(before_row, np.diff(indptr[start : stop + 1])) >= bound
    kept_before = np.concatenate(([0], np.cumsum(keep)))
    ones = np.ones(int(keep.sum()), dtype=np.int32)
    return sp.csr_matrix((ones, ranked.indices[keep], kept_before[indptr]), shape=matrix.shape)


def _candidate_pairs(indexed_a, indexed_b, within, chunk=None):
    """Yield ``(start, stop, rows, cols)``: the pairs sharing an indexed feature, for a range of rows of a at a time.

    ``within``: a and b are the same rows, and each pair is given once, ``row < col``.
    """
    by_feature = indexed_b.T.tocsr()
    if chunk:
        ranges = [(start, min(start + chunk, indexed_a.shape[0])) for start in range(0, indexed_a.shape[0], chunk)]
    else:
        # The rows of b that share each indexed feature bound a row's candidates (a pair sharing two counts twice).
        ranges = row_ranges(indexed_a @ np.diff(by_feature.indptr), CANDIDATE_CELLS)
    for start, stop in ranges:
        shared = (indexed_a[start:stop] @ by_feature).tocoo()
        rows, cols = shared.row.astype(np.int64) + start, shared.col.astype(np.int64)
        if within:
            rows, cols = rows[rows < cols], cols[rows < cols]
        yield start, stop, rows, cols


def row_ranges(costs, cells):
    """Return ``(start, stop)`` ranges of consecutive rows whose ``costs`` add up to at most ``cells`` each.

    A row that costs more than ``cells`` on its own gets a range of its own.
    """
    total = np.cumsum(np.asarray(costs, dtype=np.int64))
    ranges, start = [], 0
    while start < len(total):
        spent = total[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(total, spent + cells, side="right")))
        ranges.append((start, stop))
        start = stop
    return ranges


class _Weights:
    """Look up the weight of (row, feature) in a sparse matrix, many at once."""

    def __init__(self, matrix):
        ordered = matrix.sorted_indices()  # row by row, each by feature: the keys below come out sorted
        self.n_features = matrix.shape[1]
        rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(ordered.indptr))
        self.keys, self.values = rows * self.n_features + ordered.indices, ordered.data

    def get(self, rows, features):
        """Return ``(found, weights)``: whether each (row, feature) is stored, and the weights of those that are."""
        wanted = rows.astype(np.int64) * self.n_features + features
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = self.keys[at] == wanted if len(self.keys) else np.zeros(len(wanted), dtype=bool)
        return found, self.values[at[found]]


class _Scorer:
    """Keep the pairs of a range of rows of a that reach the threshold, from its candidates (or all its pairs)."""

    def __init__(self, matrix_a, matrix_b, within, threshold):
        self.matrix_a, self.matrix_b, self.within, self.threshold = matrix_a, matrix_b, within, threshold
        self.weights_b = self.by_feature_b = None  # made when first needed

    def __call__(self, start, stop, rows, cols):
        """Return ``(rows, cols, similarities)`` of the pairs of rows start..stop of a at or above the threshold."""
        if len(rows) > DENSE_SHARE * (stop - start) * self.matrix_b.shape[0]:
            return self.every_pair(start, stop)
        if self.weights_b is None:
            self.weights_b = _Weights(self.matrix_b)
        similarities = _pair_similarities(self.matrix_a, rows, self.weights_b, cols)
        keep = similarities >= self.threshold
        return rows[keep], cols[keep], similarities[keep]

    def every_pair(self, start, stop):
        """Score every pair of rows start..stop of a with sparse products of at most :data:`PRODUCT_CELLS` pairs."""
        if self.by_feature_b is None:
            self.by_feature_b = self.matrix_b.T.tocsr()
        step = max(1, PRODUCT_CELLS // max(1, self.matrix_b.shape[0]))
        found = []
        for low in range(start, stop, step):
            scores = (self.matrix_a[low : min(low + step, stop)] @ self.by_feature_b).tocoo()
            rows, cols = scores.row.astype(np.int64) + low, scores.col.astype(np.int64)
            keep = (scores.data >= self.threshold) & ((rows < cols) if self.within else True)
            found.append((rows[keep], cols[keep], scores.data[keep]))
        return tuple(np.concatenate(part) for part in zip(*found))


def _pair_similarities(matrix_a, rows, weights_b, cols):
    """Return the cosine similarity of each pair (row of a, row ``col`` of b), :data:`PAIR_BATCH` at a time.

    Each pair's products are added from zero in the order row a stores its features, as a sparse matrix
    product (:meth:`_Scorer.every_pair`) adds them, so a similarity is the very same float.
    """
    similarities, batch = np.empty(len(rows)), PAIR_BATCH
    for start in range(0, len(rows), batch):
        gathered = matrix_a[rows[start : start + batch]]
        pair_of_entry = np.repeat(np.arange(gathered.shape[0]), np.diff(gathered.indptr))
        found, weights = weights_b.get(cols[start : start + batch][pair_of_entry], gathered.indices)
        kept_before = np.concatenate(([0], np.cumsum(found)))
        products = sp.csr_matrix(
            (gathered.data[found] * weights, gathered.indices[found], kept_before[gathered.indptr]),
            shape=gathered.shape,
        )
        # A product with a vector of ones adds each row's entries in the stored order (``sum`` may not).
        similarities[start : start + batch] = products @ np.ones(products.shape[1])
    return similarities


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
    groups = find_exact_groups(data)
    for group in groups:
        rows = [where(data, i) for i in group]
        (conflicts if len({data.y[i] for i in group}) > 1 else exact).append(rows)
    # A group's indices ascend, so (a, b) with a < b is how find_near_pairs names the pair.
    exact_pairs = {(a, b) for g in groups for a in g for b in g if a < b}
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
