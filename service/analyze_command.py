"""The ``stance analyze`` command: frame and source of every sentence of an article, and who says what.

Given one article it prints the analysis; given a corpus (a table of articles, or a folder or glob of
``.txt`` files) it writes one row per sentence through the batch machinery of ``stance score``.
"""

import json
import os
import sys

import click
from click.core import ParameterSource

from model.article import DEFAULT_MAX_CHARS, ROLES, ArticleError, analyze_article
from service.batch.formats import INPUT_FORMATS, STDIO
from service.cli_options import batch_options, max_field_chars_option, model_dir_option, task_option

TEXT_WIDTH = 90
CORPUS_OUTPUT_FORMATS = ("csv", "tsv", "jsonl", "parquet")
# Articles per chunk: an article takes milliseconds (tens of sentences), a Dask task costs more to ship.
LOCAL_BATCH_SIZE = 200
DASK_BATCH_SIZE = 500
# Options that only a corpus uses; given with a single article they are an error, not ignored.
CORPUS_OPTIONS = (
    "output",
    "text_column",
    "id_column",
    "output_format",
    "workers",
    "batch_size",
    "engine",
    "scheduler",
    "max_field_chars",
)


# How a source found outside its own words is marked: a quotation running on, or the claim just told.
_RESOLVED_NOTES = {
    "quote": " (quote continues)",
    "previous sentence": " (the claim of the sentence before)",
    "earlier sentence": " (an earlier sentence's claim)",
}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@task_option
@model_dir_option
@click.option("--json", "as_json", is_flag=True, help="One article: print the full analysis as JSON.")
@click.option(
    "--max-chars",
    default=DEFAULT_MAX_CHARS,
    show_default=True,
    type=click.IntRange(1),
    help="Longest article accepted; in a corpus a longer one gets an error row.",
)
@click.option("-o", "--output", default=STDIO, show_default=True, help="Corpus: output file; - writes to stdout.")
@click.option(
    "--text-column", default="text", show_default=True, help="Corpus: column (or JSONL field) with the article."
)
@click.option("--id-column", default=None, help="Corpus: column naming each article [default: id, if there is one].")
@click.option(
    "--format",
    "input_format",
    type=click.Choice(INPUT_FORMATS),
    help="Read PATHS as a corpus in this format (txt: one article per file) [default: from the extension].",
)
@click.option(
    "--output-format",
    type=click.Choice(CORPUS_OUTPUT_FORMATS),
    help="Corpus: output format [default: the output's extension, else the input's; .txt files give JSONL].",
)
@batch_options(
    scope="Corpus: ",
    chunk_help=f"articles per chunk [default: {LOCAL_BATCH_SIZE:,}; {DASK_BATCH_SIZE:,} with --engine dask].",
    engine_help="local worker processes, or a Dask cluster.",
)
@max_field_chars_option(scope="Corpus: ")
@click.pass_context
def analyze(ctx, paths, task, model_dir, as_json, max_chars, **corpus):
    """Analyse an article (PATH, or - for stdin), or a corpus of them, sentence by sentence.

    One article: each sentence's frame and the sources it credits or disputes, then who says what.

    A corpus, one article per row of a CSV, TSV, JSONL or Parquet file (or a folder or glob of
    .txt files, one article each, with the columns id (file name) and path; a folder's .text files
    and names in any case, B.TXT, too), gives one row per sentence, in input order: every input
    column but the text, then sentence (0-based index in its article), start and end (character
    offsets: article[start:end] is the sentence), text, label, confidence, p_<label> per label,
    speakers and disputed (the sources' names, pronouns resolved, joined with |), speaker_claims
    and disputed_claims (the claim frame of each of those names, in the same order), model and
    error. An article that cannot be analysed (empty, bad bytes, over --max-chars, a file that
    cannot be read or a dangling link) gets one row with its columns and the message in error (a
    malformed JSON line or CSV record, which has no columns to keep, names its line there); a
    folder's entry named like an article that is not a file (a subfolder) is skipped with a
    warning. When not one article can be analysed, the output is still written and the command
    exits with status 1. Ids that name more than one article are reported as a warning; their
    rows are kept. Several table
    files go into one output, with a source column naming each row's file. The file is
    written under a temporary name and renamed when complete.

    A single .txt file (or -) is one article; a .csv/.tsv/.jsonl/.parquet file, a folder, a
    glob, several paths or --format make a corpus.

    \b
    Example:
        stance analyze article.txt
        curl -s https://example.org/story.txt | stance analyze - --json
        stance analyze articles.jsonl --text-column text --id-column id -o sentences.csv
        stance analyze stories/ -o sentences.parquet
        stance analyze archive.csv --text-column body -o rows.csv --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from service.batch.analyze import is_corpus
    from service.cli import load_predictor, load_task
    from service.errors import ApiError, check_target

    corpus_mode = is_corpus(paths, corpus["input_format"])
    given = [name for name in CORPUS_OPTIONS if ctx.get_parameter_source(name) != ParameterSource.DEFAULT]
    if corpus_mode and as_json:
        raise click.ClickException("--json prints one article; a corpus is written as rows (see --output-format)")
    if not corpus_mode and given:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        raise click.ClickException(
            f"{paths[0]} is one article, and {options} only apply to a corpus; "
            "pass a .csv/.tsv/.jsonl/.parquet file, a folder or glob of .txt files, or --format txt"
        )
    predictor = load_predictor(model_dir, load_task(task))
    try:
        # The same rule as POST /v1/analyze: an article's sentences come without a target each.
        check_target(predictor, has_target=False, endpoint="analyze")
    except ApiError as exc:
        raise click.ClickException(exc.message) from None
    if corpus_mode:
        _analyze_corpus(predictor, paths, max_chars, model_dir, corpus)
    else:
        _analyze_one(predictor, paths[0], max_chars, as_json)


def _analyze_one(predictor, path, max_chars, as_json):
    """Analyse one article file (or stdin) and print the analysis."""
    name = "<stdin>" if path == STDIO else path
    # Read raw bytes (a UTF-8 character is at most 4) so CRLF line endings and offsets stay as in the
    # file, exactly as POST /v1/analyze sees them, and stop soon after the limit on huge inputs.
    limit = 4 * (max_chars + 1)
    if path == STDIO:
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise click.ClickException("<stdin>: stdin is closed; pass a file name or pipe the article in")
        raw = stdin.read(limit)
    else:
        try:
            with open(path, "rb") as fh:
                raw = fh.read(limit)
        except FileNotFoundError:
            raise click.ClickException(f"{path}: no such file") from None
        except OSError as exc:
            raise click.ClickException(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise click.ClickException(f"{name}:{line}: byte 0x{raw[exc.start]:02x} is not valid UTF-8") from None
    if len(text) > max_chars:
        raise click.ClickException(f"{name}: article is longer than the limit of {max_chars:,} characters")
    try:
        result = analyze_article(predictor, text, max_chars=max_chars)
    except ArticleError as exc:
        raise click.ClickException(f"{name}: {exc}") from None
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(format_analysis(result))


def _analyze_corpus(predictor, paths, max_chars, model_dir, corpus):
    """Write the sentence rows of every article of the corpus, on the engine chosen."""
    from service.batch.analyze import AnalyzeOptions, analyze_files
    from service.score_command import refuse_if_none_scored, run_batch

    engine = corpus["engine"]
    if corpus["scheduler"] and engine != "dask":
        raise click.ClickException("--scheduler needs --engine dask")
    options = AnalyzeOptions(
        inputs=list(paths),
        output=corpus["output"],
        input_format=corpus["input_format"],
        output_format=corpus["output_format"],
        text_column=corpus["text_column"],
        id_column=corpus["id_column"],
        batch_size=corpus["batch_size"] or (DASK_BATCH_SIZE if engine == "dask" else LOCAL_BATCH_SIZE),
        workers=corpus["workers"] or os.cpu_count() or 1,
        engine=engine,
        scheduler=corpus["scheduler"],
        max_field_chars=corpus["max_field_chars"],
        model_dir=model_dir,
        max_chars=max_chars,
    )
    refuse_if_none_scored(run_batch(analyze_files, predictor, options), corpus["output"], "article", "analysed")


def format_analysis(result):
    """Return the analysis as terminal lines: numbered sentences with their sources, then the tables."""
    lines = []
    for number, sentence in enumerate(result["sentences"], 1):
        text = sentence["text"]
        short = text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"
        lines.append(f"{number:>3}. {sentence['label']:<10} {sentence['confidence']:.2f}  {short}")
        for item in sentence["attributions"]:
            resolved = item.get("resolved_from")
            via = _RESOLVED_NOTES.get(resolved, f" (from “{resolved}”)") if resolved else ""
            lines.append(
                f"{'':>5}{item['role']:<9} {item['source']}{via} — {item['cue']} — claim: {item['claim_frame']}"
            )
    summary = result["summary"]
    lines.append("")
    # Sentences not scored are in no frame (their label is the model's base rates): said beside the count.
    not_scored = f", {summary['not_scored']} not scored" if summary.get("not_scored") else ""
    frames = ", ".join(f"{k} {v}" for k, v in summary["frames"].items())
    lines.append(f"Frames ({summary['sentences']} sentences{not_scored}): {frames or 'none'}")
    lines.append("")
    lines.append("Who says what:")
    if not summary["sources"]:
        lines.append("  (no attributed claims)")
    width = max((len(name) for name in summary["sources"]), default=0)
    role_width = max(map(len, ROLES))
    # One line per source and role, the name repeated so that each line reads (and greps) on its own.
    for name, by_role in summary["roles"].items():
        for role in ROLES:
            if by_role.get(role):
                counts = ", ".join(f"{frame} {n}" for frame, n in by_role[role].items())
                lines.append(f"  {name:<{width}}  {role:<{role_width}}  {counts}")
    if any(by_role.get("disputed") for by_role in summary["roles"].values()):
        lines.append("  (disputed: the claims a sentence rejects as the source's, by the frame of that claim)")
    model = result["model"]
    lines.append("")
    lines.append(f"model: {model['task']} {model['version']}")
    return "\n".join(lines)
