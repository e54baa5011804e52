"""Evaluating every indicator for a year, for pages, the API and commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils import timezone

from apps.common.money import currency

from .indicator import Indicator, Number, Value
from .memo import evaluation
from .models import PublishedFigure, Target
from .periods import Period
from .registry import registry


@dataclass(frozen=True)
class Result:
    """An indicator's figures for a year, all derived from the shown value.

    The shown value (`value`) is the published one for a published year, else
    the live one (computed from the records now). The change, the target
    progress, the share and every page, export and API figure read `value`.
    So with the breakdowns: those shown (`breakdowns`) are the ones frozen in
    the year's edition, else the live ones (also for an edition published
    before breakdowns were frozen, which holds none: `breakdowns_are_live`).
    """

    indicator: Indicator
    live: Value  # computed from the records as they are now
    previous: Value  # the year before's shown value: its published one if any
    target: Value
    live_breakdowns: dict[str, dict[str, Number]]  # computed from the records now
    left_out: int | None
    share: float | None = None  # percent of the `share_of` indicator's value
    series: dict[str, dict[str, list]] | None = None
    published: Value = None  # the value frozen in the year's edition, if any
    is_published: bool = False
    # The breakdowns frozen in the year's edition; None if it froze none.
    published_breakdowns: dict[str, dict[str, Number]] | None = None

    @property
    def value(self) -> Value:
        """Return the shown value: the published one if the year is, else live."""
        return self.published if self.is_published else self.live

    @property
    def since_published(self) -> Value:
        """Return how far the live value moved from the published one, if it did."""
        if not self.is_published:
            return None
        return _difference(self.live, self.published) or None

    @property
    def breakdowns(self) -> dict[str, dict[str, Number]]:
        """Return the shown breakdowns: the published ones if the year's
        edition froze them, else the live ones."""
        if self.is_published and self.published_breakdowns is not None:
            return self.published_breakdowns
        return self.live_breakdowns

    @property
    def breakdowns_are_live(self) -> bool:
        """Say whether a published year shows live breakdowns: its edition
        was published before breakdowns were frozen with it."""
        return (
            self.is_published
            and self.published_breakdowns is None
            and bool(self.live_breakdowns)
        )

    @property
    def breakdowns_changed(self) -> list[str]:
        """Return the names of the frozen breakdowns the records changed since
        publishing (only those computed live: a trend computes none)."""
        if not self.is_published or self.published_breakdowns is None:
            return []
        return [
            name
            for name, values in self.published_breakdowns.items()
            if name in self.live_breakdowns
            and _numbers(self.live_breakdowns[name]) != _numbers(values)
        ]

    @property
    def changed_since_published(self) -> bool:
        """Say whether the records changed the value or a breakdown since."""
        return self.since_published is not None or bool(self.breakdowns_changed)

    @property
    def change(self) -> Value:
        """Return the value minus the previous one, when both are known."""
        return _difference(self.value, self.previous)

    @property
    def progress(self) -> float | None:
        """Return the value in percent of the target, when one is set."""
        if self.value is None or not self.target:
            return None
        return round(100 * float(self.value) / float(self.target), 1)

    @property
    def breakdown(self) -> dict[str, Number]:
        """Return the indicator's first breakdown, the one the API publishes."""
        return _first(self.breakdowns)

    def as_dict(self) -> dict[str, Any]:
        """Return the indicator as the API publishes it (README.md)."""
        frozen = self.published_breakdowns if self.is_published else None
        return {
            "code": self.indicator.code,
            "label": str(self.indicator.label),
            "section": self.indicator.section,
            "unit": self.indicator.unit,
            "currency": currency() if self.indicator.unit == "currency" else None,
            "value": json_number(self.value),
            "previous": json_number(self.previous),
            "target": json_number(self.target),
            "breakdown": _numbers(self.breakdown),
            "published": json_number(self.published),
            "left_out": self.left_out,
            "live": json_number(self.live),
            "published_breakdown": None if frozen is None else _numbers(_first(frozen)),
            "live_breakdown": _numbers(_first(self.live_breakdowns)),
        }


def _first(breakdowns: dict[str, dict[str, Number]]) -> dict[str, Number]:
    return next(iter(breakdowns.values()), {})


def _numbers(values: dict[str, Number]) -> dict[str, int | float | None]:
    """Return a breakdown's numbers as JSON writes them (a Decimal as a number)."""
    return {code: json_number(value) for code, value in values.items()}


class Frozen(NamedTuple):
    """What an edition froze of an indicator: its value and its breakdowns
    (None if the edition was published before breakdowns were frozen)."""

    value: Decimal | None
    breakdowns: dict[str, list] | None


def frozen_breakdowns(result: Result) -> dict[str, list]:
    """Return the live breakdowns as a PublishedFigure stores them."""
    return {
        name: [[code, json_number(value)] for code, value in values.items()]
        for name, values in result.live_breakdowns.items()
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
    breakdowns: bool = True,
) -> Result:
    """Compute an indicator for a period, and its value for `previous`.

    `series=False` leaves out the time series, which only the dashboard's
    line charts show (one query less for the API and the report);
    `breakdowns=False` the breakdowns, which a trend does not show.

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
            live=indicator.compute(period),
            previous=(
                indicator.compute(previous)
                if previous and span.has_data_for(previous)
                else None
            ),
            target=target,
            live_breakdowns={
                name: func(period) for name, func in indicator.breakdowns.items()
            }
            if breakdowns
            else {},
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
    figures = published_figures(year, year - 1)
    results = [with_published(result, figures, period) for result in results]
    values = {result.indicator.code: result.value for result in results}
    return [_with_share(result, values) for result in results]


def published_figures(*years: int) -> dict[int, dict[str, Frozen]]:
    """Return the values and breakdowns of the years' editions in force, by
    year then code, in one query.

    An unpublished year (or one whose edition was withdrawn) is left out.
    """
    figures: dict[int, dict[str, Frozen]] = {}
    rows = PublishedFigure.objects.filter(
        edition__year__in=years, edition__withdrawn_at__isnull=True
    ).values_list("edition__year", "indicator", "value", "breakdowns")
    for year, code, value, breakdowns in rows:
        figures.setdefault(year, {})[code] = Frozen(_plain(value), breakdowns)
    return figures


def with_published(result: Result, figures: dict, period: Period) -> Result:
    """Show the published value of the year, and compare with the year before's.

    A running year is compared with the same days of the year before, which
    no edition holds: the live ones.
    """
    code, year = result.indicator.code, period.start.year
    changes: dict[str, Any] = {}
    if (frozen := figures.get(year, {}).get(code)) is not None:
        changes.update(
            published=frozen.value,
            is_published=True,
            published_breakdowns=_thawed(result.indicator, frozen.breakdowns),
        )
    if period == Period.year(year) and code in figures.get(year - 1, {}):
        changes["previous"] = figures[year - 1][code].value
    return replace(result, **changes) if changes else result


def _thawed(indicator: Indicator, stored: dict[str, list] | None) -> dict | None:
    """Return stored breakdowns as a Result holds them, in the indicator's
    order; a breakdown the indicator no longer has cannot be drawn: left out."""
    if stored is None:
        return None
    return {name: dict(stored[name]) for name in indicator.breakdowns if name in stored}


def _plain(value: Decimal | None) -> Decimal | None:
    """Drop the stored decimal places a value does not need (12.5000 -> 12.5)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _difference(value: Value, other: Value) -> Value:
    """Return value - other, exact when one is a published (decimal) figure."""
    if value is None or other is None:
        return None
    if isinstance(value, Decimal) or isinstance(other, Decimal):
        return _plain(Decimal(str(value)) - Decimal(str(other)))
    return value - other


def evaluate_one(indicator: Indicator, year: int) -> Result:
    """Compute one indicator for a year, as `evaluate_year` would."""
    period = report_period(year)
    figures = published_figures(year, year - 1)
    with evaluation():
        result = evaluate(
            indicator,
            period,
            previous=period.a_year_before(),
            target=Target.objects.filter(indicator=indicator.code, year=year)
            .values_list("value", flat=True)
            .first(),
        )
        result = with_published(result, figures, period)
        if code := indicator.share_of:
            published = figures.get(year, {})
            whole = (
                published[code].value
                if code in published
                else registry.get(code).compute(period)
            )
            result = _with_share(result, {code: whole})
    return result


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
