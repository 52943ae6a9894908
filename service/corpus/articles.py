"""The articles behind the numbers: the article a kept sentence comes from, and how many articles a count spans."""

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
