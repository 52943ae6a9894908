"""Analyse an article with a task that has a target column: a clear refusal, not a 500 (issue 11, item 14)."""

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner
from target_helpers import TARGET_TASK, make_target_task, train_target_task
from werkzeug.exceptions import default_exceptions

from model import text as model_text
from service import create_app
from service.cli import cli
from service.errors import ERROR_CODES, handle_http_exception

ARTICLE = "Drivers slammed the bike lanes. The curfew starts at midnight."


@pytest.fixture(scope="module")
def two_task_dir(tmp_path_factory, trained_model_dir):
    """The tiny framing model plus the tiny target task, in one model folder."""
    import shutil

    folder = tmp_path_factory.mktemp("analyze-target")
    model_dir = folder / "models"
    shutil.copytree(trained_model_dir, model_dir)
    train_target_task(folder, model_dir)
    return model_dir


@pytest.fixture
def client(two_task_dir):
    """A test client of an app serving both tasks."""
    return create_app({"TESTING": True, "MODEL_DIR": str(two_task_dir), "RELOAD_INTERVAL": 0.0}).test_client()


@pytest.fixture
def tasks_file(tmp_path, monkeypatch):
    """A tasks.toml declaring the tiny target task, used by the CLI through get_task."""
    make_target_task(tmp_path)
    path = tmp_path / "tasks.toml"
    path.write_text(
        f"[{TARGET_TASK}]\n"
        'data = "proposal-train.csv"\ntest = "proposal-test.csv"\n'
        'text_column = "sentence"\nlabel_column = "stance"\ntarget_column = "proposal"\n'
        f"[{TARGET_TASK}.labels]\nfavour = ''\noppose = ''\nreport = ''\n",
        encoding="utf-8",
    )
    import training.tasks

    monkeypatch.setattr(training.tasks, "TASKS_FILE", path)
    monkeypatch.setattr(training.tasks.get_task, "__defaults__", (None, path))
    return path


def test_analyze_a_target_task_is_a_clear_400(client):
    response = client.post("/v1/analyze", json={"task": TARGET_TASK, "text": ARTICLE})
    assert response.status_code == 400, response.json
    error = response.json["error"]
    assert error["code"] == "target_not_supported"
    assert error["field"] == "task"
    assert f"task {TARGET_TASK!r} needs a target" in error["message"]
    assert "analyze takes none" in error["message"]


def test_analyze_a_target_task_refuses_a_target_field_as_unknown(client):
    body = {"task": TARGET_TASK, "text": ARTICLE, "target": "the bike lanes"}
    response = client.post("/v1/analyze", json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "unknown_field"


def test_analyze_the_text_only_task_still_works(client):
    response = client.post("/v1/analyze", json={"text": ARTICLE})
    assert response.status_code == 200
    assert response.json["model"]["task"] == "framing"


def test_cli_analyze_a_target_task_is_a_clear_error(tasks_file, two_task_dir, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--task", TARGET_TASK, "--model-dir", str(two_task_dir)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: task {TARGET_TASK!r} needs a target"), result.output
    assert "analyze takes none" in last


# --- one list of error codes (issue 11, item 15) -----------------------------------------

SERVICE = Path(__file__).resolve().parents[1] / "service"
# Calls that set an error response's code, and the position of the code among their arguments.
CODE_ARGUMENT = {"ApiError": 1, "invalid": 2, "error_response": 1}


def forwards_a_code(value):
    """Whether ``value`` passes on a code written elsewhere: ``code``, ``exc.code`` or ``_code_for(exc)``."""
    if isinstance(value, ast.Name) and value.id == "code":
        return True
    if isinstance(value, ast.Attribute) and value.attr == "code":
        return True
    # _code_for maps werkzeug's errors; test_every_werkzeug_error_answers_a_documented_code covers it.
    return isinstance(value, ast.Call) and getattr(value.func, "id", None) == "_code_for"


def raised_codes():
    """Return ``{code: [where, ...]}`` for every code literal in service/, and the calls whose code is not one."""
    codes, computed = {}, []
    for path in sorted(SERVICE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("__init__", "invalid"):
                # The defaults: ApiError(message) and invalid(message) answer invalid_input.
                for default in node.args.defaults:
                    if isinstance(default, ast.Constant) and default.value == "invalid_input":
                        codes.setdefault(default.value, []).append(f"{path.name}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name not in CODE_ARGUMENT:
                continue
            position = CODE_ARGUMENT[name]
            value = next((k.value for k in node.keywords if k.arg == "code"), None)
            if value is None and len(node.args) > position:
                value = node.args[position]
            if value is None:
                continue  # The default code, collected above.
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                codes.setdefault(value.value, []).append(f"{path.name}:{node.lineno}")
            elif forwards_a_code(value):
                continue  # invalid(..., code=code) or error_response(exc.code ...): the caller's code is scanned.
            else:
                computed.append(f"{path.name}:{node.lineno}")
    return codes, computed


def test_every_code_the_service_raises_is_in_the_one_list():
    codes, computed = raised_codes()
    # The scan must find the codes it is meant to find, or it could pass by finding nothing.
    assert {"invalid_input", "unknown_task", "feedback_unavailable", "target_not_supported", "not_found"} <= set(codes)
    undocumented = {code: where for code, where in codes.items() if code not in ERROR_CODES}
    assert not undocumented, f"add these codes to service.errors.ERROR_CODES: {undocumented}"
    # A code computed some other way could be anything: keep codes literal, so this test sees them.
    assert not computed, f"error codes that are not string literals: {computed}"


def test_the_codes_of_the_shared_text_check_are_in_the_one_list():
    """check_text forwards ``problem.code`` from model.text, which the scan above cannot read: list them here."""
    codes = {model_text.EMPTY_TEXT, model_text.TEXT_TOO_LONG, model_text.NUL_CHARACTER}
    assert codes == {"empty_text", "text_too_long", "nul_character"}
    assert codes <= set(ERROR_CODES)


def test_every_werkzeug_error_answers_a_documented_code(app):
    with app.test_request_context():
        for status, exc_class in sorted(default_exceptions.items()):
            response = handle_http_exception(exc_class())
            assert response.status_code == status
            assert response.json["error"]["code"] in ERROR_CODES, (status, response.json)
    assert "bad_request" in ERROR_CODES and "payload_too_large" in ERROR_CODES


def test_the_openapi_document_lists_exactly_the_codes(client):
    error = client.get("/openapi.json").json["components"]["schemas"]["Error"]
    code = error["properties"]["error"]["properties"]["code"]
    assert code["enum"] == list(ERROR_CODES)
    assert all(f"`{name}`" in code["description"] for name in ("invalid_input", "bad_request"))
