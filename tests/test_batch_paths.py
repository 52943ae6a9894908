"""Input path expansion shared by `stance score` and `stance analyze`."""

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
