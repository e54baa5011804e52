"""Evaluating every indicator for a year, for pages, the API and commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .models import PublishedFigure, Target
from .periods import Period
from .registry import Indicator, Number, Value, evaluation, registry


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    value: Value
    previous: Value
    target: Value
    breakdowns: dict[str, dict[str, Number]]
    left_out: int | None
    share: float | None = None  # percent of the `share_of` indicator's value
    series: dict[str, dict[str, list]] | None = None
    published: Value = None  # the value frozen in the year's edition, if any
    is_published: bool = False

    @property
    def since_published(self) -> Value:
        """Return how far the live value moved from the published one, if it did."""
        if not self.is_published or self.value is None or self.published is None:
            return None
        change = Decimal(str(self.value)) - Decimal(self.published)
        return _plain(change) if change else None

    @property
    def change(self) -> Value:
        """Return the value minus the previous one, when both are known."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def progress(self) -> float | None:
        """Return the value in percent of the target, when one is set."""
        if self.value is None or not self.target:
            return None
        return round(100 * float(self.value) / float(self.target), 1)

    @property
    def breakdown(self) -> dict[str, Number]:
        """Return the indicator's first breakdown, the one the API publishes."""
        return next(iter(self.breakdowns.values()), {})

    def as_dict(self) -> dict[str, Any]:
        """Return the indicator as DESIGN.md section 5 publishes it."""
        return {
            "code": self.indicator.code,
            "label": str(self.indicator.label),
            "section": self.indicator.section,
            "unit": self.indicator.unit,
            "value": json_number(self.value),
            "previous": json_number(self.previous),
            "target": json_number(self.target),
            "breakdown": {k: json_number(v) for k, v in self.breakdown.items()},
            "published": json_number(self.published),
        }


def json_number(value: Value) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def evaluate(
    indicator: Indicator,
    period: Period,
    *,
    previous: Period | None = None,
    target: Value = None,
    series: bool = True,
) -> Result:
    """Compute an indicator for a period, and its value for `previous`.

    `series=False` leaves out the time series, which only the dashboard's
    line charts show (one query less for the API and the report).

    A period before the span of the indicator's data is "no data": no value,
    no breakdown, no left-out count; a previous period before it gives no
    previous value, so no change is computed against it.
    """
    with evaluation():
        span = registry.span_of(indicator)
        if not span.has_data_for(period):
            return Result(indicator, None, None, target, {}, None, series={})
        return Result(
            indicator=indicator,
            value=indicator.compute(period),
            previous=(
                indicator.compute(previous)
                if previous and span.has_data_for(previous)
                else None
            ),
            target=target,
            breakdowns={
                name: func(period) for name, func in indicator.breakdowns.items()
            },
            left_out=indicator.left_out_of(period) if indicator.left_out_of else None,
            series={name: func(period) for name, func in indicator.series.items()}
            if series
            else {},
        )


def report_period(year: int, today: dt.date | None = None) -> Period:
    """Return the period a year's pages show: up to today while it runs."""
    return Period.year_to_date(year, today or timezone.localdate())


def evaluate_year(
    year: int, *, today: dt.date | None = None, series: bool = True
) -> list[Result]:
    """Compute every indicator for a calendar year, with the year before.

    While the year is running, it is counted up to today and compared with
    the same days of the year before.
    """
    period = report_period(year, today)
    previous = period.a_year_before()
    targets = Target.objects.values_for(year)
    with evaluation():
        results = [
            evaluate(
                indicator,
                period,
                previous=previous,
                target=targets.get(indicator.code),
                series=series,
            )
            for indicator in registry.all()
        ]
    values = {result.indicator.code: result.value for result in results}
    published = published_figures(year)
    return [
        _with_published(_with_share(result, values), published) for result in results
    ]


def published_figures(year: int) -> dict[str, Decimal | None] | None:
    """Return the values of the year's published edition, or None if unpublished."""
    figures = dict(
        PublishedFigure.objects.filter(edition__year=year).values_list(
            "indicator", "value"
        )
    )
    return figures or None


def _with_published(result: Result, published: dict | None) -> Result:
    if published is None or result.indicator.code not in published:
        return result
    return replace(
        result, published=_plain(published[result.indicator.code]), is_published=True
    )


def _plain(value: Decimal | None) -> Decimal | None:
    """Drop the stored decimal places a value does not need (12.5000 -> 12.5)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def evaluate_one(indicator: Indicator, year: int) -> Result:
    """Compute one indicator for a year, as `evaluate_year` would."""
    period = report_period(year)
    with evaluation():
        result = evaluate(
            indicator,
            period,
            previous=period.a_year_before(),
            target=Target.objects.filter(indicator=indicator.code, year=year)
            .values_list("value", flat=True)
            .first(),
        )
        if indicator.share_of:
            whole = registry.get(indicator.share_of).compute(period)
            result = _with_share(result, {indicator.share_of: whole})
    return _with_published(result, published_figures(year))


def _with_share(result: Result, values: dict[str, Value]) -> Result:
    whole = values.get(result.indicator.share_of or "")
    if not whole or result.value is None:
        return result
    return replace(result, share=round(100 * float(result.value) / float(whole), 1))


def indicators_document(year: int) -> dict[str, Any]:
    return {
        "year": year,
        "indicators": [
            result.as_dict() for result in evaluate_year(year, series=False)
        ],
    }


def charts(results: list[Result]) -> list[dict[str, Any]]:
    """Return one chart per breakdown: labels in the reader's language, values."""
    series = []
    for result in results:
        indicator = result.indicator
        for name, values in result.breakdowns.items():
            breakdown = indicator.breakdowns[name]
            series.append(
                {
                    "id": f"{indicator.code}.{name}",
                    "title": str(breakdown.title),
                    "kind": breakdown.chart,
                    "labels": [breakdown.label(code) or "—" for code in values],
                    "values": [json_number(value) for value in values.values()],
                }
            )
        for name, lines in (result.series or {}).items():
            dates = sorted({day for points in lines.values() for day, _ in points})
            series.append(
                {
                    "id": f"{indicator.code}.{name}",
                    "title": str(indicator.series[name].title),
                    "kind": "line",
                    "labels": dates,
                    "datasets": [
                        _dataset(label, points, dates)
                        for label, points in lines.items()
                    ],
                }
            )
    return series


def _dataset(label: str, points, dates: list) -> dict[str, Any]:
    """One line of a chart, with a value (or a gap) at every date."""
    by_day = dict(points)
    return {"label": label, "values": [by_day.get(day) for day in dates]}
