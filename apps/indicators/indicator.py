"""An indicator: a counter of the annual report, and its companions.

A domain app declares one with the `@indicator` decorator (`registry.py`)
and may attach companions to the returned `Indicator`: `@new_members.records`
(the queryset behind the number), `@new_members.breakdown("category")` (a
mapping for a chart) and `@new_members.left_out` (how many records the
number had to leave out for missing data).

The drill-down shows how the records make the number: `counted` names the
annual file's columns the number counts or filters on, `makeup` how the rows
add up to it (one row, one unit by default: see `makeup.py`),
`extra_columns` the annotations of the records shown after the file's
columns (a member's leader on the last day), and
`@new_members.records_apart` the records listed apart (the earlier readings
of a network, which are not summed).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Choices, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .makeup import ONE_ROW_ONE_UNIT, Makeup
from .periods import Period

Number = int | float | Decimal
Value = Number | None

UNITS = ("count", "percent", "currency")

# The annual report's headings, in the report's order.
SECTIONS: dict[str, Promise] = {
    "secretariat": _("Secretariat"),
    "funding": _("Funding"),
    "network": _("Network"),
    "governance": _("Governance"),
    "impact": _("Impact"),
    "capacity": _("Capacity"),
    "voice": _("Voice"),
    "reported": _("Reported figures"),
}


@dataclass(frozen=True)
class Breakdown:
    """A split of an indicator's value for a chart: `period -> {code: number}`.

    `total` says what its numbers add up to: the indicator's "value", the
    number of its "records", "100" (percent), or the value of its `share_of`
    indicator ("whole").
    """

    name: str
    title: str | Promise
    # `{code: number}`, or `{line: [(date, value), …]}` for a time series.
    compute: Callable[[Period], dict[str, Any]]
    labels: Mapping[str, Any] | Callable[[str], Any]
    chart: str = "doughnut"
    unit: str = "count"
    total: str = "value"

    # A breakdown is callable; templates must read it, not call it.
    do_not_call_in_templates = True

    def __call__(self, period: Period) -> dict[str, Any]:
        return self.compute(period)

    def label(self, code: str) -> str:
        """Return a code's display name (a choice label), or the code itself."""
        if callable(self.labels):
            return str(self.labels(code))
        return str(self.labels.get(code, code))


@dataclass(eq=False)
class Indicator:
    """A counter of the annual report, computed live from records."""

    code: str
    label: str | Promise
    section: str
    unit: str
    compute: Callable[[Period], Value]
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    records_of: Callable[[Period], QuerySet] | None = None
    left_out_of: Callable[[Period], int] | None = None
    left_out_records_of: Callable[[Period], QuerySet] | None = None
    left_out_reason: str | Promise = ""
    # The code of the indicator this one is a part of: the dashboard shows
    # the value as a share of it too (publications with a gender perspective
    # among new publications).
    share_of: str | None = None
    # The definition, for indicators made from data rather than a function
    # (the reported figures); otherwise the compute function's docstring.
    description: str | Promise | None = None
    # For indicators named by data (the reported figures): the languages
    # their name is not written in (it falls back to English), and the record
    # whose admin page writes it (the data-quality page links to it).
    names_missing: tuple[str, ...] = ()
    names_record: Any = None
    # Named time series for line charts: `period -> {line: [(date, value)]}`.
    series: dict[str, Breakdown] = field(default_factory=dict)
    # How the records make the number (see the module's docstring).
    counted: tuple[str, ...] = ()
    makeup: Makeup = ONE_ROW_ONE_UNIT
    extra_columns: tuple[str, ...] = ()
    records_apart_of: Callable[[Period], QuerySet] | None = None
    records_apart_title: str | Promise = ""
    # The name of the data source whose records make the value (see
    # `data_span`); None: the default source of the compute function's app.
    data: str | None = None

    # An indicator is callable; templates must read it, not call it.
    do_not_call_in_templates = True

    def __post_init__(self) -> None:
        if self.section not in SECTIONS:
            raise ValueError(f"{self.code}: unknown section {self.section!r}")
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unknown unit {self.unit!r}")
        if not (self.description or inspect.getdoc(self.compute)):
            raise ValueError(f"{self.code}: the docstring is the definition")

    def __call__(self, period: Period) -> Value:
        return self.compute(period)

    @property
    def definition(self) -> str:
        """Return the published definition: the compute function's docstring,
        in the reader's language (see `definitions.py`)."""
        if self.description:
            return str(self.description)
        return gettext(inspect.getdoc(self.compute) or "")

    def breakdown(
        self,
        name: str,
        *,
        title: str | Promise,
        labels: type[Choices] | Mapping[str, Any] | Callable[[str], Any] | None = None,
        chart: str = "doughnut",
        unit: str = "count",
        total: str = "value",
    ) -> Callable:
        """Attach a named breakdown function (`period -> {code: number}`).

        `title` heads its chart (a "doughnut" or a "bar" chart); `labels` (a
        choices class, a mapping or a function) gives each code's display name;
        `total` what its numbers add up to (see `Breakdown`).
        """
        if isinstance(labels, type):
            labels = dict(cast(type[Choices], labels).choices)

        def attach(func: Callable[[Period], dict[str, Number]]) -> Callable:
            self.breakdowns[name] = Breakdown(
                name, title, func, labels or {}, chart, unit, total
            )
            return func

        return attach

    def time_series(
        self,
        name: str,
        *,
        title: str | Promise,
        labels: Mapping[str, Any] | Callable[[str], Any] | None = None,
    ) -> Callable:
        """Attach a line chart: `period -> {line code: [(date, value), …]}`;
        `labels` gives each line's display name, as for a breakdown."""

        def attach(func: Callable[[Period], dict[str, list]]) -> Callable:
            self.series[name] = Breakdown(name, title, func, labels or {}, "line")
            return func

        return attach

    def records(self, func: Callable[[Period], QuerySet]) -> Callable:
        """Attach the function giving the queryset of records behind a value."""
        self.records_of = func
        return func

    def records_apart(self, *, title: str | Promise) -> Callable:
        """Attach the queryset of records shown apart from those behind the
        value (read but not counted), under `title`."""

        def attach(func: Callable[[Period], QuerySet]) -> Callable:
            self.records_apart_of = func
            self.records_apart_title = title
            return func

        return attach

    def left_out(self, func: Callable[[Period], int]) -> Callable:
        """Attach the count of records left out of the value for missing data."""
        self.left_out_of = func
        return func

    def left_out_records(self, *, reason: str | Promise) -> Callable:
        """Attach the queryset of the records left out, and why (data quality)."""

        def attach(func: Callable[[Period], QuerySet]) -> Callable:
            self.left_out_records_of = func
            self.left_out_reason = reason
            return func

        return attach
