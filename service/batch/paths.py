"""Expand the input paths of `stance score` and `stance analyze`: glob patterns and folders of text files."""

import glob
import os

from service.batch.formats import STDIO
from service.batch.readers import InputError
from service.batch.textfiles import folder_articles
from service.corpus.read import dangling_link


def expand_paths(paths, text_folders=False, empty="no file matches this pattern"):
    """Return ``paths`` with glob patterns (``**`` included) expanded in order, and folders too when asked.

    A pattern is expanded only when it is not a file name itself (a quoted glob, or a shell that does
    not expand). With ``text_folders``, a folder stands for its article files, .txt or .text in any case
    (a corpus of articles; :func:`~service.batch.textfiles.folder_articles`).
    ``empty`` is the message for a pattern that matches nothing.
    """
    expanded = []
    for path in paths:
        if path == STDIO:
            expanded.append(path)
        elif text_folders and os.path.isdir(path):
            expanded.extend(folder_articles(path))
        elif not os.path.exists(path) and glob.has_magic(path):
            # A dangling link is kept: like a file named on the command line, it is then refused or
            # becomes an error row, where leaving it out would lose an input without a word.
            found = sorted(p for p in glob.glob(path, recursive=True) if os.path.isfile(p) or dangling_link(p))
            if not found:
                raise InputError(f"{path}: {empty}")
            expanded.extend(found)
        else:
            expanded.append(path)
    if expanded.count(STDIO) > 1:
        raise InputError("-: stdin can be read only once")
    return expanded
