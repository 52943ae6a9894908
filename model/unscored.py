"""The warnings on a text answered with the model's base rates, and the short reasons run summaries count them under.

Kept apart from :mod:`model.predictor` so that tools reading rows (``stance summarize``) can name the
reasons without loading scikit-learn.
"""

# How every such warning starts: a cell of a row's warning column that does not start so (a column of the
# user's own, in rows an older stance copied through) says nothing of scoring.
NOT_SCORED = "not scored: "
# The warning on a result the model answered with its base rates because no word of the text is known to it.
NO_KNOWN_WORD_WARNING = (
    f"{NOT_SCORED}no word of the text is known to the model; the probabilities are the model's base rates"
)
# How the warning on a text that does not read as English starts (model.english adds the counts of its words).
NOT_ENGLISH_WARNING = f"{NOT_SCORED}the text does not read as English"


def unscored_reason(warning):
    """Return the short reason a run's summary counts a ``warning`` of ``Predictor.predict`` under."""
    if warning == NO_KNOWN_WORD_WARNING:
        return "no known word"
    if warning.startswith(NOT_ENGLISH_WARNING):
        return "not English"
    # A warning of a kind added later (or written by hand) is counted under its own text rather than lost.
    return warning
