from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.registry import data_span, indicator

from .models import Agreement, Alliance, CounterpartType


@indicator(
    "alliances.active",
    data="alliances",
    label=_("Active alliances"),
    section="network",
    counted=("started_on", "ended_on"),
)
def active_alliances(period: Period) -> int:
    """Alliances active on the last day of the period: started on or before
    it, and not ended by then (an alliance's end date is the first day it no
    longer holds)."""
    return active_alliances_records(period).count()


@active_alliances.records
def active_alliances_records(period: Period) -> QuerySet[Alliance]:
    return Alliance.objects.active_on(period.last_day)


@shared_aggregate
def _agreements(period: Period) -> dict[str, int]:
    # Typed: keyword names must be str, and a CounterpartType is one.
    kinds: dict[str, Count] = {
        kind: Count("pk", filter=Q(counterpart_type=kind)) for kind in CounterpartType
    }
    return Agreement.objects.signed_during(period).aggregate(**kinds)


@indicator(
    "agreements.with_members",
    label=_("Agreements signed with members"),
    section="network",
    counted=("counterpart_type", "signed_on"),
)
def agreements_with_members(period: Period) -> int:
    """Agreements signed in the period whose counterpart is a member."""
    return _agreements(period)[CounterpartType.MEMBER]


@agreements_with_members.records
def agreements_with_members_records(period: Period) -> QuerySet[Agreement]:
    return Agreement.objects.signed_during(period).filter(
        counterpart_type=CounterpartType.MEMBER
    )


@indicator(
    "agreements.with_alliances",
    label=_("Agreements signed with alliances"),
    section="network",
    counted=("counterpart_type", "signed_on"),
)
def agreements_with_alliances(period: Period) -> int:
    """Agreements signed in the period whose counterpart is an alliance."""
    return _agreements(period)[CounterpartType.ALLIANCE]


@agreements_with_alliances.records
def agreements_with_alliances_records(period: Period) -> QuerySet[Agreement]:
    return Agreement.objects.signed_during(period).filter(
        counterpart_type=CounterpartType.ALLIANCE
    )


@data_span("agreements", field="signed_on", default=True)
def agreements_data() -> QuerySet[Agreement]:
    """The agreements signed."""
    return Agreement.objects.all()


@data_span("alliances", field="started_on", activity=False)
def alliances_data() -> QuerySet[Alliance]:
    """The alliances: one starting is no activity of the secretariat."""
    return Alliance.objects.all()
