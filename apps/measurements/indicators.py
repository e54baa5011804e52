from __future__ import annotations

import datetime as dt
from functools import partial

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils.functional import lazy
from django.utils.translation import gettext, npgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.indicators.indicator import Indicator
from apps.indicators.makeup import Makeup
from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.registry import data_span, indicator, indicator_provider

from .models import FOLLOWERS, NAME_LANGUAGES, Measurement, Metric, Source
from .names import Naming, naming

SOCIAL_NETWORK = Source.Kind.SOCIAL_NETWORK

SERIES_YEARS = 3


def _readings(metrics: QuerySet[Metric], day: dt.date) -> QuerySet[Measurement]:
    """The readings of some metrics on or before a day."""
    return Measurement.objects.filter(metric__in=metrics, as_of__lte=day)


def _latest_day(day: dt.date) -> Subquery:
    """The day of the latest reading of a reading's metric on or before `day`."""
    return Subquery(
        Measurement.objects.filter(metric=OuterRef("metric"), as_of__lte=day)
        .order_by("-as_of")
        .values("as_of")[:1]
    )


def _latest_readings(metrics: QuerySet[Metric], day: dt.date) -> QuerySet[Measurement]:
    """Each metric's latest reading on or before `day`: the readings a value reads."""
    return _readings(metrics, day).filter(as_of=_latest_day(day))


def _earlier_readings(metrics: QuerySet[Metric], day: dt.date) -> QuerySet[Measurement]:
    """The readings before each metric's latest on or before `day`."""
    return _readings(metrics, day).filter(as_of__lt=_latest_day(day))


LATEST = npgettext_lazy(
    "reported counts",
    "The latest reading on or before the last day; the %(apart)s earlier "
    "reading is listed apart.",
    "The latest reading on or before the last day; the %(apart)s earlier "
    "readings are listed apart.",
    "apart",
)
EARLIER = _("Earlier readings, not counted")


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
    """Return a source's name in the reader's language, else its code."""
    return naming(code).name.text() or code


@indicator(
    "followers.total",
    label=_("Followers on social networks"),
    section="impact",
    counted=("source", "as_of", "value"),
    makeup=Makeup(
        "sum",
        field="value",
        # Translators: "(2 readings); the 3 earlier readings are listed apart".
        sentence=_(
            "Sum of the latest reading of each network on or before the last "
            "day (%(rows)s); %(apart)s."
        ),
        phrases={
            "rows": npgettext_lazy(
                "reported counts", "%(rows)s reading", "%(rows)s readings", "rows"
            ),
            "apart": npgettext_lazy(
                "reported counts",
                "the %(apart)s earlier reading is listed apart",
                "the %(apart)s earlier readings are listed apart",
                "apart",
            ),
        },
    ),
)
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


@followers_total.time_series(
    "history", title=_("Followers per network over time"), labels=source_name
)
def followers_over_time(period: Period) -> dict[str, list[tuple[str, int]]]:
    """Each network's last count of every month, over the last three years."""
    since = period.last_day.replace(year=period.last_day.year - SERIES_YEARS)
    rows = (
        _readings(Metric.objects.followers(), period.last_day)
        .filter(as_of__gt=since)
        .annotate(
            newest_first=Window(
                RowNumber(),
                partition_by=[F("metric"), TruncMonth("as_of")],
                order_by=F("as_of").desc(),
            )
        )
        .filter(newest_first=1)  # one point a month, however often counted
        .order_by("as_of", "metric__source__code")  # the same legend on any database
        .values_list("metric__source__code", "as_of", "value")
    )
    series: dict[str, list[tuple[str, int]]] = {}
    for code, day, value in rows:
        series.setdefault(code, []).append((day.isoformat(), value))
    return series


@followers_total.records
def followers_records(period: Period) -> QuerySet[Measurement]:
    return _latest_readings(Metric.objects.followers(), period.last_day)


@followers_total.records_apart(title=EARLIER)
def earlier_followers_records(period: Period) -> QuerySet[Measurement]:
    return _earlier_readings(Metric.objects.followers(), period.last_day)


def _reported(period: Period) -> dict[int, int | None]:
    """Every reported metric's latest value on the last day."""
    return _latest_values(period)[1]


def _reported_value(metric_id: int, period: Period) -> int | None:
    return _reported(period).get(metric_id)


def _reported_records(metric_id: int, period: Period) -> QuerySet[Measurement]:
    return _latest_readings(Metric.objects.filter(pk=metric_id), period.last_day)


def _earlier_reported_records(metric_id: int, period: Period) -> QuerySet[Measurement]:
    return _earlier_readings(Metric.objects.filter(pk=metric_id), period.last_day)


@indicator_provider
def reported_indicators() -> list[Indicator]:
    """One indicator per metric of a source other than a social network."""
    indicators = []
    for metric in Metric.objects.reported().select_related("source"):
        source = metric.source
        names = (source.code, metric.code, naming(source.code), naming(*metric.key))
        indicators.append(
            Indicator(
                code=metric.indicator_code,
                # Worded when shown, in the reader's language.
                label=lazy(partial(_reported_label, *names), str)(),
                section="reported",
                unit="count",
                data="reported",
                compute=partial(_reported_value, metric.pk),
                records_of=partial(_reported_records, metric.pk),
                description=lazy(partial(_reported_definition, *names), str)(),
                names_missing=_names_missing(names[2], names[3]),
                names_record=source,
                records_apart_of=partial(_earlier_reported_records, metric.pk),
                records_apart_title=EARLIER,
                counted=("as_of", "value"),
                makeup=Makeup("sum", field="value", sentence=LATEST),
            )
        )
    return indicators


def _names(
    source: str, metric: str, source_naming: Naming, metric_naming: Naming
) -> dict[str, str]:
    return {
        "source": source_naming.name.text() or source.replace("_", " ").capitalize(),
        "metric": metric_naming.name.text() or metric.replace("_", " "),
    }


def _reported_label(*names) -> str:
    return gettext("%(source)s: %(metric)s") % _names(*names)


def _reported_definition(*names) -> str:
    rule = gettext(
        "The latest “%(metric)s” count reported by %(source)s on or before "
        "the last day of the period."
    ) % _names(*names)
    own = names[3].definition.text()
    return f"{own} {rule}" if own else rule


def _names_missing(source: Naming, metric: Naming) -> tuple[str, ...]:
    """The languages a reported figure's name is not fully written in."""
    missing = set(source.name.missing()) | set(metric.name.missing())
    return tuple(code for code in NAME_LANGUAGES if code in missing)


@data_span("followers", field="as_of", default=True)
def followers_data() -> QuerySet[Measurement]:
    """The social networks' followers counts."""
    return Measurement.objects.filter(metric__in=Metric.objects.followers())


@data_span("reported", field="as_of")
def reported_data() -> QuerySet[Measurement]:
    """The counts reported by the other sources (platforms, websites…)."""
    return Measurement.objects.filter(metric__in=Metric.objects.reported())
