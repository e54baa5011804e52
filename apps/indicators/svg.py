"""The report's charts as SVG drawn on the server: no script, so the page, its
print and its PDF show the same picture.

Each function takes `(code, label, value)` parts and returns the SVG markup,
labels escaped, with `role="img"` and a `<title>` for screen readers. The
colours are the dashboard's (`colours`): a category looks the same on every
chart, drawn by Chart.js or here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .colours import BARS, colours, ink

Part = tuple[str, str, float]

WIDTH = 360
BAR = 28  # height of a stacked bar
ROW = 22  # height of a legend or chart row
CHAR = 6.8  # the widest a character of the labels' font is, on average
FONT = 'font-family="inherit" font-size="12"'


def stacked_bar(
    parts: Sequence[Part],
    *,
    title: str,
    shown: Callable[[float], str] = str,
    choices: Sequence[str] = (),
) -> SafeString:
    """Draw one bar split in proportion to the values, with a legend below.

    `shown` formats a value for the segment and the legend (`12%`); `choices`
    are the codes the categories are chosen from (see `colours.colours`).
    """
    parts = [part for part in parts if part[2] and part[2] > 0]
    fills = colours([code for code, _, _ in parts], choices)
    total = sum(float(value) for _, _, value in parts) or 1.0
    segments, legend = [], []
    # Two legend columns, or one when a label would not fit in half the width.
    longest = max((len(f"{shown(v)} {label}") for _, label, v in parts), default=0)
    columns = 2 if 18 + longest * CHAR <= WIDTH / 2 else 1
    x = 0.0
    for index, (_code, label, value) in enumerate(parts):
        fill = fills[index]
        width = WIDTH * float(value) / total
        segments.append(
            format_html(
                '<rect x="{}" y="0" width="{}" height="{}" fill="{}"/>',
                _n(x),
                _n(width),
                BAR,
                fill,
            )
        )
        if width >= 34:  # room for the figure inside the segment
            segments.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}" {} font-weight="700">{}</text>',
                    _n(x + 6),
                    BAR - 9,
                    ink(fill),
                    SafeString(FONT),
                    shown(value),
                )
            )
        x += width
        column, row = index % columns, index // columns
        top = BAR + 8 + row * ROW
        left = column * WIDTH / columns
        legend.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" fill="#1d2733" {}>{} {}</text>',
                _n(left),
                top + 4,
                fill,
                _n(left + 18),
                top + 15,
                SafeString(FONT),
                shown(value),
                label,
            )
        )
    height = BAR + 8 + ROW * -(-len(parts) // columns) + 4
    return _svg(title, height, [*segments, *legend])


def bars(
    parts: Sequence[Part],
    *,
    title: str,
    shown: Callable[[float], str] = str,
    choices: Sequence[str] = (),
) -> SafeString:
    """Draw one horizontal bar a part, longest first, labelled and valued."""
    parts = sorted(parts, key=lambda part: -float(part[2] or 0))
    top = max((float(value or 0) for _, _, value in parts), default=0) or 1.0
    label_width, value_width = 110, 56
    room = WIDTH - label_width - value_width
    rows = []
    for index, (_code, label, value) in enumerate(parts):
        y = index * ROW
        rows.append(
            format_html(
                '<text x="{}" y="{}" fill="#1d2733" text-anchor="end" {}>{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="#1d2733" {} font-weight="700">{}</text>',
                label_width - 8,
                y + 15,
                SafeString(FONT),
                label,
                label_width,
                y + 3,
                _n(room * float(value or 0) / top),
                ROW - 6,
                BARS,
                _n(label_width + room * float(value or 0) / top + 6),
                y + 15,
                SafeString(FONT),
                shown(value),
            )
        )
    return _svg(title, ROW * len(parts) + 2, rows)


def _svg(title: str, height: int, content: list[SafeString]) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        format_html_join("", "{}", ((part,) for part in content)),
    )


def _n(number: float) -> str:
    """Return a coordinate with at most one decimal: `12.5`, `40`."""
    return f"{number:.1f}".removesuffix(".0")
