"""The attribution tokenizer: cached for sentences of normal length, never shared as a list."""

from model.attribution_tokens import CACHED_SENTENCE_CHARS, tokenize


def test_a_cached_sentence_gives_the_same_tokens_in_a_list_of_its_own():
    sentence = "General Ivo Lind didn't say whether the drills were a threat."
    first = tokenize(sentence)
    first.pop()  # a caller changing its list changes nobody else's
    second = tokenize(sentence)
    assert [t.text for t in second][-3:] == ["a", "threat", "."]
    assert [(t.text, t.start, t.end) for t in second[:-1]] == [(t.text, t.start, t.end) for t in first]
    assert [t.low for t in second[3:5]] == ["did", "n't"]


def test_a_long_text_is_tokenized_the_same_way_without_the_cache():
    piece = "Valmar said the drills were routine, and "
    text = piece * (CACHED_SENTENCE_CHARS // len(piece) + 2)
    tokens = tokenize(text)
    assert len(text) > CACHED_SENTENCE_CHARS
    assert [t.text for t in tokens[:3]] == ["Valmar", "said", "the"]
    assert tokens[-1].end == len(text.rstrip())
