"""The articles behind the numbers: the article a kept sentence comes from, how many articles a count spans,
and the sources a kept sentence credits."""

from model.article_rows import SOURCE_SEPARATOR
from service.wording import counted


def article_of(summary, sentence):
    """The article a kept sentence comes from: ``id``, ``title``, ``where`` (group, outlet) and ``date`` ('' if none)."""
    # A summary made before articles were kept has no "articles": the sentence's own id is all there is.
    article = (summary.get("articles") or {}).get(sentence.get("article")) or {}
    where = [value for value in sentence.get("group") or () if value]
    outlet = article.get("outlet", "")
    # Grouped by outlet, the group is the outlet; grouped by another column, the outlet says who published it.
    if outlet and outlet not in where:
        where.append(outlet)
    return {
        "id": article.get("id", sentence.get("id", "")),
        "title": article.get("title", ""),
        "where": " / ".join(where),
        "date": article.get("date", ""),
    }


def in_articles(with_frame, articles):
    """``"in 1 of 20 articles"``: how many of a period's articles a frame's sentences come from ('' if unknown).

    A share of sentences can rest on one long article; this says so beside the count. Empty when the
    rows tell no articles apart (``with_frame`` None) or the frame has no sentence there.
    """
    if not with_frame or articles is None:
        return ""
    return f"in {with_frame:,} of {counted(articles, 'article')}"


def sources_shown(sentence, role):
    """The sources of a kept sentence in ``role`` as shown beside it: ``"park (stability), kim"`` ('' if none).

    A name whose own claim frame (the ``speaker_claims`` / ``disputed_claims`` of its row) is not the
    sentence's label has it in brackets: the sentence behind "Park as speaker: stability" may be
    labelled threat, because Park's clause says otherwise. Claims that do not fit the names are not shown.
    """
    names = sentence.get(_NAMES[role])
    if not names:
        return ""
    claims = sentence.get(_CLAIMS[role])
    label = sentence.get("label")
    # Most sentences: one source claiming the sentence's own frame, or rows without claims.
    if not claims or claims == label:
        return names.replace(SOURCE_SEPARATOR, ", ")
    listed = [name.strip() for name in names.split(SOURCE_SEPARATOR)]
    frames = [claim.strip() for claim in claims.split(SOURCE_SEPARATOR)]
    if len(frames) != len(listed):
        frames = [""] * len(listed)
    return ", ".join(f"{name} ({frame})" if frame and frame != label else name for name, frame in zip(listed, frames) if name)  # fmt: skip


# The kept sentence's fields of each role: its names, and their claims.
_NAMES = {"speaker": "speakers", "disputed": "disputed"}
_CLAIMS = {"speaker": "speaker_claims", "disputed": "disputed_claims"}
