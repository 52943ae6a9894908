"""Page 2, ``/corpus``: upload a corpus, follow its job, then its dashboard, the sentences behind each number, downloads; delete it.

The job (:mod:`service.web.corpus_job`) runs ``stance analyze``'s engine in the background; the
dashboard, the downloads and the report are :func:`~service.corpus.summary.summarize` and
:func:`~service.corpus.report_html.render_report` of the same rows, for the period and confidence
threshold in the URL, so every number equals what ``stance summarize`` prints for those options.
"""

import codecs
import io
import logging
import secrets
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.exceptions import RequestEntityTooLarge

from service.web import auth, summary_store
from service.web.corpus_job import load_summary, sentences_path, summary_path
from service.web.corpus_view import (
    CellError,
    absent_note,
    alert_rule,
    alert_views,
    cell_refs,
    colour_keys,
    error_views,
    evidence,
    frames_of,
    group_views,
    source_views,
)
from service.web.jobs import ACTIVE, JobBusy, JobError, JobLimit, JobNotFound, start_job
from service.web.pages import ExpiredForm, FormError, chosen_file, printable_name, refill_after_expiry

logger = logging.getLogger(__name__)

bp = Blueprint("corpus", __name__, url_prefix="/corpus")
TABLE_FORMATS = ("csv", "tsv", "jsonl", "parquet")
KINDS = {"articles": "Articles (one per row)", "sentences": "Sentences (rows written by stance analyze)"}
DEFAULT_PERIOD = "week"
# The form's column fields: (label, what the field holds when the user changes nothing).
COLUMN_FIELDS = {
    "text_column": ("Text column", "text"),
    "id_column": ("Id column", "id"),
    "date_column": ("Date column", "date"),
    "group_column": ("Group column", "outlet"),
    "title_column": ("Title column", "title"),
}
# An optional column left at its default that the file lacks is left out, so a file of id and text
# needs no change to the form; one the user typed and the file lacks is an error.
OPTIONAL_COLUMNS = ("id_column", "date_column", "group_column", "title_column")
# Bytes read to tell whether an upload is text at all (UTF-16, NUL bytes of a binary file).
SNIFF_BYTES = 1 << 16
# The columns every file of sentence rows written by stance analyze has (and p_<label> per frame).
SENTENCE_ROW_COLUMNS = ("sentence", "label", "model", "error")


def jobs_store():
    """The app's jobs store."""
    return current_app.extensions["stance_jobs"]


def upload_limit_message():
    """Say how large an upload may be."""
    limit = current_app.config["CORPUS_MAX_BYTES"]
    return (
        f"The file is larger than this server accepts for a corpus ({limit:,} bytes, about {limit / 2**20:,.0f} MB; "
        "STANCE_CORPUS_MAX_BYTES). Split it, or analyse it on the command line with stance analyze."
    )


def show_form_errors(bp, render_index, upload_endpoint):
    """Make ``bp`` answer a :class:`FormError` or a too-large upload with its page, the problem above the form.

    ``render_index(error, form, chosen)`` renders the page; a POST's fields go back into the form,
    and ``chosen`` names the file it carried, which a browser cannot put back: the page asks for it
    again. An expired form posted to ``upload_endpoint`` comes back the same way, nothing done.
    """

    def posted_form():
        return request.form.to_dict() if request.method == "POST" else None

    @bp.errorhandler(FormError)
    def form_error(exc):
        return render_index(exc, posted_form(), chosen_file())

    @bp.errorhandler(RequestEntityTooLarge)
    def too_large(exc):
        # A file over STANCE_CORPUS_MAX_BYTES: say the limit beside the form (werkzeug read none of it).
        return render_index(FormError(upload_limit_message(), 413, field="file"))

    @refill_after_expiry(upload_endpoint)
    def expired(message):
        chosen = chosen_file()
        return render_index(ExpiredForm(message, 400, field="file" if chosen else None), posted_form(), chosen)


def save_upload(upload, folder, formats, missing, refused):
    """Save the posted file ``upload`` in ``folder`` under a random name; return ``(path, filename, format)``.

    Raise :class:`FormError` with ``missing`` when no file was sent, with ``refused`` (formatted with
    ``filename`` and ``fmt``) when its format is not one of ``formats``, or when it is empty.
    """
    from service.batch.formats import FormatError, format_of

    if upload is None or not upload.filename:
        raise FormError(missing, field="file")
    filename = printable_name(upload.filename)
    try:
        fmt = format_of(filename)
    except FormatError:
        # The batch message lists every format `stance score` reads; this form accepts only ``formats``.
        suffix = Path(filename).suffix.lower()
        how = "Decompress it first." if suffix == ".gz" else "Save it as one of these, or rename it if it is one."
        named = refused.format(filename=filename, fmt=suffix or "a name without an extension")
        raise FormError(f"{named} {how}", field="file") from None
    if fmt not in formats:
        raise FormError(refused.format(filename=filename, fmt=fmt), field="file")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(8)}.{fmt}"
    try:
        upload.save(path)
        if path.stat().st_size == 0:
            raise FormError(f"{filename} is empty.", field="file")
    except BaseException:
        # A refused or half-written upload must not stay behind in the jobs folder.
        path.unlink(missing_ok=True)
        raise
    return path, filename, fmt


def render_index(error=None, form=None, chosen=None):
    """Render the upload form and the recent corpus jobs; ``chosen`` is the file a refused form carried."""
    from service.corpus.dates import PERIODS

    page = render_template(
        "corpus.html",
        jobs=jobs_store().list("corpus"),
        error=error,
        form=form or {},
        chosen=chosen,
        kinds=KINDS,
        periods=PERIODS,
        defaults={key: default for key, (_, default) in COLUMN_FIELDS.items()},
        max_bytes=current_app.config["CORPUS_MAX_BYTES"],
    )
    return page, error.status if error else 200


show_form_errors(bp, render_index, "web.corpus.upload")


@bp.get("")
def index():
    """The upload form and the corpus jobs, newest first."""
    return render_index()


def _check_text(path, fmt, filename):
    """Refuse an upload that is not UTF-8 text (a spreadsheet or other binary file, UTF-16) or whose header is not.

    The rule is ``stance analyze``'s (:func:`service.batch.readers.read_header`): the header must be
    UTF-8, and a row holding bytes that are not only fails itself, so a file that is UTF-8 but for a
    few bad bytes is analysed, with those rows marked. Refused files are named as such: the readers
    would show their header as replacement characters and then report missing columns.
    """
    from service.batch.readers import InputError, UndecodableHeader, read_header

    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    how = "save it as UTF-8 text (in Excel: Save As, CSV UTF-8)"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormError(f"{filename} is not UTF-8 text but UTF-16; {how}.", field="file")
    if b"\x00" in head:
        raise FormError(
            f"{filename} is not UTF-8 text: it holds NUL bytes, so it is a binary file (a spreadsheet?) named "
            f"{Path(filename).suffix}; {how}.",
            field="file",
        )
    if fmt not in ("csv", "tsv"):
        # JSON lines have no header: a line that cannot be decoded is an error row, as in stance analyze.
        return
    try:
        read_header(str(path), fmt)
    except UndecodableHeader as exc:
        raise FormError(
            f"{filename} is not UTF-8 text: byte 0x{exc.byte:02x} on line 1 (the header) is not UTF-8 "
            f"(a binary file, or text in another encoding such as Windows-1252); {how}.",
            field="file",
        ) from None
    except InputError as exc:
        raise FormError(str(exc).replace(str(path), filename), field="file") from None


def _columns_of(path, fmt, filename):
    """Return the column names of an uploaded table, or raise :class:`FormError` saying why it cannot be read."""
    from service.batch.formats import FormatError
    from service.corpus.read import InputError, open_rows

    if fmt != "parquet":
        _check_text(path, fmt, filename)
    try:
        with open_rows(str(path), fmt) as stream:
            return list(stream.columns)
    except (FormatError, InputError) as exc:
        raise FormError(str(exc).replace(str(path), filename), field="file") from None
    except (UnicodeDecodeError, ValueError, OSError) as exc:
        raise FormError(f"{filename}: cannot be read as {fmt} ({exc})", field="file") from None


def _delimiter_hint(columns, fmt):
    """A sentence on a file that seems to separate its fields with another character than its format's, else ''."""
    from service.batch.formats import DELIMITERS

    if fmt not in DELIMITERS or len(columns) != 1:
        return ""
    header = columns[0]
    if ";" in header:
        return (
            f" The file seems to use ';' between fields (Excel does in many European settings) where a .{fmt} file "
            "uses " + ("commas" if fmt == "csv" else "tabs") + ": save it as 'CSV UTF-8 (comma delimited)', "
            "or replace the semicolons."
        )
    if fmt == "csv" and "\t" in header:
        return " The file seems to use tabs between fields: rename it .tsv."
    if fmt == "tsv" and "," in header:
        return " The file seems to use commas between fields: rename it .csv."
    return ""


def _check_columns(params, columns, filename, fmt):
    """Refuse column choices the file does not have, naming what it has; leave out optional defaults it lacks.

    Return ``{field: column}`` of the optional fields left at their default that the file does not have:
    they are set to None in ``params`` (no id, no dates, no groups).
    """
    from service.web.corpus_job import summary_options

    found = ", ".join(repr(c) for c in columns) or "none"
    hint = _delimiter_hint(columns, fmt)
    if params["kind"] == "articles":
        _refuse_sentence_rows(columns, filename)
    # A file of sentences has its text in 'text', as stance analyze writes it; the text field is not used.
    wanted = COLUMN_FIELDS if params["kind"] == "articles" else OPTIONAL_COLUMNS
    absent = {}
    for key in wanted:
        name, default = COLUMN_FIELDS[key]
        value = params.get(key)
        if not value or value in columns:
            continue
        if key in OPTIONAL_COLUMNS and value == default:
            params[key] = None
            absent[key] = value
            continue
        raise FormError(f"{filename} has no column {value!r} ({name}); its columns: {found}.{hint}", field=key)
    if params["kind"] == "articles":
        # The text column is not copied to the sentence rows, so no other field can read it there.
        if params["text_column"] in (params.get("date_column"), params.get("group_column"), params.get("title_column")):
            raise FormError("The text column cannot also be the date, group or title column.", field="text_column")
        return absent
    from service.corpus.columns import SummaryError, check_columns

    try:
        check_columns(columns, summary_options(params, params["period"], None, filename))
    except SummaryError as exc:
        raise FormError(f"{exc}.{hint}", field="file") from None
    return absent


def _refuse_sentence_rows(columns, filename):
    """Refuse, as a file of articles, a file of sentence rows written by ``stance analyze``.

    Analysed as articles, each of its sentences would count as an article of one sentence, and
    nothing would say why the numbers look wrong.
    """
    from service.corpus.columns import PROBABILITY_PREFIX

    probabilities = [c for c in columns if c.startswith(PROBABILITY_PREFIX) and len(c) > len(PROBABILITY_PREFIX)]
    if not probabilities or not all(c in columns for c in SENTENCE_ROW_COLUMNS):
        return
    found = ", ".join(repr(c) for c in (*SENTENCE_ROW_COLUMNS, probabilities[0]))
    raise FormError(
        f"{filename} holds sentence rows written by stance analyze (it has the columns {found} ...), not articles: "
        f'under "The file holds", choose "{KINDS["sentences"]}" and upload it again.',
        field="kind",
    )


def _posted_params():
    """Read and check the form's choices; return the job parameters without the file."""
    from service.corpus.dates import PERIODS

    form = request.form
    kind = form.get("kind", "articles")
    if kind not in KINDS:
        raise FormError(f"Unknown kind of file {kind!r}; choose articles or sentences.", field="kind")
    period = form.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        raise FormError(f"Unknown period {period!r}; choose one of {', '.join(PERIODS)}.", field="period")
    # An empty optional field means the file has no such column: no id, no dates, no groups.
    params = {key: form.get(key, "").strip() or None for key in COLUMN_FIELDS}
    params.update(kind=kind, period=period, text_column=params["text_column"] or COLUMN_FIELDS["text_column"][1])
    return params


@bp.post("")
def upload():
    """Start a corpus job for the uploaded file; the job's page follows its progress."""
    auth.require_writer("analyse a corpus")
    params = _posted_params()
    store = jobs_store()
    saved, filename, fmt = save_upload(
        request.files.get("file"),
        store.folder / "incoming",
        TABLE_FORMATS,
        missing="Choose a file of articles or sentences (CSV, TSV, JSONL or Parquet).",
        refused="{filename}: a corpus is a CSV, TSV, JSONL or Parquet file, not {fmt}.",
    )
    try:
        params["absent_columns"] = _check_columns(params, _columns_of(saved, fmt, filename), filename, fmt)
        registry = current_app.extensions["stance"]
        predictor = registry.snapshot().get(registry.default_task)
        params.update(
            input=f"input.{fmt}",
            filename=filename,
            format=fmt,
            task=registry.default_task,
            version=getattr(predictor, "version", None),
            model_dir=current_app.config["MODEL_DIR"],
            max_chars=current_app.config["MAX_ARTICLE_CHARS"],
        )
        try:
            job = store.create("corpus", params, current_app.config["MAX_JOBS"])
        except JobLimit as exc:
            raise FormError(str(exc), 429) from None
        folder = store.job_folder(job["id"])
        folder.mkdir(parents=True, exist_ok=True)
        saved.replace(folder / params["input"])
    finally:
        saved.unlink(missing_ok=True)
    logger.info("corpus job %s queued for %s (%s, %s)", job["id"], filename, params["kind"], fmt)
    start_job(current_app.config, store, job)
    return redirect(url_for("web.corpus.job", job_id=job["id"]), code=303)


def _job(job_id):
    """Return a corpus job or answer 404."""
    try:
        return jobs_store().get(job_id, kind="corpus")
    except JobError:
        raise FormError(_no_corpus(job_id), 404, field="job") from None


def _view_options():
    """Return ``(period, min_confidence)`` from the query string, checked."""
    from service.corpus.dates import PERIODS

    period = request.args.get("period") or None
    if period is not None and period not in PERIODS:
        raise FormError(f"Unknown period {period!r}; choose one of {', '.join(PERIODS)}.", field="period")
    raw = (request.args.get("min_confidence") or "").strip()
    if not raw:
        return period, None
    try:
        threshold = float(raw)
    except ValueError:
        raise FormError(f"The confidence threshold must be a number from 0 to 1, not {raw!r}.", field="min_confidence") from None  # fmt: skip
    if not 0 <= threshold <= 1:
        raise FormError(f"The confidence threshold must be from 0 to 1, not {raw}.", field="min_confidence")
    return period, round(threshold, 2)


def _summary(job, sentences=None):
    """The summary of a finished job for the period and threshold in the URL; ``(summary, period, threshold)``.

    ``sentences`` picks the kept sentences it holds (:func:`service.web.corpus_job.load_summary`):
    by default none, which the dashboard does not show.
    """
    period, threshold = _view_options()
    period = period or job["params"]["period"]
    return _load(job, period, threshold, sentences), period, threshold


def _load(job, period, threshold, sentences=None):
    """The job's summary for ``period`` and ``threshold``; a summary that cannot be made is a form error."""
    from service.batch.formats import FormatError
    from service.corpus.read import InputError
    from service.corpus.summary import SummaryError

    try:
        return load_summary(jobs_store().job_folder(job["id"]), job, period, threshold, sentences)
    except (FormatError, InputError, SummaryError) as exc:
        raise FormError(str(exc), 422) from None


def _view_args(period, threshold):
    """The query arguments that keep the period and threshold in links."""
    args = {"period": period}
    if threshold is not None:
        args["min_confidence"] = f"{threshold:g}"
    return args


@bp.get("/<job_id>")
def job(job_id):
    """A running job's progress, a failed job's reason, or a finished job's dashboard."""
    found = _job(job_id)
    if found["status"] != "done":
        return render_template("corpus_job.html", job=found, absent=absent_note(found["params"]))
    try:
        summary, period, threshold = _summary(found)
    except FormError as exc:
        # A bad threshold in the URL: the dashboard without it, and the reason above it.
        period = found["params"]["period"]
        summary = _load(found, period, None)
        return _dashboard(found, summary, period, None, exc), exc.status
    return _dashboard(found, summary, period, threshold)


def _dashboard(found, summary, period, threshold, error=None):
    """Render the dashboard of a finished job."""
    from service.corpus.dates import PERIODS

    return render_template(
        "corpus_dashboard.html",
        job=found,
        summary=summary,
        period=period,
        periods=PERIODS,
        threshold=threshold,
        view_args=_view_args(period, threshold),
        frames=frames_of(summary),
        colours=colour_keys(summary),
        groups=group_views(summary),
        speakers=source_views(summary, "speaker"),
        disputed=source_views(summary, "disputed"),
        alerts=alert_views(summary),
        alert_rule=alert_rule(summary),
        errors=error_views(summary),
        absent=absent_note(found["params"]),
        error=error,
        cell_url=_cell_url(found["id"], period, threshold),
    )


def _cell_url(job_id, period, threshold):
    """Return a function giving the link to the sentences behind a dashboard cell.

    ``url_for`` once for the page, not once per number: for the 13,760 numbers of 60 groups over two
    years it was a third of the dashboard's time. A cell (``g0-p1-f2``) is the same in a URL as in the page.
    """
    # The cell is in the query, after the path: the last marker is it even when the app's prefix holds the word.
    mark = "CELL"
    prefix, suffix = url_for("web.corpus.sentences", job_id=job_id, cell=mark, **_view_args(period, threshold)).rsplit(mark, 1)  # fmt: skip
    return lambda cell: f"{prefix}{cell}{suffix}"


@bp.get("/<job_id>/status")
def status(job_id):
    """The job's state as JSON, for the progress bar's script."""
    found = _job(job_id)
    return jsonify(
        id=found["id"],
        status=found["status"],
        progress=found["progress"],
        message=found["message"],
        url=url_for("web.corpus.job", job_id=job_id),
    )


@bp.get("/<job_id>/sentences")
def sentences(job_id):
    """The sentences behind one number of the dashboard (the first ones, in file order)."""
    found = _finished(job_id)
    cell = request.args.get("cell")
    try:
        # Only the sentences behind this number are read from the cached summary.
        summary, period, threshold = _summary(found, sentences=lambda numbers: cell_refs(numbers, cell)[1])
        title, rows, total = evidence(summary, cell)
    except CellError as exc:
        raise FormError(f"{exc}.", 404) from None
    return render_template(
        "corpus_sentences.html",
        job=found,
        title=title,
        rows=rows,
        total=total,
        threshold=threshold,
        view_args=_view_args(period, threshold),
    )


@bp.post("/<job_id>/delete")
def delete(job_id):
    """Delete a finished or failed corpus: its uploaded file, results, cached summaries and its record.

    As promote on /models, the first post asks to confirm (a page with the question and a second
    button); only the confirmed post deletes. A queued or running job is refused with 409.
    """
    auth.require_writer("delete a corpus")
    store = jobs_store()
    try:
        found = store.get(job_id, kind="corpus")
    except JobError:
        raise FormError(_no_corpus(job_id), 404, field="delete") from None
    filename = found["params"].get("filename") or job_id
    if found["status"] in ACTIVE:
        raise FormError(
            f"The corpus {filename} was not deleted: its job is {found['status']}. "
            "Wait for it to finish, then delete it.",
            409,
            field="delete",
        )
    if request.form.get("confirm") != "yes":
        return render_template("corpus_delete.html", job=found)
    try:
        store.delete(job_id, kind="corpus")
    except JobNotFound:
        # Deleted by another tab or person since the confirmation page was shown.
        raise FormError(_no_corpus(job_id), 404, field="delete") from None
    except JobBusy as exc:
        raise FormError(f"The corpus {filename} was not deleted: {exc}.", 409, field="delete") from None
    except JobError as exc:
        logger.error("corpus job %s (%s) could not be deleted: %s", job_id, filename, exc)
        raise FormError(f"The corpus {filename} could not be deleted; the error was logged. Try again.", 503, field="delete") from None  # fmt: skip
    # Its numbers kept parsed in this process go too (other processes drop them as they read other summaries).
    summary_store.cache.forget(store.job_folder(job_id))
    logger.info("corpus job %s (%s) deleted from the page, with its folder", job_id, filename)
    flash(f"Deleted the corpus {filename}: its file, results and summaries are gone from the server.", "status")
    return redirect(url_for("web.corpus.index"), code=303)


def _no_corpus(job_id):
    """Say that a corpus is not there (an old link, a second delete)."""
    return f"There is no corpus {job_id} here: it has been deleted already, or never existed."


def _finished(job_id):
    found = _job(job_id)
    if found["status"] != "done":
        raise FormError(f"Corpus job {job_id} is {found['status']}; its results are not ready.", 409)
    return found


def _stem(found):
    """The uploaded file's name without its extension: every download of a corpus is named after it."""
    return Path(printable_name(found["params"].get("filename") or "")).stem or "corpus"


def _attachment(body, mimetype, name):
    """A download of ``body`` (text, bytes or a binary file) named ``name``; werkzeug writes the header (quotes, non-ASCII names as RFC 5987)."""
    if not hasattr(body, "read"):
        body = io.BytesIO(body.encode("utf-8") if isinstance(body, str) else body)
    return send_file(body, mimetype=mimetype, as_attachment=True, download_name=name)


def _and_newline(pieces):
    """The pieces, then a newline, as ``stance summarize`` ends its file; closing this closes the pieces."""
    yield from pieces
    yield "\n"


class _Stream(io.RawIOBase):
    """A binary file reading text pieces as UTF-8 as they are made, for a download sent while it is written."""

    def __init__(self, pieces, block=1 << 16):
        self._pieces = iter(pieces)
        self._block = block
        self._left = memoryview(b"")

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self._left:
            self._left = memoryview(self._next_block())
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n

    def _next_block(self):
        """The next pieces joined up to ``block`` characters, encoded (empty at the end)."""
        parts, size = [], 0
        for piece in self._pieces:
            parts.append(piece)
            size += len(piece)
            if size >= self._block:
                break
        return "".join(parts).encode("utf-8")

    def close(self):
        # A download cut short closes the pieces too (and the file they read).
        close = getattr(self._pieces, "close", None)
        if close is not None:
            close()
        super().close()


@bp.get("/<job_id>/sentences.<ext>")
def download_sentences(job_id, ext):
    """Download the per-sentence rows, as ``stance analyze`` wrote them."""
    found = _finished(job_id)
    path = sentences_path(jobs_store().job_folder(job_id), found["result"])
    if ext != path.suffix.lstrip("."):
        raise FormError(f"The sentences of this job are a .{path.suffix.lstrip('.')} file.", 404)
    return send_file(path, as_attachment=True, download_name=f"{_stem(found)}-sentences{path.suffix}")


@bp.get("/<job_id>/summary.csv")
def download_summary_csv(job_id):
    """Download the summary table, as ``stance summarize -o summary.csv`` writes it."""
    from service.corpus.table import format_table

    found = _finished(job_id)
    # The table quotes the sentences behind each alert, and no other.
    summary, _, _ = _summary(found, sentences=lambda numbers: [ref for a in numbers["alerts"] for ref in a["evidence"]])
    return _attachment(format_table(summary), "text/csv", f"{_stem(found)}-summary.csv")


@bp.get("/<job_id>/summary.json")
def download_summary_json(job_id):
    """Download the whole summary, as ``stance summarize -o summary.json`` writes it.

    Sent as it is written, its sentences read one by one from the cached summary: made whole in
    memory, the download of 50,000 articles (183 MB) took 2.4 GB.
    """
    found = _finished(job_id)
    _, period, threshold = _summary(found)  # made and cached if it is not yet
    path = summary_path(jobs_store().job_folder(job_id), period, threshold)
    try:
        pieces = summary_store.json_text(path)
    except (FileNotFoundError, summary_store.StoreError) as exc:
        # Deleted or replaced since the line above (another tab deleted the corpus): nothing was sent yet.
        logger.warning("corpus job %s: the summary download stopped before it began: %s", job_id, exc)
        raise FormError("The summary changed while it was being read; download it again.", 409) from None
    body = _Stream(_and_newline(pieces))
    return _attachment(body, "application/json", f"{_stem(found)}-summary.json")


@bp.get("/<job_id>/report.html")
def download_report(job_id):
    """Download the self-contained HTML report, as ``stance summarize --html`` writes it (its default evidence).

    The dashboard keeps 20 sentences behind each number, for its sentence pages; the report holds
    every cell's sentences on one page, so it shows the first 5 as ``stance summarize`` does: with 20,
    a corpus of 5,000 articles in 60 groups over two years made a report of 36 MB, 16 MB with 5.
    """
    from service.corpus.report_html import evidence_refs, render_report
    from service.corpus.summary import DEFAULT_EVIDENCE

    found = _finished(job_id)
    summary, _, _ = _summary(found, sentences=lambda numbers: evidence_refs(numbers, DEFAULT_EVIDENCE))
    report = render_report(summary, evidence=DEFAULT_EVIDENCE)
    response = _attachment(report, "text/html", f"{_stem(found)}-report.html")
    # Opened in place it would be this site's page: no script runs in it, nothing is fetched.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return response
