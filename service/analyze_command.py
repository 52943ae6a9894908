"""The ``stance analyze`` command: frame and source of every sentence of an article, and who says what."""

import json

import click

from model.article import DEFAULT_MAX_CHARS, ArticleError, analyze_article
from service.cli_options import model_dir_option, task_option

TEXT_WIDTH = 90


@click.command()
@click.argument("path", type=click.File("rb"))
@task_option
@model_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the full analysis as JSON.")
@click.option(
    "--max-chars",
    default=DEFAULT_MAX_CHARS,
    show_default=True,
    type=click.IntRange(1),
    help="Longest article accepted.",
)
def analyze(path, task, model_dir, as_json, max_chars):
    """Analyse an article (PATH, or - for stdin): each sentence's frame and who it credits, then who says what.

    \b
    Example:
        stance analyze article.txt
        curl -s https://example.org/story.txt | stance analyze - --json
    """
    from service.cli import load_predictor, load_task
    from service.errors import ApiError, check_target

    predictor = load_predictor(model_dir, load_task(task))
    try:
        # The same rule as POST /v1/analyze: an article's sentences come without a target each.
        check_target(predictor, has_target=False, endpoint="analyze")
    except ApiError as exc:
        raise click.ClickException(exc.message) from None
    # Read raw bytes (a UTF-8 character is at most 4) so CRLF line endings and offsets stay as in the
    # file, exactly as POST /v1/analyze sees them, and stop soon after the limit on huge inputs.
    raw = path.read(4 * (max_chars + 1))
    name = getattr(path, "name", "<stdin>")
    name = "<stdin>" if name in ("-", "<stdin>") or not isinstance(name, str) else name
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


def format_analysis(result):
    """Return the analysis as terminal lines: numbered sentences with their sources, then the tables."""
    lines = []
    for number, sentence in enumerate(result["sentences"], 1):
        text = sentence["text"]
        short = text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"
        lines.append(f"{number:>3}. {sentence['label']:<10} {sentence['confidence']:.2f}  {short}")
        for item in sentence["attributions"]:
            resolved = item.get("resolved_from")
            via = " (quote continues)" if resolved == "quote" else f" (from “{resolved}”)" if resolved else ""
            lines.append(
                f"{'':>5}{item['role']:<9} {item['source']}{via} — {item['cue']} — claim: {item['claim_frame']}"
            )
    summary = result["summary"]
    lines.append("")
    lines.append(
        f"Frames ({summary['sentences']} sentences): " + ", ".join(f"{k} {v}" for k, v in summary["frames"].items())
    )
    lines.append("")
    lines.append("Who says what:")
    if not summary["sources"]:
        lines.append("  (no attributed claims)")
    width = max((len(name) for name in summary["sources"]), default=0)
    for name, counts in summary["sources"].items():
        lines.append(f"  {name:<{width}}  " + ", ".join(f"{frame} {n}" for frame, n in counts.items()))
    model = result["model"]
    lines.append("")
    lines.append(f"model: {model['task']} {model['version']}")
    return "\n".join(lines)
