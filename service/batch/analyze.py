"""Analyse a corpus of articles into sentence rows, on the batch machinery of ``stance score``.

A corpus is a CSV, TSV, JSONL or Parquet file with one article per row (or several such files), or
a folder or glob of ``.txt`` files with one article each. The readers, engines and writers are the
ones scoring uses; only the work done on a chunk differs (:mod:`service.batch.articles`).
"""

import glob
import logging
import os
from dataclasses import dataclass, field
from itertools import chain

from model.article import DEFAULT_MAX_CHARS
from service.batch.formats import STDIO, FormatError, format_of, output_format_of
from service.batch.paths import expand_paths
from service.batch.progress import Summary, not_scored_text
from service.batch.readers import InputError, open_source
from service.batch.run import ScoreOptions, check_output, check_same_columns, run_sources, source_settings
from service.batch.textfiles import text_files_source
from service.wording import counted

log = logging.getLogger(__name__)

# Formats that hold many articles, one per row; a single .txt file is one article.
TABLE_FORMATS = ("csv", "tsv", "jsonl", "parquet")
# The id column used when the input has one and --id-column names none.
DEFAULT_ID_COLUMN = "id"
# Duplicate ids named in the warning; the count covers them all.
MAX_DUPLICATES_SHOWN = 10
MAX_PLACES_SHOWN = 3


@dataclass
class AnalyzeOptions(ScoreOptions):
    """What to analyse and how; mirrors the corpus options of ``stance analyze``."""

    max_chars: int = DEFAULT_MAX_CHARS
    batch_size: int = 200
    # Write each article's line in the input in a ``line`` column before its sentence columns: the
    # workbench's corpus jobs name lines of the uploaded file, not of the rows written from it.
    article_lines: bool = False


@dataclass
class ArticleSummary(Summary):
    """A :class:`Summary` counting articles (``rows``) and sentences, and noting duplicate article ids."""

    sentences: int = 0
    duplicates: dict = field(default_factory=dict)
    _seen: dict = field(default_factory=dict, repr=False)

    def add(self, result):
        """Count one chunk's articles and sentences, and check its ids against those seen before."""
        super().add(result)
        self.sentences += result.sentences
        for article_id, where in result.ids:
            key = _hashable(article_id)
            if key is None:
                continue
            if key in self._seen:
                places = self.duplicates.setdefault(key, [self._seen[key]])
                # A few places show the problem; a corpus where every row has the same id must not fill memory.
                if len(places) < MAX_PLACES_SHOWN:
                    places.append(where)
                elif len(places) == MAX_PLACES_SHOWN:
                    places.append("...")
            else:
                self._seen[key] = where

    def as_dict(self):
        """Return the summary as data: articles, sentences, errors, rates, labels, duplicate ids."""
        figures = super().as_dict()
        seconds = figures["seconds"]
        return {
            "articles": figures["rows"],
            "sentences": self.sentences,
            "errors": figures["errors"],
            "seconds": seconds,
            "articles_per_second": figures["rows_per_second"],
            "sentences_per_second": round(self.sentences / seconds, 1) if seconds else None,
            "labels": figures["labels"],
            "not_scored": figures["not_scored"],
            "duplicate_ids": len(self.duplicates),
            "fields_not_written": figures["fields_not_written"],
        }

    def log(self):
        """Log the duplicate ids, the bad articles and the totals."""
        if self.duplicates:
            shown = list(self.duplicates.items())[:MAX_DUPLICATES_SHOWN]
            named = "; ".join(f"{key!r} ({', '.join(places)})" for key, places in shown)
            more = len(self.duplicates) - len(shown)
            count = len(self.duplicates)
            log.warning(
                "%d %s more than one article (all rows kept): %s%s",
                count,
                "id names" if count == 1 else "ids name",
                named,
                f"; and {more} more" if more > 0 else "",
            )
        self.log_examples("articles")
        figures = self.as_dict()
        labels = ", ".join(f"{label} {count:,}" for label, count in figures["labels"].items()) or "none"
        log.info(
            "analysed %s (%s) in %.1f s (%s articles/s, %s sentences/s), %s with errors; frames: %s%s",
            counted(figures["articles"], "article"),
            counted(figures["sentences"], "sentence"),
            figures["seconds"],
            f"{figures['articles_per_second'] or 0:,.0f}",
            f"{figures['sentences_per_second'] or 0:,.0f}",
            f"{figures['errors']:,}",
            labels,
            not_scored_text(figures["not_scored"], "warning"),
        )


def _hashable(value):
    """An id as a set key: None and empty text are no id; JSON lists and objects compare by their text."""
    if value is None or value == "":
        return None
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def is_corpus(paths, input_format=None):
    """Tell whether ``stance analyze PATHS`` names a corpus rather than one article.

    A corpus is: an explicit ``--format``, several paths, a folder, a glob pattern that is not itself
    a file name, or a file with a table extension (.csv, .tsv, .jsonl, .parquet and their variants).
    A single ``.txt`` file (or any other name, or ``-``) stays one article.
    """
    if input_format or len(paths) != 1:
        return True
    path = paths[0]
    if path == STDIO:
        return False
    if os.path.isdir(path) or (not os.path.exists(path) and glob.has_magic(path)):
        return True
    try:
        return format_of(path) in TABLE_FORMATS
    except FormatError:
        return False


def analyze_files(predictor, options, stdin=None, stdout=None, stderr=None, show_progress=False, on_progress=None):  # fmt: skip
    """Analyse the corpus in ``options.inputs`` into ``options.output``; return the :class:`ArticleSummary`.

    Every input is checked, and must hold at least one article, before any analysis starts.
    ``on_progress(articles done, fraction of the input read or None)`` follows the run without a terminal.
    """
    inputs = expand_paths(options.inputs, text_folders=True, empty="empty corpus, no file matches this pattern")
    formats = [format_of(path, options.input_format) for path in inputs]
    texts = [path for path, fmt in zip(inputs, formats) if fmt == "txt"]
    if texts and len(texts) != len(inputs):
        raise InputError(
            f"{texts[0]}: a .txt article among table files; analyse the .txt files and the tables separately"
        )
    out_format = output_format_of(options.output, formats[0], options.output_format)
    if out_format == "txt":
        raise FormatError("text output cannot hold sentence rows; choose --output-format csv, tsv, jsonl or parquet")
    check_output(options.output, inputs)
    settings = {
        **source_settings(predictor, options, out_format),
        "articles": True,
        "max_chars": options.max_chars,
        "default_id_column": DEFAULT_ID_COLUMN,
        "article_lines": options.article_lines,
    }
    sources = []
    try:
        if texts:
            name = options.inputs[0] if len(options.inputs) == 1 else f"{len(texts):,} files"
            sources.append(text_files_source(name, texts, settings, stdin))
        else:
            several = len(inputs) > 1
            for path, fmt in zip(inputs, formats):
                sources.append(open_source(path, fmt, settings, stdin, path if several else None))
            check_same_columns(sources, out_format)
        for source in sources:
            _check_not_empty(source)
        summary = ArticleSummary()
        return run_sources(
            predictor,
            options,
            sources,
            out_format,
            stdout,
            stderr,
            show_progress,
            summary=summary,
            unit="articles",
            on_progress=on_progress,
        )
    finally:
        for source in sources:
            source.close()


def _check_not_empty(source):
    """Refuse an input without a single article, before any work; put the chunk read to check it back."""
    first = next(source.chunks, None)
    if first is None or not _chunk_rows(first):
        raise InputError(f"{source.name}: empty corpus, no articles")
    source.chunks = chain([first], source.chunks)


def _chunk_rows(chunk):
    """Whether a chunk holds any row at all (a Parquet batch can be empty)."""
    payload = chunk.payload
    return payload.num_rows if hasattr(payload, "num_rows") else len(payload)
