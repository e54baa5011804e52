from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.history import RecordHistory
from apps.common.numbers import format_in_unit


class IndicatorAccess(models.Model):
    """Holds the permission to read dashboards, the report, the API and exports."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_indicators", _("Can view dashboards, reports, the API and exports"))
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


def validate_indicator_code(code: str) -> None:
    from .registry import NotRegistered, registry

    try:
        registry.get(code)
    except NotRegistered:
        raise ValidationError(
            _("%(code)s is not an indicator code."),
            code="unknown_indicator",
            params={"code": code},
        ) from None


def in_its_unit(code: str, value: Decimal | None) -> str:
    """Write a value in the unit of the indicator `code` (a count for an
    unknown code): `5`, `52.0%`, `2,150,000 €`."""
    from .registry import NotRegistered, registry

    try:
        unit = registry.get(code).unit
    except NotRegistered:
        unit = "count"
    return format_in_unit(value, unit)


class TargetQuerySet(models.QuerySet):
    def values_for(self, year: int) -> dict[str, Decimal]:
        return dict(self.filter(year=year).values_list("indicator", "value"))


class Target(models.Model):
    """The value an indicator should reach in a year (a strategic plan's goal)."""

    indicator = models.CharField(
        _("indicator"),
        max_length=120,
        validators=[validate_indicator_code],
        help_text=_("The indicator's code, e.g. members.new."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900)]
    )
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    objects = TargetQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_once_per_indicator_and_year",
                violation_error_message=_("This indicator already has a target then."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="target_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return _("%(indicator)s %(year)s: %(value)s") % {
            "indicator": self.indicator,
            "year": self.year,
            "value": in_its_unit(self.indicator, self.value),
        }


class EditionQuerySet(models.QuerySet):
    def current(self) -> EditionQuerySet:
        """Return the editions in force: published and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Edition(models.Model):
    """A year's figures frozen as published in the printed annual report.

    A year has at most one edition in force; a withdrawn one stays, with who
    withdrew it, when and why, and the year may be published again.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("published edition")
        verbose_name_plural = _("published editions")
        ordering = ["-year", "-published_at"]
        permissions = [("withdraw_edition", _("Can withdraw a published edition"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="edition_in_force_once_per_year",
                violation_error_message=_("This year is already published."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | ~models.Q(withdrawal_reason=""),
                name="edition_withdrawn_with_a_reason",
                violation_error_message=_("Say why the edition is withdrawn."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PublishedFigure(models.Model):
    """An indicator's value as published in an edition."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("edition"),
        db_index=False,  # the unique (edition, indicator) index serves it
    )
    indicator = models.CharField(_("indicator"), max_length=120)
    value = models.DecimalField(
        _("value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    # Every breakdown of the indicator as published, in its order:
    # `{name: [[category code, number], …]}` (pairs keep the categories'
    # order, which a JSON object may not). None for a figure published before
    # breakdowns were frozen with their edition: its live ones are shown.
    breakdowns = models.JSONField(_("breakdowns"), null=True, blank=True)
    # Shown on the public impact page (the publisher may leave some out).
    is_public = models.BooleanField(_("on the public page"), default=True)

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        ordering = ["edition", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "indicator"], name="published_figure_once"
            )
        ]

    def __str__(self) -> str:
        return _("%(indicator)s: %(value)s") % {
            "indicator": self.indicator,
            "value": in_its_unit(self.indicator, self.value),
        }
