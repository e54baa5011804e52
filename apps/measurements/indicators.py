from __future__ import annotations

from functools import partial

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils.translation import gettext_lazy as _

from apps.indicators.periods import Period
from apps.indicators.registry import (
    Indicator,
    data_span,
    indicator,
    indicator_provider,
    memoised,
    shared_aggregate,
)

from .models import FOLLOWERS, Measurement, Metric, Source

SOCIAL_NETWORK = Source.Kind.SOCIAL_NETWORK

SERIES_YEARS = 3


@shared_aggregate
def _latest_values(
    period: Period,
) -> tuple[dict[str, int | None], dict[int, int | None]]:
    """Every metric's latest value on the last day, in one query: the social
    networks' followers counts by network, the reported metrics' by id."""
    followers: dict[str, int | None] = {}
    reported: dict[int, int | None] = {}
    rows = (
        Metric.objects.filter(Q(code=FOLLOWERS) | ~Q(source__kind=SOCIAL_NETWORK))
        .with_latest_value_on(period.last_day)
        .order_by("source__code", "code")
        .values_list("pk", "source__code", "source__kind", "latest_value")
    )
    for pk, source, kind, value in rows:
        if kind == SOCIAL_NETWORK:
            followers[source] = value
        else:
            reported[pk] = value
    return followers, reported


def _followers(period: Period) -> dict[str, int | None]:
    """Each social network's latest followers count on the last day, or None."""
    return _latest_values(period)[0]


def source_name(code: str) -> str:
    names = memoised(
        "source names", lambda: dict(Source.objects.values_list("code", "name"))
    )
    return names.get(code) or code


@indicator("followers.total", label=_("Followers on social networks"), section="impact")
def followers_total(period: Period) -> int | None:
    """The sum over the social networks of each one's latest followers count
    on or before the last day of the period; a network with no count by then
    is left out and counted apart."""
    counts = [value for value in _followers(period).values() if value is not None]
    return sum(counts) if counts else None


@followers_total.left_out
def networks_without_a_count(period: Period) -> int:
    return sum(value is None for value in _followers(period).values())


@followers_total.left_out_records(
    reason=_("Social networks with no followers count on or before the last day")
)
def networks_without_a_count_records(period: Period) -> QuerySet[Source]:
    with_count = Measurement.objects.filter(
        metric__code=FOLLOWERS, as_of__lte=period.last_day
    ).values("metric__source")
    return Source.objects.filter(
        kind=Source.Kind.SOCIAL_NETWORK, metrics__code=FOLLOWERS
    ).exclude(pk__in=with_count)


@followers_total.breakdown(
    "network", title=_("Followers by network"), labels=source_name
)
def followers_by_network(period: Period) -> dict[str, int]:
    return {
        code: value for code, value in _followers(period).items() if value is not None
    }


@followers_total.time_series("history", title=_("Followers per network over time"))
def followers_over_time(period: Period) -> dict[str, list[tuple[str, int]]]:
    """Each network's last count of every month, over the last three years."""
    since = period.last_day.replace(year=period.last_day.year - SERIES_YEARS)
    rows = (
        followers_records(period)
        .filter(as_of__gt=since)
        .annotate(
            newest_first=Window(
                RowNumber(),
                partition_by=[F("metric"), TruncMonth("as_of")],
                order_by=F("as_of").desc(),
            )
        )
        .filter(newest_first=1)  # one point a month, however often counted
        .order_by("as_of")
        .values_list("metric__source__code", "as_of", "value")
    )
    series: dict[str, list[tuple[str, int]]] = {}
    for code, day, value in rows:
        series.setdefault(source_name(code), []).append((day.isoformat(), value))
    return series


@followers_total.records
def followers_records(period: Period) -> QuerySet[Measurement]:
    return Measurement.objects.filter(
        metric__in=Metric.objects.followers(), as_of__lte=period.last_day
    )


def _reported(period: Period) -> dict[int, int | None]:
    """Every reported metric's latest value on the last day."""
    return _latest_values(period)[1]


def _reported_value(metric_id: int, period: Period) -> int | None:
    return _reported(period).get(metric_id)


def _reported_records(metric_id: int, period: Period) -> QuerySet[Measurement]:
    return Measurement.objects.filter(metric_id=metric_id, as_of__lte=period.last_day)


@indicator_provider
def reported_indicators() -> list[Indicator]:
    """One indicator per metric of a source other than a social network."""
    indicators = []
    for metric in Metric.objects.reported().select_related("source"):
        source = metric.source.name or metric.source.code.replace("_", " ").capitalize()
        label = metric.label or metric.code.replace("_", " ")
        indicators.append(
            Indicator(
                code=metric.indicator_code,
                label=f"{source}: {label}",
                section="reported",
                unit="count",
                data="reported",
                compute=partial(_reported_value, metric.pk),
                records_of=partial(_reported_records, metric.pk),
                description=(
                    f"The latest “{label}” count reported by {source} on or "
                    "before the last day of the period."
                ),
            )
        )
    return indicators


@data_span("followers", field="as_of", default=True)
def followers_data() -> QuerySet[Measurement]:
    """The social networks' followers counts."""
    return Measurement.objects.filter(metric__in=Metric.objects.followers())


@data_span("reported", field="as_of")
def reported_data() -> QuerySet[Measurement]:
    """The counts reported by the other sources (platforms, websites…)."""
    return Measurement.objects.filter(metric__in=Metric.objects.reported())
