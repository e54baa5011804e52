"""Periods over which indicators are computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True, order=True)
class Period:
    """A half-open range of days `[start, end)`.

    A record that lasts (a membership, a mandate…) is active on day D when it
    started on or before D and its end is empty or after D: the end date is
    the first day it no longer holds.
    """

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"A period must end after it starts: {self}")

    @classmethod
    def year(cls, year: int) -> Period:
        """Return the calendar year, 1 January to 31 December included."""
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def year_to_date(cls, year: int, today: dt.date) -> Period:
        """Return the calendar year, cut after `today` while it is running."""
        whole = cls.year(year)
        if today in whole and today != whole.last_day:
            return cls(whole.start, today + dt.timedelta(days=1))
        return whole

    def a_year_before(self) -> Period:
        """Return the same span of days one year earlier (29 February: the 28th).

        The comparison of a running year: 1 January to 15 June 2022 compares
        with 1 January to 15 June 2021; a whole year with the whole year before.
        """
        return Period(_a_year_before(self.start), _a_year_before(self.end))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return one calendar month."""
        return cls(dt.date(year, month, 1), _add_months(year, month, 1))

    @property
    def last_day(self) -> dt.date:
        """Return the last day included in the period ("at year end")."""
        return self.end - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day < self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"


def _a_year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _add_months(year: int, month: int, months: int) -> dt.date:
    index = year * 12 + (month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


# The date rules of docs/architecture.md, written once for every app's QuerySets.


def active_on(day: dt.date, start: str, end: str) -> Q:
    """Records active on `day`: started on or before it, not yet ended."""
    return Q(**{f"{start}__lte": day}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day})
    )


def active_during(period: Period, start: str, end: str) -> Q:
    """Records active on at least one day of the period."""
    return Q(**{f"{start}__lt": period.end}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": period.start})
    )


def dated_within(period: Period, field: str) -> Q:
    """Records whose date falls in the period."""
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})
