"""What importing the command line and starting the API load: no charts, no Dask, and lazy commands that still work."""

import json
import subprocess
import sys

import click
import pytest

from service.cli import LAZY_COMMANDS, cli

# Seconds of imports that neither `stance --help` nor an API worker needs.
HEAVY = ("matplotlib", "dask", "distributed", "pandas", "pyarrow")


def loaded_after(code):
    """Run ``code`` in a fresh interpreter and return which of HEAVY and ``sklearn`` it left in ``sys.modules``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {(*HEAVY, 'sklearn')!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_the_command_line_loads_no_heavy_library():
    # scikit-learn too: the commands that score or train import it when they run.
    assert loaded_after("import service.cli") == []


def test_the_api_app_loads_neither_matplotlib_nor_dask(model_dir):
    loaded = loaded_after(
        "from service import create_app\n"
        f"create_app({{'TESTING': True, 'MODEL_DIR': {str(model_dir)!r}, 'RELOAD_INTERVAL': 0.0}})"
    )
    # scikit-learn is expected: the app loads a model. It also imports pandas (and so pyarrow) when
    # they are installed, which only a developer's environment does: the package no longer needs pandas.
    assert [m for m in loaded if m in ("matplotlib", "dask", "distributed")] == []


def test_listing_commands_imports_none_of_their_modules():
    loaded = loaded_after("from service.cli import cli\nnames = sorted(cli.list_commands(None))")
    assert loaded == []


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_lazy_command_loads_under_its_name(name):
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command)
    assert command.name == name
    assert name in cli.commands and cli.commands[name] is command


def test_train_defaults_and_env_names_match_their_modules():
    from model.lifecycle import DEFAULT_KEEP, KEEP_ENV
    from training.gate import DEFAULT_TOLERANCE, TOLERANCE_ENV

    options = {p.name: p for p in cli.commands["train"].params}
    ctx = click.Context(cli.commands["train"])
    assert (options["tolerance"].envvar, options["tolerance"].get_default(ctx)) == (TOLERANCE_ENV, DEFAULT_TOLERANCE)
    assert (options["keep"].envvar, options["keep"].get_default(ctx)) == (KEEP_ENV, DEFAULT_KEEP)
