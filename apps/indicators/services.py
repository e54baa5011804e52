"""Writes of the indicators app."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Edition, PublishedFigure
from .results import evaluate_year, frozen_breakdowns


class AlreadyPublished(Exception):
    """The year has an edition in force (`edition`, None if not readable yet)."""

    def __init__(self, year: int, edition: Edition | None = None) -> None:
        self.year = year
        self.edition = edition
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.edition is None:
            return _("%(year)s is already published.") % {"year": self.year}
        return _("%(year)s is already published (edition of %(date)s by %(who)s).") % {
            "year": self.year,
            "date": formats.date_format(
                timezone.localtime(self.edition.published_at), "DATETIME_FORMAT"
            ),
            "who": getattr(self.edition.published_by, "username", None) or "—",
        }


class NotPublished(Exception):
    pass


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


def current_edition(year: int) -> Edition | None:
    """Return the year's edition in force, with its publisher, if there is one."""
    return (
        Edition.objects.current()
        .filter(year=year)
        .select_related("published_by")
        .first()
    )


@transaction.atomic
def publish_year(year: int, *, user, private: Iterable[str] = ()) -> Edition:
    """Freeze every indicator's value and breakdowns of a year, as printed in
    the report.

    The figures of the `private` indicator codes are left out of the public
    impact page; the others are shown there.
    """
    private = set(private)
    if edition := current_edition(year):
        raise AlreadyPublished(year, edition)
    results = evaluate_year(year)
    edition = Edition(year=year, published_at=timezone.now(), published_by=user)
    try:
        edition.full_clean()
        with transaction.atomic():
            edition.save()
    except (ValidationError, IntegrityError):  # published meanwhile by someone else
        raise AlreadyPublished(year, current_edition(year)) from None
    PublishedFigure.objects.bulk_create(
        PublishedFigure(
            edition=edition,
            indicator=result.indicator.code,
            value=as_decimal(result.live),
            breakdowns=frozen_breakdowns(result),
            is_public=result.indicator.code not in private,
        )
        for result in results
    )
    return edition


@transaction.atomic
def withdraw_edition(year: int, *, user, reason: str) -> Edition:
    """Withdraw the year's edition in force: it stays listed, the year may be
    published again. Raises NotPublished, or ValidationError without a reason.
    """
    edition = Edition.objects.current().select_for_update().filter(year=year).first()
    if edition is None:
        raise NotPublished(year)
    edition.withdrawn_at = timezone.now()
    edition.withdrawn_by = user
    edition.withdrawal_reason = reason.strip()
    edition.full_clean()
    edition.save()
    return edition
