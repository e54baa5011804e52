"""The participant counters: the people taking part in the period's events.

They read one aggregate of the participations (`participation_counts`), whatever
the number of indicators reading it; their data are the events with
participations recorded.
"""

from __future__ import annotations

from typing import cast

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import DenseRank
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from apps.common.choices import Gender
from apps.events.models import LEADING_ROLES, Event, Participation
from apps.indicators.indicator import Number
from apps.indicators.makeup import Makeup
from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.records import SerialNumberField
from apps.indicators.registry import data_span, indicator
from apps.members.models import Member

KIND = Event.Kind
IN_CONGRESS = Q(event__kind=KIND.CONGRESS) | Q(event__parent__kind=KIND.CONGRESS)
LED = Q(event__role__in=LEADING_ROLES)


@shared_aggregate
def participation_counts(period: Period) -> dict[str, int]:
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
            output_field=SerialNumberField(_("participant")),
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


# Impact


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
    return participation_counts(period)["total"]


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
    return participation_counts(period)["unique"]


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
    counts = participation_counts(period)
    return _percent(counts[Gender.WOMAN], counts["total"])


@participants_gender_split.breakdown(
    "gender",
    title=_("Participants by gender"),
    labels=Gender,
    unit="percent",
    total="100",
)
def participants_by_gender(period: Period) -> dict[str, float]:
    counts = participation_counts(period)
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
    "learning.members",
    data="participations",
    label=_("Members in learning activities"),
    section="capacity",
    counted=("code",),
)
def learning_members(period: Period) -> int:
    """Distinct members with at least one participant in a learning activity
    starting in the period."""
    return participation_counts(period)["learning_members"]


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
    return participation_counts(period)["experts"]


@experts_collaborated.records
def experts_records(period: Period) -> QuerySet[Participation]:
    return _drilled(
        Participation.objects.in_events_of(period).filter(
            role=Participation.Role.EXPERT
        )
    )


# Voice


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
    return participation_counts(period)["congress_leaders"]


@congress_leaders.records
def congress_leaders_records(period: Period) -> QuerySet[Participation]:
    return _drilled(
        Participation.objects.in_events_of(period).filter(
            Q(role=Participation.Role.LEADER) & IN_CONGRESS
        )
    )


@data_span("participations", field="starts_on")
def events_with_participations() -> QuerySet[Event]:
    """The events with participations recorded: the data of the participant
    counters (an event imported without its participants says nothing of
    them)."""
    return Event.objects.filter(
        Exists(Participation.objects.filter(event=OuterRef("pk")))
    )
