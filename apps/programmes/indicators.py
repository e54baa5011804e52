from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.registry import data_span, indicator
from apps.members.models import Member

from .models import Programme, ProgrammeMember

KIND = Programme.Kind


@shared_aggregate
def _programmes(period: Period) -> dict[str, int]:
    # Joining the members repeats each programme once per member: programmes
    # are counted distinct.
    pilot = Q(kind=KIND.PILOT_PROJECT)
    return Programme.objects.active_during(period).aggregate(
        observatories=Count("pk", filter=Q(kind=KIND.OBSERVATORY), distinct=True),
        pilot_projects=Count("pk", filter=pilot, distinct=True),
        campaigns=Count("pk", filter=Q(kind=KIND.CAMPAIGN), distinct=True),
        pilot_members=Count(
            "memberships__member",
            filter=pilot
            & (
                Q(memberships__joined_on__isnull=True)
                | Q(memberships__joined_on__lt=period.end)
            ),
            distinct=True,
        ),
    )


def _active(period: Period, kind: str) -> QuerySet[Programme]:
    return Programme.objects.active_during(period).filter(kind=kind)


@indicator(
    "programmes.observatories",
    label=_("Global observatories"),
    section="capacity",
    counted=("kind", "starts_on", "ends_on"),
)
def observatories(period: Period) -> int:
    """Observatories running on at least one day of the period, whatever the
    association's role (led, co-led, contributed, supported)."""
    return _programmes(period)["observatories"]


@observatories.records
def observatories_records(period: Period) -> QuerySet[Programme]:
    return _active(period, KIND.OBSERVATORY)


@indicator(
    "programmes.pilot_projects",
    label=_("Pilot projects"),
    section="capacity",
    counted=("kind", "starts_on", "ends_on"),
)
def pilot_projects(period: Period) -> int:
    """Pilot projects running on at least one day of the period."""
    return _programmes(period)["pilot_projects"]


@pilot_projects.records
def pilot_projects_records(period: Period) -> QuerySet[Programme]:
    return _active(period, KIND.PILOT_PROJECT)


@indicator(
    "programmes.pilot_members",
    label=_("Members in pilot projects"),
    section="capacity",
    counted=("code",),
)
def pilot_members(period: Period) -> int:
    """Distinct members taking part, by the end of the period, in the pilot
    projects running during it."""
    return _programmes(period)["pilot_members"]


@pilot_members.records
def pilot_members_records(period: Period) -> QuerySet[Member]:
    memberships = ProgrammeMember.objects.filter(
        programme__in=pilot_projects_records(period)
    ).filter(Q(joined_on__isnull=True) | Q(joined_on__lt=period.end))
    return Member.objects.filter(pk__in=memberships.values("member"))


@indicator(
    "programmes.campaigns",
    label=_("Global campaigns"),
    section="voice",
    counted=("kind", "starts_on", "ends_on"),
)
def campaigns(period: Period) -> int:
    """Campaigns running on at least one day of the period that the
    association led, co-led, contributed to or supported."""
    return _programmes(period)["campaigns"]


@campaigns.records
def campaigns_records(period: Period) -> QuerySet[Programme]:
    return _active(period, KIND.CAMPAIGN)


@data_span("programmes", field="starts_on", activity=False, default=True)
def programmes_data() -> QuerySet[Programme]:
    """The programmes: one starting is no activity of the secretariat."""
    return Programme.objects.all()
