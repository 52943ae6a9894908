"""The suite ignores the developer's STANCE_* settings, from the first session fixture on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.artifact import read_metadata
from model.store import current_version
from tests.conftest import TINY_CORPUS

REPO = Path(__file__).resolve().parent.parent


def test_session_fixtures_and_tests_see_no_stance_variables(trained_model_dir, tmp_path):
    # isolated_model_dir sets this one on purpose, inside tmp_path; nothing else is left.
    assert [name for name in os.environ if name.startswith("STANCE_")] == ["STANCE_REALNEWS"]
    assert os.environ["STANCE_REALNEWS"] == str(tmp_path / "no-realnews.jsonl")
    # The session fixture trained before any per-test fixture ran: it read the default store, in
    # the suite's own data folder (pytest_configure), not the developer's, and merged nothing.
    metadata = read_metadata(trained_model_dir, "framing", current_version(trained_model_dir, "framing"))
    corrections = metadata["data"]["corrections"]
    store = Path(corrections["store"])
    assert store.parent.name == "stance" and store.name == "feedback.sqlite3"
    assert store.parent.parent.name.startswith("stance-data-home-")
    assert corrections["accepted"] == 0
    assert metadata["data"]["train"]["rows"] == sum(map(len, TINY_CORPUS.values()))


@pytest.mark.slow
def test_a_developers_stance_variables_do_not_reach_the_suite(tmp_path):
    """Run the test above in a pytest of its own, started with a developer's settings in its environment."""
    developer = tmp_path / "developer"
    env = dict(
        os.environ,
        STANCE_FEEDBACK_DB=str(developer / "feedback.sqlite3"),
        XDG_DATA_HOME=str(developer / "data"),
        STANCE_MODEL_DIR=str(developer / "models"),
        STANCE_KEEP_VERSIONS="not a number",
        STANCE_MAX_TEXTS="not a number",
    )
    node = f"{Path(__file__).relative_to(REPO)}::test_session_fixtures_and_tests_see_no_stance_variables"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'inner'}", node],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    # Nothing was written where the developer's settings point.
    assert not developer.exists()
