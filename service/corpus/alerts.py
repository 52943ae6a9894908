"""Frame-shift alerts: a group's count of a frame in one period against its own earlier periods, tested for chance.

Each cell of a run (a group, a watched frame, a period after at least ``MIN_PREVIOUS`` earlier
periods) is tested with a one-sided Fisher's exact test: the period's sentences of the frame, of its
confident sentences, against the group's earlier periods pooled (the baseline). An earlier period
counts in the baseline only when the group has at least ``min_count`` (confident) sentences there: a
share of three sentences is mostly noise. Sentences of one article share its frames, so they are not
independent draws: every count is first divided by its design effect, 1 + (m - 1) rho, where m is the
sentences per article (of the period, or of the baseline) and rho how alike the frames of one
article's sentences are, estimated per frame from every other period of the run (:func:`estimate_design`);
rows that tell no articles apart are divided by the run's over-dispersion instead.

A run tests many cells (60 groups, 2 frames and 100 weeks are 12,000), so some would pass any fixed
p-value by chance: the Benjamini-Hochberg procedure keeps the expected share of false alerts among
the alerts at ``fdr``. A cell fires when its q-value is at most ``fdr``, it has at least
``min_count`` sentences of the frame and, when the rows tell articles apart, those come from at least
``min_articles`` articles. A cell is tested (and counts in the correction) when its period has at
least ``min_count`` sentences and ``min_articles`` articles, which say nothing of its frame; the
guards on the frame's own sentences would, so they apply after the correction.
"""

import math
from dataclasses import dataclass

MIN_PREVIOUS = 3
DEFAULT_MIN_COUNT = 5
# Fewest articles the frame's sentences in a period must come from for an alert: sentences of one
# article share its frame, so one long article makes a share that says nothing about an outlet. On a
# corpus of 5,000 articles whose frames never shift, 118 of its 172 weekly alerts came from one
# article and 41 from two; from at least 3, 13 were left, which the test of chance then drops.
DEFAULT_MIN_ARTICLES = 3
# The expected share of false alerts among a run's alerts (Benjamini-Hochberg).
DEFAULT_FDR = 0.05
# The rule of summaries saved before alerts were tested (their options have no alert_fdr), to describe them.
BASELINE_SDS = 2.0
# A tail's terms below this part of its sum so far change none of the digits a p-value is shown with.
_NEGLIGIBLE = 1e-17


@dataclass(frozen=True)
class Design:
    """How far one frame's counts spread beyond independent sentences, across a run (see :func:`estimate_design`)."""

    # How alike the frames of one article's sentences are (0: independent sentences).
    rho: float = 0.0
    # The spread of the periods' counts over that of independent sentences, for rows that tell no articles apart.
    dispersion: float = 1.0

    def effect(self, total, articles):
        """Return the design effect of ``total`` sentences from ``articles`` articles (None: not told apart)."""
        if articles is None:
            return self.dispersion
        size = max(total / max(articles, 1), 1.0)
        return 1.0 + (size - 1.0) * self.rho


def from_articles_words(options):
    """The alert rule's fewest articles, in words to follow "with at least N such sentences" ("" for a summary saved before it)."""
    fewest = options.get("alert_min_articles")
    return f", from at least {fewest} articles (when the rows tell articles apart)" if fewest else ""


def rule_words(summary):
    """Say in plain text when a period of this summary is an alert (summaries saved before the test: their old rule)."""
    options = summary["options"]
    watched = " or ".join(summary["alert_labels"]) or "a frame"
    fewest = options["alert_min_count"]
    if options.get("alert_fdr") is None:
        return (
            f"A period is an alert when a group's share of {watched} rises above its alert level: the mean plus "
            f"{BASELINE_SDS:g} standard deviations of the group's shares in its earlier periods (at least "
            f"{MIN_PREVIOUS} of them), with at least {fewest} such sentences{from_articles_words(options)}. "
            f"An earlier period counts only with at least {fewest} sentences of the group, and the level is at "
            "most 100 %, which a share of 100 % reaches."
        )
    tests = summary.get("alert_test", {}).get("cells")
    tested = f" ({tests:,} this run)" if tests is not None else ""
    return (
        f"A period is an alert when a group's share of {watched} is higher than in its earlier periods "
        f"(at least {MIN_PREVIOUS}, each with at least {fewest} sentences of the group) by more than chance: "
        "a one-sided Fisher's exact test of the period's count against the earlier periods pooled, the "
        "counts divided by a design effect for the sentences of one article sharing frames, and the "
        "Benjamini-Hochberg correction over every group, frame and period tested"
        f"{tested}, with a false discovery rate of {options['alert_fdr']:g} (q at most that); the period also "
        f"needs at least {fewest} such sentences{from_articles_words(options)}. The alert level is the "
        "share at which the period would have fired."
    )


def baseline_words(alert, percent="%"):
    """The baseline an alert was compared with: "8% (5 of 63)", its earlier periods pooled (saved before the test: mean ± sd).

    ``percent`` follows each share: the workbench writes " %".
    """
    if "baseline_total" not in alert:
        return f"{alert['baseline_mean'] * 100:.0f}{percent} ± {alert['baseline_sd'] * 100:.0f}{percent} (mean ± sd)"
    return f"{alert['baseline_share'] * 100:.0f}{percent} ({alert['baseline_count']:,} of {alert['baseline_total']:,})"


def p_words(value):
    """A p- or q-value with two significant digits ("0.00059", "2.8e-06"), or a dash for a summary saved before the test."""
    return "–" if value is None else f"{value:.2g}"


def alert_labels(labels):
    """Return the labels alerts watch: threat and stability when present, else every label but neutral."""
    watched = [label for label in labels if label in ("threat", "stability")]
    return watched or [label for label in labels if label != "neutral"]


def _periods(series):
    """Yield ``(period, count, total, articles, articles_with)`` of the periods with sentences (articles: None when unknown)."""
    for period, count, total, *told in series:
        articles, articles_with = (*told, None, None)[:2]
        if total:
            yield period, count, total, articles, articles_with


def _size_over_one(total, articles):
    """Sentences per article, less one (0 when the rows tell no articles apart)."""
    return 0.0 if articles is None else max(total / max(articles, 1), 1.0) - 1.0


class _Sums:
    """One group's periods of at least ``min_count`` sentences, summed so that their spread comes with or without any one."""

    __slots__ = ("periods", "count", "total", "squares", "sizes", "weighted", "told_apart")

    def __init__(self, kept):
        # kept: (count, total, articles) of each period.
        self.periods = len(kept)
        self.count = sum(c for c, _, _ in kept)
        self.total = sum(n for _, n, _ in kept)
        self.squares = math.fsum(c * c / n for c, n, _ in kept)
        self.sizes = math.fsum(_size_over_one(n, a) for _, n, a in kept)
        self.weighted = math.fsum(n * _size_over_one(n, a) for _, n, a in kept)
        self.told_apart = all(a is not None for _, _, a in kept)

    def terms(self, left_out=None):
        """The group's ``(squares, expected, spread)`` (see :func:`estimate_design`), without ``left_out`` (count, total, articles)."""
        periods, count, total = self.periods, self.count, self.total
        squares, sizes, weighted = self.squares, self.sizes, self.weighted
        if left_out is not None:
            c, n, a = left_out
            periods, count, total = periods - 1, count - c, total - n
            squares, sizes, weighted = (
                squares - c * c / n,
                sizes - _size_over_one(n, a),
                weighted - n * _size_over_one(n, a),
            )
        if periods < 2 or count <= 0 or count >= total:
            # A single period, or a frame always absent or always there: no spread to measure.
            return 0.0, 0.0, 0.0
        share = count / total
        # The sum of (c - n share)^2 / (n share (1 - share)) over the periods, and of (1 - n / total) and its (m - 1).
        pearson = (squares - count * count / total) / (share * (1.0 - share))
        return pearson, periods - 1.0, sizes - weighted / total


def _design(squares, expected, spread, told_apart):
    """The :class:`Design` of summed ``(squares, expected, spread)``: rho from 0 to 1, the dispersion at least 1."""
    if expected <= 0:
        return Design()
    rho = min(max((squares - expected) / spread, 0.0), 1.0) if told_apart and spread > 0 else 0.0
    return Design(rho=rho, dispersion=max(squares / expected, 1.0))


class _Spread:
    """How one frame's periods spread around their groups' own shares across a run (see :func:`estimate_design`)."""

    def __init__(self, series_by_cell, min_count):
        self.sums = {
            cell: _Sums([(c, n, a) for _, c, n, a, _ in _periods(series) if n >= min_count])
            for cell, series in series_by_cell.items()
        }
        self.told_apart = all(sums.told_apart for sums in self.sums.values())
        summed = [math.fsum(terms) for terms in zip(*(sums.terms() for sums in self.sums.values()))]
        self.totals = summed or [0.0, 0.0, 0.0]

    def design(self):
        """The frame's design from every period of the run."""
        return _design(*self.totals, self.told_apart)

    def without(self, cell):
        """A function of a period of ``cell`` (count, total, articles) giving the design of every other period of the run."""
        sums = self.sums[cell]
        own = sums.terms()

        def design(count, total, articles):
            left = sums.terms((count, total, articles))
            return _design(*(t - o + n for t, o, n in zip(self.totals, own, left)), self.told_apart)

        return design


def estimate_design(all_series, min_count=DEFAULT_MIN_COUNT):
    """Return the :class:`Design` of one frame from the series of every group of a run (a moment estimate).

    Each group's periods of at least ``min_count`` sentences spread around the group's own share p of
    the frame. Their squared Pearson residuals, (count - total p)^2 / (total p (1 - p)), add up to
    about the sum of (1 - h) (1 + (m - 1) rho), h being the period's part of the group's sentences and
    m its sentences per article; solved for rho, from 0 (independent sentences) to 1 (an article's
    sentences all of one frame): a spread beyond that is no article's doing but drift or a shift, which
    is what the test looks for. The dispersion is that sum over the sum of (1 - h) (at least 1). A
    cell is tested with the design of every other period of the run (:func:`find_alerts`), so its own
    shift does not hide it; other shifts of the run add to the spread, which makes the test stricter.
    """
    return _Spread(dict(enumerate(all_series)), min_count).design()


def _effective(count, effect):
    """A count divided by its design effect, rounded half up (a count of independent sentences)."""
    return math.floor(count / effect + 0.5)


def _log_choose(n, k):
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_tail(count, total, base_count, base_total):
    """Return the one-sided p-value of Fisher's exact test that ``count`` of ``total`` is higher than ``base_count`` of ``base_total``.

    Were the period and its baseline one rate, the period's ``total`` sentences would be drawn from
    both together, ``count + base_count`` of them of the frame: X, how many of those fall in the
    period, is hypergeometric, and the p-value is P(X >= count). Plain math: importing scipy.stats
    would add a second to every ``stance summarize``.

    >>> round(fisher_tail(3, 3, 0, 3), 4)  # 3 of 3 against 0 of 3: P(X = 3) = 1 / C(6, 3)
    0.05
    """
    population, hits = total + base_total, count + base_count
    others = population - hits
    lowest, highest = max(0, total - others), min(total, hits)
    if count <= lowest:
        return 1.0

    def term(x):
        return math.exp(_log_choose(hits, x) + _log_choose(others, total - x) - _log_choose(population, total))

    if count * population > total * hits:
        # Above the mean the terms fall from the first, so the sum ends within a few of them.
        piece = upper = term(count)
        x = count
        while x < highest and piece > upper * _NEGLIGIBLE:
            piece *= (hits - x) * (total - x) / ((x + 1) * (others - total + x + 1))
            upper += piece
            x += 1
        return min(upper, 1.0)
    # At or below the mean the p-value is large: one minus the lower tail, whose terms fall from count - 1 down.
    piece = below = term(count - 1)
    x = count - 1
    while x > lowest and piece > below * _NEGLIGIBLE:
        piece *= x * (others - total + x) / ((hits - x + 1) * (total - x + 1))
        below += piece
        x -= 1
    return max(1.0 - below, 0.0)


def benjamini_hochberg(p_values):
    """Return the Benjamini-Hochberg q-values of ``p_values``, in their order: the lowest FDR at which each is a discovery."""
    m = len(p_values)
    q_values = [1.0] * m
    running = 1.0
    for rank, i in zip(range(m, 0, -1), sorted(range(m), key=p_values.__getitem__, reverse=True)):
        running = min(running, p_values[i] * m / rank)
        q_values[i] = running
    return q_values


class _Baseline:
    """A group's earlier periods of at least ``min_count`` sentences, summed as they come (linear in the periods)."""

    __slots__ = ("periods", "count", "total", "articles", "mean", "squares")

    def __init__(self):
        self.periods = self.count = self.total = self.articles = 0
        # The running mean of the periods' own shares and its sum of squared deviations (Welford's).
        self.mean = self.squares = 0.0

    def add(self, count, total, articles):
        """Take in one more earlier period."""
        self.periods += 1
        self.count += count
        self.total += total
        self.articles += articles or 0
        share = count / total
        step = share - self.mean
        self.mean += step / self.periods
        self.squares += step * (share - self.mean)

    def sd(self):
        """The sample standard deviation of the periods' own shares."""
        return math.sqrt(max(self.squares, 0.0) / (self.periods - 1))


class _Test:
    """One tested cell: its numbers, its baseline, and its counts divided by their design effects."""

    __slots__ = (
        "period", "count", "total", "articles", "articles_with", "previous", "base_count", "base_total",
        "mean", "sd", "effect", "p", "effective_count", "effective_total", "effective_base_count", "effective_base_total",
    )  # fmt: skip

    def __init__(self, period, count, total, articles, articles_with, baseline, design):
        self.period, self.count, self.total = period, count, total
        self.articles, self.articles_with = articles, articles_with
        self.previous, self.base_count, self.base_total = baseline.periods, baseline.count, baseline.total
        self.mean, self.sd = baseline.mean, baseline.sd()
        self.effect = design.effect(total, articles)
        base_effect = design.effect(baseline.total, None if articles is None else baseline.articles)
        self.effective_total = max(_effective(total, self.effect), 1)
        self.effective_count = min(_effective(count, self.effect), self.effective_total)
        self.effective_base_total = max(_effective(baseline.total, base_effect), 1)
        self.effective_base_count = min(_effective(baseline.count, base_effect), self.effective_base_total)
        self.p = self.p_value()

    def p_value(self, count=None):
        """The cell's p-value, or that it would have with ``count`` (divided by its design effect) instead."""
        count = self.effective_count if count is None else count
        return fisher_tail(count, self.effective_total, self.effective_base_count, self.effective_base_total)

    def level(self, cutoff):
        """The lowest share of the period with a p-value at most ``cutoff``, for a cell whose own is: its alert level."""
        # Counts are searched up to the cell's own, which a p-value a rounding above the cutoff still reaches.
        low, high = 0, self.effective_count
        while low < high:
            middle = (low + high) // 2
            if self.p_value(middle) <= cutoff:
                high = middle
            else:
                low = middle + 1
        # The fewest sentences that round to ``low`` once divided by the design effect.
        fewest = max(math.ceil((low - 0.5) * self.effect - 1e-9), 0)
        return min(fewest, self.count) / self.total

    def fields(self):
        """The cell as data (JSON-ready); the caller adds its q-value and alert level."""
        return {
            "period": self.period,
            "count": self.count,
            "total": self.total,
            "share": self.count / self.total,
            "articles_with": self.articles_with,
            "articles": self.articles,
            "previous_periods": self.previous,
            "baseline_count": self.base_count,
            "baseline_total": self.base_total,
            "baseline_share": self.base_count / self.base_total,
            # The mean and sample standard deviation of the earlier periods' own shares, to compare by eye.
            "baseline_mean": self.mean,
            "baseline_sd": self.sd,
            "design_effect": self.effect,
            "p_value": self.p,
        }


def shift_tests(series, design=Design(), min_count=DEFAULT_MIN_COUNT, min_articles=DEFAULT_MIN_ARTICLES, min_previous=MIN_PREVIOUS):  # fmt: skip
    """Return the tested cells of one group and frame, in time order, each with its p-value (``.p``).

    ``series`` holds ``(period, count, total)`` or ``(period, count, total, articles, articles_with)``
    per period in time order: the frame's sentences, all the group's confident sentences and, when the
    rows tell articles apart, the period's articles and those with the frame. ``design`` is a
    :class:`Design`, or a function of a period's ``(count, total, articles)`` giving its own.
    """
    design_of = design if callable(design) else lambda *_: design
    baseline, tested = _Baseline(), []
    for period, count, total, articles, articles_with in _periods(series):
        enough = total >= min_count and (articles is None or articles >= min_articles)
        if baseline.periods >= min_previous and enough:
            chosen = design_of(count, total, articles)
            tested.append(_Test(period, count, total, articles, articles_with, baseline, chosen))
        if total >= min_count:
            baseline.add(count, total, articles)
    return tested


def find_alerts(series_by_cell, fdr=DEFAULT_FDR, min_count=DEFAULT_MIN_COUNT, min_articles=DEFAULT_MIN_ARTICLES, designs=None, min_previous=MIN_PREVIOUS):  # fmt: skip
    """Test every group and frame of a run; return its alerts and what the run's test was.

    Parameters
    ----------
    series_by_cell : dict
        ``(group key, frame)`` -> the series of that group and frame (see :func:`shift_tests`).
    fdr : float
        The false discovery rate held over every cell tested in the run (Benjamini-Hochberg).
    min_count, min_articles, min_previous : int
        The guards (see the module's docstring).
    designs : dict or None
        frame -> :class:`Design`; None estimates each frame's from the run, each period's from every
        other period (:func:`estimate_design`).

    Returns
    -------
    alerts : list of ((group key, frame), dict)
        The cells that fire, in the order of ``series_by_cell`` and time: ``period``, ``count``,
        ``total``, ``share``, ``articles_with``, ``articles``, ``previous_periods``, the baseline
        (``baseline_count`` of ``baseline_total``, ``baseline_share``; ``baseline_mean`` and
        ``baseline_sd`` of the earlier shares), ``design_effect``, ``p_value``, ``q_value`` and
        ``threshold``, the alert level: the lowest share of the period that would have fired.
    test : dict
        ``cells`` (tested), ``fdr``, ``p_cutoff`` (a cell is a discovery when its p-value is at most
        this, fdr times the discoveries over the cells; None without any), and per frame
        ``article_correlation`` (rho) and ``dispersion`` from every period of the run.
    """
    frames = list(dict.fromkeys(frame for _, frame in series_by_cell))
    spreads = {}
    if designs is None:
        spreads = {
            frame: _Spread({cell: s for cell, s in series_by_cell.items() if cell[1] == frame}, min_count)
            for frame in frames
        }
        designs = {frame: spread.design() for frame, spread in spreads.items()}
    tested = []
    for cell, series in series_by_cell.items():
        # Each period is tested with the design of every other period of the run (its own shift left out).
        design = spreads[cell[1]].without(cell) if spreads else designs[cell[1]]
        tested += [(cell, test) for test in shift_tests(series, design, min_count, min_articles, min_previous)]
    q_values = benjamini_hochberg([test.p for _, test in tested])
    # The R discoveries are exactly the cells with p at most fdr R / m (every other p is above fdr (R + 1) / m).
    discoveries = sum(1 for q in q_values if q <= fdr)
    cutoff = fdr * discoveries / len(tested) if discoveries else None
    alerts = []
    for (cell, test), q in zip(tested, q_values):
        with_frame = test.articles_with
        if q > fdr or test.count < min_count or (with_frame is not None and with_frame < min_articles):
            continue
        alerts.append((cell, {**test.fields(), "q_value": q, "threshold": test.level(cutoff)}))
    run = {
        "cells": len(tested),
        "fdr": fdr,
        "p_cutoff": cutoff,
        "article_correlation": {frame: designs[frame].rho for frame in frames},
        "dispersion": {frame: designs[frame].dispersion for frame in frames},
    }
    return alerts, run


def find_shifts(series, min_count=DEFAULT_MIN_COUNT, fdr=DEFAULT_FDR, min_articles=DEFAULT_MIN_ARTICLES, design=None):  # fmt: skip
    """Return the periods of one group and frame that fire when they are the whole run (see :func:`find_alerts`).

    ``design`` None estimates it from this series alone.

    Examples
    --------
    >>> series = [("w1", 2, 20), ("w2", 3, 20), ("w3", 2, 20), ("w4", 15, 20)]
    >>> [a["period"] for a in find_shifts(series, design=Design())]
    ['w4']
    """
    designs = None if design is None else {None: design}
    alerts, _ = find_alerts({(None, None): series}, fdr, min_count, min_articles, designs)
    return [fields for _, fields in alerts]
