from __future__ import annotations

from typing import Literal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from apps.common.choices import Gender
from apps.indicators.makeup import Makeup
from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period, active_on, dated_within
from apps.indicators.registry import data_span, indicator

from .models import Mandate, Member, region_label

KNOWN_GENDERS = [Gender.WOMAN, Gender.MAN, Gender.NON_BINARY]


def _leader(period: Period, field: str) -> Subquery:
    """A field of each member's mandate in force on the period's last day."""
    return Subquery(
        Mandate.objects.filter(member=OuterRef("pk"))
        .active_on(period.last_day)
        .order_by("-started_on")
        .values(field)[:1]
    )


def _with_leader_gender(period: Period) -> QuerySet[Member]:
    """Members active at the period's end, with their leader's gender then."""
    return Member.objects.active_at_end_of(period).annotate(
        leader_gender=_leader(period, "gender")
    )


@shared_aggregate
def _network(period: Period) -> dict[str, int]:
    """The members active at the period's end (with their leaders' genders)
    and those that joined during it, in one query."""
    active = active_on(period.last_day, "joined_on", "left_on")
    new = dated_within(period, "joined_on")
    return (
        Member.objects.filter(active | new)
        .annotate(leader_gender=_leader(period, "gender"))
        .aggregate(
            active=Count("pk", filter=active),
            new=Count("pk", filter=new),
            known=Count("pk", filter=active & Q(leader_gender__in=KNOWN_GENDERS)),
            **{
                gender: Count("pk", filter=active & Q(leader_gender=gender))
                for gender in KNOWN_GENDERS
            },
        )
    )


@shared_aggregate
def _active_by_category_and_region(period: Period) -> list[tuple[str, str, int]]:
    """The active members counted by category and region: both breakdowns."""
    return list(
        Member.objects.active_at_end_of(period)
        .order_by("category", "region")
        .values_list("category", "region")
        .annotate(n=Count("pk"))
    )


def _sum_by(rows: list[tuple[str, str, int]], column: Literal[0, 1]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in sorted(rows, key=lambda row: row[column]):
        totals[row[column]] = totals.get(row[column], 0) + row[2]
    return totals


@indicator(
    "members.active",
    label=_("Active members"),
    section="network",
    counted=("joined_on", "left_on"),
)
def active_members(period: Period) -> int:
    """Members that joined on or before the last day of the period and had not
    left by then (a member is active up to the day before the date it left)."""
    return _network(period)["active"]


@active_members.breakdown(
    "category", title=_("Members by category"), labels=Member.Category
)
def active_members_by_category(period: Period) -> dict[str, int]:
    return _sum_by(_active_by_category_and_region(period), 0)


@active_members.breakdown("region", title=_("Members by region"), labels=region_label)
def active_members_by_region(period: Period) -> dict[str, int]:
    return _sum_by(_active_by_category_and_region(period), 1)


@active_members.records
def active_members_records(period: Period) -> QuerySet[Member]:
    return Member.objects.active_at_end_of(period)


@indicator(
    "members.new", label=_("New members"), section="network", counted=("joined_on",)
)
def new_members(period: Period) -> int:
    """Members that joined during the period."""
    return _network(period)["new"]


@new_members.records
def new_members_records(period: Period) -> QuerySet[Member]:
    return Member.objects.joined_during(period)


@indicator(
    "members.women_led_share",
    label=_("Member metropolises governed by women"),
    section="network",
    unit="percent",
    counted=("leader_gender",),
    extra_columns=("leader_name", "leader_gender"),
    makeup=Makeup(
        "share",
        part=Q(leader_gender=Gender.WOMAN),
        sentence=ngettext_lazy(
            "Led by a woman: %(part)s of the %(rows)s member whose leader's "
            "gender is known on the last day.",
            "Led by a woman: %(part)s of the %(rows)s members whose leader's "
            "gender is known on the last day.",
            "rows",
        ),
    ),
)
def women_led_share(period: Period) -> float | None:
    """Among the members active on the last day of the period whose mandate in
    force that day is known (with a disclosed gender), the percent led by a
    woman. Members with no such mandate are left out and counted apart."""
    network = _network(period)
    if not network["known"]:
        return None
    return round(100 * network[Gender.WOMAN] / network["known"], 1)


@women_led_share.left_out
def women_led_share_left_out(period: Period) -> int:
    network = _network(period)
    return network["active"] - network["known"]


@women_led_share.left_out_records(
    reason=_(
        "Active members with no mandate known on the last day, or whose "
        "leader's gender is undisclosed"
    )
)
def members_without_known_leader(period: Period) -> QuerySet[Member]:
    # A member with no mandate that day has no leader gender at all (NULL).
    return _with_leader_gender(period).filter(
        Q(leader_gender__isnull=True) | Q(leader_gender=Gender.UNDISCLOSED)
    )


@women_led_share.breakdown(
    "gender",
    title=_("Gender of the leaders of member metropolises"),
    labels=Gender,
    total="records",
)
def women_led_share_by_gender(period: Period) -> dict[str, int]:
    network = _network(period)
    return {str(gender): network[gender] for gender in KNOWN_GENDERS}


@women_led_share.records
def women_led_share_records(period: Period) -> QuerySet[Member]:
    """The members counted, with their leader's name and gender on the last day."""
    return (
        _with_leader_gender(period)
        # A Q: the stubs see no annotation in a keyword lookup.
        .filter(Q(leader_gender__in=KNOWN_GENDERS))
        .annotate(leader_name=_leader(period, "leader_name"))
    )


@data_span("members", field="joined_on", activity=False, default=True)
def members_data() -> QuerySet[Member]:
    """The members: a member joining is no activity of the secretariat."""
    return Member.objects.all()
