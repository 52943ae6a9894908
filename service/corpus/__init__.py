"""Corpus summaries of per-sentence rows: frames per group and period, who says what, frame-shift alerts, report."""
