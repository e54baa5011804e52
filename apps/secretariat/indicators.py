from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from apps.indicators.makeup import Makeup
from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.registry import data_span, indicator

from .models import FundingEntry, StaffMember

KIND = StaffMember.Kind


@shared_aggregate
def _staff(period: Period) -> dict[str, int]:
    # Typed: keyword names must be str, and a Kind is one.
    kinds: dict[str, Count] = {kind: Count("pk", filter=Q(kind=kind)) for kind in KIND}
    return StaffMember.objects.active_during(period).aggregate(**kinds)


@indicator(
    "secretariat.professionals",
    label=_("Professionals"),
    section="secretariat",
    counted=("kind", "started_on", "ended_on"),
)
def professionals(period: Period) -> int:
    """Professional staff of the general secretariat under contract on at
    least one day of the period."""
    return _staff(period)[KIND.PROFESSIONAL]


@professionals.records
def professionals_records(period: Period) -> QuerySet[StaffMember]:
    return StaffMember.objects.active_during(period).filter(kind=KIND.PROFESSIONAL)


@indicator(
    "secretariat.interns",
    label=_("Interns"),
    section="secretariat",
    counted=("kind", "started_on", "ended_on"),
)
def interns(period: Period) -> int:
    """Interns at the general secretariat on at least one day of the period."""
    return _staff(period)[KIND.INTERN]


@interns.records
def interns_records(period: Period) -> QuerySet[StaffMember]:
    return StaffMember.objects.active_during(period).filter(kind=KIND.INTERN)


def _years(period: Period) -> range:
    """The funding years a period covers: the years it ends in whole."""
    return range(period.start.year, period.last_day.year + 1)


@shared_aggregate
def _funding(period: Period) -> dict[str, Decimal]:
    return dict(
        FundingEntry.objects.filter(year__in=_years(period))
        .order_by("category")
        .values_list("category")
        .annotate(total=Sum("amount"))
    )


@indicator(
    "funding.split",
    data="funding",
    label=_("Income"),
    section="funding",
    unit="currency",
    counted=("year", "amount"),
    makeup=Makeup(
        "sum",
        field="amount",
        sentence=ngettext_lazy(
            "The amount of %(rows)s entry.",
            "Sum of the amounts of %(rows)s entries.",
            "rows",
        ),
    ),
)
def funding_split(period: Period) -> Decimal | None:
    """The secretariat's income of the years of the period (member dues,
    partnerships, alliances, other); its breakdown is each category's share,
    in percent."""
    amounts = _funding(period)
    return sum(amounts.values(), Decimal(0)) if amounts else None


@funding_split.breakdown(
    "category",
    title=_("Sources of funding (percent)"),
    labels=FundingEntry.Category,
    unit="percent",
    total="100",
)
def funding_by_category(period: Period) -> dict[str, float]:
    amounts = _funding(period)
    total = sum(amounts.values(), Decimal(0))
    if not total:
        return {}
    return {
        category: round(float(100 * amount / total), 1)
        for category, amount in amounts.items()
    }


@funding_split.records
def funding_records(period: Period) -> QuerySet[FundingEntry]:
    return FundingEntry.objects.filter(year__in=_years(period))


@data_span("staff", field="started_on", activity=False, default=True)
def staff_data() -> QuerySet[StaffMember]:
    """The secretariat's staff: a contract starting is no activity."""
    return StaffMember.objects.all()


@data_span("funding", field="year")
def funding_data() -> QuerySet[FundingEntry]:
    """The income entries, dated by their year."""
    return FundingEntry.objects.all()
