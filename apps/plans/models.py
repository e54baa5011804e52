"""A strategic plan across years: its indicators' baselines and end targets.

The yearly targets stay in `targets.csv` (apps.indicators.Target); a plan
adds where each indicator started (the baseline, frozen when the plan is
saved, like a published edition) and where it must be at the plan's end.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.history import RecordHistory
from apps.indicators.models import validate_indicator_code


class Plan(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(1900)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(1900)]
    )

    history = RecordHistory()

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ["-first_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_year__lte=models.F("last_year")),
                name="plan_first_year_not_after_last",
                violation_error_message=_(
                    "The first year cannot come after the last year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class PlanIndicator(models.Model):
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("strategic plan"),
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=120,
        validators=[validate_indicator_code],
        help_text=_("The indicator's code, e.g. members.new."),
    )
    baseline_value = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Left empty, the value of the baseline year is computed and "
            "frozen when the plan is saved."
        ),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
        help_text=_("Left empty, the year before the plan's first year."),
    )
    end_target = models.DecimalField(
        _("end-of-plan target"), max_digits=14, decimal_places=2
    )

    history = RecordHistory()

    class Meta:
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")
        ordering = ["plan", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator"],
                name="plan_indicator_once_per_plan",
                violation_error_message=_("This indicator is already in the plan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.indicator}"

    def save(self, *args, **kwargs) -> None:
        if self.baseline_year is None:
            self.baseline_year = self.plan.first_year - 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        plan = self.plan if self.plan_id else None
        if plan and self.baseline_year and self.baseline_year > plan.last_year:
            raise ValidationError(
                {"baseline_year": _("The baseline cannot come after the plan.")}
            )
