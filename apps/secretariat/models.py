from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.common.choices import Gender
from apps.common.constraints import one_of
from apps.common.dates import ends_after_start
from apps.common.history import RecordHistory
from apps.common.money import format_money
from apps.indicators.periods import Period, active_during


class StaffKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    INTERN = "intern", _("Intern")


class StaffMemberQuerySet(models.QuerySet):
    def active_during(self, period: Period) -> StaffMemberQuerySet:
        return self.filter(active_during(period, "started_on", "ended_on"))


class StaffMember(models.Model):
    """A contract at the general secretariat (the person is only a reference)."""

    Kind = StaffKind

    ref = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=StaffKind)
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender, default=Gender.UNDISCLOSED
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The first day after the contract."),
    )

    objects = StaffMemberQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["kind", "ref"]
        constraints = [
            ends_after_start(
                "started_on",
                "ended_on",
                name="staff_ends_after_start",
                message=_("A contract must end after it starts."),
            ),
            models.CheckConstraint(
                condition=one_of("kind", StaffKind.values)
                & one_of("gender", Gender.values),
                name="staff_choices_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.ref


class FundingCategory(models.TextChoices):
    MEMBER_DUES = "member_dues", _("Member dues")
    PARTNERSHIPS = "partnerships", pgettext_lazy("funding category", "Partnerships")
    ALLIANCES = "alliances", pgettext_lazy("funding category", "Alliances")
    OTHER = "other", _("Other")


class FundingEntry(models.Model):
    """The secretariat's income of a year in one category."""

    Category = FundingCategory

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900)]
    )
    category = models.CharField(_("category"), max_length=16, choices=FundingCategory)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    history = RecordHistory()

    class Meta:
        verbose_name = _("funding entry")
        verbose_name_plural = _("funding entries")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category"],
                name="funding_once_per_year_and_category",
                violation_error_message=_("This year already has this category."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & one_of("category", FundingCategory.values),
                name="funding_amount_and_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s %(category)s: %(amount)s") % {
            "year": self.year,
            "category": self.get_category_display(),
            "amount": format_money(self.amount, places=2),
        }
