"""The article a kept sentence comes from, as the report and the workbench name it beside the sentence."""


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
