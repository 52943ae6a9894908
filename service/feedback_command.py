"""The ``stance feedback`` commands: list, accept, reject and export the corrections users sent."""

import csv
import io
import json
import logging
import os
import sys
from pathlib import Path

import click

from model.store import write_atomic
from service.cli_options import model_dir_option
from training.corrections import review_corrections
from training.data import DataError, load_labeled
from training.feedback import DB_ENV, STATUSES, FeedbackError, FeedbackStore, confirms_model, default_db_path
from training.tasks import TaskError, get_task

log = logging.getLogger(__name__)
EXPORT_COLUMNS = (
    "text",
    "target",
    "label",
    "id",
    "task",
    "predicted_label",
    "model_version",
    "note",
    "status",
    "created_at",
    "reviewed_at",
)


def _options(command):
    """Add ``--task``, ``--model-dir`` and ``--db`` to a command."""
    command = click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=None,
        help=f"Feedback store (env {DB_ENV}; default: $XDG_DATA_HOME/stance/feedback.sqlite3, "
        "~/.local/share/stance/feedback.sqlite3 when XDG_DATA_HOME is unset).",
    )(command)
    command = model_dir_option(
        command,
        help="Model folder (env STANCE_MODEL_DIR); only looked at for a store an older stance kept there.",
    )
    return click.option("--task", default=None, help="Only this task's corrections (default: every task).")(command)


def _store(model_dir, db):
    """The corrections store; one named by --db or the environment that does not exist is warned about.

    It may not exist yet (the service creates it on the first correction) and then reads as empty,
    but a mistyped path reads as empty too, so the warning names it.
    """
    path = default_db_path(model_dir, db)
    named = "--db" if db else DB_ENV if os.environ.get(DB_ENV) else None
    if named and not path.exists():
        log.warning("%s: no corrections store there yet (%s); reading it as empty", path, named)
    return FeedbackStore(path)


def _check_task(task):
    """Refuse a --task that no task has: its corrections would read as none."""
    if task is not None:
        try:
            get_task(task)
        except TaskError as exc:
            raise click.ClickException(str(exc)) from None


@click.group()
def feedback():
    """Review the corrections sent to POST /v1/feedback before they join training.

    A correction starts as pending. Accepted ones are merged into the next `stance train`
    of their task, unless they contradict the corpus or overlap the test file: those are
    reported (here and in the training log) and left out. Nothing is ever written into
    the training file; `stance feedback export` writes corrections as CSV for a person
    to fold into the corpus.
    """


MERGED_NEXT = "merged by the next training run"


def _used_note(model_dir, store_path, row):
    """Say which trained versions already used an accepted correction, or that the next training merges it."""
    from model.store import StoreError, current_version

    versions = used_by(model_dir, store_path, row["task"], row["id"])
    if not versions:
        return MERGED_NEXT
    try:
        current = current_version(model_dir, row["task"])
    except StoreError:
        current = None
    return f"used by version {_versions_text(versions, current)}; merged again by every training run"


def _merge_notes(rows, task, data_path, test_path):
    """Return ``{id: note}`` saying what training will do with each pending or accepted correction of ``task``."""
    spec = get_task(task)
    columns = (spec.text_column, spec.label_column, spec.labels, spec.target_column)
    train = load_labeled(data_path or spec.data, *columns)
    test = load_labeled(test_path or spec.test, *columns)
    accepted = [r for r in rows if r["status"] == "accepted"]
    pending = [r for r in rows if r["status"] == "pending"]
    # Accepted ones are reviewed exactly as the next training run will; pending ones as if accepted too.
    reviews = {"accepted": review_corrections(accepted, train, test, labels=spec.labels)}
    if pending:
        reviews["pending"] = review_corrections(accepted + pending, train, test, labels=spec.labels)
    notes = {}
    for row in accepted + pending:
        review = reviews[row["status"]]
        reason = review.reason_for(row["id"])
        if reason:
            notes[row["id"]] = ("NOT MERGED: " if row["status"] == "accepted" else "would not merge: ") + reason
        elif any(c["id"] == row["id"] for c in review.known):
            notes[row["id"]] = "already in the corpus"
        elif row["status"] == "accepted":
            notes[row["id"]] = MERGED_NEXT
    return notes


@feedback.command("list")
@_options
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only corrections with this status.")
@click.option("--data", "data_path", type=click.Path(dir_okay=False), help="Training file to check against (default: the task's).")  # fmt: skip
@click.option("--test", "test_path", type=click.Path(dir_okay=False), help="Test file to check against (default: the task's).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def list_command(task, model_dir, db, status, data_path, test_path, as_json):
    """List corrections, oldest first, and what the next training run will do with each.

    Pending and accepted corrections are checked against the task's training and test
    files: one that contradicts the corpus or overlaps the test file is flagged. A label
    equal to the model's own prediction is marked "confirms the model".

    \b
    Example:
        stance feedback list --status pending
    """
    if (data_path or test_path) and task is None:
        raise click.UsageError("--data and --test need --task")
    try:
        _check_task(task)
        rows = _store(model_dir, db).list(task=task, status=status)
    except FeedbackError as exc:
        raise click.ClickException(str(exc)) from None
    notes = {}
    for name in sorted({r["task"] for r in rows if r["status"] != "rejected"}):
        try:
            notes.update(_merge_notes([r for r in rows if r["task"] == name], name, data_path, test_path))
        except (TaskError, DataError) as exc:
            log.warning("task %s: corrections not checked against the corpus: %s", name, exc)
    store_path = _store(model_dir, db).path
    for row in rows:
        row["merge"] = notes.get(row["id"])
        row["agrees_with_model"] = confirms_model(row["label"], row.get("predicted_label"))
        if row["status"] == "accepted" and row["merge"] == MERGED_NEXT:
            row["merge"] = _used_note(model_dir, store_path, row)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no corrections" + (f" with status {status}" if status else ""))
        return
    click.echo(f"{'ID':>5}  {'STATUS':<8}  {'TASK':<10}  {'LABEL':<10}  {'PREDICTED':<10}  {'CREATED':<25}  TEXT")
    for row in rows:
        text = row["text"] + (f" [target: {row['target']}]" if row.get("target") else "")
        # One line per correction: a text pasted with line breaks or tabs would break the table.
        text = " ".join(text.split())
        text = text if len(text) <= 70 else text[:69] + "…"
        click.echo(
            f"{row['id']:>5}  {row['status']:<8}  {row['task']:<10}  {row['label']:<10}  "
            f"{row['predicted_label'] or '-':<10}  {row['created_at']:<25}  {text}"
        )
        said = ["confirms the model"] if row["agrees_with_model"] else []
        said += [row["merge"]] if row["merge"] else []
        if said:
            click.echo(f"{'':>7}{'; '.join(said)}")


def _interactive():
    """Whether a person at a terminal can answer a confirmation prompt."""
    return sys.stdin is not None and sys.stdin.isatty()


def _same_file(a, b):
    """Whether two paths name the same file (a missing one names none)."""
    return bool(a) and bool(b) and Path(a).resolve() == Path(b).resolve()


def used_by(model_dir, store_path, task, correction_id):
    """Return the versions of ``task`` whose training merged correction ``correction_id``, oldest first.

    A version's metadata lists the ids it merged and the store they came from; ids from another
    store are other corrections, so those versions are left out.
    """
    from model.artifact import ArtifactError, read_metadata
    from model.store import StoreError, list_versions

    versions = []
    try:
        names = list_versions(model_dir, task)
    except (StoreError, OSError):
        return []
    for version in names:
        try:
            used = read_metadata(model_dir, task, version)["data"].get("corrections") or {}
        except (ArtifactError, KeyError, AttributeError):
            continue
        if correction_id in used.get("merged_ids", ()) and _same_file(used.get("store"), store_path):
            versions.append(version)
    return versions


def _versions_text(versions, current):
    """Name the versions that used a correction: the newest few, the current one marked."""
    shown = [f"{v} (current)" if v == current else v for v in versions[-3:]]
    older = len(versions) - len(shown)
    return ", ".join(shown) + (f" and {older} older" if older else "")


def flip_message(row, status, versions, current, done=True):
    """Say what changing a decided correction to ``status`` does: what it was, who used it, what training does.

    ``done`` says it happened ("now rejected: ..."); otherwise it says what would happen.
    """
    what = f"#{row['id']} was {row['status']}"
    if versions:
        what += f" and used by version {_versions_text(versions, current)}"
    elif row["status"] == "accepted":
        what += " (no trained version used it yet)"
    change = f"now {status}" if done else f"if {status}"
    if status == "rejected":
        return f"{what}; {change}: the next training of {row['task']} leaves it out"
    return (
        f"{what}; {change}: the next training of {row['task']} merges it "
        "(unless it contradicts the corpus or overlaps the test file)"
    )


def _set_status(ids, status, model_dir, db, task, yes=False):
    """Change the status of ``ids`` and echo one line per correction.

    A pending correction changes without a word. One already accepted or rejected is flipped only
    with ``yes`` or a "yes" at the prompt, after saying what changes (a version may have learnt
    from it); one that already has ``status`` is left as it is.
    """
    from model.store import StoreError, current_version

    store = _store(model_dir, db)
    try:
        known = {row["id"]: row for row in store.list()}
    except FeedbackError as exc:
        raise click.ClickException(str(exc)) from None
    ids = list(dict.fromkeys(ids))
    missing = [str(i) for i in ids if i not in known]
    rows = [known[i] for i in ids if i in known]
    if missing:
        # A typo in one id changes nothing, as the store's own all-or-none rule has it.
        raise click.ClickException(f"no correction with id {', '.join(missing)} in {store.path}; nothing changed")
    if task is not None:
        others = [r["id"] for r in rows if r["task"] != task]
        if others:
            raise click.ClickException(f"correction {', '.join(map(str, others))} is not of task {task!r}")
    flips, used = {}, {}
    for row in rows:
        if row["status"] not in ("pending", status):
            try:
                current = current_version(model_dir, row["task"])
            except StoreError:
                current = None
            used[row["id"]] = (used_by(model_dir, store.path, row["task"], row["id"]), current)
            flips[row["id"]] = row
    if flips and not yes:
        verb = "accept" if status == "accepted" else "reject"
        them = "it" if len(flips) == 1 else "them"
        pending = [flip_message(r, status, *used[i], done=False) for i, r in flips.items()]
        if not _interactive():
            raise click.ClickException(f"{'; '.join(pending)}. Nothing changed: run again with --yes to {verb} {them}")
        for message in pending:
            click.echo(message)
        click.confirm(f"{verb.capitalize()} {them}?", abort=True)
    changing = [r["id"] for r in rows if r["status"] != status]
    try:
        changed = {r["id"]: r for r in store.set_status(changing, status)} if changing else {}
    except FeedbackError as exc:
        raise click.ClickException(str(exc)) from None
    for row in rows:
        if row["id"] not in changed:
            click.echo(f"#{row['id']} is already {status}; nothing changed")
        elif row["id"] in flips:
            click.echo(flip_message(flips[row["id"]], status, *used[row["id"]]))
        else:
            new = changed[row["id"]]
            click.echo(f"#{new['id']} {status} ({new['task']}, {new['label']}): {new['text'][:70]}")


_YES = click.option("--yes", "-y", is_flag=True, help="Change corrections already accepted or rejected without asking.")


@feedback.command("accept")
@_options
@_YES
@click.argument("ids", nargs=-1, type=int, required=True)
def accept_command(task, model_dir, db, yes, ids):
    """Accept corrections IDS: the next `stance train` of their task merges them.

    Run `stance feedback list --status accepted` to see whether any will be refused.
    A rejected correction is accepted only with --yes (or a yes at the prompt).

    \b
    Example:
        stance feedback accept 3 4 7
    """
    _set_status(ids, "accepted", model_dir, db, task, yes)


@feedback.command("reject")
@_options
@_YES
@click.argument("ids", nargs=-1, type=int, required=True)
def reject_command(task, model_dir, db, yes, ids):
    """Reject corrections IDS: they are kept, but never used for training.

    An accepted correction (perhaps already used by a trained version) is rejected only with
    --yes (or a yes at the prompt); the message says which versions used it.

    \b
    Example:
        stance feedback reject 5
    """
    _set_status(ids, "rejected", model_dir, db, task, yes)


def export_csv(rows):
    """Return corrections as CSV text, text, target and label first so the file loads as labeled data."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@feedback.command("export")
@_options
@click.option(
    "--status",
    type=click.Choice((*STATUSES, "all")),
    default="accepted",
    show_default=True,
    help="Which corrections to write.",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output CSV file; - writes to stdout.")
def export_command(task, model_dir, db, status, output):
    """Write corrections as CSV (text, target, label, id, task, predicted_label, ...), for folding into the corpus.

    A file whose content would not change is left untouched, so `make train` retrains
    only when the accepted corrections change.

    \b
    Example:
        stance feedback export --task framing -o corrections.csv
    """
    try:
        _check_task(task)
        rows = _store(model_dir, db).list(task=task, status=None if status == "all" else status)
    except FeedbackError as exc:
        raise click.ClickException(str(exc)) from None
    text = export_csv(rows)
    if output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            log.info("%s unchanged (%d corrections)", path, len(rows))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, user_output=True)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot write ({exc})") from None
    log.info("wrote %d corrections to %s", len(rows), path)
