"""The ``stance`` command: train, classify, evaluate and check data from the shell.

Only click and light modules load with this one: scikit-learn, pyarrow and Dask (seconds of imports)
load inside the commands that use them, or with the command's own module, so ``stance serve`` and
``stance --version`` do not wait for them. ``stance --help`` still imports every command, for its
one-line help.
"""

import importlib
import json
import logging
import signal
import sys
from collections.abc import MutableMapping
from contextlib import nullcontext

import click

from model.text import text_problem
from service.batch.interruptible import interruptible
from service.cli_options import model_dir_option, require_target_option, task_option
from training.data import DataError, load_labeled
from training.tasks import TaskError, get_task
from training.variety import variety_report

STDIN_BATCH = 256
# Commands with their own modules, imported the first time click looks one up.
LAZY_COMMANDS = {
    "serve": "service.serve_command:serve",
    "score": "service.score_command:score",
    "analyze": "service.analyze_command:analyze",
    "summarize": "service.summarize_command:summarize",
    "models": "service.models_command:models",
    "feedback": "service.feedback_command:feedback",
    "review": "service.review_command:review",
}


class LazyCommands(MutableMapping):
    """A group's ``commands`` that imports a command's module when the command is first looked up.

    Listing the names imports nothing; ``group.commands[name]``, ``.get(name)`` and ``.items()`` do.
    """

    def __init__(self, lazy):
        self._lazy = dict(lazy)
        self._loaded = {}

    def __getitem__(self, name):
        if name not in self._loaded:
            module, _, attr = self._lazy.pop(name).partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), attr)
        return self._loaded[name]

    def __setitem__(self, name, command):
        self._lazy.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name):
        if self._lazy.pop(name, None) is None:
            del self._loaded[name]

    def __contains__(self, name):
        return name in self._loaded or name in self._lazy

    def __iter__(self):
        yield from list(self._loaded)
        yield from list(self._lazy)

    def __len__(self):
        return len(self._loaded) + len(self._lazy)


class ModuleDefault:
    """An option default read from a module when a command runs or shows its help, not at import."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self):
        return getattr(importlib.import_module(self.module), self.name)

    def __str__(self):
        # click prints str(default) after "default:" in --help.
        return str(self())


def load_task(name):
    """Return the task or turn a :class:`TaskError` into a click error."""
    try:
        return get_task(name)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from None


def load_predictor(model_dir, task):
    """Load the current version of ``task`` or turn the failure into a click error."""
    from model.artifact import ArtifactError, load_artifact

    try:
        return load_artifact(model_dir, task.name)
    except ArtifactError as exc:
        raise click.ClickException(str(exc)) from None


class StanceGroup(click.Group):
    """The command group; Ctrl-C anywhere ends with status 130, as a shell expects of SIGINT."""

    def invoke(self, ctx):
        """Run the command; turn an interrupt that no command handled into status 130 instead of click's 1."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Click would print "Aborted!" and exit 1, which scripts cannot tell from an error.
            click.echo("Interrupted.", err=True)
            ctx.exit(128 + signal.SIGINT)


@click.group(cls=StanceGroup)
@click.version_option(package_name="stance")
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
def cli(verbose, quiet):
    """Classify how news sentences frame security: threat, stability or neutral."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")


cli.commands = LazyCommands(LAZY_COMMANDS)


@cli.command()
@task_option
@click.option("--data", type=click.Path(dir_okay=False), help="Training file (default: the task's).")
@click.option("--test", type=click.Path(dir_okay=False), help="Held-out test file (default: the task's).")
@model_dir_option
@click.option("--force", is_flag=True, help="Make the new version current even if the quality gate refuses it.")
# The env names are spelled out, not imported: training.gate and model.lifecycle load scikit-learn.
@click.option("--tolerance", envvar="STANCE_GATE_TOLERANCE", default=ModuleDefault("training.gate", "DEFAULT_TOLERANCE"), show_default=True, type=click.FloatRange(0, 1), help="Largest allowed drop of test macro-F1 against the current version (env STANCE_GATE_TOLERANCE).")  # fmt: skip
@click.option("--keep", envvar="STANCE_KEEP_VERSIONS", default=ModuleDefault("model.lifecycle", "DEFAULT_KEEP"), show_default=True, type=click.IntRange(min=1), help="Versions to keep; older ones are deleted, never the current one (env STANCE_KEEP_VERSIONS).")  # fmt: skip
def train(task, data, test, model_dir, force, tolerance, keep):
    """Train a new model version, evaluate it on the test file and make it current if it passes the gate.

    Prints the new version and its metrics as JSON: on real published sentences
    (../shared/benchmarks/realnews-dev or STANCE_REALNEWS, when present) and on the
    held-out test file. A failed run leaves the
    previous version current. The quality gate re-scores the current version on the
    same test file; if the new macro-F1 is lower by more than --tolerance, the new
    version is kept as a candidate and the command exits with status 1.

    \b
    Example:
        stance train --task framing
    """
    from model.lifecycle import LifecycleError
    from training.gate import GateRefused
    from training.train import train_task

    spec = load_task(task)
    refused = None
    try:
        metadata = train_task(spec, model_dir, data, test, force=force, tolerance=tolerance, keep=keep)
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    except LifecycleError as exc:
        # The new version is saved; only making it current failed (CURRENT cannot be written).
        raise click.ClickException(f"the new version was saved but not made current: {exc}") from None
    except GateRefused as exc:
        metadata, refused = exc.metadata, exc
    metrics = metadata["metrics"]
    real = metadata.get("realnews")
    summary = {
        "task": spec.name,
        "version": metadata["version"],
        "params": metadata["params"],
        # Real published sentences first: they are the yardstick; the test file is written like the corpus.
        "realnews": _realnews_summary(real) if real else None,
        "cross_validation_macro_f1": metadata["cross_validation"]["macro_f1_mean"],
        "test": {k: metrics[k] for k in ("n", "accuracy", "macro_f1", "ece")},
        "per_label_f1": {label: s["f1"] for label, s in metrics["per_label"].items()},
        "training_seconds": metadata["training_seconds"],
        "promoted": metadata["promoted"],
        "gate": metadata.get("gate"),
    }
    click.echo(json.dumps(summary, indent=2))
    if refused:
        raise click.ClickException(str(refused))


def _realnews_summary(real):
    """Return the real-news figures of a training run as the train command prints them."""
    framing, attribution = real["framing"], real["attribution"]
    return {
        "n": real["n"],
        "macro_f1": framing["macro_f1"],
        "per_label_f1": {label: s["f1"] for label, s in framing["per_label"].items()},
        "per_region_macro_f1": {region: s["macro_f1"] for region, s in real["regions"].items()},
        "ece": framing["ece"],
        "speaker_f1": attribution["speaker"]["f1"],
        "disputed_f1": attribution["disputed"]["f1"],
    }


def _stdin_batches(stream):
    """Yield lists of at most ``STDIN_BATCH`` decoded lines from a binary stream, without reading it all.

    A line that is not valid UTF-8 comes through as ``None`` so that it can be reported, not dropped.
    """
    batch = []
    for number, raw in enumerate(stream):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            line = None
        # A byte order mark opens a file saved by some editors; it is no part of the first sentence.
        batch.append(line[1:] if number == 0 and line and line[0] == "\ufeff" else line)
        if len(batch) == STDIN_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@cli.command()
@task_option
@click.argument("texts", nargs=-1)
@click.option("--explain", is_flag=True, help="Add the n-grams that pushed each sentence toward and against its label.")
@click.option("--target", default=None, help="The claim or entity every text is about (tasks with a target column).")
@model_dir_option
def classify(task, texts, explain, target, model_dir):
    """Classify TEXTS (or each line of stdin) and print one JSON object per line.

    Each object has text, label, confidence, probabilities and model (the version).
    A blank stdin line gets an object with an error instead, so output lines match input lines.

    \b
    Example:
        stance classify "Belgrade warned that the drones threaten Serbs in the north."
        cat sentences.txt | stance classify
        stance classify --task emergent --target "Apple will sell 19 million watches" "Analyst doubts Apple Watch sales"
    """
    spec = load_task(task)
    _check_arguments(texts, target)
    predictor = load_predictor(model_dir, spec)
    require_target_option(predictor, target is not None, "--target")
    if not texts and sys.stdin is None:
        # Started with stdin closed (``<&-``), Python sets it to None.
        raise click.ClickException("stdin is closed; pass the texts as arguments or pipe them in")
    # A signal always wakes a wait for the next line (see service.batch.interruptible).
    with nullcontext() if texts else interruptible(sys.stdin.buffer) as stdin:
        batches = [list(texts)] if texts else _stdin_batches(stdin)
        for batch in batches:
            errors = [_line_error(text) for text in batch]
            filled = [text for text, error in zip(batch, errors) if error is None]
            targets = None if target is None else [target] * len(filled)
            results = iter(predictor.predict(filled, explain=explain, targets=targets))
            for text, error in zip(batch, errors):
                if error is None:
                    click.echo(json.dumps(next(results), ensure_ascii=False))
                else:
                    click.echo(json.dumps({"text": text, "error": error, "model": predictor.version}))


def _check_arguments(texts, target):
    """Refuse a text argument or ``--target`` that the API would refuse, as a usage error naming it."""
    for number, text in enumerate(texts, 1):
        # A blank argument (zero-width characters too) is a mistake on the command line, not an input line.
        message = text_problem(text, name=f"text argument {number}")
        if message is not None:
            raise click.UsageError(f"{message}; pass a sentence, or no argument to read lines from stdin")
    message = None if target is None else text_problem(target, name="--target")
    if message is not None:
        raise click.UsageError(f"{message}; pass the claim or entity the texts are about")


def _line_error(text):
    """Why a line of ``stance classify``'s input is not classified (as the API refuses it), or None."""
    return "line is not valid UTF-8" if text is None else text_problem(text)


@cli.command()
@task_option
@click.argument("path", type=click.Path(dir_okay=False))
@model_dir_option
def evaluate(task, path, model_dir):
    """Score a labeled file (CSV, TSV or JSONL) with the current model and print its metrics as JSON.

    \b
    Example:
        stance evaluate training/data/framing_test.csv
    """
    from training.evaluate import evaluate as evaluate_metrics

    spec = load_task(task)
    predictor = load_predictor(model_dir, spec)
    try:
        data = load_labeled(path, spec.text_column, spec.label_column, spec.labels, spec.target_column)
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    metrics = evaluate_metrics(data.y, predictor.predict_proba(data.inputs), predictor.labels)
    click.echo(json.dumps({"model": predictor.version, "path": path, **metrics}, indent=2))


@cli.group()
def data():
    """Inspect labeled data."""


@data.command("check")
@task_option
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--test", "test_path", type=click.Path(dir_okay=False), help="A test file to check for overlap with PATH."
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def data_check(task, path, test_path, as_json):
    """Check a labeled file: class balance, duplicates, conflicting labels, overlap with a test file, variety.

    Variety: sentence lengths (beside real news when ../shared/benchmarks/realnews-dev
    or STANCE_REALNEWS is present), headlines, questions, datelines, repeated
    skeletons and the spread of regions. With the real-news file present, rows (of
    PATH and of the test file) that share six consecutive words with one of its
    sentences are listed by line, without the real text. Exits with status 1 when it
    finds duplicates, conflicts, overlap, shared runs, or (in a file of 500 rows or
    more) too little variety.

    \b
    Example:
        stance data check training/data/framing.csv --test training/data/framing_test.csv
    """
    from training.checks import SHARED_RUN_WORDS, check_corpus, find_shared_runs

    spec = load_task(task)
    try:
        columns = (spec.text_column, spec.label_column, spec.labels, spec.target_column)
        train_data = load_labeled(path, *columns)
        test_data = load_labeled(test_path, *columns) if test_path else None
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    report = check_corpus(train_data, test_data)
    real_texts = _realnews_texts()
    report["variety"] = variety_report(train_data.X, real_texts)
    if real_texts:
        report["realnews_shared_run_words"] = SHARED_RUN_WORDS
        report["realnews_shared_runs"] = [
            {"path": dataset.path, "line": dataset.lines[i], "realnews_row": j + 1}
            for dataset in filter(None, (train_data, test_data))
            for i, j in find_shared_runs(dataset.X, real_texts)
        ]
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(_format_report(report))
    problems = (
        report["exact_duplicates"]
        or report["conflicts"]
        or report["near_duplicates"]
        or report.get("test_overlap")
        or report["variety"]["problems"]
        or report.get("realnews_shared_runs")
    )
    if problems:
        sys.exit(1)


def _realnews_texts():
    """Return the real-news sentences to compare lengths with, or None when the file is absent or unreadable."""
    from training.realnews import RealNewsError, load_realnews, realnews_path

    path = realnews_path()
    try:
        return [row["text"] for row in load_realnews(path)] if path else None
    except (OSError, RealNewsError):
        return None


def _format_variety(variety):
    """Return the variety section of the check report as readable lines."""
    lengths = variety["words_per_sentence"]
    lines = [
        "variety:",
        f"  words per sentence: median {lengths['median']:g}, quartiles {lengths['q1']:g}-{lengths['q3']:g}, "
        f"5-95% {lengths['p5']:g}-{lengths['p95']:g}",
    ]
    reference = variety.get("reference")
    if reference:
        ref = reference["words_per_sentence"]
        lines.append(
            f"  real news ({reference['rows']} sentences): median {ref['median']:g}, quartiles {ref['q1']:g}-{ref['q3']:g}, "
            f"5-95% {ref['p5']:g}-{ref['p95']:g}; headlines {reference['headline_share']:.1%}"
        )
    lines.append(
        f"  headlines {variety['headline_share']:.1%}, questions {variety['question_share']:.1%}, "
        f"datelines {variety['dateline_share']:.1%}, distinct skeletons {variety['distinct_skeleton_share']:.1%}"
    )
    regions = ", ".join(f"{region} {share:.0%}" for region, share in variety["region_share"].items())
    lines.append(f"  regions (share of sentences naming one): {regions}; none named {variety['no_region_share']:.0%}")
    lines.append(f"variety problems: {len(variety['problems'])}")
    lines.extend("  " + problem for problem in variety["problems"])
    return lines


def _format_report(report):
    """Return the check report as readable lines."""
    total = report["rows"]
    lines = [f"{report['path']}: {total} rows"]
    for label, count in report["labels"].items():
        lines.append(f"  {label:<12} {count:>6}  {count / total:6.1%}")
    sections = [
        (
            "exact duplicates",
            report["exact_duplicates"],
            lambda g: ", ".join(f"line {r['line']}" for r in g) + f": {g[0]['text'][:70]!r}",
        ),
        (
            "conflicting labels",
            report["conflicts"],
            lambda g: ", ".join(f"line {r['line']} {r['label']}" for r in g) + f": {g[0]['text'][:70]!r}",
        ),
        (
            "near duplicates",
            report["near_duplicates"],
            lambda p: (
                f"lines {p['rows'][0]['line']} and {p['rows'][1]['line']} (similarity {p['similarity']}): {p['rows'][0]['text'][:60]!r}"
            ),
        ),
    ]
    if "test_overlap" in report:
        sections.append(
            (
                "overlap with " + report["test_path"],
                report["test_overlap"],
                lambda o: (
                    f"train line {o['train']['line']} ~ test line {o['test']['line']} (similarity {o['similarity']}): {o['test']['text'][:60]!r}"
                ),
            )
        )
    if "realnews_shared_runs" in report:
        sections.append(
            (
                f"rows sharing {report['realnews_shared_run_words']} or more consecutive words with a real-news sentence",
                report["realnews_shared_runs"],
                # The real sentences are other people's text: say where, never what.
                lambda r: f"{r['path']}:{r['line']} (real-news row {r['realnews_row']})",
            )
        )
    for title, items, fmt in sections:
        lines.append(f"{title}: {len(items)}")
        lines.extend("  " + fmt(item) for item in items)
    if "variety" in report:
        lines.extend(_format_variety(report["variety"]))
    return "\n".join(lines)
