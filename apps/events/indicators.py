from __future__ import annotations

import datetime as dt
from typing import cast

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import DenseRank
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from apps.common.choices import Gender
from apps.indicators.indicator import Number
from apps.indicators.makeup import Makeup
from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period, dated_within
from apps.indicators.registry import data_span, indicator
from apps.members.models import Member

from .models import LEADING_ROLES, Event, Participation

KIND = Event.Kind
IN_CONGRESS = Q(event__kind=KIND.CONGRESS) | Q(event__parent__kind=KIND.CONGRESS)
LED = Q(event__role__in=LEADING_ROLES)


# Shared aggregates: the events of the period in one query, their
# participations in another, whatever the number of indicators reading them.


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


@shared_aggregate
def _participations(period: Period) -> dict[str, int]:
    # Typed: keyword names must be str, and a Gender is one.
    genders: dict[str, Count] = {
        gender: Count("pk", filter=LED & Q(gender=gender)) for gender in Gender
    }
    return Participation.objects.in_events_of(period).aggregate(
        total=Count("pk", filter=LED),
        unique=Count("participant_key", filter=LED, distinct=True),
        **genders,
        learning_members=Count(
            "member", filter=Q(event__kind=KIND.LEARNING_ACTIVITY), distinct=True
        ),
        experts=Count(
            "participant_key",
            filter=Q(role=Participation.Role.EXPERT),
            distinct=True,
        ),
        congress_leaders=Count(
            "participant_key",
            filter=Q(role=Participation.Role.LEADER) & IN_CONGRESS,
            distinct=True,
        ),
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# The columns a participation's drill-down adds: its event's date and role
# (the numbers filter on them), and a number per distinct participant (the
# participant's key itself is never shown).
PARTICIPATION_COLUMNS = ("event_starts_on", "event_role", "participant")


def _drilled(participations: QuerySet[Participation]) -> QuerySet[Participation]:
    return participations.annotate(
        event_starts_on=F("event__starts_on"),
        event_role=F("event__role"),
        participant=Window(
            DenseRank(),
            order_by=F("participant_key").asc(),
            output_field=IntegerField(_("participant")),
        ),
    )


PARTICIPATIONS = ngettext_lazy(
    "%(rows)s participation", "%(rows)s participations", "rows"
)


def _distinct(sentence: Promise, people: Promise) -> Makeup:
    """The makeup of a count of distinct participants: `sentence` says it
    with the participations and the `people` (plural on "distinct")."""
    return Makeup(
        "distinct",
        field="participant_key",
        sentence=sentence,
        phrases={"rows": PARTICIPATIONS, "distinct": people},
    )


WOMEN = Makeup(
    "share",
    part=Q(gender=Gender.WOMAN),
    sentence=ngettext_lazy(
        "Women: %(part)s of the %(rows)s participation (those of undisclosed "
        "gender stay in the total).",
        "Women: %(part)s of the %(rows)s participations (those of undisclosed "
        "gender stay in the total).",
        "rows",
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
    year, month = code.split("-")
    return formats.date_format(dt.date(int(year), int(month), 1), "M Y")


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


@indicator(
    "participants.total",
    data="participations",
    label=_("Participants"),
    section="impact",
    counted=("event_starts_on", "event_role"),
    extra_columns=PARTICIPATION_COLUMNS,
)
def participants_total(period: Period) -> int:
    """Participations in the events the association led or co-led that start
    in the period (a person at two events counts twice)."""
    return _participations(period)["total"]


@participants_total.records
def led_participations(period: Period) -> QuerySet[Participation]:
    return _drilled(Participation.objects.in_events_of(period).filter(LED))


@indicator(
    "participants.unique",
    data="participations",
    label=_("Unique participants"),
    section="impact",
    counted=("event_starts_on", "event_role", "participant"),
    extra_columns=PARTICIPATION_COLUMNS,
    makeup=_distinct(
        # Translators: "3 participations by 2 distinct participants."
        _("%(rows)s by %(distinct)s."),
        ngettext_lazy(
            "%(distinct)s distinct participant",
            "%(distinct)s distinct participants",
            "distinct",
        ),
    ),
)
def participants_unique(period: Period) -> int:
    """Distinct people among the participations in led or co-led events
    starting in the period (the same e-mail in any case counts once)."""
    return _participations(period)["unique"]


participants_unique.records(led_participations)


@indicator(
    "participants.gender_split",
    data="participations",
    label=_("Participants by gender"),
    section="impact",
    unit="percent",
    counted=("event_starts_on", "event_role", "gender"),
    extra_columns=PARTICIPATION_COLUMNS,
    makeup=WOMEN,
)
def participants_gender_split(period: Period) -> float | None:
    """Participations in led or co-led events starting in the period, split by
    gender in percent of all of them (undisclosed is its own slice); the value
    is the women's slice."""
    counts = _participations(period)
    return _percent(counts[Gender.WOMAN], counts["total"])


@participants_gender_split.breakdown(
    "gender",
    title=_("Participants by gender"),
    labels=Gender,
    unit="percent",
    total="100",
)
def participants_by_gender(period: Period) -> dict[str, float]:
    counts = _participations(period)
    if not counts["total"]:
        return {}
    # Never None: the total is not zero.
    return {
        gender: cast(float, _percent(counts[gender], counts["total"]))
        for gender in Gender
    }


@indicator(
    "participants.women_share",
    data="participations",
    label=_("Women among participants"),
    section="impact",
    unit="percent",
    counted=("event_starts_on", "event_role", "gender"),
    extra_columns=PARTICIPATION_COLUMNS,
    makeup=WOMEN,
)
def participants_women_share(period: Period) -> Number | None:
    """Percent of women among the participations in led or co-led events
    starting in the period; participations of undisclosed gender stay in the
    total (none is left out)."""
    return participants_gender_split(period)


participants_gender_split.records(led_participations)
participants_women_share.records(led_participations)


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


@indicator(
    "learning.members",
    data="participations",
    label=_("Members in learning activities"),
    section="capacity",
    counted=("code",),
)
def learning_members(period: Period) -> int:
    """Distinct members with at least one participant in a learning activity
    starting in the period."""
    return _participations(period)["learning_members"]


@learning_members.records
def learning_members_records(period: Period) -> QuerySet[Member]:
    return Member.objects.filter(
        pk__in=Participation.objects.in_events_of(period)
        .filter(event__kind=KIND.LEARNING_ACTIVITY)
        .values("member")
    )


@indicator(
    "experts.collaborated",
    data="participations",
    label=_("Experts we collaborated with"),
    section="capacity",
    counted=("role", "event_starts_on", "participant"),
    extra_columns=PARTICIPATION_COLUMNS,
    makeup=_distinct(
        # Translators: "3 participations as an expert by 2 distinct experts."
        _("%(rows)s as an expert by %(distinct)s."),
        ngettext_lazy(
            "%(distinct)s distinct expert", "%(distinct)s distinct experts", "distinct"
        ),
    ),
)
def experts_collaborated(period: Period) -> int:
    """Distinct participants with the role expert in any event starting in
    the period."""
    return _participations(period)["experts"]


@experts_collaborated.records
def experts_records(period: Period) -> QuerySet[Participation]:
    return _drilled(
        Participation.objects.in_events_of(period).filter(
            role=Participation.Role.EXPERT
        )
    )


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


@indicator(
    "congress.leaders",
    data="participations",
    label=_("Leaders at the congress"),
    section="voice",
    counted=("role", "event_code", "event_starts_on", "participant"),
    extra_columns=PARTICIPATION_COLUMNS,
    makeup=_distinct(
        # Translators: "3 participations as a leader by 2 distinct leaders."
        _("%(rows)s as a leader by %(distinct)s."),
        ngettext_lazy(
            "%(distinct)s distinct leader", "%(distinct)s distinct leaders", "distinct"
        ),
    ),
)
def congress_leaders(period: Period) -> int:
    """Distinct participants with the role leader in a congress or one of its
    sessions starting in the period."""
    return _participations(period)["congress_leaders"]


@congress_leaders.records
def congress_leaders_records(period: Period) -> QuerySet[Participation]:
    return _drilled(
        Participation.objects.in_events_of(period).filter(
            Q(role=Participation.Role.LEADER) & IN_CONGRESS
        )
    )


@data_span("events", field="starts_on", default=True)
def events_data() -> QuerySet[Event]:
    """The events: the data of the event counters."""
    return Event.objects.all()


@data_span("participations", field="starts_on")
def events_with_participations() -> QuerySet[Event]:
    """The events with participations recorded: the data of the participant
    counters (an event imported without its participants says nothing of
    them)."""
    return Event.objects.filter(
        Exists(Participation.objects.filter(event=OuterRef("pk")))
    )
