"""A tiny line of an indicator's last values, drawn on the server as SVG.

No script, no query: the values are those the page has already computed.
The `<title>` says them in words (the image's text alternative). A trend
needs two values: with fewer (an indicator's first year with data) nothing
is drawn, rather than a lone dot titled "from 2021 to 2021".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .registry import Indicator
from .templatetags.indicators import in_unit

WIDTH, HEIGHT, MARGIN = 80, 20, 1
SPARKLINE_YEARS = 5  # a sparkline shows the last five years


def series_sparkline(
    indicator: Indicator, years: Sequence[int], values: Sequence[Any]
) -> SafeString:
    """Return an indicator's values over the years as a sparkline titled
    with them ("Events from 2019 to 2021: 1, 2, 1"; "—" for no data)."""
    if not years:
        return mark_safe("")
    title = _("%(indicator)s from %(first)s to %(last)s: %(values)s") % {
        "indicator": indicator.label,
        "first": years[0],
        "last": years[-1],
        "values": ", ".join(in_unit(value, indicator.unit) for value in values),
    }
    return sparkline(values, title=title)


def shows_a_trend(values: Sequence[Any]) -> bool:
    """Whether the values make a trend: two of them at least are known."""
    return sum(value is not None for value in values) >= 2


def sparkline(values: Sequence[float | int | None], *, title: str) -> SafeString:
    """Return an inline SVG of the values (None breaks the line), or "" if
    they make no trend."""
    if not shows_a_trend(values):
        return mark_safe("")
    known = [float(value) for value in values if value is not None]
    low, high = min(known), max(known)
    step = (WIDTH - 2 * MARGIN) / max(len(values) - 1, 1)

    def point(index: int, value) -> tuple[float, float]:
        share = (float(value) - low) / (high - low) if high > low else 0.5
        x = MARGIN + index * step
        y = HEIGHT - MARGIN - share * (HEIGHT - 2 * MARGIN)
        return round(x, 1), round(y, 1)

    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(point(index, value))
    lines = [run for run in runs if len(run) > 1]
    dots = [run[0] for run in runs if len(run) == 1]
    last = next(
        point(i, v) for i, v in reversed(list(enumerate(values))) if v is not None
    )
    if last not in dots:
        dots.append(last)
    return format_html(
        '<svg class="sparkline" role="img" width="{}" height="{}" '
        'viewBox="0 0 {} {}"><title>{}</title>{}{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        title,
        format_html_join(
            "",
            '<polyline points="{}" fill="none" stroke="currentColor" '
            'stroke-width="1.5"></polyline>',
            ((" ".join(f"{x},{y}" for x, y in run),) for run in lines),
        ),
        format_html_join(
            "", '<circle cx="{}" cy="{}" r="1.5" fill="currentColor"></circle>', dots
        ),
    )
