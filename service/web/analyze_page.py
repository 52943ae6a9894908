"""Page 1, ``/``: analyse an article, explain a sentence, correct a frame, download the analysis.

Every view reads the article from the posted form and analyses it again, so no analysis is kept
on the server and any worker can answer any step. The results form carries the article once; its
buttons (download, explain, correct, sign in) post it to their own URL.
"""

from flask import Blueprint, current_app, jsonify, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from model.article import source_keys
from service.errors import ApiError
from service.feedback_api import feedback_answer
from service.web import auth
from service.web.analysis import (
    FILE_FIELD,
    TASK_FIELD,
    TEXT_FIELD,
    normalise_newlines,
    predictor_for,
    read_article,
    run_analysis,
    sentence_at,
)
from service.web.article_view import UNCERTAIN_BELOW, frame_tones, sentence_rows, source_rows
from service.web.corrections import store_correction
from service.web.downloads import csv_download, json_download
from service.web.pages import (
    ExpiredForm,
    FormError,
    chosen_file,
    refill_after_expiry,
    render_error,
    too_large_message,
    wants_json,
)

bp = Blueprint("analyze", __name__)


def article_tasks():
    """Return the served tasks that can analyse a whole article (no target column), default first."""
    registry = current_app.extensions["stance"]
    tasks = sorted(task for task, predictor in registry.snapshot().items() if not predictor.target_column)
    default = registry.default_task
    return sorted(tasks, key=lambda task: task != default)


def render_page(
    text="", task=None, predictor=None, result=None, error=None, message=None, explanations=None, corrections=None
):
    """Render the page: the article form, and the analysis when there is one.

    ``explanations`` and ``corrections`` map a sentence's index to what its row shows opened: the
    n-grams asked for, the correction just saved.
    """
    context = {
        "text": text,
        "task": task,
        "tasks": article_tasks(),
        "error": error,
        "message": message,
        "result": result,
        "max_chars": current_app.config["MAX_ARTICLE_CHARS"],
        "uncertain_below": UNCERTAIN_BELOW,
    }
    if result is not None:
        labels = predictor.labels
        # One name table for the sentence cards and the who-says-what rows.
        names = source_keys(result["sentences"])
        context.update(
            labels=labels,
            tones=frame_tones(labels),
            rows=sentence_rows(result, labels, corrections, explanations, names=names),
            sources=source_rows(result, names=names),
            task=predictor.task,
        )
    return render_template("analyze.html", **context), error.status if error else 200


def posted_article():
    """Return ``(text, task)`` of the article a results form posts back."""
    return normalise_newlines(request.form.get(TEXT_FIELD, "")), request.form.get(TASK_FIELD) or None


@bp.errorhandler(FormError)
def form_error(exc):
    """Show a problem beside the form, with the text the user sent, so nothing typed is lost."""
    if wants_json():
        return render_error(exc.message, exc.status)
    text, task = posted_article()
    return render_page(text, task, error=exc)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc):
    """Show a text or file over the form limits beside the empty form (werkzeug read none of it), naming the limit."""
    message = too_large_message("The article")
    if wants_json():
        return render_error(message, 413)
    # No field is marked: the form was not read, so whether the text or the file was too long is unknown.
    return render_page(error=FormError(message, 413))


@refill_after_expiry("web.analyze.analyze")
def expired_form(message):
    """Show the form again with the pasted text, not analysed, after its session expired; a file must be chosen again."""
    filename = chosen_file()
    if filename:
        message += f" The file {filename} was not read: choose it again."
    text, task = posted_article()
    # The file field is marked when a file must be chosen again; the text itself was not wrong.
    return render_page(text, task, error=ExpiredForm(message, 400, FILE_FIELD if filename else None))


@bp.get("/")
def index():
    """The empty form."""
    return render_page()


@bp.post("/")
def analyze():
    """Analyse the pasted text or the uploaded .txt file and show each sentence, its frame and sources."""
    text, task, filename = read_article()
    try:
        predictor, result = run_analysis(text, task, filename)
    except FormError as exc:
        return render_page(text, task, error=exc)
    return render_page(text, task, predictor, result)


@bp.post("/explain")
def explain():
    """Show the n-grams behind one sentence's frame: a fragment for the page's script, else the whole page."""
    text, task = posted_article()
    predictor = predictor_for(task)
    index, sentence = sentence_at(text, "explain")
    explanation = predictor.predict([sentence], explain=True)[0]
    if request.args.get("fragment"):
        return render_template("_explanation.html", explanation=explanation, tones=frame_tones(predictor.labels))
    predictor, result = run_analysis(text, task)
    return render_page(text, task, predictor, result, explanations={index: explanation})


def correction_message(number, saved):
    """Return the notice above the analysis after saving a correction of sentence ``number``."""
    row = saved.row
    state = f"{row['status']} review" if row["status"] == "pending" else row["status"]
    if saved.new:
        message = f"Correction #{row['id']} saved: sentence {number} is {row['label']} ({state})"
    elif saved.replaced:
        message = (
            f"Correction #{row['id']} changed: sentence {number} is {row['label']} ({state}), "
            f"no longer {saved.previous['label']}"
        )
    else:
        message = (
            f"Sentence {number} is already corrected to {row['label']} (#{row['id']}, {state}): nothing new was saved"
        )
    if saved.removed:
        message += "; older duplicates removed: " + ", ".join(f"#{r['id']} ({r['label']})" for r in saved.removed)
    return message + "."


@bp.post("/corrections")
def correct():
    """Store the right frame of one sentence, as ``POST /v1/feedback`` does, and show it on its row.

    Only the "Save correction" button posts here (choosing in the list saves nothing). A frame equal
    to the model's is refused; a new frame for a sentence with a pending correction changes it; the
    same frame again stores nothing (:func:`~service.web.corrections.store_correction`). The script
    gets ``POST /v1/feedback``'s answer, with its status: 201 when a row was added, else 200.
    """
    auth.require_writer("save a correction")
    text, task = posted_article()
    predictor = predictor_for(task)
    index, sentence = sentence_at(text, "correct")
    field = f"label-{index + 1}"
    label = request.form.get(field, "")
    try:
        if not label:
            raise ApiError(f"choose the right frame for sentence {index + 1} first", field=field)
        saved = store_correction(predictor, sentence, label)
    except ApiError as exc:
        refusal = f"{exc.message[0].upper()}{exc.message[1:]}."
        if exc.field == "label":
            refusal = f"Correction of sentence {index + 1} not saved. {refusal}"
        error = FormError(refusal, exc.status, field if exc.field == "label" else exc.field)
        if wants_json() or exc.status != 400:
            raise error from None
        # Refused choices are shown on the analysis, beside the sentence, so nothing on the page is lost.
        predictor, result = run_analysis(text, task)
        return render_page(text, task, predictor, result, error=error, corrections={index: {"error": refusal}})
    message = correction_message(index + 1, saved)
    if wants_json():
        return jsonify({**feedback_answer(saved), "message": message}), 201 if saved.new else 200
    predictor, result = run_analysis(text, task)
    return render_page(text, task, predictor, result, message=message, corrections={index: feedback_answer(saved)})


@bp.post("/analysis.csv")
def download_csv():
    """Download the analysis as CSV: one row per sentence."""
    text, task = posted_article()
    predictor, result = run_analysis(text, task)
    return csv_download(result, predictor.labels)


@bp.post("/analysis.json")
def download_json():
    """Download the analysis as JSON, the same document ``POST /v1/analyze`` answers."""
    text, task = posted_article()
    _, result = run_analysis(text, task)
    return json_download(result)
