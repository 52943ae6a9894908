"""The ``stance score`` command (placeholder until batch scoring lands)."""

import click


@click.command()
def score():
    """Batch-score files (not implemented yet)."""
    raise click.ClickException("stance score is not implemented yet")
