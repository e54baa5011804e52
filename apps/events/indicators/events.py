"""The event counters: events of each kind starting in the period.

They read one aggregate of the period's events (`_events`), whatever the
number of indicators reading it; their data are the events.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.events.models import Event
from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period, dated_within
from apps.indicators.registry import data_span, indicator

KIND = Event.Kind


def _months(period: Period) -> list[Period]:
    """The calendar months the period touches."""
    months, day = [], period.start.replace(day=1)
    while day < period.end:
        months.append(Period.month(day.year, day.month))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


STATUTORY = Q(kind=KIND.STATUTORY_MEETING)
FORMATS = ["", *Event.Format.values]  # a meeting's format may be blank


@shared_aggregate
def _events(period: Period) -> dict[str, int]:
    """The event counters, and the counts of the charts (events per month,
    statutory meetings per body and format), in one query."""
    months = {
        f"month_{month.start:%Y_%m}": Count(
            "pk", filter=~Q(kind=KIND.SESSION) & dated_within(month, "starts_on")
        )
        for month in _months(period)
    }
    bodies = {
        f"body_{body}": Count("pk", filter=STATUTORY & Q(statutory_body=body))
        for body in Event.Body.values
    }
    formats = {
        f"format_{fmt}": Count("pk", filter=STATUTORY & Q(format=fmt))
        for fmt in FORMATS
    }
    return Event.objects.in_period(period).aggregate(
        **months,
        **bodies,
        **formats,
        total=Count("pk", filter=~Q(kind=KIND.SESSION)),
        statutory=Count("pk", filter=Q(kind=KIND.STATUTORY_MEETING)),
        learning=Count("pk", filter=Q(kind=KIND.LEARNING_ACTIVITY)),
        global_events=Count(
            "pk", filter=Q(kind=KIND.GLOBAL_EVENT, role=Event.Role.PARTICIPATED)
        ),
        congress_sessions=Count(
            "pk", filter=Q(kind=KIND.SESSION, parent__kind=KIND.CONGRESS)
        ),
    )


# Governance


@indicator(
    "meetings.statutory",
    label=_("Statutory meetings"),
    section="governance",
    counted=("kind", "starts_on"),
)
def statutory_meetings(period: Period) -> int:
    """Meetings of the statutory bodies (board, vice-presidencies,
    co-presidencies, general assembly) starting in the period."""
    return _events(period)["statutory"]


@statutory_meetings.breakdown(
    "body", title=_("Statutory meetings by body"), labels=Event.Body
)
def statutory_meetings_by_body(period: Period) -> dict[str, int]:
    return _counted(_events(period), "body", sorted(Event.Body.values))


@statutory_meetings.breakdown(
    "format", title=_("Statutory meetings by format"), labels=Event.Format
)
def statutory_meetings_by_format(period: Period) -> dict[str, int]:
    return _counted(_events(period), "format", sorted(FORMATS))


@statutory_meetings.records
def statutory_meetings_records(period: Period) -> QuerySet[Event]:
    return Event.objects.in_period(period).filter(kind=KIND.STATUTORY_MEETING)


def _counted(counts: dict[str, int], prefix: str, codes: list[str]) -> dict[str, int]:
    """The codes counted at least once, in order: a chart's slices."""
    return {
        code: counts[f"{prefix}_{code}"] for code in codes if counts[f"{prefix}_{code}"]
    }


# Impact


@indicator(
    "events.total",
    label=_("Events"),
    section="impact",
    counted=("kind", "starts_on"),
)
def events_total(period: Period) -> int:
    """Events of every kind starting in the period, whatever the association's
    role; the sessions of a congress count within their congress."""
    return _events(period)["total"]


def _month_label(code: str) -> str:
    """Name a month as Django abbreviates it in the reader's language, each
    month its own word (juin and juil., junio and julio): `Juil. 2021`."""
    year, month = code.split("-")
    return capfirst(formats.date_format(dt.date(int(year), int(month), 1), "N Y"))


@events_total.breakdown(
    "month", title=_("Events per month"), labels=_month_label, chart="bar"
)
def events_per_month(period: Period) -> dict[str, int]:
    counts = _events(period)
    return {
        f"{month.start:%Y-%m}": counts[f"month_{month.start:%Y_%m}"]
        for month in _months(period)
    }


@events_total.records
def events_total_records(period: Period) -> QuerySet[Event]:
    return Event.objects.in_period(period).exclude(kind=KIND.SESSION)


# Capacity


@indicator(
    "learning.activities",
    label=_("Learning activities"),
    section="capacity",
    counted=("kind", "starts_on"),
)
def learning_activities(period: Period) -> int:
    """Learning and capacity-building activities starting in the period."""
    return _events(period)["learning"]


@learning_activities.records
def learning_activities_records(period: Period) -> QuerySet[Event]:
    return Event.objects.in_period(period).filter(kind=KIND.LEARNING_ACTIVITY)


# Voice


@indicator(
    "events.global",
    label=_("Global events"),
    section="voice",
    counted=("kind", "role", "starts_on"),
)
def global_events(period: Period) -> int:
    """Global events of others in which the association took part (role
    participated), starting in the period."""
    return _events(period)["global_events"]


@global_events.records
def global_events_records(period: Period) -> QuerySet[Event]:
    return Event.objects.in_period(period).filter(
        kind=KIND.GLOBAL_EVENT, role=Event.Role.PARTICIPATED
    )


@indicator(
    "congress.sessions",
    label=_("Congress sessions"),
    section="voice",
    counted=("kind", "parent_code", "starts_on"),
)
def congress_sessions(period: Period) -> int:
    """Sessions of a congress starting in the period."""
    return _events(period)["congress_sessions"]


@congress_sessions.records
def congress_sessions_records(period: Period) -> QuerySet[Event]:
    return Event.objects.in_period(period).filter(
        kind=KIND.SESSION, parent__kind=KIND.CONGRESS
    )


@data_span("events", field="starts_on", default=True)
def events_data() -> QuerySet[Event]:
    """The events: the data of the event counters."""
    return Event.objects.all()
