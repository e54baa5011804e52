"""Writes of the indicators app."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Edition, PublishedFigure
from .results import evaluate_year


class AlreadyPublished(Exception):
    pass


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


@transaction.atomic
def publish_year(year: int, *, user) -> Edition:
    """Freeze every indicator's value of a year, as printed in the report."""
    if Edition.objects.filter(year=year).exists():
        raise AlreadyPublished(year)
    results = evaluate_year(year)
    try:
        edition = Edition.objects.create(
            year=year, published_at=timezone.now(), published_by=user
        )
    except IntegrityError:  # published meanwhile by someone else
        raise AlreadyPublished(year) from None
    PublishedFigure.objects.bulk_create(
        PublishedFigure(
            edition=edition,
            indicator=result.indicator.code,
            value=as_decimal(result.value),
        )
        for result in results
    )
    return edition
