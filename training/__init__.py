"""Labeled data, its validation, training and evaluation."""
