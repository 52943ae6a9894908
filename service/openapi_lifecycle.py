"""The OpenAPI part of the model lifecycle endpoints: ``POST /v1/feedback`` and the per-version reports."""

from service.feedback_api import ANSWER_FIELDS, feedback_token
from service.openapi import _error, _json_response, _ref
from training.feedback import COLUMNS, MAX_NOTE_CHARS


def _feedback_schemas(tasks):
    """Return the request and stored-correction schemas, with the labels of the served tasks."""
    labels = sorted({label for predictor in tasks.values() for label in predictor.labels})
    nullable = {"type": "string", "nullable": True}
    schemas = {
        "FeedbackRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "label"],
            "properties": {
                "task": {"type": "string", "enum": sorted(tasks), "description": "Task (default: the default task)."},
                "text": _ref("Text"),
                "label": {"type": "string", "enum": labels, "description": "The right label (one of the task's)."},
                "note": {
                    "type": "string",
                    "nullable": True,
                    "maxLength": MAX_NOTE_CHARS,
                    "pattern": "^[^\\x00]*$",
                    "description": (
                        "Why the label is right, for the reviewer. Left out (or null), a pending correction of "
                        "the text keeps its note when its label changes; an empty string clears it."
                    ),
                },
            },
        },
        "Correction": {
            "type": "object",
            "required": list(COLUMNS),
            "properties": {
                "id": {"type": "integer"},
                "task": {"type": "string"},
                "text": {"type": "string"},
                "target": {**nullable, "description": "The claim or entity the text is about (target tasks)."},
                "label": {"type": "string"},
                "predicted_label": {**nullable, "description": "What the served model answered."},
                "model_version": {**nullable, "description": "The version that answered."},
                "note": nullable,
                "status": {"type": "string", "enum": ["pending", "accepted", "rejected"]},
                "created_at": {"type": "string"},
                "reviewed_at": nullable,
            },
        },
    }
    schemas["FeedbackAnswer"] = {
        "type": "object",
        "description": "The correction that stands for the text now, and what storing did to it.",
        "required": [*COLUMNS, *ANSWER_FIELDS],
        "properties": {
            **schemas["Correction"]["properties"],
            "new": {"type": "boolean", "description": "A row was added (status 201)."},
            "replaced": {
                "type": "boolean",
                "description": "The text's pending correction (this id) was changed to this label and note.",
            },
            "previous_label": {**nullable, "description": "The label the pending correction had, when replaced."},
            "removed_ids": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "Older pending corrections of the same text, removed (left by versions that added a row each time).",
            },
            "agrees_with_model": {
                "type": "boolean",
                "description": "The label is the served model's own answer: stored as a confirmation.",
            },
        },
    }
    targeted = sorted(task for task, predictor in tasks.items() if getattr(predictor, "target_column", None))
    if targeted:
        # Like ClassifyRequest: target is documented only while a task that needs one is served.
        request = schemas["FeedbackRequest"]
        request["description"] = (
            f"Tasks with a target column ({', '.join(targeted)}) need target, the claim or entity the text is "
            "about; other tasks refuse it (code target_not_supported)."
        )
        request["properties"]["target"] = _ref("Text")
    return schemas


def _feedback_path():
    return {
        "post": {
            "summary": "Send a correction",
            "description": (
                "Stores the right label for a text, with the label and version the served model gives it now. "
                "A label equal to the model's is stored too, marked `agrees_with_model` (a confirmation is "
                "training data). A text keeps one pending correction: a new label or note changes it in place, "
                "and a request without a note keeps the note it had (an empty note clears it). A quotation mark "
                "at the text's start or end that the text does not close or open (a sentence cut from a "
                "quotation running over several sentences) is not stored; the text is otherwise kept as sent. "
                "Corrections wait as `pending` until `stance feedback accept`; accepted ones join the next "
                "`stance train`. Needs `Authorization: Bearer` with STANCE_FEEDBACK_TOKEN (or STANCE_ADMIN_TOKEN); "
                "without a token configured the endpoint does not exist."
            ),
            "operationId": "feedback",
            "security": [{"feedbackToken": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("FeedbackRequest")}}},
            "responses": {
                "201": _json_response("Stored as a new pending correction.", _ref("FeedbackAnswer")),
                "200": _json_response(
                    "Nothing added: the text's pending correction was changed to this one (`replaced`), or it "
                    "already has this label, pending or accepted (nothing stored).",
                    _ref("FeedbackAnswer"),
                ),
                "400": _error("Invalid body, unknown task or a label the task does not have."),
                "401": _error("Missing or wrong token."),
                "429": _error("Too many wrong tokens from this address; wait for Retry-After seconds."),
                "413": _error("Body larger than STANCE_MAX_CONTENT_LENGTH."),
                "415": _error("Content-Type is not application/json with UTF-8."),
                "503": _error("The feedback store cannot be written."),
            },
        }
    }


def _report_path():
    name = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"}
    return {
        "get": {
            "summary": "A model version's report",
            "description": (
                "The report.html written when the version was trained: metrics, confusion matrix, reliability "
                "plot, top n-grams per label, misclassified test sentences. `version` may be `current`."
            ),
            "operationId": "modelReport",
            "parameters": [
                {"name": "task", "in": "path", "required": True, "schema": name},
                {"name": "version", "in": "path", "required": True, "schema": name, "example": "current"},
            ],
            "responses": {
                "200": {"description": "HTML page.", "content": {"text/html": {"schema": {"type": "string"}}}},
                "404": _error("No such task, version or report."),
            },
        }
    }


def add_lifecycle_paths(spec, config, tasks):
    """Add the report path, and the feedback path when a feedback token is configured, to ``spec``."""
    spec["paths"]["/v1/models/{task}/{version}/report"] = _report_path()
    if feedback_token(config):
        components = spec["components"]
        components["schemas"].update(_feedback_schemas(tasks))
        components.setdefault("securitySchemes", {})["feedbackToken"] = {"type": "http", "scheme": "bearer"}
        spec["paths"]["/v1/feedback"] = _feedback_path()
