"""Hand-written inline SVG charts for the corpus report: stacked columns over time and stacked bars per source.

Written by hand rather than with matplotlib: a few rectangles need no plotting library, the output is
a tenth of the size, and matplotlib's SVG declares namespace URLs that a file promising "no URL at
all" should not hold (inline SVG in HTML needs none). Every chart has a ``<title>`` and a ``<desc>``
(read by screen readers through ``aria-labelledby``), a legend, and a tooltip on every bar.
"""

from html import escape

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
FRAME_COLOURS = {"threat": "#D55E00", "stability": "#0072B2", "neutral": "#8C8C8C", "uncertain": "#FFFFFF"}
# Uncertain sentences are drawn hollow: any fill light enough to read as "left out" would vanish on white.
OUTLINED = {"#FFFFFF": ' stroke="#4d4d4d" stroke-width="0.8"'}
OTHER_COLOURS = ("#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
TEXT = "#1a1a1a"
GRID = "#c8c8c8"
FONT = 'font-family="system-ui,sans-serif" font-size="11"'


def frame_colours(frames):
    """Return a colour per frame: fixed ones for threat, stability, neutral, uncertain; a palette for others."""
    others = iter(OTHER_COLOURS * (len(frames) // len(OTHER_COLOURS) + 1))
    return {frame: FRAME_COLOURS.get(frame) or next(others) for frame in frames}


def _outline(colour):
    """The stroke attributes of a colour drawn as an outline (uncertain), else nothing."""
    return OUTLINED.get(colour, "")


def axis_ticks(peak, most=5):
    """Return whole-number axis ticks from 0 past ``peak``, a step of 1, 2 or 5 x 10^k, at most ``most`` + 1.

    Examples
    --------
    >>> axis_ticks(161)
    [0, 50, 100, 150, 200]
    >>> axis_ticks(3)
    [0, 1, 2, 3]
    """
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-peak // (step * factor)) <= most:
                top = -(-max(peak, 1) // (step * factor)) * step * factor
                return list(range(0, top + 1, step * factor))
        step *= 10


def _number(value):
    """Format a count or a share for a tooltip."""
    return f"{value:.0%}" if isinstance(value, float) else f"{value:,}"


def _open(chart_id, width, height, title, description):
    """The opening tag, title and description of an accessible SVG."""
    return (
        f'<svg id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" {FONT}>'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
    )


def _legend(frames, colours, x, y):
    """A one-row legend starting at (x, y)."""
    parts = []
    for frame in frames:
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colours[frame]}"{_outline(colours[frame])}/>'
            f'<text x="{x + 14}" y="{y}" fill="{TEXT}">{escape(frame)}</text>'
        )
        x += 24 + 7 * len(frame)
    return "".join(parts)


def columns_over_time(chart_id, title, description, periods, values, frames, normalised=False):
    """Return stacked columns, one per period, of each frame's count (or share when ``normalised``).

    ``values[period][frame]`` is a count; with ``normalised`` each column is scaled to 100 %. Periods
    without sentences are drawn as gaps.
    """
    colours = frame_colours(frames)
    step = max(4, min(36, 400 // max(len(periods), 1)))
    left, top, bottom, plot_height = 48, 28, 58, 150
    width = left + step * len(periods) + 48
    height = top + plot_height + bottom
    totals = [sum(values.get(p, {}).get(f, 0) for f in frames) for p in periods]
    ticks = [0, 0.25, 0.5, 0.75, 1.0] if normalised else axis_ticks(max(totals, default=0))
    peak = ticks[-1]
    parts = [_open(chart_id, width, height, title, description), _legend(frames, colours, left, 14)]
    for tick in ticks:
        y = top + plot_height * (1 - tick / peak)
        label = f"{tick:.0%}" if normalised else f"{tick:,}"
        parts.append(
            f'<line x1="{left}" x2="{width - 40}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">{label}</text>'
        )
    every = max(1, len(periods) // 16)
    for i, (period, total) in enumerate(zip(periods, totals)):
        x = left + i * step + 1
        y = top + plot_height
        for frame in frames:
            count = values.get(period, {}).get(frame, 0)
            if not count:
                continue
            value = count / total if normalised else count
            h = plot_height * value / peak
            y -= h
            tip = f"{period}, {frame}: {_number(value)}" + (f" ({count:,})" if normalised else "")
            parts.append(
                f'<rect x="{x}" y="{y:.2f}" width="{step - 2}" height="{h:.2f}" fill="{colours[frame]}"{_outline(colours[frame])}>'
                f"<title>{escape(tip)}</title></rect>"
            )
        if i % every == 0:
            cx = x + (step - 2) / 2
            cy = top + plot_height + 8
            parts.append(
                f'<text x="{cx:.1f}" y="{cy}" transform="rotate(45 {cx:.1f} {cy})" fill="{TEXT}">{escape(period)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bars_per_item(chart_id, title, description, items, frames):
    """Return horizontal stacked bars, one per ``(name, {frame: count})`` item, in the order given."""
    colours = frame_colours(frames)
    label_width = min(200, 12 + 6 * max((len(name) for name, _ in items), default=4))
    left, top, row, plot_width = label_width, 30, 18, 300
    width = left + plot_width + 60
    height = top + row * len(items) + 10
    peak = max((sum(counts.get(f, 0) for f in frames) for _, counts in items), default=0) or 1
    parts = [_open(chart_id, width, height, title, description), _legend(frames, colours, 8, 14)]
    for i, (name, counts) in enumerate(items):
        y = top + i * row
        shown = name if len(name) <= 30 else name[:29] + "…"
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" fill="{TEXT}">{escape(shown)}</text>')
        x = left
        for frame in frames:
            count = counts.get(frame, 0)
            if not count:
                continue
            w = plot_width * count / peak
            parts.append(
                f'<rect x="{x:.2f}" y="{y + 2}" width="{w:.2f}" height="{row - 4}" fill="{colours[frame]}"{_outline(colours[frame])}>'
                f"<title>{escape(f'{name}, {frame}: {count:,}')}</title></rect>"
            )
            x += w
        total = sum(counts.get(f, 0) for f in frames)
        parts.append(f'<text x="{x + 4:.2f}" y="{y + 12}" fill="{TEXT}">{total:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def frame_charts(index, name, what, periods, values, frames, labels, table="below"):
    """Return ``(counts_svg, shares_svg)``: one group's sentences per frame over time, and each frame's share.

    ``values`` maps a period to ``{frame: count}`` (``uncertain`` included, left out of the shares);
    ``what`` says what is counted ("threat, stability per week"); ``table`` says where the numbers are.
    """
    counts = columns_over_time(
        f"c{index}",
        f"{name}: sentences per frame",
        f"Stacked columns: sentences of {what} for {name}; the table {table} has the numbers.",
        periods,
        values,
        frames,
    )
    shares = columns_over_time(
        f"n{index}",
        f"{name}: share of each frame",
        f"Columns scaled to 100 %: share of {what} for {name}; the table {table} has the numbers.",
        periods,
        {period: {f: v for f, v in counts_.items() if f != "uncertain"} for period, counts_ in values.items()},
        labels,
        normalised=True,
    )
    return counts, shares
