from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.common.choices import Gender
from apps.common.constraints import one_of
from apps.common.countries import CountryField
from apps.common.dates import ends_after_start
from apps.common.history import RecordHistory
from apps.indicators.periods import Period, active_on, dated_within


class MemberQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> MemberQuerySet:
        return self.filter(active_on(day, "joined_on", "left_on"))

    def active_at_end_of(self, period: Period) -> MemberQuerySet:
        return self.active_on(period.last_day)

    def joined_during(self, period: Period) -> MemberQuerySet:
        return self.filter(dated_within(period, "joined_on"))


class MemberCategory(models.TextChoices):
    FULL = "full", _("Full")
    ASSOCIATE = "associate", _("Associate")
    STRATEGIC = "strategic", _("Strategic")
    BENEFACTOR = "benefactor", _("Benefactor")
    COLLABORATOR = "collaborator", _("Collaborator")
    SPONSOR = "sponsor", _("Sponsor")


# The regions the secretariat's files name, by their English name as
# members.csv writes it (a region is free text there: any other is kept and
# shown as written). Spellings compare without case, spaces or hyphens.
REGIONS = {
    "africa": pgettext_lazy("region", "Africa"),
    "asiapacific": pgettext_lazy("region", "Asia-Pacific"),
    "europe": pgettext_lazy("region", "Europe"),
    "latinamerica": pgettext_lazy("region", "Latin America"),
    "middleeast": pgettext_lazy("region", "Middle East"),
    "northamerica": pgettext_lazy("region", "North America"),
}


def region_label(name: str) -> str:
    """Name a region in the reader's language: `Amérique latine` for the
    file's `Latin America`, an unknown region as written."""
    if not name.strip():
        return str(pgettext_lazy("region", "Not given"))
    key = "".join(char for char in name.lower() if char.isalnum())
    return str(REGIONS.get(key, name))


class RegionField(models.CharField):
    """A member's region: stored as the file writes it, shown by `label_of`
    in the reader's language (the drill-down, the history)."""

    def label_of(self, value: str) -> str:
        return region_label(value)

    def deconstruct(self):
        # A CharField to migrations: only its display differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class Member(models.Model):
    Category = MemberCategory

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"))
    region = RegionField(_("region"), max_length=80, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("The first day the metropolis is no longer a member."),
    )

    objects = MemberQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        constraints = [
            ends_after_start(
                "joined_on",
                "left_on",
                name="member_left_after_joining",
                message=_("A member must leave after joining."),
            ),
            models.CheckConstraint(
                condition=one_of("category", MemberCategory.values),
                name="member_category_valid",
            ),
        ]
        indexes = [models.Index(fields=["joined_on", "left_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class MandateQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> MandateQuerySet:
        return self.filter(active_on(day, "started_on", "ended_on"))


class Mandate(models.Model):
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="mandates",
        verbose_name=_("member"),
    )
    leader_name = models.CharField(_("leader's name"), max_length=200)
    gender = models.CharField(_("leader's gender"), max_length=16, choices=Gender)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The first day of the next mandate; empty while in office."),
    )

    objects = MandateQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["member", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "started_on"],
                name="mandate_unique_start_per_member",
                violation_error_message=_(
                    "This member already has a mandate starting that day."
                ),
            ),
            ends_after_start(
                "started_on",
                "ended_on",
                name="mandate_ends_after_start",
                message=_("A mandate must end after it starts."),
            ),
            models.CheckConstraint(
                condition=one_of("gender", Gender.values), name="mandate_gender_valid"
            ),
        ]
        indexes = [models.Index(fields=["started_on", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.leader_name}, {self.member.name} ({self.started_on:%Y})"
