"""Corpus checks: duplicates, near duplicates, conflicts and train/test overlap."""

from training.checks import check_corpus, duplicate_key
from training.data import load_labeled


def load(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("text,label\n" + "".join(f'"{t}",{y}\n' for t, y in rows), encoding="utf-8")
    return load_labeled(path)


def test_duplicate_key_ignores_case_punctuation_and_quotes():
    assert duplicate_key("The “drones” arrived, officials said!") == duplicate_key(
        'the "drones" arrived officials said'
    )


def test_finds_duplicates_conflicts_and_near_duplicates(tmp_path):
    data = load(
        tmp_path,
        "train.csv",
        [
            ("The drones arrived on Monday.", "neutral"),
            ("The drones arrived on Monday!", "neutral"),
            ("The patrols make the border safer.", "stability"),
            ("the patrols make the border safer", "threat"),
            ("Officials said the new missile shield protects every city in the north of the country.", "stability"),
            ("Officials said the new missile shield protects every city in the north of this country.", "stability"),
            ("Something entirely different about budgets.", "neutral"),
        ],
    )
    report = check_corpus(data)
    assert [[r["line"] for r in g] for g in report["exact_duplicates"]] == [[2, 3]]
    assert [[(r["line"], r["label"]) for r in g] for g in report["conflicts"]] == [[(4, "stability"), (5, "threat")]]
    assert [[r["line"] for r in p["rows"]] for p in report["near_duplicates"]] == [[6, 7]]
    assert report["labels"] == {"neutral": 3, "stability": 3, "threat": 1}
    assert report["ok"] is False


def test_overlap_with_test_file_is_reported(tmp_path):
    train = load(
        tmp_path, "train.csv", [("The tanks rolled toward the border at dawn.", "threat"), ("A budget.", "neutral")]
    )
    test = load(
        tmp_path, "test.csv", [("The tanks rolled toward the border at dawn!", "threat"), ("Other text.", "neutral")]
    )
    report = check_corpus(train, test)
    assert [(o["train"]["line"], o["test"]["line"]) for o in report["test_overlap"]] == [(2, 2)]
    assert report["ok"] is False


def test_clean_corpus_is_ok(tmp_path):
    train = load(tmp_path, "train.csv", [("The tanks rolled at dawn.", "threat"), ("A budget was passed.", "neutral")])
    test = load(tmp_path, "test.csv", [("Peacekeepers reassure residents.", "stability")])
    assert check_corpus(train, test)["ok"] is True


def test_shared_runs_of_six_words_are_found_and_five_are_not():
    from training.checks import find_shared_runs

    reference = ["Officials in the capital said the new radar would watch the whole northern coast."]
    texts = [
        "A local paper wrote that the new radar would watch the whole bay.",  # seven words in common
        "The new radar would watch ships, the navy said.",  # five words in common
        "Nothing here is shared with it.",
    ]
    assert find_shared_runs(texts, reference) == [(0, 0)]
    assert find_shared_runs(texts, reference, words=5) == [(0, 0), (1, 0)]


def test_near_pairs_are_the_same_whatever_the_chunk(monkeypatch):
    from training import checks
    from training.checks import find_near_pairs

    texts = [f"The brigade moved {n} tanks to the northern border on day {n % 7}." for n in range(60)]
    texts += ["The brigade moved 3 tanks to the northern border on day 3!", "Budgets rose."]
    others = ["The brigade moved 4 tanks to the northern border on day 4.", "Nothing alike here."]
    expected = find_near_pairs(texts, chunk=len(texts))
    assert expected and any(s == 1.0 for _, _, s in expected)
    assert expected == all_pairs_above(texts, None, 0.8)
    for chunk in (1, 7, None):
        assert find_near_pairs(texts, chunk=chunk) == expected
        assert find_near_pairs(texts, others, chunk=chunk) == find_near_pairs(texts, others, chunk=len(texts))
    # Candidates found a few at a time and scored a few at a time (as on a corpus where many rows repeat).
    monkeypatch.setattr(checks, "CANDIDATE_CELLS", 5)
    monkeypatch.setattr(checks, "PAIR_BATCH", 3)
    assert find_near_pairs(texts) == expected
    assert find_near_pairs(texts, others) == find_near_pairs(texts, others, chunk=len(texts))


def test_row_ranges_keep_each_range_within_its_cells_and_cover_every_row():
    from training.checks import row_ranges

    assert row_ranges([3, 4, 2, 9, 1, 0, 5], 7) == [(0, 2), (2, 3), (3, 4), (4, 7)]
    assert row_ranges([0, 0, 0], 1) == [(0, 3)]
    assert row_ranges([], 7) == []


def all_pairs_above(texts_a, texts_b, threshold):
    """Score every pair with one sparse product, as the check did before it scored candidates only."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(preprocessor=duplicate_key, ngram_range=(1, 2))
    matrix = vectorizer.fit_transform(list(texts_a) + list(texts_b or []))
    matrix_a = matrix[: len(texts_a)]
    target = matrix_a if texts_b is None else matrix[len(texts_a) :]
    sims = (matrix_a @ target.T).tocoo()
    return sorted(
        (int(i), int(j), round(float(s), 3))
        for i, j, s in zip(sims.row, sims.col, sims.data)
        if s >= threshold and (texts_b is not None or i < j)
    )


def generated_sentences(count, seed, vocabulary=3000):
    """Return ``count`` distinct sentences of 14-26 words, drawn so that a few words are very common."""
    import random

    rng = random.Random(seed)
    words = [f"{rng.choice('bdfgklmnprstvz')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{i}" for i in range(vocabulary)]
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    sentences = set()
    while len(sentences) < count:
        sentences.add(" ".join(rng.choices(words, weights, k=rng.randint(14, 26))).capitalize() + ".")
    return sorted(sentences)


def planted_variants(sentence):
    """Return near copies of ``sentence``: a word changed at the start, middle and end, punctuation and case."""
    words = sentence.rstrip(".").split()
    middle = len(words) // 2
    return [
        " ".join(["Meanwhile"] + words[1:]) + ".",
        " ".join(words[:middle] + ["reportedly"] + words[middle + 1 :]) + ".",
        " ".join(words[:-1] + ["today"]) + ".",
        " ".join(words[:middle] + ["indeed"] + words[middle:]) + ".",
        ", ".join(words).upper() + "!",
    ]


def test_candidates_find_every_planted_near_duplicate_that_scoring_every_pair_finds():
    from training.checks import find_near_pairs

    texts = generated_sentences(400, seed=1)
    planted, copy_of = [], {}
    for base in range(0, 400, 40):
        for variant in planted_variants(texts[base]):
            planted.append((base, len(texts)))
            copy_of[len(texts)] = base
            texts.append(variant)
    found = find_near_pairs(texts)
    assert found == all_pairs_above(texts, None, 0.8)
    # Every planted copy is found with its base, and nothing else is found but copies of the same base.
    assert set(planted) <= {(i, j) for i, j, _ in found}
    assert all(copy_of.get(i, i) == copy_of[j] for i, j, _ in found)
    # The guarantee holds at any threshold, not only the default one.
    for threshold in (0.9, 0.6, 0.4, 0.2):
        assert find_near_pairs(texts, threshold=threshold) == all_pairs_above(texts, None, threshold)


def reworded(sentence, changes):
    """Return ``sentence`` with ``changes`` words, spread over it, replaced: the more, the less similar."""
    words = sentence.rstrip(".").split()
    for n in range(changes):
        words[(n * len(words)) // changes] = f"other{n}"
    return " ".join(words) + "."


def test_candidates_find_every_train_test_overlap_that_scoring_every_pair_finds():
    from training.checks import find_near_pairs

    train = generated_sentences(300, seed=2)
    test = generated_sentences(100, seed=3) + [v for base in (0, 150, 299) for v in planted_variants(train[base])]
    found = find_near_pairs(train, test)
    assert found == all_pairs_above(train, test, 0.8)
    assert {(i, j) for i, j, _ in found} == {
        (base, 100 + 5 * k + v) for k, base in enumerate((0, 150, 299)) for v in range(5)
    }
    # Pairs on either side of each threshold: one to six words of twenty or so replaced.
    test += [reworded(train[base], changes) for base in range(10, 300, 10) for changes in range(1, 7)]
    similarities = [s for _, _, s in all_pairs_above(train, test, 0.3)]
    assert min(similarities) < 0.6 and max(s for s in similarities if s < 1) > 0.9
    for threshold in (0.9, 0.8, 0.7, 0.6, 0.3):
        assert find_near_pairs(train, test, threshold=threshold) == all_pairs_above(train, test, threshold)


def test_both_ways_of_scoring_give_the_same_pairs(monkeypatch):
    from training import checks

    texts = generated_sentences(300, seed=5)
    texts += [v for base in (0, 100, 200) for v in planted_variants(texts[base])]
    test = [reworded(texts[base], changes) for base in range(0, 300, 30) for changes in (1, 3, 5)]
    expected = [checks.find_near_pairs(texts, threshold=t) for t in (0.8, 0.5)]
    expected_test = [checks.find_near_pairs(texts, test, threshold=t) for t in (0.8, 0.5)]
    assert expected == [all_pairs_above(texts, None, t) for t in (0.8, 0.5)]
    assert expected_test == [all_pairs_above(texts, test, t) for t in (0.8, 0.5)]
    # Every range scored by sparse products (as many rows as fit in 50 pairs at a time), then never.
    monkeypatch.setattr(checks, "PRODUCT_CELLS", 50)
    for share in (0, 2):
        monkeypatch.setattr(checks, "DENSE_SHARE", share)
        assert [checks.find_near_pairs(texts, threshold=t) for t in (0.8, 0.5)] == expected
        assert [checks.find_near_pairs(texts, test, threshold=t) for t in (0.8, 0.5)] == expected_test


def test_a_corpus_of_common_words_only_is_scored_by_products(monkeypatch):
    import random

    from training import checks

    rng = random.Random(6)
    words = "the of to in and said".split()
    texts = [" ".join(rng.choices(words, k=rng.randint(12, 20))) for _ in range(500)]
    ranges = []
    every_pair = checks._Scorer.every_pair

    def spy(scorer, start, stop):
        ranges.append((start, stop))
        return every_pair(scorer, start, stop)

    monkeypatch.setattr(checks._Scorer, "every_pair", spy)
    found = checks.find_near_pairs(texts)
    # Nearly every pair shares an indexed feature: scoring them one by one was 20 times slower.
    assert ranges and found == all_pairs_above(texts, None, 0.8)
    assert len(found) > 100


def test_corpus_without_near_duplicates_reports_none_and_scores_few_pairs(tmp_path, monkeypatch):
    from training import checks

    texts = generated_sentences(2000, seed=4)
    assert checks.find_near_pairs(texts) == [] == all_pairs_above(texts, None, 0.8)
    data = load(tmp_path, "train.csv", [(t, "neutral") for t in texts])
    assert check_corpus(data)["near_duplicates"] == []
    # Only candidates are scored: a sliver of the two million pairs, so the time grows with the corpus.
    scored, score = [], checks._pair_similarities

    def counting(matrix_a, rows, weights_b, cols):
        scored.append(len(rows))
        return score(matrix_a, rows, weights_b, cols)

    monkeypatch.setattr(checks, "_pair_similarities", counting)
    assert checks.find_near_pairs(texts) == []
    assert 0 < sum(scored) < 0.01 * 2000 * 1999 / 2
