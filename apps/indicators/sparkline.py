"""A tiny line of an indicator's last values, drawn on the server as SVG.

No script, no query: the values are those the page has already computed.
The `<title>` says them in words (the image's text alternative).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, MARGIN = 80, 20, 1


def sparkline(values: Sequence[float | int | None], *, title: str) -> SafeString:
    """Return an inline SVG of the values (None breaks the line), or ""."""
    known = [float(value) for value in values if value is not None]
    if not known:
        return mark_safe("")
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
