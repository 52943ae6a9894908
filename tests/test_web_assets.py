"""The pages load nothing from another site, and their templates and static files reach the built package."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web_helpers import ARTICLE, TOKEN, page_app, post_form, sign_in

REPO = Path(__file__).resolve().parents[1]
WEB = REPO / "service" / "web"
# A URL with a scheme, or protocol-relative (//host) where an attribute, url() or import could load it.
EXTERNAL = re.compile(r"\b(?:https?|ftp|wss?):|(?:^|[\s\"'(=,])//[A-Za-z0-9\[]", re.IGNORECASE)


def web_files():
    """Every template and static file of the pages."""
    return sorted(p for folder in ("templates", "static") for p in (WEB / folder).rglob("*") if p.is_file())


def test_the_scan_finds_external_urls():
    for text in ('<script src="https://cdn.example/x.js">', "url(//fonts.example/a.woff)", "@import 'http://x'"):
        assert EXTERNAL.search(text), text
    for text in ("// a comment in script", 'href="/models"', "a // b", "/* css */"):
        assert not EXTERNAL.search(text), text


@pytest.mark.parametrize("path", web_files(), ids=lambda p: str(p.relative_to(WEB)))
def test_no_template_or_static_file_names_another_site(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert not EXTERNAL.search(line), f"{path.relative_to(REPO)}:{number}: external URL: {line.strip()}"


def local_references(page):
    """Return every src, href, action and formaction value of a page."""
    return re.findall(r'\b(?:src|href|action|formaction)="([^"]*)"', page)


def test_every_page_refers_only_to_this_site(model_dir):
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    sign_in(client)
    pages = [
        client.get("/"),
        post_form(client, "/", {"text": ARTICLE}),
        client.get("/models"),
        client.get("/sign-in"),
        post_form(client, "/explain", {"text": ARTICLE, "explain": "1"}),
    ]
    for response in pages:
        assert response.status_code == 200
        references = local_references(response.get_data(as_text=True))
        assert references
        for reference in references:
            # data:, is the empty icon that keeps the browser from asking for /favicon.ico.
            local = reference.startswith(("/", "#")) and not reference.startswith("//")
            assert local or reference == "data:,", reference


def test_static_files_are_served(client):
    for name, mimetype in (("workbench.css", "text/css"), ("workbench.js", "text/javascript")):
        # Closed at once: a file response left open is a ResourceWarning (an error in this suite).
        with client.get(f"/assets/{name}") as response:
            assert response.status_code == 200 and response.mimetype == mimetype
            assert response.data == (WEB / "static" / name).read_bytes()


def test_templates_and_static_files_are_in_the_built_package(tmp_path):
    # setuptools' build_py copies exactly what the wheel holds: the packages and their package data.
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    shutil.copy(REPO / "README.md", tmp_path)
    shutil.copytree(REPO / "service", tmp_path / "service", ignore=shutil.ignore_patterns("__pycache__"))
    build = "from setuptools import setup; setup(script_args=['-q', 'build_py', '--build-lib', 'out'])"
    result = subprocess.run([sys.executable, "-c", build], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = {p.relative_to(tmp_path / "out") for p in (tmp_path / "out" / "service" / "web").rglob("*") if p.is_file()}
    wanted = {p.relative_to(REPO) for p in web_files()}
    assert wanted and wanted <= built, sorted(map(str, wanted - built))
