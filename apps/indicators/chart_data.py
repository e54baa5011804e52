"""The charts of a year's results, as the dashboard's script draws them, and
what a page says of a published year's breakdown (changed since, or live)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats

from .colours import BARS, colours
from .indicator import Breakdown
from .results import Result, json_number


def charts(results: list[Result]) -> list[dict[str, Any]]:
    """Return one chart per breakdown: labels in the reader's language, values,
    each category's colour (see `colours.py`) and a donut's percentages."""
    series: list[dict[str, Any]] = []
    for result in results:
        indicator = result.indicator
        for name, values in result.breakdowns.items():
            breakdown = indicator.breakdowns[name]
            choices = () if callable(breakdown.labels) else list(breakdown.labels)
            numbers = [json_number(value) for value in values.values()]
            chart: dict[str, Any] = {
                "id": f"{indicator.code}.{name}",
                "title": str(breakdown.title),
                "kind": breakdown.chart,
                "unit": breakdown.unit,
                "labels": [breakdown.label(code) or "—" for code in values],
                "values": numbers,
                "colours": (
                    [BARS] * len(values)
                    if breakdown.chart == "bar"
                    else colours(values, choices)
                ),
            }
            if breakdown.chart == "doughnut":
                chart["percents"] = _percents(numbers)
            chart["status"] = breakdown_status(result, name)
            if chart["status"] == "changed":
                chart["live_rows"] = live_rows(
                    breakdown, values, result.live_breakdowns[name]
                )
            series.append(chart)
        for name, lines in (result.series or {}).items():
            line_chart = indicator.series[name]
            dates = sorted({day for points in lines.values() for day, _ in points})
            series.append(
                {
                    "id": f"{indicator.code}.{name}",
                    "title": str(line_chart.title),
                    "kind": "line",
                    "unit": line_chart.unit,
                    "labels": [_day(day) for day in dates],
                    "datasets": [
                        {
                            "label": line_chart.label(code),
                            "colour": colour,
                            **_dataset(points, dates),
                        }
                        for (code, points), colour in zip(
                            lines.items(), colours(lines), strict=True
                        )
                    ],
                }
            )
    return series


def breakdown_status(result: Result, name: str) -> str | None:
    """Return what a page says of a published year's breakdown: "changed"
    (the records changed it since publishing), "live" (the edition froze no
    breakdown: the live one is shown), else None."""
    if name in result.breakdowns_changed:
        return "changed"
    if result.breakdowns_are_live:
        return "live"
    return None


def live_rows(breakdown: Breakdown, published: dict, live: dict) -> list[tuple]:
    """Return each category's label, published and live number (None where
    one has none): the published categories first, then the new ones."""
    codes = [*published, *(code for code in live if code not in published)]
    return [
        (
            breakdown.label(code) or "—",
            json_number(published.get(code)),
            json_number(live.get(code)),
        )
        for code in codes
    ]


def _percents(values: list) -> list[float | None]:
    """Each value's share of their sum, in percent to one decimal."""
    total = sum(value for value in values if value)
    if not total:
        return [None for _ in values]
    return [round(100 * value / total, 1) if value else 0 for value in values]


def _day(iso: str) -> str:
    return formats.date_format(dt.date.fromisoformat(iso))


def _dataset(points, dates: list) -> dict[str, Any]:
    """One line of a chart, with a value (or a gap) at every date."""
    by_day = dict(points)
    return {"values": [by_day.get(day) for day in dates]}
