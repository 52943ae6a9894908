"""Screenshots of the analysed article and of the models page, for the README.

Written only when ``STANCE_SCREENSHOTS`` names a folder (``make screenshots`` sets it to
docs/screenshots). ``STANCE_SCREENSHOTS_MODEL_DIR`` picks the model folder to show (a copy is
served, so nothing is written into it); without it the tiny test model is used.
"""

import shutil
from pathlib import Path

import pytest

from tests.browser.helpers import analyse, saved_stance_setting, serve, sign_in_beside_the_analysis
from tests.web_helpers import TOKEN

# Written for these screenshots: a short report with sources on both sides and one disputed claim.
STORY = (
    "Serbia's defence ministry said on Thursday that the new armed drones of the Kosovo Security Force "
    "endanger Serbs living in the north.\n"
    "The drones do not represent a threat to anyone, as claimed by Belgrade, Kosovo's defence minister told reporters.\n"
    "The first six aircraft were delivered in March under a contract signed last year.\n"
    "\n"
    "Analysts in Sarajevo say the purchase strengthens deterrence and regional security.\n"
    "Residents of the northern villages fear that heavily armed patrols near the crossings will escalate tensions.\n"
    "A NATO spokesperson said the mission remains in close contact with both sides.\n"
    "Parliament approved the defence budget by 72 votes to 21.\n"
    "The opposition called the purchase reckless and provocative."
)


@pytest.fixture
def shots(request):
    """The folder to write screenshots to; the test is skipped when none is asked for."""
    folder = saved_stance_setting(request.config, "STANCE_SCREENSHOTS")
    if not folder:
        pytest.skip("set STANCE_SCREENSHOTS=FOLDER (make screenshots) to write screenshots")
    path = Path(folder)
    path = path if path.is_absolute() else request.config.rootpath / path
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def shown_models(request, model_dir, tmp_path):
    """The model folder to show: a copy of STANCE_SCREENSHOTS_MODEL_DIR's versions, else the tiny model."""
    source = saved_stance_setting(request.config, "STANCE_SCREENSHOTS_MODEL_DIR")
    if not source:
        return model_dir
    source = Path(source)
    source = source if source.is_absolute() else request.config.rootpath / source
    target = tmp_path / "shown-models"
    # The corrections store stays behind: the screenshots save a correction into the copy only.
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("feedback.sqlite3*", "*.csv"))
    return target


def test_screenshot_of_an_analysed_article(page, shots, shown_models):
    with serve(shown_models, ADMIN_TOKEN=TOKEN) as server:
        analyse(page, server, STORY)
        sign_in_beside_the_analysis(page)
        second = page.locator("li.sentence").nth(1)
        second.locator("summary").click()
        second.locator(".explanation table").first.wait_for()
        third = page.locator("li.sentence").nth(2)
        label = "neutral" if third.get_attribute("data-frame") != "neutral" else "stability"
        third.get_by_label("Correct frame", exact=True).select_option(label)
        third.get_by_role("button", name="Save correction").click()
        third.get_by_text(f"Corrected to {label}").wait_for()
        page.locator("#analysis").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "analyze.png"), full_page=True)
    assert (shots / "analyze.png").stat().st_size > 10_000


def test_screenshot_of_the_models_page(page, shots, shown_models):
    with serve(shown_models, ADMIN_TOKEN=TOKEN) as server:
        page.goto(server.url + "/sign-in?next=/models")
        page.get_by_label("Token", exact=True).fill(TOKEN)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Models").wait_for()
        page.screenshot(path=str(shots / "models.png"), full_page=True)
    assert (shots / "models.png").stat().st_size > 10_000
