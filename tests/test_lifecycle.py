"""Promote, roll back, prune and diff versions; only CURRENT moves, and never to a missing version."""

import pytest

from model.lifecycle import (
    HISTORY_FILE,
    LifecycleError,
    current_stack,
    find_version,
    promote_version,
    prune_versions,
    read_history,
    rollback_target,
    rollback_version,
)
from model.store import current_version, list_versions, set_current
from tests.conftest import TINY_GRID, TINY_TEST
from tests.lifecycle_helpers import copy_version, train_worse
from training.compare import diff_versions
from training.train import train_task

TEST_X = [t for texts in TINY_TEST.values() for t in texts]
TEST_Y = [label for label, texts in TINY_TEST.items() for _ in texts]


@pytest.fixture
def versions(model_dir):
    """Four versions of framing, oldest first; the original (newest name) is current."""
    original = current_version(model_dir, "framing")
    older = [copy_version(model_dir, "framing", original, f"20000101-00000{i}-copy") for i in range(3)]
    return [*older, original]


def test_promote_moves_current_and_records_history(model_dir, versions):
    previous = promote_version(model_dir, "framing", versions[0])
    assert previous == versions[3]
    assert current_version(model_dir, "framing") == versions[0]
    [entry] = read_history(model_dir, "framing")
    assert entry == {**entry, "action": "promote", "version": versions[0], "previous": versions[3]}


def test_promote_of_the_current_version_changes_nothing(model_dir, versions):
    assert promote_version(model_dir, "framing", versions[3]) == versions[3]
    assert not (model_dir / "framing" / HISTORY_FILE).exists()


def test_promote_unknown_version_fails_and_keeps_current(model_dir, versions):
    with pytest.raises(LifecycleError, match="has no version 'nope'"):
        promote_version(model_dir, "framing", "nope")
    assert current_version(model_dir, "framing") == versions[3]


def _break(model_dir, version):
    """Append bytes to a version's coefficient file, so its checksum no longer matches."""
    with open(model_dir / "framing" / version / "clf.coef.npy", "ab") as fh:
        fh.write(b"changed")


def test_promote_refuses_a_version_that_does_not_load(model_dir, versions):
    _break(model_dir, versions[0])
    with pytest.raises(LifecycleError, match=f"cannot promote {versions[0]}: it does not load .*SHA-256"):
        promote_version(model_dir, "framing", versions[0])
    assert current_version(model_dir, "framing") == versions[3]
    assert not (model_dir / "framing" / HISTORY_FILE).exists()


def test_promote_refuses_a_version_saved_as_a_pickle(model_dir, versions):
    folder = model_dir / "framing" / versions[0]
    for path in folder.iterdir():
        if path.name != "metadata.json":
            path.unlink()
    (folder / "model.joblib").write_bytes(b"not opened")
    metadata = (folder / "metadata.json").read_text()
    (folder / "metadata.json").write_text(metadata.replace('"model_files"', '"old_model_files"'))
    with pytest.raises(LifecycleError, match="saved by an older stance as model.joblib.*make train"):
        promote_version(model_dir, "framing", versions[0])
    assert current_version(model_dir, "framing") == versions[3]


def test_rollback_refuses_a_target_that_no_longer_loads(model_dir, versions):
    promote_version(model_dir, "framing", versions[0])
    _break(model_dir, versions[3])
    with pytest.raises(LifecycleError, match=f"cannot roll back to {versions[3]}: it does not load"):
        rollback_version(model_dir, "framing")
    assert current_version(model_dir, "framing") == versions[0]


def test_rollback_walks_back_through_the_versions_that_were_current(model_dir, versions):
    promote_version(model_dir, "framing", versions[0])
    promote_version(model_dir, "framing", versions[2])
    assert rollback_version(model_dir, "framing") == (versions[2], versions[0])
    assert rollback_version(model_dir, "framing") == (versions[0], versions[3])
    assert current_version(model_dir, "framing") == versions[3]
    with pytest.raises(LifecycleError, match="no earlier current version"):
        rollback_version(model_dir, "framing")


def test_rollback_after_a_gate_pass_returns_to_the_old_model(model_dir, tiny_task):
    before = current_version(model_dir, "framing")
    new = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3)["version"]
    assert rollback_version(model_dir, "framing") == (new, before)
    assert current_version(model_dir, "framing") == before


def test_rollback_with_no_history_is_refused(model_dir, versions):
    with pytest.raises(LifecycleError, match="no earlier current version to roll back to"):
        rollback_version(model_dir, "framing")
    assert current_version(model_dir, "framing") == versions[3]


def test_a_pointer_moved_by_hand_counts_as_current(model_dir, versions):
    promote_version(model_dir, "framing", versions[0])
    set_current(model_dir, "framing", versions[1])  # outside the lifecycle commands
    assert current_stack(read_history(model_dir, "framing"), versions[1]) == [versions[3], versions[0], versions[1]]
    assert rollback_target(model_dir, "framing") == versions[0]


def test_history_with_a_bad_line_names_the_file_and_line(model_dir, versions):
    (model_dir / "framing" / HISTORY_FILE).write_text('{"version": "x", "action": "promote"}\nnot json\n')
    with pytest.raises(LifecycleError, match=r"HISTORY:2: not valid JSON"):
        read_history(model_dir, "framing")


def test_prune_keeps_the_newest_and_never_current_or_rollback_target(model_dir, versions):
    promote_version(model_dir, "framing", versions[1])
    promote_version(model_dir, "framing", versions[0])
    # Current: versions[0] (oldest); rollback target: versions[1]; newest: versions[3].
    deleted = prune_versions(model_dir, "framing", keep=1)
    assert deleted == [versions[2]]
    assert list_versions(model_dir, "framing") == [versions[0], versions[1], versions[3]]
    assert current_version(model_dir, "framing") == versions[0]
    assert rollback_version(model_dir, "framing") == (versions[0], versions[1])
    assert not [p.name for p in (model_dir / "framing").iterdir() if p.name.startswith(".")]


def test_prune_with_enough_room_deletes_nothing(model_dir, versions):
    assert prune_versions(model_dir, "framing", keep=10) == []
    assert list_versions(model_dir, "framing") == versions


def test_prune_refuses_a_keep_below_one(model_dir, versions):
    with pytest.raises(LifecycleError, match="at least 1"):
        prune_versions(model_dir, "framing", keep=0)


def test_prune_removes_folders_left_by_an_interrupted_prune(model_dir, versions, caplog):
    folder = model_dir / "framing"
    leftover = folder / f".pruned-{versions[0]}"
    (folder / versions[0]).rename(leftover)  # as a prune killed between its rename and its rmtree leaves it
    with caplog.at_level("WARNING", logger="model.lifecycle"):
        assert prune_versions(model_dir, "framing", keep=10) == []
    assert not leftover.exists()
    assert f"by an interrupted prune: {leftover.name}" in caplog.text
    assert list_versions(model_dir, "framing") == versions[1:]


def test_prune_leaves_what_it_did_not_make_and_never_follows_a_link(model_dir, versions, tmp_path):
    folder = model_dir / "framing"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the model folder's")
    (folder / ".pruned-20000101-link").symlink_to(outside, target_is_directory=True)
    (folder / ".pruned-.hidden").mkdir()  # not a version name: not a name prune gives
    (folder / ".pruned-20000101-file").write_text("a file, not a folder")
    (folder / "notes").mkdir()
    prune_versions(model_dir, "framing", keep=10)
    assert (outside / "keep.txt").read_text() == "not the model folder's"
    assert (folder / ".pruned-20000101-link").is_symlink()
    assert (folder / ".pruned-.hidden").is_dir() and (folder / ".pruned-20000101-file").is_file()
    assert (folder / "notes").is_dir()


@pytest.mark.parametrize("pointer", ["bad name\n", "20990101-000000-missing\n", None])
def test_prune_deletes_no_version_while_the_current_one_is_unknown(model_dir, versions, caplog, pointer):
    # A running service may serve any of them from memory; the leftovers of a prune still go.
    current = model_dir / "framing" / "CURRENT"
    if pointer is None:
        current.unlink()
    else:
        current.write_text(pointer)
    leftover = model_dir / "framing" / ".pruned-20000101-000009-gone"
    leftover.mkdir()
    with caplog.at_level("WARNING", logger="model.lifecycle"):
        assert prune_versions(model_dir, "framing", keep=1) == []
    assert list_versions(model_dir, "framing") == versions
    assert not leftover.exists()
    assert f"not pruning old versions of framing: {current}" in caplog.text


def test_training_prunes_old_versions(model_dir, tiny_task, versions):
    metadata = train_task(tiny_task, model_dir, grid=TINY_GRID, folds=3, keep=2)
    # The new version is current, the one before it is the rollback target; both are the newest two.
    assert list_versions(model_dir, "framing") == [versions[3], metadata["version"]]


def test_find_version_accepts_current_and_unique_prefixes(model_dir, versions):
    assert find_version(model_dir, "framing", "current") == versions[3]
    assert find_version(model_dir, "framing", versions[3][:18]) == versions[3]
    assert find_version(model_dir, "framing", "20000101-000001") == versions[1]
    with pytest.raises(LifecycleError, match="matches 3 versions"):
        find_version(model_dir, "framing", "20000101")


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_version_name_is_refused_not_taken_as_a_prefix_of_every_version(model_dir, versions, name):
    with pytest.raises(LifecycleError, match="no version given for task 'framing'; name one"):
        find_version(model_dir, "framing", name)


def test_diff_gives_metric_deltas_and_changed_sentences(model_dir, tiny_task, tmp_path):
    good = current_version(model_dir, "framing")
    bad = train_worse(tiny_task, model_dir, tmp_path, promote=False)["version"]
    result = diff_versions(model_dir, "framing", good, bad, TEST_X, TEST_Y)
    assert (result["a"], result["b"], result["n"]) == (good, bad, len(TEST_X))
    metrics = {row["name"]: row for row in result["metrics"]}
    assert set(metrics) == {"accuracy", "macro_f1", "ece", "f1 neutral", "f1 stability", "f1 threat"}
    assert metrics["macro_f1"]["delta"] == pytest.approx(metrics["macro_f1"]["b"] - metrics["macro_f1"]["a"], abs=1e-4)
    assert metrics["macro_f1"]["delta"] < -0.5
    assert result["changed"], "the mislabeled model must change some labels"
    for row in result["changed"]:
        assert row["a"] != row["b"]
        assert row["text"] in TEST_X
        # A is right on the tiny test file, so every change breaks a sentence.
        assert row["verdict"] == "broken" and row["a"] == row["true"]
    assert result["counts"] == {"fixed": 0, "broken": len(result["changed"]), "changed": 0}
    reverse = diff_versions(model_dir, "framing", bad, good, TEST_X, TEST_Y)
    assert reverse["counts"]["fixed"] == len(result["changed"])
