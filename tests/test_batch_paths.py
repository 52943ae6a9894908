"""Input path expansion shared by `stance score` and `stance analyze`."""

import json

import pytest

from service.batch.paths import expand_paths
from service.batch.readers import InputError


def _files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "deep").mkdir()
    for name in ("a/one.txt", "a/two.csv", "a/deep/three.txt"):
        (tmp_path / name).write_text("The brigade held a drill.\n", encoding="utf-8")
    return tmp_path


def test_patterns_expand_in_order_and_double_star_goes_deep(tmp_path):
    root = _files(tmp_path)
    found = expand_paths([str(root / "**" / "*.txt"), str(root / "a" / "two.csv")])
    assert found == [str(root / "a" / "deep" / "three.txt"), str(root / "a" / "one.txt"), str(root / "a" / "two.csv")]


def test_folders_stand_for_their_text_files_only_when_asked(tmp_path):
    root = _files(tmp_path)
    assert expand_paths([str(root / "a")], text_folders=True) == [str(root / "a" / "one.txt")]
    assert expand_paths([str(root / "a")]) == [str(root / "a")]


def test_a_file_named_like_a_pattern_is_kept(tmp_path):
    odd = tmp_path / "[draft].csv"
    odd.write_text("text\nA line.\n", encoding="utf-8")
    assert expand_paths([str(odd)]) == [str(odd)]


@pytest.mark.parametrize(
    ("paths", "kwargs", "message"),
    [
        (["nothing/*.csv"], {}, "nothing/*.csv: no file matches this pattern"),
        (["nothing/*.txt"], {"empty": "empty corpus, no file matches this pattern"}, "empty corpus"),
        (["-", "-"], {}, "-: stdin can be read only once"),
    ],
)
def test_bad_paths_are_refused_with_the_path(tmp_path, monkeypatch, paths, kwargs, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=message.replace("*", r"\*")):
        expand_paths(paths, **kwargs)


def test_an_empty_folder_is_an_empty_corpus(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="empty corpus, no .txt files in this folder"):
        expand_paths([str(tmp_path / "empty")], text_folders=True)


def test_a_quoted_pattern_keeps_a_dangling_link_so_it_is_reported(tmp_path, trained_model_dir):
    """Left out of the match, the link's input would vanish without a word; kept, it is named."""
    from tests.batch_helpers import run_score

    (tmp_path / "a.csv").write_text("text\nThe brigade held a drill.\n", encoding="utf-8")
    (tmp_path / "b.csv").symlink_to(tmp_path / "gone.csv")
    assert expand_paths([str(tmp_path / "*.csv")]) == [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    result = run_score(trained_model_dir, tmp_path / "*.csv")
    assert result.exit_code == 1
    assert f"{tmp_path / 'b.csv'}: dangling symbolic link: its target '{tmp_path / 'gone.csv'}' does not exist" in (
        result.output
    )


def test_a_quoted_pattern_of_articles_gives_a_dangling_link_an_error_row(tmp_path, trained_model_dir):
    from tests.analyze_corpus_helpers import run_analyze

    (tmp_path / "a.txt").write_text("The brigade held a drill on Monday.\n", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to("gone.txt")
    result = run_analyze(trained_model_dir, tmp_path / "*.txt", "--output-format", "jsonl", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a.txt", "b.txt"]
    assert rows[1]["error"] == "dangling symbolic link: its target 'gone.txt' does not exist"
