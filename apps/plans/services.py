"""A plan's figures: baselines, each year's value against its target, status.

The status rule (written on the plan page too): the expected value in a year
lies on the straight line from the baseline (its year and value) to the end
target (the plan's last year). An indicator is on track when its latest
value reached the expected value of its year (for a decreasing target: is at
most it), at risk when it falls short by at most a tenth of the distance from
the baseline to the end target, off track beyond. No value, or no baseline:
no status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.indicators.indicator import Indicator, Number
from apps.indicators.registry import NotRegistered, registry
from apps.indicators.results import Result, evaluate_year, json_number

from .models import Plan, PlanIndicator

ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
STATUSES = {
    ON_TRACK: _("On track"),
    AT_RISK: _("At risk"),
    OFF_TRACK: _("Off track"),
}
RISK_MARGIN = Decimal("0.1")  # of the distance from the baseline to the end


@overload
def _decimal(value: Number) -> Decimal: ...
@overload
def _decimal(value: Any) -> Decimal | None: ...
def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def expected_value(
    baseline: Any, baseline_year: int, end_target: Any, last_year: int, year: int
) -> Decimal:
    """Return the value on the straight line from the baseline to the end target."""
    baseline, end_target = _decimal(baseline), _decimal(end_target)
    if last_year <= baseline_year or year >= last_year:
        return end_target
    if year <= baseline_year:
        return baseline
    share = Decimal(year - baseline_year) / Decimal(last_year - baseline_year)
    return baseline + (end_target - baseline) * share


def status(
    *,
    baseline: Any,
    baseline_year: int,
    end_target: Any,
    last_year: int,
    year: int | None,
    value: Any,
) -> str | None:
    """Return on_track, at_risk or off_track for `value` in `year` (see above)."""
    if value is None or baseline is None or year is None:
        return None
    value, baseline = _decimal(value), _decimal(baseline)
    end_target = _decimal(end_target)
    expected = expected_value(baseline, baseline_year, end_target, last_year, year)
    margin = abs(end_target - baseline) * RISK_MARGIN
    # How far the value falls short of the expected one (negative: ahead).
    shortfall = expected - value if end_target >= baseline else value - expected
    if shortfall <= 0:
        return ON_TRACK
    if shortfall <= margin:
        return AT_RISK
    return OFF_TRACK


def progress(baseline: Any, end_target: Any, value: Any) -> float | None:
    """Return how far the value went from the baseline to the end target, in %."""
    if value is None or baseline is None or end_target == baseline:
        return None
    baseline = _decimal(baseline)
    done = (_decimal(value) - baseline) / (_decimal(end_target) - baseline)
    return round(float(100 * done), 1)


@dataclass
class Row:
    """One indicator of a plan, with its value and target each year."""

    item: PlanIndicator
    indicator: Indicator | None
    baseline: Decimal | None  # frozen, or computed now while not frozen
    baseline_year: int
    baseline_now: Any  # the baseline year's shown value now
    years: dict[int, dict[str, Any]] = field(default_factory=dict)
    latest_year: int | None = None
    status: str | None = None
    progress: float | None = None
    sparkline: str = ""  # the plan page's sparkline (SVG), set by its view

    @property
    def code(self) -> str:
        return self.item.indicator

    @property
    def label(self) -> str:
        return str(self.indicator.label) if self.indicator else self.code

    @property
    def unit(self) -> str:
        return self.indicator.unit if self.indicator else "count"

    @property
    def section(self) -> str:
        return self.indicator.section if self.indicator else ""

    @property
    def end_target(self) -> Decimal:
        return self.item.end_target

    @property
    def is_frozen(self) -> bool:
        return self.item.baseline_value is not None

    @property
    def baseline_moved(self) -> bool:
        """Whether the records now give the baseline year another value."""
        return (
            self.is_frozen
            and self.baseline_now is not None
            and _decimal(self.baseline_now) != self.baseline
        )

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status]) if self.status else ""

    @property
    def cells(self) -> list[dict[str, Any]]:
        return [{"year": year, **self.years[year]} for year in sorted(self.years)]

    def values(self) -> list[Any]:
        return [self.years[year]["value"] for year in sorted(self.years)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "unit": self.unit,
            "baseline": json_number(self.baseline),
            "baseline_year": self.baseline_year,
            "end_target": json_number(self.end_target),
            "status": self.status,
            "years": {
                str(year): {
                    "value": json_number(cell["value"]),
                    "target": json_number(cell["target"]),
                }
                for year, cell in self.years.items()
            },
        }


def baseline_year_of(item: PlanIndicator, plan: Plan) -> int:
    return item.baseline_year or plan.first_year - 1


def evaluations(years: set[int]) -> dict[int, dict[str, Result]]:
    """Evaluate each year with data, up to this one, once; others: nothing."""
    with_data = registry.years_with_data()
    this_year = timezone.localdate().year
    return {
        year: {
            result.indicator.code: result
            for result in evaluate_year(year, series=False)
        }
        for year in sorted(years)
        if year in with_data and year <= this_year
    }


def _indicator(code: str) -> Indicator | None:
    try:
        return registry.get(code)
    except NotRegistered:
        return None


def plan_rows(plan: Plan, section: str = "") -> list[Row]:
    """Return the plan's indicators with their figures: one evaluation a year."""
    items = list(plan.indicators.all())
    baseline_years = {baseline_year_of(item, plan) for item in items}
    results = evaluations(set(plan.years) | baseline_years)
    rows = []
    for item in items:
        indicator = _indicator(item.indicator)
        if section and (indicator is None or indicator.section != section):
            continue
        year = baseline_year_of(item, plan)
        found = results.get(year, {}).get(item.indicator)
        now = found.value if found else None
        row = Row(
            item=item,
            indicator=indicator,
            baseline=(
                _decimal(now) if item.baseline_value is None else item.baseline_value
            ),
            baseline_year=year,
            baseline_now=now,
        )
        for year in plan.years:
            result = results.get(year, {}).get(item.indicator)
            row.years[year] = {
                "value": result.value if result else None,
                "target": result.target if result else None,
            }
            if result and result.value is not None:
                row.latest_year = year
        if row.latest_year is not None:
            latest = row.years[row.latest_year]["value"]
            row.status = status(
                baseline=row.baseline,
                baseline_year=row.baseline_year,
                end_target=item.end_target,
                last_year=plan.last_year,
                year=row.latest_year,
                value=latest,
            )
            row.progress = progress(row.baseline, item.end_target, latest)
        rows.append(row)
    rows.sort(key=lambda row: (row.section, row.code))
    return rows


def plan_document(plan: Plan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name": plan.name,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "indicators": [row.as_dict() for row in plan_rows(plan)],
    }


def freeze_baselines(plan: Plan) -> int:
    """Compute and store the baselines left empty; return how many were frozen.

    Each baseline year is evaluated once; a baseline year without data
    stays empty (nothing to freeze).
    """
    items = [item for item in plan.indicators.all() if item.baseline_value is None]
    if not items:
        return 0
    results = evaluations({baseline_year_of(item, plan) for item in items})
    frozen = 0
    for item in items:
        year = baseline_year_of(item, plan)
        result = results.get(year, {}).get(item.indicator)
        if result is None or result.value is None:
            continue
        item.baseline_value = _decimal(result.value).quantize(Decimal("0.01"))
        item.baseline_year = year
        item.save(update_fields=["baseline_value", "baseline_year"])
        frozen += 1
    return frozen
