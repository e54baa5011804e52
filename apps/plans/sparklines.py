"""A sparkline drawn on the server: a small inline SVG, no script."""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT, PAD = 80, 20, 2


def sparkline_points(values: list[Any]) -> list[tuple[float, float]]:
    """Return the (x, y) of each known value; a year without one is a gap."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = []
    for index, value in enumerate(values):
        if value is None:
            continue
        x = PAD + index * step
        # A flat line sits in the middle.
        y = (
            HEIGHT / 2
            if high == low
            else PAD + (HEIGHT - 2 * PAD) * (1 - (float(value) - low) / span)
        )
        points.append((round(x, 1), round(y, 1)))
    return points
