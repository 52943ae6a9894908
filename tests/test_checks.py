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


def test_near_pairs_are_the_same_whatever_the_chunk_and_chunks_shrink_with_the_corpus():
    from training.checks import CHUNK_CELLS, chunk_rows, find_near_pairs

    texts = [f"The brigade moved {n} tanks to the northern border on day {n % 7}." for n in range(60)]
    texts += ["The brigade moved 3 tanks to the northern border on day 3!", "Budgets rose."]
    others = ["The brigade moved 4 tanks to the northern border on day 4.", "Nothing alike here."]
    expected = find_near_pairs(texts, chunk=len(texts))
    assert expected and any(s == 1.0 for _, _, s in expected)
    for chunk in (1, 7, None):
        assert find_near_pairs(texts, chunk=chunk) == expected
        assert find_near_pairs(texts, others, chunk=chunk) == find_near_pairs(texts, others, chunk=len(texts))
    # A chunk's product (rows x compared rows) stays near CHUNK_CELLS: the peak memory of a check no
    # longer grows with the corpus (2,000 rows against 22,515 took 1.5 GB).
    assert chunk_rows(22_515) * 22_515 <= CHUNK_CELLS
    assert chunk_rows(1_000_000) == 4
    assert chunk_rows(10**9) == 1
    assert chunk_rows(0) == CHUNK_CELLS
