from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.indicators.memo import shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.registry import data_span, indicator

from .models import Declaration, Publication

GENDER_PERSPECTIVE_LABELS = {
    "with": _("With a gender perspective"),
    "without": _("Without a gender perspective"),
}


@shared_aggregate
def _publications(period: Period) -> dict[str, int]:
    learning = Q(kind=Publication.Kind.LEARNING_PRODUCT)
    return Publication.objects.published_during(period).aggregate(
        new=Count("pk", filter=~learning),
        gender=Count("pk", filter=~learning & Q(has_gender_perspective=True)),
        learning_products=Count("pk", filter=learning),
    )


@indicator(
    "publications.new",
    label=_("New publications"),
    section="capacity",
    counted=("kind", "published_on"),
)
def new_publications(period: Period) -> int:
    """Publications published in the period, other than learning products
    (reports, studies, policy briefs, articles, guides)."""
    return _publications(period)["new"]


@new_publications.records
def new_publications_records(period: Period) -> QuerySet[Publication]:
    return Publication.objects.published_during(period).other_than_learning_products()


@indicator(
    "publications.gender_perspective",
    label=_("New publications with a gender perspective"),
    section="capacity",
    share_of="publications.new",
    counted=("kind", "published_on", "gender_perspective"),
)
def publications_with_gender_perspective(period: Period) -> int:
    """New publications of the period (learning products aside) that carry a
    gender perspective."""
    return _publications(period)["gender"]


@publications_with_gender_perspective.breakdown(
    "gender_perspective",
    title=_("New publications and their gender perspective"),
    labels=GENDER_PERSPECTIVE_LABELS,
    total="whole",
)
def publications_by_gender_perspective(period: Period) -> dict[str, int]:
    counts = _publications(period)
    return {"with": counts["gender"], "without": counts["new"] - counts["gender"]}


@publications_with_gender_perspective.records
def gender_perspective_records(period: Period) -> QuerySet[Publication]:
    return new_publications_records(period).filter(has_gender_perspective=True)


@indicator(
    "learning.products",
    label=_("Capacity-building products"),
    section="capacity",
    counted=("kind", "published_on"),
)
def learning_products(period: Period) -> int:
    """Learning products (the Learning Station's capacity-building material)
    published in the period."""
    return _publications(period)["learning_products"]


@learning_products.records
def learning_products_records(period: Period) -> QuerySet[Publication]:
    return Publication.objects.published_during(period).learning_products()


@shared_aggregate
def _declarations(period: Period) -> dict[str, int]:
    return Declaration.objects.adopted_during(period).aggregate(
        total=Count("pk"), gender=Count("pk", filter=Q(has_gender_perspective=True))
    )


@indicator(
    "declarations.total",
    data="declarations",
    label=_("Political declarations"),
    section="voice",
    counted=("adopted_on",),
)
def declarations_total(period: Period) -> int:
    """Political declarations adopted in the period that the association
    contributed to, endorsed, or both."""
    return _declarations(period)["total"]


@declarations_total.records
def declarations_records(period: Period) -> QuerySet[Declaration]:
    return Declaration.objects.adopted_during(period)


@indicator(
    "declarations.gender_perspective",
    data="declarations",
    label=_("Declarations with a gender perspective"),
    section="voice",
    share_of="declarations.total",
    counted=("adopted_on", "gender_perspective"),
)
def declarations_with_gender_perspective(period: Period) -> int:
    """Declarations adopted in the period that carry a gender perspective."""
    return _declarations(period)["gender"]


@declarations_with_gender_perspective.records
def declarations_gender_records(period: Period) -> QuerySet[Declaration]:
    return declarations_records(period).filter(has_gender_perspective=True)


@data_span("publications", field="published_on", default=True)
def publications_data() -> QuerySet[Publication]:
    """The publications."""
    return Publication.objects.all()


@data_span("declarations", field="adopted_on")
def declarations_data() -> QuerySet[Declaration]:
    """The political declarations."""
    return Declaration.objects.all()
