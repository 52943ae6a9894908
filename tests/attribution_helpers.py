"""Helpers for the attribution tests."""

from model.attribution import attribute


def sources(sentence):
    """Return ``(source, role)`` of every attribution the rules find in ``sentence``."""
    return [(a["source"], a["role"]) for a in attribute(sentence)]
