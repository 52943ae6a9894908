"""The OpenAPI 3 document of the API, built from the live limits and tasks, and a readable /docs page."""

import html
import json

from flask import Response, current_app, jsonify

from model.article_rows import sentence_columns
from service.corpus.columns import SummaryOptions
from service.corpus.dates import PERIODS
from service.errors import ERROR_CODES

PYTHON_WHITESPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def _ref(name):
    """Return a reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def _json_response(description, schema):
    """Return a JSON response object that carries the X-Request-ID header."""
    return {
        "description": description,
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
        "content": {"application/json": {"schema": schema}},
    }


def _error(description):
    """Return a JSON error response object."""
    return _json_response(description, _ref("Error"))


def _schemas(config, tasks):
    """Return the component schemas, with the configured limits and the served tasks."""
    text = {
        "type": "string",
        "minLength": 1,
        "maxLength": config["MAX_TEXT_CHARS"],
        # At least one character that Python's str.strip() keeps, and no NUL anywhere. The class is
        # spelled out because ECMA's \s and Python's whitespace differ (\x1c-\x1f, \x85, \ufeff).
        "pattern": "^[^\\x00]*[^" + PYTHON_WHITESPACE + "\\x00][^\\x00]*$",
        "description": (
            "One sentence, as plain text (HTML tags and entities are read as words): not only whitespace or "
            "invisible characters (zero-width, combining marks), no NUL character, valid UTF-8."
        ),
        "example": "Belgrade warned that the drones threaten Serbs in the north.",
    }
    ngram = {
        "type": "object",
        "required": ["ngram", "weight"],
        "properties": {"ngram": {"type": "string"}, "weight": {"type": "number"}},
    }
    return {
        "Text": text,
        **_analyze_schemas(config, tasks, text),
        "ClassifyRequest": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "text": _ref("Text"),
                "texts": {"type": "array", "items": _ref("Text"), "minItems": 1, "maxItems": config["MAX_TEXTS"]},
                "task": {
                    "type": "string",
                    "enum": sorted(tasks),
                    "description": f"Task to answer (default {config['DEFAULT_TASK']!r}).",
                },
                "explain": {
                    "type": "boolean",
                    "default": False,
                    "description": "Add the n-grams that pushed each sentence toward its label and against it.",
                },
            },
            "oneOf": [{"required": ["text"]}, {"required": ["texts"]}],
        },
        "Result": {
            "type": "object",
            "required": ["text", "label", "confidence", "probabilities", "model"],
            "properties": {
                "text": {"type": "string"},
                "target": {"type": "string", "description": "The text's target, for a task with a target column."},
                "label": {"type": "string"},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "probabilities": {
                    "type": "object",
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
                },
                "model": {"type": "string", "description": "The model version that answered."},
                "warning": {
                    "type": "string",
                    "description": (
                        "Present only when the text was not scored: no word of it is known to the model, or it "
                        "does not read as English (fewer than half of its words in small letters are English "
                        "words the model knows). The probabilities are then the model's base rates and the "
                        "explanation is empty."
                    ),
                },
                "explanation": {
                    "type": "object",
                    "required": ["toward", "against"],
                    "properties": {
                        "toward": {"type": "array", "items": ngram},
                        "against": {"type": "array", "items": ngram},
                    },
                },
            },
        },
        "ClassifyResponse": {
            "type": "object",
            "required": ["model", "results"],
            "properties": {
                "model": {
                    "type": "object",
                    "required": ["task", "version"],
                    "properties": {"task": {"type": "string"}, "version": {"type": "string"}},
                },
                "results": {
                    "type": "array",
                    "items": _ref("Result"),
                    "description": "One result per text, in input order.",
                },
            },
        },
        "Models": {
            "type": "object",
            "required": ["default_task", "models"],
            "properties": {
                "default_task": {"type": "string"},
                "models": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["task", "version", "default", "labels", "created_at", "metrics"],
                        "properties": {
                            "task": {"type": "string"},
                            "version": {"type": "string"},
                            "default": {"type": "boolean"},
                            "labels": {"type": "array", "items": {"type": "string"}},
                            "target_column": {
                                "type": "string",
                                "nullable": True,
                                "description": "Set when the task needs a target with each text.",
                            },
                            "created_at": {"type": "string", "nullable": True},
                            "metrics": {"type": "object", "description": "Held-out test metrics recorded at training."},
                        },
                    },
                },
            },
        },
        "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
        "Ready": {
            "type": "object",
            "required": ["status", "models"],
            "properties": {
                "status": {
                    "type": "string",
                    "enum": ["ready", "degraded"],
                    "description": (
                        "ready: every task serves the version its CURRENT names. degraded: a task serves an older "
                        "version, a served version no longer verifies, or a CURRENT pointer is missing; the worker "
                        "still answers (alert on this, do not take the worker out)."
                    ),
                },
                "models": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "The version each task serves.",
                },
                "degraded": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "Only when status is degraded: the reason per degraded task.",
                },
            },
        },
        "Reloaded": {
            "type": "object",
            "required": ["loaded", "models"],
            "properties": {
                "loaded": {"type": "object", "additionalProperties": {"type": "string"}},
                "models": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "field"],
                    "properties": {
                        "code": {
                            "type": "string",
                            "enum": list(ERROR_CODES),
                            "description": "; ".join(f"`{code}`: {meaning}" for code, meaning in ERROR_CODES.items()),
                        },
                        "message": {"type": "string"},
                        "field": {"type": "string", "nullable": True, "description": "The request field at fault."},
                    },
                }
            },
        },
    }


def _analyze_schemas(config, tasks, text):
    """Return the schemas of ``POST /v1/analyze``: an article in, its sentences, sources and summary out."""
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    return {
        "AnalyzeRequest": {
            "type": "object",
            "additionalProperties": False,
            "description": (
                "Either text (one article: its sentences and who-says-what table) or articles (a list: one row "
                "per sentence with the article's metadata, and the corpus summary); summary goes with articles."
            ),
            "properties": {
                "text": {
                    **text,
                    "maxLength": config["MAX_ARTICLE_CHARS"],
                    "description": (
                        "The article as plain text, paragraphs on their own lines: not only whitespace, no NUL "
                        "character. HTML is not stripped: tags and entities are read as words and </p><p> ends "
                        "no sentence."
                    ),
                    "example": "Security analysts stress that the drills are defensive. Belgrade warned that they threaten Serbs.",
                },
                "articles": {
                    "type": "array",
                    "items": _ref("Article"),
                    "minItems": 1,
                    "maxItems": config["MAX_ARTICLES"],
                    "description": f"At most {config['MAX_ARTICLES']} articles (STANCE_MAX_ARTICLES), answered in this order.",
                },
                "task": {
                    "type": "string",
                    "enum": sorted(tasks),
                    "description": f"Task to answer (default {config['DEFAULT_TASK']!r}).",
                },
                "summary": _ref("SummaryRequest"),
            },
            "oneOf": [
                {"required": ["text"], "not": {"anyOf": [{"required": ["articles"]}, {"required": ["summary"]}]}},
                {"required": ["articles"], "not": {"required": ["text"]}},
            ],
        },
        **_articles_schemas(config),
        "Attribution": {
            "type": "object",
            "required": ["source", "start", "end", "cue", "role", "claim_frame"],
            "properties": {
                "source": {"type": "string", "description": "The actor credited with a claim."},
                "start": {"type": "integer", "description": "Offset of the source in the sentence."},
                "end": {"type": "integer"},
                "cue": {"type": "string", "description": "The reporting word: said, warned, according to ..."},
                "role": {"type": "string", "enum": ["speaker", "disputed"]},
                "claim_frame": {"type": "string", "description": "The frame of the claim credited to the source."},
                "resolved_from": {
                    "type": "string",
                    "description": "How the source was found outside its own words: the pronoun or bare title ('the president') resolved to it, 'quote' (a quotation running on) or 'previous sentence' (a rejection of the claim just told) or 'earlier sentence' (a rejection of a claim told a few sentences before, when the sentence just before backs the rejecting side).",
                },
            },
        },
        "AnalyzedSentence": {
            "type": "object",
            "required": ["text", "start", "end", "label", "confidence", "probabilities", "attributions"],
            "properties": {
                "text": {"type": "string"},
                "start": {"type": "integer", "description": "Offset of the sentence in the article."},
                "end": {"type": "integer"},
                "label": {"type": "string"},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "probabilities": {
                    "type": "object",
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
                },
                "attributions": {"type": "array", "items": _ref("Attribution")},
                "warning": {
                    "type": "string",
                    "description": (
                        "Present only when the sentence was not scored (no word of it is known to the model, or "
                        "it does not read as English), as in a classify Result: its probabilities are the "
                        "model's base rates."
                    ),
                },
            },
        },
        "AnalyzeResponse": {
            "type": "object",
            "required": ["model", "sentences", "summary"],
            "properties": {
                "model": {
                    "type": "object",
                    "required": ["task", "version"],
                    "properties": {"task": {"type": "string"}, "version": {"type": "string"}},
                },
                "sentences": {"type": "array", "items": _ref("AnalyzedSentence")},
                "summary": {
                    "type": "object",
                    "required": ["sentences", "frames", "not_scored", "sources", "roles"],
                    "properties": {
                        "sentences": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "The article's sentences: the frames added up, plus not_scored.",
                        },
                        "frames": {**counts, "description": "Sentences per frame, of the sentences scored."},
                        "not_scored": {
                            "type": "integer",
                            "minimum": 0,
                            "description": (
                                "Sentences not scored (those with a warning: not English, or no word the model "
                                "knows). Their label is the model's base rates, so they are counted here alone: in "
                                "no frame and no source's claims, as stance summarize counts them apart (unscored)."
                            ),
                        },
                        "sources": {
                            "type": "object",
                            "additionalProperties": counts,
                            "description": (
                                "Who says what: per source, its claims per frame, both roles added up (see roles)."
                            ),
                        },
                        "roles": {
                            "type": "object",
                            "description": (
                                "Who says what, per role: per source (the keys of sources), speaker counts its own "
                                "claims per frame, disputed the claims a sentence rejects as its, per frame of "
                                "that claim. A source counts once per sentence and role, as in the corpus summary."
                            ),
                            "additionalProperties": {
                                "type": "object",
                                "required": ["speaker", "disputed"],
                                "properties": {"speaker": counts, "disputed": counts},
                            },
                        },
                    },
                },
            },
        },
    }


def _articles_schemas(config):
    """Return the schemas of ``POST /v1/analyze`` with articles: an article, the summary options, rows and summary."""
    scalar = {"not": {"anyOf": [{"type": "object"}, {"type": "array"}]}}
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    name = {"type": "string", "description": "A column of the rows: a metadata field or a sentence column."}
    integer = {"type": "integer", "minimum": 0}
    refs = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
    defaults = SummaryOptions()
    return {
        "Article": {
            "type": "object",
            "required": ["text"],
            "properties": {
                "text": {
                    "type": "string",
                    "pattern": "^[^\\x00]*$",
                    "description": (
                        "The article, paragraphs on their own lines; no NUL character. An empty article, or one "
                        f"over {config['MAX_ARTICLE_CHARS']} characters, is not refused: it gets one row with its "
                        "fields and the reason in error."
                    ),
                },
                "id": {
                    **scalar,
                    "description": "The article's id, copied to its rows; the summary counts articles by it.",
                },
            },
            "additionalProperties": {
                **scalar,
                "description": (
                    "Metadata (outlet, date, ...): a string, number, boolean or null, copied to every row of the "
                    "article. A field named like a sentence column (label, start ...) is copied as input_<name>, "
                    "as stance analyze copies it."
                ),
            },
        },
        "SummaryRequest": {
            "type": "object",
            "additionalProperties": False,
            "description": (
                "Options of the summary (those of stance summarize); column names are those of the rows. "
                "With no date column in any article, the summary has no periods (period null)."
            ),
            "properties": {
                "by": {
                    "oneOf": [name, {"type": "array", "items": name}],
                    "description": "Group by these columns (default: no grouping, one group of all rows).",
                },
                "period": {"type": "string", "enum": list(PERIODS), "default": defaults.period},
                "date_column": {**name, "default": defaults.date_column},
                "id_column": {**name, "description": "The article id column (default: id, when the articles have it)."},
                "min_confidence": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 1,
                    "description": "Sentences below it are left out of the shares and counted apart as uncertain.",
                },
                "alert_min_count": {"type": "integer", "minimum": 1, "default": defaults.alert_min_count},
                "alert_min_articles": {
                    "type": "integer",
                    "minimum": 1,
                    "default": defaults.alert_min_articles,
                    "description": "Fewest articles the frame's sentences in a period must come from for an alert.",
                },
                "alert_fdr": {
                    "type": "number",
                    "minimum": 0,
                    "exclusiveMinimum": True,
                    "maximum": 1,
                    "default": defaults.alert_fdr,
                    "description": (
                        "False discovery rate of the alerts, held over every group, frame and period tested "
                        "(Benjamini-Hochberg)."
                    ),
                },
                "evidence": {"type": "integer", "minimum": 1, "default": defaults.evidence},
                "outlet_column": {**name, "default": defaults.outlet_column},
            },
        },
        "SentenceRow": {
            "type": "object",
            # An error row holds every sentence column too (null), so all of them are always there.
            "required": sentence_columns([]),
            "description": (
                "The article's fields (but text) first, then its sentence; p_<label> per label. "
                "An article that cannot be analysed has one row: its fields, model and error, the rest null."
            ),
            "properties": {
                "sentence": {"type": "integer", "nullable": True, "description": "0-based index in the article."},
                "start": {"type": "integer", "nullable": True, "description": "article[start:end] is the sentence."},
                "end": {"type": "integer", "nullable": True},
                "text": {"type": "string", "nullable": True, "description": "The sentence."},
                "label": {"type": "string", "nullable": True},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1, "nullable": True},
                "speakers": {"type": "string", "nullable": True, "description": "Normalised names joined with |."},
                "disputed": {"type": "string", "nullable": True, "description": "Normalised names joined with |."},
                "speaker_claims": {
                    "type": "string",
                    "nullable": True,
                    "description": "The claim frame of each name in speakers, in the same order, joined with |.",
                },
                "disputed_claims": {
                    "type": "string",
                    "nullable": True,
                    "description": "The frame of the rejected claim of each name in disputed, in order, joined with |.",
                },
                "model": {"type": "string", "description": "The model version that answered."},
                "error": {"type": "string", "description": "Empty, or why the article could not be analysed."},
                "warning": {
                    "type": "string",
                    "nullable": True,
                    "description": (
                        "Empty, or why the sentence was not scored (no word of it is known to the model, or it "
                        "does not read as English): its probabilities are then the model's base rates. Null on "
                        "an error row."
                    ),
                },
            },
            "additionalProperties": scalar,
        },
        "CorpusSummary": {
            "type": "object",
            "description": (
                "The summary stance summarize writes as JSON: per group and period the count and share of each "
                "frame, uncertain sentences and articles; sources merged across spellings, as speaker and as "
                "disputed source; frame-shift alerts. A reference r<n> (and a line n) is rows[n]. The first "
                "sentences behind each number are kept in sentences, each naming its article in articles."
            ),
            "required": [
                "input",
                "options",
                "labels",
                "totals",
                "warnings",
                "periods",
                "groups",
                "sources",
                "alerts",
                "sentences",
                "articles",
            ],
            "properties": {
                "input": {"type": "string"},
                "options": {
                    "type": "object",
                    "properties": {
                        "by": {"type": "array", "items": {"type": "string"}},
                        "period": {"type": "string", "nullable": True},
                        "date_column": {"type": "string", "nullable": True},
                        "id_column": {"type": "string", "nullable": True},
                        "min_confidence": {"type": "number", "nullable": True},
                    },
                },
                "labels": {"type": "array", "items": {"type": "string"}},
                "alert_labels": {"type": "array", "items": {"type": "string"}},
                "totals": {
                    "type": "object",
                    "required": ["rows", "sentences", "uncertain", "counts", "articles", "article_errors"],
                    "properties": {
                        "rows": integer,
                        "sentences": integer,
                        "uncertain": integer,
                        "unscored": {
                            **integer,
                            "description": (
                                "Sentences not scored (a warning: not English, or no word the model knows), counted "
                                "apart from the frames like uncertain ones; sentences = counts + uncertain + "
                                "unscored. Absent from summaries saved before it was counted."
                            ),
                        },
                        "counts": counts,
                        "articles": {**integer, "nullable": True},
                        "article_errors": integer,
                        "undated_rows": integer,
                        "skipped_rows": integer,
                    },
                },
                "warnings": {"type": "array", "items": {"type": "string"}},
                "warning_kinds": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "The kind of each warning, in the same order as warnings: no_id_column, "
                    "no_sources, undated_rows, skipped_rows, bad_claims, not_utf8, unscored_rows or similar_groups "
                    "(absent from summaries saved before kinds existed).",
                },
                "periods": {"type": "array", "items": {"type": "string"}},
                "groups": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "values", "sentences", "articles", "periods"],
                        "properties": {
                            "name": {"type": "string"},
                            "values": {"type": "object", "additionalProperties": {"type": "string"}},
                            "sentences": integer,
                            "articles": integer,
                            "periods": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["period", "sentences", "uncertain", "articles", "counts", "shares"],
                                    "properties": {
                                        "period": {"type": "string", "nullable": True},
                                        "start": {"type": "string", "nullable": True},
                                        "sentences": integer,
                                        "uncertain": integer,
                                        "unscored": integer,
                                        "articles": integer,
                                        "article_errors": integer,
                                        "counts": counts,
                                        "articles_with": {
                                            **counts,
                                            "nullable": True,
                                            "description": (
                                                "Per label, the articles with at least one of its (confident) "
                                                "sentences in this group and period: a share made by one long "
                                                "article shows as 1. Null when the rows have neither an id nor "
                                                "a sentence column and articles cannot be told apart."
                                            ),
                                        },
                                        "shares": {
                                            "type": "object",
                                            "additionalProperties": {"type": "number", "nullable": True},
                                        },
                                        "evidence": refs,
                                    },
                                },
                            },
                        },
                    },
                },
                "sources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "speaker", "disputed", "mentions", "quoted_by"],
                        "properties": {
                            "name": {"type": "string"},
                            "key": {"type": "string"},
                            "speaker": counts,
                            "disputed": counts,
                            "mentions": integer,
                            "quoted_by": {
                                **counts,
                                "description": "Sentences per outlet (or group) that cite the source, in either role.",
                            },
                            "quoted_by_role": {
                                "type": "object",
                                "description": (
                                    "quoted_by apart per role: speaker (sentences crediting the source) and "
                                    "disputed (sentences rejecting its claims); the two add up to quoted_by."
                                ),
                                "properties": {"speaker": counts, "disputed": counts},
                            },
                        },
                    },
                },
                "alert_test": {
                    "type": "object",
                    "description": (
                        "What the alerts were tested with: cells (tested, every group, watched label and period "
                        "with a baseline), fdr, p_cutoff (a cell is a discovery when its p-value is at most this, null "
                        "without any), and per label article_correlation and dispersion (the design effect's estimates)."
                    ),
                },
                "alerts": {
                    "type": "array",
                    "description": (
                        "Frame-shift alerts: a group's count of a watched label in a period (count of total) higher "
                        "than in its earlier periods pooled (previous_periods, at least 3, each with at least "
                        "alert_min_count sentences; baseline_count of baseline_total, baseline_share; "
                        "baseline_mean and baseline_sd of their own shares) by a one-sided Fisher's exact test "
                        "(p_value) on counts divided by the design effect of sentences sharing an article's "
                        "frames (design_effect), whose Benjamini-Hochberg q_value over every cell tested is at "
                        "most alert_fdr, with at least alert_min_count sentences of the label from at least "
                        "alert_min_articles articles. threshold: the alert level, the lowest share of the period "
                        "that would have fired. articles_with: the period's articles with that label; articles: all "
                        "of the period's articles (both null when articles cannot be told apart)."
                    ),
                    "items": {"type": "object"},
                },
                "sentences": {
                    "type": "object",
                    "description": "The sentences behind the numbers (their evidence refs), by reference r<n>.",
                    "additionalProperties": _ref("KeptSentence"),
                },
                "articles": {
                    "type": "object",
                    "description": (
                        "The article of each kept sentence, stored once, by the reference in its article field: "
                        "a<n> for the n-th article of the rows (counted by id, or by sentence runs), or r<n> "
                        "when the rows have neither an id nor a sentence column and articles cannot be told apart."
                    ),
                    "additionalProperties": _ref("KeptArticle"),
                },
            },
        },
        "KeptSentence": {
            "type": "object",
            "required": ["line", "id", "sentence", "text", "label", "article"],
            "properties": {
                "line": {"type": "integer", "minimum": 0, "description": "Its row: rows[line]."},
                "id": {"type": "string", "description": "Its article's id, or empty."},
                "sentence": {"type": "string", "description": "Its index in the article, or empty."},
                "text": {"type": "string"},
                "label": {"type": "string"},
                "confidence": {"type": "string", "description": "As written in the row, or empty."},
                "group": {"type": "array", "items": {"type": "string"}, "description": "Its values of the by columns."},
                "period": {"type": "string", "nullable": True, "description": "Null when undated."},
                "speakers": {"type": "string"},
                "disputed": {"type": "string"},
                "speaker_claims": {"type": "string", "description": "Its row's, or empty when the rows have none."},
                "disputed_claims": {"type": "string", "description": "Its row's, or empty when the rows have none."},
                "article": {"type": "string", "description": "The key of its article in articles."},
            },
        },
        "KeptArticle": {
            "type": "object",
            "required": ["id", "title", "outlet", "date"],
            "description": "An article behind kept sentences; a field is empty when the rows do not have it.",
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string", "description": "From the title column (title_column, default title)."},
                "outlet": {"type": "string", "description": "From the outlet column (outlet_column)."},
                "date": {
                    "type": "string",
                    "description": "The day it is counted in (YYYY-MM-DD), or empty when undated.",
                },
            },
        },
        "AnalyzeArticlesResponse": {
            "type": "object",
            "required": ["model", "columns", "rows", "summary"],
            "properties": {
                "model": {
                    "type": "object",
                    "required": ["task", "version"],
                    "properties": {"task": {"type": "string"}, "version": {"type": "string"}},
                },
                "columns": {"type": "array", "items": {"type": "string"}, "description": "The rows' keys, in order."},
                "rows": {"type": "array", "items": _ref("SentenceRow"), "description": "In input order."},
                "summary": _ref("CorpusSummary"),
            },
        },
    }


def _analyze_operation(config):
    """Return the ``POST /v1/analyze`` operation."""
    return {
        "post": {
            "summary": "Analyse an article",
            "description": (
                'Send `{"text": "<article>"}` as application/json (UTF-8). The answer is the object '
                "`stance analyze --json` prints: every sentence with its offsets, frame and sources, and a summary "
                f"with the who-says-what table. Limit: {config['MAX_ARTICLE_CHARS']} characters per article "
                "(STANCE_MAX_ARTICLE_CHARS). "
                'Or send `{"articles": [{"id": "a1", "outlet": "...", "date": "2026-03-04", "text": "..."}, ...], '
                '"summary": {"by": ["outlet"], "period": "week"}}`: the answer holds the rows '
                "`stance analyze articles.jsonl` writes (each article's fields but text, then one row per sentence, "
                "in input order) and the summary `stance summarize` makes of them. An empty article, or one over "
                "the character limit, gets one row with its fields and the reason in `error`. "
                f"Limit: {config['MAX_ARTICLES']} articles per request (STANCE_MAX_ARTICLES), and the body size."
            ),
            "operationId": "analyze",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AnalyzeRequest")}}},
            "responses": {
                "200": _json_response(
                    "text: the article's sentences, sources and summary; articles: sentence rows and the corpus summary.",
                    {"oneOf": [_ref("AnalyzeResponse"), _ref("AnalyzeArticlesResponse")]},
                ),
                "400": _error(
                    "Invalid body: the error names the code and the field (articles[3].text, summary.by). "
                    "text_too_long past the article limit (with text), too_many_articles, unknown_column for a "
                    "summary option naming no column, unknown_date_format when no article's date can be read."
                ),
                "413": _error("Body larger than STANCE_MAX_CONTENT_LENGTH."),
                "415": _error("Content-Type is not application/json with UTF-8."),
            },
        }
    }


def _add_target_fields(schemas, config, tasks):
    """Document target/targets in ClassifyRequest while a task with a target column is served; return schemas."""
    targeted = sorted(task for task, predictor in tasks.items() if getattr(predictor, "target_column", None))
    if targeted:
        request = schemas["ClassifyRequest"]
        request["description"] = (
            f"Tasks with a target column ({', '.join(targeted)}) need the claim or entity each text is about: "
            "target with text, or targets (one per text, same order) with texts. Other tasks refuse them "
            "(code target_not_supported)."
        )
        request["properties"]["target"] = _ref("Text")
        request["properties"]["targets"] = {
            "type": "array",
            "items": _ref("Text"),
            "minItems": 1,
            "maxItems": config["MAX_TEXTS"],
        }
    return schemas


def build_spec(config, tasks):
    """Return the OpenAPI 3.0 document for an app with this config serving these tasks."""
    limits = (
        f"Limits: at most {config['MAX_TEXTS']} texts per request (STANCE_MAX_TEXTS), "
        f"{config['MAX_TEXT_CHARS']} characters per text (STANCE_MAX_TEXT_CHARS), "
        f"{config['MAX_CONTENT_LENGTH']} bytes per body (STANCE_MAX_CONTENT_LENGTH)."
    )
    paths = {
        "/v1/classify": {
            "post": {
                "summary": "Classify sentences",
                "description": (
                    'Send `{"text": "..."}` or `{"texts": ["...", ...]}` as application/json (UTF-8). '
                    "Results come in input order and are the objects `stance classify` prints. " + limits
                ),
                "operationId": "classify",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ClassifyRequest")}},
                },
                "responses": {
                    "200": _json_response("One result per text.", _ref("ClassifyResponse")),
                    "400": _error("Invalid body: the error names the code and the field."),
                    "413": _error("Body larger than STANCE_MAX_CONTENT_LENGTH."),
                    "415": _error("Content-Type is not application/json with UTF-8."),
                },
            }
        },
        "/v1/analyze": _analyze_operation(config),
        "/v1/models": {
            "get": {
                "summary": "List the served models",
                "operationId": "models",
                "responses": {"200": _json_response("Every served task and its model.", _ref("Models"))},
            }
        },
        "/healthz": {
            "get": {
                "summary": "Liveness: the process is up",
                "operationId": "healthz",
                "responses": {"200": _json_response("Up.", _ref("Status"))},
            }
        },
        "/readyz": {
            "get": {
                "summary": "Readiness: the default model is loaded and answers",
                "operationId": "readyz",
                "responses": {
                    "200": _json_response(
                        "Ready or degraded (still answering), with the version served per task.", _ref("Ready")
                    ),
                    "503": _error("Not ready."),
                },
            }
        },
        "/metrics": {
            "get": {
                "summary": "Prometheus metrics",
                "operationId": "metrics",
                "responses": {
                    "200": {
                        "description": "Prometheus text format.",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "openapi",
                "responses": {"200": _json_response("OpenAPI 3 document.", {"type": "object"})},
            }
        },
        "/docs": {
            "get": {
                "summary": "Readable API page",
                "operationId": "docs",
                "responses": {
                    "200": {"description": "HTML page.", "content": {"text/html": {"schema": {"type": "string"}}}}
                },
            }
        },
    }
    spec = {
        "openapi": "3.0.3",
        "info": {
            "title": "stance",
            "version": "1",
            "description": (
                "Classify how news sentences frame security (threat, stability or neutral). Every error is "
                '`{"error": {"code", "message", "field"}}`; every response carries X-Request-ID (the client\'s, '
                "if it sends a plain one, else a new one), and the server's log line of a refused request names "
                "that id with the error's code and field."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": _add_target_fields(_schemas(config, tasks), config, tasks),
            "headers": {
                "RequestId": {"description": "The request's id, also in the log line.", "schema": {"type": "string"}}
            },
        },
    }
    if config["ADMIN_TOKEN"]:
        spec["components"]["securitySchemes"] = {"adminToken": {"type": "http", "scheme": "bearer"}}
        paths["/v1/admin/reload"] = {
            "post": {
                "summary": "Load the current model versions now",
                "description": "Only this worker reloads now; the others notice the new CURRENT pointer within STANCE_RELOAD_INTERVAL.",
                "operationId": "adminReload",
                "security": [{"adminToken": []}],
                "responses": {
                    "200": _json_response("Loaded.", _ref("Reloaded")),
                    "401": _error("Missing or wrong token."),
                    "429": _error("Too many wrong tokens from this address; wait for Retry-After seconds."),
                    "422": _error("The new version was refused; the old one keeps serving."),
                },
            }
        }
    from service.openapi_lifecycle import add_lifecycle_paths  # It builds on this module's helpers.

    add_lifecycle_paths(spec, config, tasks)
    _add_default_errors(paths)
    return spec


def _add_default_errors(paths):
    """Document, on every operation, that any status it does not list is a JSON error too (404, 405, 500 ...)."""
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"].setdefault(
                "default",
                _error(
                    "Any other failure, in the same error shape: 404 not_found (no such path; paths take no "
                    "trailing slash), 405 method_not_allowed (with an Allow header), 413 payload_too_large, "
                    "500 internal_error (logged with the request's X-Request-ID)."
                ),
            )


def openapi_json():
    """Answer ``GET /openapi.json``."""
    return jsonify(current_spec())


def current_spec():
    """Build the document for the running app."""
    return build_spec(current_app.config, current_app.extensions["stance"].snapshot())


def docs():
    """Answer ``GET /docs`` with a self-contained HTML page (no scripts, no CDN)."""
    return Response(render_docs(current_spec()), mimetype="text/html")


def render_docs(spec):
    """Render the OpenAPI document as a plain HTML page."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>stance API</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.6rem;overflow:auto}"
        "h2{border-top:1px solid #ddd;padding-top:1rem}.m{font-weight:bold;color:#05a}</style></head><body>",
        f"<h1>{esc(spec['info']['title'])} API</h1><p>{esc(spec['info']['description'])}</p>",
        "<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a>.</p>",
        "<h2>Example</h2><pre>curl -s localhost:8000/v1/classify -H 'Content-Type: application/json' \\\n"
        "  -d '{&quot;text&quot;: &quot;Belgrade warned that the drones threaten Serbs in the north.&quot;}'</pre>",
        "<p>A whole article, sentence by sentence with who says what:</p><pre>jq -Rs '{text: .}' article.txt |\\\n"
        "  curl -s localhost:8000/v1/analyze -H 'Content-Type: application/json' -d @-</pre>",
    ]
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            parts.append(f"<h2><span class='m'>{method.upper()}</span> <code>{esc(path)}</code></h2>")
            parts.append(f"<p><b>{esc(op['summary'])}</b>. {esc(op.get('description', ''))}</p>")
            body = op.get("requestBody")
            if body:
                schema = body["content"]["application/json"]["schema"]
                parts.append("<p>Request body (application/json):</p>")
                parts.append(f"<pre>{esc(json.dumps(_resolve(spec, schema), indent=2))}</pre>")
            parts.append("<ul>")
            for status, response in op["responses"].items():
                parts.append(f"<li><code>{esc(status)}</code> {esc(response['description'])}</li>")
            parts.append("</ul>")
    parts.append("<h2>Error body</h2>")
    parts.append(f"<pre>{esc(json.dumps(_resolve(spec, _ref('Error')), indent=2))}</pre></body></html>")
    return "\n".join(parts)


def _resolve(spec, schema):
    """Inline ``$ref``s so the page shows whole schemas."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return _resolve(spec, spec["components"]["schemas"][name])
        return {k: _resolve(spec, v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_resolve(spec, v) for v in schema]
    return schema


def init_app(app):
    """Add ``/openapi.json`` and ``/docs``."""
    app.add_url_rule("/openapi.json", "openapi", openapi_json, methods=["GET"])
    app.add_url_rule("/docs", "docs", docs, methods=["GET"])
