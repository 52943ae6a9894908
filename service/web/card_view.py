"""Show a version's model card as a page: its Markdown as HTML, without the server's folders.

The cards are written by :func:`training.model_card.render_model_card`, which uses a small part of
Markdown: headings, paragraphs, ``-`` lists, pipe tables and `code`. This renders exactly that part
(anything else stays plain text); every piece of text is escaped first, so a card cannot put markup
or script on the page.
"""

import re
from pathlib import Path

from markupsafe import Markup, escape

_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_TABLE_RULE = re.compile(r"\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*")
_CODE = re.compile(r"`([^`]+)`")
_NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?%?")
# An absolute path of at least two parts, not inside a URL or a relative path ("a/b", "http://h/p").
_PATH = re.compile(r"(?<![\w.:/~-])/(?:[\w.@+~-]+/)+([\w.@+~-]+)")
MODEL_FOLDER = "the model folder"


def hide_paths(text, model_dir=None):
    """Return ``text`` without absolute server paths: the model folder by that name, other paths by their file name.

    No text (``None`` or ``""``) is returned as it is, so an absent message stays absent.
    """
    if not text:
        return text
    if model_dir:
        for folder in sorted({str(model_dir).rstrip("/"), str(Path(model_dir).resolve())}, key=len, reverse=True):
            if len(folder) > 1:
                # "the model folder /srv/artifacts/framing" reads "the model folder's framing", not
                # "the model folder the model folder/framing".
                text = re.sub(
                    rf"{re.escape(MODEL_FOLDER)} {re.escape(folder)}/([\w.@+~-]+)", rf"{MODEL_FOLDER}'s \1", text
                )
                text = text.replace(f"{MODEL_FOLDER} {folder}", MODEL_FOLDER).replace(folder, MODEL_FOLDER)
    return _PATH.sub(lambda match: match.group(1), text)


def _inline(text):
    """Escape ``text`` and mark its `code` spans."""
    return _CODE.sub(lambda match: f"<code>{match.group(1)}</code>", str(escape(text)))


def _cells(line):
    """Split one pipe-table line into its cells (``\\|`` is a pipe inside a cell)."""
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


def _table(lines):
    head, body = _cells(lines[0]), [_cells(line) for line in lines[2:]]
    # A column of numbers is right-aligned, its heading too; an empty corner cell is no heading.
    numeric = [bool(body) and all(i < len(row) and _NUMBER.fullmatch(row[i]) for row in body) for i in range(len(head))]

    def cell(tag, text, i, scope=""):
        if tag == "th" and not text:
            return "<td></td>"
        number = ' class="num"' if i < len(numeric) and numeric[i] else ""
        return f"<{tag}{scope}{number}>{_inline(text)}</{tag}>"

    rows = ["<tr>" + "".join(cell("th", c, i, ' scope="col"') for i, c in enumerate(head)) + "</tr>"]
    rows += ["<tr>" + "".join(cell("td", c, i) for i, c in enumerate(row)) + "</tr>" for row in body]
    return (
        f'<div class="table-scroll"><table class="data compact"><thead>{rows[0]}</thead>'
        f"<tbody>{''.join(rows[1:])}</tbody></table></div>"
    )


def _list_items(lines):
    items = []
    for line in lines:
        if line.startswith("- ") or not items:
            items.append(line.removeprefix("- "))
        else:
            items[-1] += " " + line.strip()  # a continuation of the item above
    return [f"<li>{_inline(item)}</li>" for item in items]


def render_card(text, skip_title=True):
    """Return the HTML (:class:`~markupsafe.Markup`) of a model card's Markdown.

    The page has its own ``<h1>``, so the card's headings start at ``<h2>``; with ``skip_title`` a
    leading ``#`` heading is left out (the page's title says the same).
    """
    html = []
    blocks = [b for b in re.split(r"\n[ \t]*\n", text.strip("\n")) if b.strip()]
    for number, block in enumerate(blocks):
        lines = [line.rstrip() for line in block.splitlines()]
        heading = _HEADING.fullmatch(lines[0]) if len(lines) == 1 else None
        if heading:
            level = len(heading.group(1))
            if not (skip_title and number == 0 and level == 1):
                tag = f"h{max(level, 2)}"
                html.append(f"<{tag}>{_inline(heading.group(2))}</{tag}>")
        elif len(lines) > 1 and lines[0].lstrip().startswith("|") and _TABLE_RULE.fullmatch(lines[1].strip()):
            html.append(_table(lines))
        elif lines[0].startswith("- "):
            # Items separated by blank lines are still one list.
            if html and html[-1].startswith("<ul>"):
                html[-1] = html[-1].removesuffix("</ul>") + "".join(_list_items(lines)) + "</ul>"
            else:
                html.append("<ul>" + "".join(_list_items(lines)) + "</ul>")
        else:
            html.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return Markup("\n".join(html))
