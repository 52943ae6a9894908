"""Frame-shift alerts: a group's share of a frame in one period against its own earlier periods.

A period fires when the group's share of the frame there is above its baseline, the mean plus two
sample standard deviations (n - 1) of the shares in all the group's earlier periods, provided there
are at least three earlier periods and the frame has at least ``min_count`` sentences in the period.
Periods in which the group has no (confident) sentence have no share and are left out of the
series. A tiny margin keeps a share equal to its threshold, up to rounding, from firing.
"""

import math

BASELINE_SDS = 2.0
MIN_PREVIOUS = 3
DEFAULT_MIN_COUNT = 5
_MARGIN = 1e-9


def alert_labels(labels):
    """Return the labels alerts watch: threat and stability when present, else every label but neutral."""
    watched = [label for label in labels if label in ("threat", "stability")]
    return watched or [label for label in labels if label != "neutral"]


def find_shifts(series, min_count=DEFAULT_MIN_COUNT, min_previous=MIN_PREVIOUS, sds=BASELINE_SDS):
    """Return the periods of one group and frame whose share rises above the group's own baseline.

    Parameters
    ----------
    series : iterable of (period, count, total)
        In time order: the frame's sentences and all the group's (confident) sentences per period;
        periods with ``total == 0`` are skipped.
    min_count : int
        The fewest sentences of the frame in a period for it to fire.
    min_previous : int
        The fewest earlier periods a baseline needs.
    sds : float
        Standard deviations above the mean.

    Returns
    -------
    list of dict
        ``{"period", "count", "total", "share", "baseline_mean", "baseline_sd", "threshold",
        "previous_periods"}`` for each period that fires.

    Examples
    --------
    >>> series = [("w1", 2, 20), ("w2", 3, 20), ("w3", 2, 20), ("w4", 9, 20)]
    >>> [a["period"] for a in find_shifts(series)]
    ['w4']
    """
    shares, fired = [], []
    for period, count, total in series:
        if not total:
            continue
        share = count / total
        if len(shares) >= min_previous:
            # Floats, not the statistics module: its exact fractions cost seconds over many groups.
            mean = math.fsum(shares) / len(shares)
            sd = math.sqrt(math.fsum((x - mean) ** 2 for x in shares) / (len(shares) - 1))
            threshold = mean + sds * sd
            if count >= min_count and share > threshold + _MARGIN:
                fired.append(
                    {
                        "period": period,
                        "count": count,
                        "total": total,
                        "share": share,
                        "baseline_mean": mean,
                        "baseline_sd": sd,
                        "threshold": threshold,
                        "previous_periods": len(shares),
                    }
                )
        shares.append(share)
    return fired
