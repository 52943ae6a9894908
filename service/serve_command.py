"""The ``stance serve`` command (placeholder until the HTTP service lands)."""

import click


@click.command()
def serve():
    """Serve the HTTP API (not implemented yet)."""
    raise click.ClickException("stance serve is not implemented yet")
