"""Frame-shift alerts: a group's share of a frame in one period against its own earlier periods.

A period fires when the group's share of the frame there is above its alert level, the mean plus two
sample standard deviations (n - 1) of the shares in the group's earlier periods, provided there are
at least three such earlier periods and the frame has at least ``min_count`` sentences in the period.
An earlier period counts in the baseline only when the group has at least ``min_count`` (confident)
sentences there: a share of three sentences is mostly noise, and a 100 % week of three sentences
would lift the level of every later week out of reach. Periods without such sentences are left out
of the series altogether. A share can be no more than 100 %, so neither can the level: a level
capped there is reached by a share of 100 % (when the baseline's mean is below it). A tiny margin
keeps a share equal to its level, up to rounding, from firing. When the rows tell articles apart, a
period also needs the frame's sentences to come from at least ``alert_min_articles`` articles.
"""

import math

BASELINE_SDS = 2.0
MIN_PREVIOUS = 3
DEFAULT_MIN_COUNT = 5
# Fewest articles the frame's sentences in a period must come from for an alert: sentences of one
# article share its frame, so one long article makes a share that says nothing about an outlet. On a
# corpus of 5,000 articles whose frames never shift, 118 of its 172 weekly alerts came from one
# article and 41 from two; from at least 3, 13 were left (service/corpus/summary.py applies it).
DEFAULT_MIN_ARTICLES = 3
_MARGIN = 1e-9


def from_articles_words(options):
    """The alert rule's fewest articles, in words to follow "with at least N such sentences" ("" for a summary saved before it)."""
    fewest = options.get("alert_min_articles")
    return f", from at least {fewest} articles (when the rows tell articles apart)" if fewest else ""


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
        periods with ``total == 0`` are skipped, and periods with ``total < min_count`` are no part
        of a later period's baseline.
    min_count : int
        The fewest sentences of the frame in a period for it to fire, and the fewest sentences of a
        period for its share to count in the baseline.
    min_previous : int
        The fewest earlier periods a baseline needs.
    sds : float
        Standard deviations above the mean.

    Returns
    -------
    list of dict
        ``{"period", "count", "total", "share", "baseline_mean", "baseline_sd", "threshold",
        "previous_periods"}`` for each period that fires; ``threshold`` (the alert level) is at most 1.

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
            threshold = min(mean + sds * sd, 1.0)
            above = share > threshold + _MARGIN
            # At a level capped at 100 %, only a share of 100 % can reach it: it fires if the baseline was lower.
            at_the_cap = threshold >= 1.0 - _MARGIN and share >= 1.0 - _MARGIN and mean < 1.0 - _MARGIN
            if count >= min_count and (above or at_the_cap):
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
        if total >= min_count:
            shares.append(share)
    return fired
