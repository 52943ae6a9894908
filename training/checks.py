"""Corpus checks: class balance, duplicates, conflicting labels and train/test overlap."""

import re
from collections import Counter, defaultdict

from sklearn.feature_extraction.text import TfidfVectorizer

from model.text import normalise

# Cosine similarity of word uni- and bigram TF-IDF vectors above which two sentences count as
# near duplicates: at 0.8 they share nearly all content words and most of their word order.
NEAR_DUPLICATE_THRESHOLD = 0.8
_NON_WORD = re.compile(r"[^\w]+")


def duplicate_key(text):
    """Return the text as compared for duplicates: normalised, punctuation and spacing ignored."""
    return _NON_WORD.sub(" ", normalise(text)).strip()


def find_exact_groups(data):
    """Group row indices of ``data`` whose texts have the same :func:`duplicate_key`."""
    groups = defaultdict(list)
    for index, text in enumerate(data.X):
        groups[duplicate_key(text)].append(index)
    return [indices for indices in groups.values() if len(indices) > 1]


def find_near_pairs(texts_a, texts_b=None, threshold=NEAR_DUPLICATE_THRESHOLD, chunk=2000):
    """Return ``(i, j, similarity)`` for near-duplicate pairs within ``texts_a`` or between a and b.

    Exact duplicates (similarity 1 with the same key) are included; callers separate them.
    Works in chunks so memory stays bounded on large corpora.
    """
    vectorizer = TfidfVectorizer(preprocessor=duplicate_key, ngram_range=(1, 2))
    matrix_a = vectorizer.fit_transform(list(texts_a) + list(texts_b or []))
    n_a = len(texts_a)
    matrix_b = matrix_a[n_a:] if texts_b is not None else None
    matrix_a = matrix_a[:n_a]
    target = matrix_b if matrix_b is not None else matrix_a
    pairs = []
    for start in range(0, n_a, chunk):
        sims = (matrix_a[start : start + chunk] @ target.T).tocoo()
        for i, j, s in zip(sims.row, sims.col, sims.data):
            i = int(i) + start
            j = int(j)
            if s >= threshold and (matrix_b is not None or i < j):
                pairs.append((i, j, round(float(s), 3)))
    return sorted(pairs)


def check_corpus(data, test=None):
    """Return a report dict on ``data`` (and its overlap with ``test``): balance, duplicates, conflicts.

    The report says ``ok: False`` when training must refuse the data: labels that conflict for the
    same text, or test sentences that also occur (exactly or nearly) in the training data.
    """

    def where(dataset, index):
        return {"line": dataset.lines[index], "label": dataset.y[index], "text": dataset.X[index]}

    counts = Counter(data.y)
    exact, conflicts = [], []
    for group in find_exact_groups(data):
        rows = [where(data, i) for i in group]
        (conflicts if len({data.y[i] for i in group}) > 1 else exact).append(rows)
    exact_pairs = {tuple(sorted((a, b))) for g in find_exact_groups(data) for a in g for b in g if a < b}
    near = [
        {"similarity": s, "rows": [where(data, i), where(data, j)]}
        for i, j, s in find_near_pairs(data.X)
        if (i, j) not in exact_pairs
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
        test_keys = defaultdict(list)
        for index, text in enumerate(test.X):
            test_keys[duplicate_key(text)].append(index)
        overlap = []
        for i, j, s in find_near_pairs(data.X, test.X):
            overlap.append({"similarity": s, "train": where(data, i), "test": where(test, j)})
        report["test_path"] = test.path
        report["test_rows"] = len(test)
        report["test_overlap"] = overlap
    report["ok"] = not conflicts and not report.get("test_overlap")
    return report


def summarise_problems(report, limit=5):
    """Return human-readable lines for the problems that make training refuse the data."""
    lines = []
    for group in report["conflicts"][:limit]:
        where = ", ".join(f"line {r['line']} ({r['label']})" for r in group)
        lines.append(f"{report['path']}: same text with different labels at {where}: {group[0]['text'][:80]!r}")
    for item in report.get("test_overlap", [])[:limit]:
        lines.append(
            f"{report['path']}:{item['train']['line']} overlaps {report['test_path']}:{item['test']['line']} "
            f"(similarity {item['similarity']}): {item['test']['text'][:80]!r}"
        )
    hidden = len(report["conflicts"]) + len(report.get("test_overlap", [])) - len(lines)
    if hidden > 0:
        lines.append(f"... and {hidden} more; run `stance data check` for the full report")
    return lines
