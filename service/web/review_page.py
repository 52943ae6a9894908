"""Page 3, ``/review``: label the least-certain sentences, accept or reject corrections, retrain.

A review queue is a background job (:func:`service.web.review_job.run_queue`) over a finished corpus
job's sentences or an uploaded file; each label is stored as a correction exactly as ``POST
/v1/feedback`` stores it. Accept and reject change a correction's status as ``stance feedback
accept/reject`` do. Retrain is a job running ``stance train``'s function with the same corrections
store; the page then shows the new version's figures beside the version that was current.
"""

import logging
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for

from model.artifact import ArtifactError, read_metadata
from model.store import StoreError, current_version, task_dir
from service.errors import ApiError
from service.web import auth
from service.web.article_view import frame_tones
from service.web.card_view import hide_paths
from service.web.corpus_job import sentences_path
from service.web.corpus_page import jobs_store, save_upload, show_form_errors
from service.web.corrections import feedback_store, store_correction
from service.web.jobs import ACTIVE, JobError, JobLimit, start_job
from service.web.models_page import read_current, version_row
from service.web.pages import FormError
from service.web.review_job import load_queue
from training.feedback import FeedbackError

logger = logging.getLogger(__name__)

bp = Blueprint("review", __name__, url_prefix="/review")
REVIEW_FORMATS = ("csv", "tsv", "jsonl", "txt")
DEFAULT_ITEMS = 50
MAX_ITEMS = 1000


def _task():
    """The task the page reviews and retrains: the service's default task."""
    return current_app.extensions["stance"].default_task


def _predictor():
    """The served predictor of the default task."""
    return current_app.extensions["stance"].snapshot()[_task()]


def corrections_queue():
    """Return ``(pending, accepted)`` rows of the default task's corrections, or ``(None, [])`` when off."""
    store = feedback_store()
    if store is None:
        return None, []
    try:
        rows = store.list(task=_task())
    except FeedbackError as exc:
        logger.error("cannot read the corrections store: %s", exc)
        return None, []
    return [r for r in rows if r["status"] == "pending"], [r for r in rows if r["status"] == "accepted"]


def _same_file(a, b):
    """Whether two paths name the same file (``None`` names none)."""
    if not a or not b:
        return False
    return Path(a).resolve() == Path(b).resolve()


def retrain_news(accepted):
    """Say what a retrain would add to the current version: ``{"version", "accepted", "new", "known", "problem"}``.

    A version's metadata lists the ids of the accepted corrections its training read (merged, already
    in the corpus, or refused). The ``new`` ones are those it did not read; ``known`` is false when
    the metadata cannot say (no ids, or another corrections store), and then ``new`` is every one.
    ``problem`` says why the current version cannot be read (its ``CURRENT`` or its metadata), or is ``None``.
    """
    model_dir, task = current_app.config["MODEL_DIR"], _task()
    news = {"version": None, "accepted": len(accepted), "new": len(accepted), "known": False, "problem": None}
    try:
        news["version"] = version = current_version(model_dir, task)
        used = (read_metadata(model_dir, task, version)["data"].get("corrections") or {}) if version else {}
    except (ArtifactError, StoreError, OSError) as exc:
        # The quality gate refuses to compare with such a version: the page says so before a retrain.
        logger.warning("cannot read the current version of %s: %s", task, exc)
        news["problem"] = hide_paths(str(exc), model_dir)
        return news
    except (KeyError, AttributeError) as exc:
        logger.warning("cannot tell which corrections the current version of %s read: %s", task, exc)
        return news
    if "merged_ids" not in used or not _same_file(used.get("store"), current_app.config.get("FEEDBACK_DB")):
        return news
    read = {*used["merged_ids"], *used.get("already_in_corpus_ids", []), *used.get("refused_ids", [])}
    news.update(new=sum(1 for r in accepted if r["id"] not in read), known=True)
    return news


def running_retrain(store):
    """Return the oldest retrain of the default task that is queued or running, or ``None``."""
    active = [j for j in store.list("retrain") if j["status"] in ACTIVE and j["params"]["task"] == _task()]
    return active[-1] if active else None


def retrain_refusal(news, running):
    """Return why a retrain should not start now (a sentence), or ``None`` when it may."""
    if running:
        return (
            f"A retrain of {_task()} is already running (started {running['created_at'][:16].replace('T', ' ')} UTC); "
            "wait for it to finish."
        )
    if not news["accepted"]:
        return "Nothing to train on: no correction is accepted yet. Accept corrections first."
    if news["known"] and not news["new"]:
        return (
            f"Nothing new to train on: every accepted correction was already considered when version "
            f"{news['version']} was trained. Accept more corrections first (or run stance train after changing "
            "the training file)."
        )
    return None


def render_index(error=None, form=None, chosen=None):
    """Render the start form, the review queues, the corrections queue and the retrains.

    ``chosen`` is the file a refused form carried: the page asks for it again.
    """
    store = jobs_store()
    pending, accepted = corrections_queue()
    news = retrain_news(accepted)
    running = running_retrain(store)
    corpora = [j for j in store.list("corpus") if j["status"] == "done"]
    page = render_template(
        "review.html",
        error=error,
        form=form or {},
        chosen=chosen,
        queues=store.list("review"),
        corpora=corpora,
        pending=pending,
        news=news,
        running=running,
        refusal=retrain_refusal(news, running),
        retrains=store.list("retrain", limit=5),
        task=_task(),
        tones=frame_tones(_predictor().labels),
        default_items=DEFAULT_ITEMS,
        max_items=MAX_ITEMS,
    )
    return page, error.status if error else 200


show_form_errors(bp, render_index, "web.review.start")


@bp.get("")
def index():
    """The review page."""
    return render_index()


def _source_params():
    """Return where the queue's sentences come from: a finished corpus job, or the uploaded file (saved)."""
    from service.batch.formats import format_of

    store = jobs_store()
    corpus_id = request.form.get("corpus", "").strip()
    upload = request.files.get("file")
    if corpus_id:
        try:
            corpus = store.get(corpus_id, kind="corpus")
        except JobError:
            raise FormError(f"There is no corpus job {corpus_id!r}.", field="corpus") from None
        if corpus["status"] != "done":
            raise FormError(f"Corpus job {corpus_id} is {corpus['status']}; choose a finished one.", field="corpus")
        path = sentences_path(store.job_folder(corpus_id), corpus["result"])
        fmt = format_of(str(path))
        if fmt not in REVIEW_FORMATS:
            raise FormError(f"The sentences of corpus job {corpus_id} are {fmt}; review reads CSV, TSV, JSONL or text.", field="corpus")  # fmt: skip
        return {"path": str(path), "format": fmt, "text_column": "text", "filename": corpus["params"]["filename"]}
    path, filename, fmt = save_upload(
        upload,
        store.folder / "uploads",
        REVIEW_FORMATS,
        missing="Choose a finished corpus or a file of sentences.",
        refused="{filename}: review reads CSV, TSV, JSONL or text lines, not {fmt}.",
    )
    text_column = request.form.get("text_column", "").strip() or "text"
    return {"path": str(path), "format": fmt, "text_column": text_column, "filename": filename, "uploaded": True}


@bp.post("")
def start():
    """Start a review queue: the least-certain sentences of a corpus or an uploaded file."""
    auth.require_writer("start a review")
    try:
        n = int(request.form.get("n") or DEFAULT_ITEMS)
    except ValueError:
        raise FormError("The number of sentences must be a whole number.", field="n") from None
    if not 1 <= n <= MAX_ITEMS:
        raise FormError(f"The number of sentences must be from 1 to {MAX_ITEMS:,}.", field="n")
    params = _source_params()
    params.update(n=n, task=_task(), version=_predictor().version, model_dir=current_app.config["MODEL_DIR"])
    store = jobs_store()
    try:
        job = store.create("review", params, current_app.config["MAX_JOBS"])
    except JobLimit as exc:
        if params.get("uploaded"):
            Path(params["path"]).unlink(missing_ok=True)
        raise FormError(str(exc), 429) from None
    start_job(current_app.config, store, job)
    return redirect(url_for("web.review.queue", job_id=job["id"]), code=303)


def _job(job_id, kind):
    try:
        return jobs_store().get(job_id, kind=kind)
    except JobError:
        raise FormError(f"There is no {kind} job {job_id!r}.", 404) from None


@bp.get("/jobs/<job_id>/status")
def status(job_id):
    """A review or retrain job's state as JSON, for the progress bar's script."""
    try:
        found = jobs_store().get(job_id)
    except JobError:
        raise FormError(f"There is no job {job_id!r}.", 404) from None
    if found["kind"] not in ("review", "retrain"):
        raise FormError(f"There is no review job {job_id!r}.", 404)
    view = "web.review.queue" if found["kind"] == "review" else "web.review.retrain_result"
    return jsonify(
        id=found["id"],
        status=found["status"],
        progress=found["progress"],
        message=found["message"],
        url=url_for(view, job_id=job_id),
    )


@bp.get("/queue/<job_id>")
def queue(job_id):
    """One sentence of the queue at a time (the first not labelled yet, or ``?item=N``), with the progress."""
    found = _job(job_id, "review")
    if found["status"] != "done":
        return render_template("job_progress.html", job=found, title="Review queue", back=url_for("web.review.index"))
    store = jobs_store()
    items = load_queue(store.job_folder(job_id))
    done = store.labelled(job_id)
    position = request.args.get("item", type=int)
    if position is None or not 1 <= position <= len(items):
        position = next((i for i in range(1, len(items) + 1) if i not in done), None)
    item = items[position - 1] if position else None
    labels = found["result"]["labels"]
    return render_template(
        "review_queue.html",
        job=found,
        item=item,
        position=position,
        total=len(items),
        done=done,
        labelled=sum(1 for v in done.values() if v["label"] != "skip"),
        labels=labels,
        tones=frame_tones(labels),
    )


@bp.post("/queue/<job_id>/label")
def label(job_id):
    """Store the label of one queue item as a correction (or skip it), then show the next."""
    auth.require_writer("label sentences")
    found = _job(job_id, "review")
    if found["status"] != "done":
        raise FormError(f"Review job {job_id} is {found['status']}.", 409)
    store = jobs_store()
    items = load_queue(store.job_folder(job_id))
    position = _form_number("item", "queue item")
    if not 1 <= position <= len(items):
        raise FormError(f"There is no item {position} in this queue.", field="item")
    choice = request.form.get("label", "")
    if choice == "skip":
        store.label_item(job_id, position, "skip", None)
        return redirect(url_for("web.review.queue", job_id=job_id), code=303)
    predictor = _predictor()
    if choice not in predictor.labels:
        raise FormError(f"Unknown frame {choice!r}; choose one of {', '.join(predictor.labels)}.", field="label")
    try:
        # Agreeing with the model is an answer here: these are the sentences it is least sure of.
        saved = store_correction(predictor, items[position - 1]["text"], choice, confirmations=True)
    except ApiError as exc:
        raise FormError(exc.message[0].upper() + exc.message[1:] + ".", exc.status, exc.field) from None
    row = saved.row
    store.label_item(job_id, position, choice, row["id"])
    was = f", was {saved.previous['label']}" if saved.replaced else ""
    # A label equal to the model's is stored like any other; say so, or it reads as a correction.
    confirms = ", confirms the model" if saved.agrees_with_model else ""
    message = f"Sentence {position} labelled {choice}{confirms} (correction #{row['id']}, {row['status']}{was})"
    if not saved.new and not saved.replaced:
        message = (
            f"Sentence {position} was already labelled {choice}{confirms} (correction #{row['id']}, {row['status']})"
        )
    if saved.removed:
        message += "; older duplicates removed: " + ", ".join(f"#{r['id']} ({r['label']})" for r in saved.removed)
    flash(message + ".", "status")
    return redirect(url_for("web.review.queue", job_id=job_id), code=303)


def _form_number(field, what):
    """The whole number a form sent in ``field``, or a :class:`FormError` that says what is missing or wrong."""
    raw = request.form.get(field)
    if raw is None or not raw.strip():
        raise FormError(f"The form sent no {what} ({field} is missing).", field=field)
    number = request.form.get(field, type=int)
    if number is None or number < 0:
        raise FormError(f"{raw[:40]!r} is no {what} number.", field=field)
    return number


@bp.post("/corrections")
def decide():
    """Accept or reject one correction, as ``stance feedback accept/reject`` does."""
    auth.require_writer("accept or reject corrections")
    action = request.form.get("action", "")
    status = {"accept": "accepted", "reject": "rejected"}.get(action)
    if status is None:
        raise FormError(f"Unknown action {action!r}; accept or reject.", field="action")
    correction_id = _form_number("id", "correction")
    store = feedback_store()
    if store is None:
        raise FormError("Corrections are off: no token is configured.", 403)
    try:
        # An id past SQLite's integer range is no correction (the store would raise OverflowError).
        row = store.get(correction_id) if correction_id < 2**63 else None
        if row is None or row["task"] != _task():
            raise FeedbackError(f"no correction with id {correction_id} of task {_task()}")
        if row["status"] != "pending":
            # The page lists pending ones only: a second tab or an old page must not flip a decision
            # (and what a trained version learnt from it) silently; the CLI says what changes and asks.
            raise FormError(
                f"Correction #{correction_id} is already {row['status']}; nothing changed. To change a decided "
                f"correction, run stance feedback {action} {correction_id}, which says what changes.",
                409,
                field="id",
            )
        store.set_status([correction_id], status)
    except FeedbackError as exc:
        raise FormError(f"Cannot {action}: {exc}.", 404, field="id") from None
    logger.info("correction #%s %s from the page", correction_id, status)
    flash(f"Correction #{correction_id} {status}.", "status")
    return redirect(url_for("web.review.index") + "#corrections", code=303)


@bp.post("/retrain")
def retrain():
    """Start a retrain of the default task with its accepted corrections; the quality gate decides."""
    auth.require_writer("retrain")
    task = _task()
    model_dir = current_app.config["MODEL_DIR"]
    store = jobs_store()
    # Checked again here, not only by the disabled button: a second tab or a double submit ends up here too.
    news = retrain_news(corrections_queue()[1])
    refusal = retrain_refusal(news, running_retrain(store))
    if refusal:
        raise FormError(refusal, 409)
    params = {
        "task": task,
        "model_dir": model_dir,
        "feedback_db": current_app.config.get("FEEDBACK_DB"),
        "tasks_file": current_app.config.get("TASKS_FILE"),
        # As retrain_news read it: None when CURRENT cannot be read (the quality gate then refuses, and says why).
        "previous": news["version"],
    }
    try:
        job = store.create("retrain", params, current_app.config["MAX_JOBS"])
    except JobLimit as exc:
        raise FormError(str(exc), 429) from None
    first = running_retrain(store)
    if first is not None and first["id"] != job["id"]:
        # Two requests passed the check at the same moment: the later job gives way before it starts.
        store.update(
            job["id"],
            status="failed",
            finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
            message="Not started: another retrain began at the same moment.",
        )
        raise FormError(retrain_refusal(None, first), 409)
    logger.info("retrain of %s started from the page (job %s)", task, job["id"])
    start_job(current_app.config, store, job)
    return redirect(url_for("web.review.retrain_result", job_id=job["id"]), code=303)


@bp.get("/retrain/<job_id>")
def retrain_result(job_id):
    """A retrain's progress, or the new version's figures beside the version that was current."""
    found = _job(job_id, "retrain")
    if found["status"] != "done":
        return render_template("job_progress.html", job=found, title="Retrain", back=url_for("web.review.index"))
    result = found["result"]
    registry = current_app.extensions["stance"]
    model_dir = found["params"]["model_dir"]
    task = result["task"]
    # A CURRENT broken since (or before: then the gate refused, and says why below) is shown, not a 500.
    current, pointer = read_current(model_dir, task)
    if result["promoted"] and _served_version(registry, task) != current and pointer is None:
        # Promoted by the job's process: this worker loads it now, as /models does after a promotion.
        registry.reload()
    served = _served_version(registry, task)
    rows = []
    for name, version in (("New", result["version"]), ("Before", result["previous"])):
        if version and (task_dir(model_dir, task) / version).is_dir():
            rows.append((name, version_row(model_dir, task, version, current, None, served)))
    return render_template(
        "review_retrain.html",
        job=found,
        result=result,
        refused=hide_paths(result.get("refused"), model_dir),
        gate_reason=hide_paths((result.get("gate") or {}).get("reason"), model_dir),
        pointer=pointer,
        rows=rows,
        current=current,
    )


def _served_version(registry, task):
    """The version this worker serves for ``task``, or ``None`` when it serves none."""
    predictor = registry.snapshot().get(task)
    return predictor.version if predictor else None
