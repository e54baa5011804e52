"""Indicators across years: the series the pivot, the series API and an
indicator's trend read.

A year's figures are those its dashboard shows (`evaluate`, then the
published figure where the year is published); a year before an indicator's
data span is "no data" (None). The years share one evaluation, and the
published figures and the targets of every year are read in one query each,
so N years cost at most N times the queries of one year.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .colours import BLUE, VERMILLION
from .indicator import Indicator
from .memo import evaluation
from .models import Target
from .registry import registry
from .results import (
    Result,
    evaluate,
    json_number,
    published_figures,
    report_period,
    with_published,
)
from .sparkline import shows_a_trend

MAX_YEARS = 30  # a wider range asked for is a bad request
DEFAULT_YEARS = 5  # the range shown when none is asked for: the last years


def year_range(query: Mapping[str, str]) -> range:
    """Return the years `?from=&to=` asks for, clamped to the years with data.

    Either bound may be left out (the last five years by default). A bound
    that is not a year, a reversed range or one wider than MAX_YEARS is a
    bad request (400).
    """
    years = registry.years_with_data()
    first, last = _year(query, "from"), _year(query, "to")
    if first is not None and last is not None:
        if first > last:
            raise BadRequest(_("The first year comes after the last one."))
        if last - first + 1 > MAX_YEARS:
            raise BadRequest(_("Ask for %(n)s years at most.") % {"n": MAX_YEARS})
    if not years:
        return range(0)
    if last is None:
        last = years[-1] if first is None else min(first + DEFAULT_YEARS - 1, years[-1])
    if first is None:
        first = last - DEFAULT_YEARS + 1
    return range(max(first, years[0]), min(last, years[-1]) + 1)


def _year(query: Mapping[str, str], name: str) -> int | None:
    text = query.get(name, "")
    if text == "":
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise BadRequest(_("A year is written with four digits."))
    return int(text)


def evaluate_years(
    years: range,
    indicators: list[Indicator] | None = None,
    *,
    breakdowns: bool = True,
) -> dict[int, list[Result]]:
    """Return, for each year, the Results of the indicators (all by default).

    No year before is computed (no change, no share): a series needs none.
    `breakdowns=False` leaves the breakdowns out (a trend shows none).
    """
    figures = published_figures(*years)
    targets: dict[int, dict[str, Decimal]] = {}
    rows = Target.objects.filter(year__in=list(years)).values_list(
        "year", "indicator", "value"
    )
    for year, code, value in rows:
        targets.setdefault(year, {})[code] = value
    series = {}
    with evaluation():
        chosen = registry.all() if indicators is None else indicators
        for year in years:
            period = report_period(year)
            series[year] = [
                with_published(
                    evaluate(
                        item,
                        period,
                        target=targets.get(year, {}).get(item.code),
                        series=False,
                        breakdowns=breakdowns,
                    ),
                    figures,
                    period,
                )
                for item in chosen
            ]
    return series


def published_years(series: dict[int, list[Result]]) -> set[int]:
    """Return the years whose figures are (at least partly) published ones."""
    return {
        year for year, results in series.items() if any(r.is_published for r in results)
    }


def trend_chart(indicator: Indicator) -> dict[str, Any] | None:
    """Return an indicator's line chart over every year with data (the
    format of `chart_data.charts`): a published year is marked in its label,
    the targets are points. None when fewer than two years have a value: a
    trend needs two, as a sparkline does (a lone point, alone on its axis,
    says nothing the page's counter does not)."""
    years = registry.years_with_data()
    series = evaluate_years(years, [indicator], breakdowns=False)
    results = [series[year][0] for year in years]
    if not shows_a_trend([result.value for result in results]):
        return None
    return {
        "id": f"{indicator.code}.trend",
        "title": _("%(indicator)s over the years") % {"indicator": indicator.label},
        "kind": "line",
        "unit": indicator.unit,
        "axis": pgettext("chart table", "Year"),  # what its labels are
        "labels": [
            _("%(year)s (published)") % {"year": year}
            if result.is_published
            else str(year)
            for year, result in zip(years, results, strict=True)
        ],
        "datasets": [
            {
                "label": pgettext("spreadsheet column", "Value"),
                "colour": BLUE,
                "values": [json_number(result.value) for result in results],
            },
            {
                "label": pgettext("spreadsheet column", "Target"),
                "colour": VERMILLION,
                "values": [json_number(result.target) for result in results],
                "points": True,
            },
        ],
    }
