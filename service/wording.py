"""Counts in words: "1 sentence", "2 sentences", "1,204 rows", for messages and page templates alike."""

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "its": "their", "it": "they", "this": "these"}


def plural(count, word, many=None):
    """Return ``word`` as it goes with ``count``: itself for one, ``many`` (or the usual plural) otherwise."""
    if count == 1:
        return word
    if many is not None:
        return many
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    return word + "es" if word.endswith(("s", "x", "ch", "sh")) else word + "s"


def counted(count, word, many=None):
    """Return ``count`` with thousands separators and ``word`` in the matching number: ``counted(1, "row")``."""
    return f"{count:,} {plural(count, word, many)}"
