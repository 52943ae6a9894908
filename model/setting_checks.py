"""Checks of the classifier's numeric settings, light enough for ``training.tasks`` to import at start-up.

``model.prior`` applies these settings and needs scikit-learn; reading ``tasks.toml`` must not load it.
"""

import math
from numbers import Real


def is_real_number(value):
    """Whether ``value`` is a real number and not a bool (``True`` is an ``int`` in Python)."""
    return isinstance(value, Real) and not isinstance(value, bool)


def check_temperature(value):
    """Raise ``ValueError`` unless ``value`` is a positive finite number (a task's or a classifier's temperature)."""
    if not (is_real_number(value) and 0 < value < math.inf):
        raise ValueError(f"temperature must be a positive finite number, got {value!r}")
