from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.common.constraints import FieldConstraintsModel
from apps.common.dates import ends_after_start
from apps.common.history import RecordHistory
from apps.indicators.periods import Period, active_on, dated_within
from apps.members.models import Member


class AllianceQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> AllianceQuerySet:
        return self.filter(active_on(day, "started_on", "ended_on"))


class Alliance(models.Model):
    """A partnership with another network or organisation."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=80, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The first day the alliance no longer holds."),
    )

    objects = AllianceQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]
        constraints = [
            ends_after_start(
                "started_on",
                "ended_on",
                name="alliance_ends_after_start",
                message=_("An alliance must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["started_on", "ended_on"])]

    def __str__(self) -> str:
        return self.name


class CounterpartType(models.TextChoices):
    MEMBER = "member", _("Member")
    ALLIANCE = "alliance", _("Alliance")
    OTHER = "other", _("Other")


class AgreementQuerySet(models.QuerySet):
    def signed_during(self, period: Period) -> AgreementQuerySet:
        return self.filter(dated_within(period, "signed_on"))


class Agreement(FieldConstraintsModel):
    """An agreement signed with a member, an alliance or another party."""

    CounterpartType = CounterpartType

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    counterpart_type = models.CharField(
        _("counterpart type"), max_length=16, choices=CounterpartType
    )
    counterpart_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("member"),
    )
    counterpart_alliance = models.ForeignKey(
        Alliance,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("alliance"),
    )
    kind = models.CharField(_("kind"), max_length=80, blank=True)
    signed_on = models.DateField(_("signed on"))

    objects = AgreementQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        counterpart_type=CounterpartType.MEMBER,
                        counterpart_member__isnull=False,
                        counterpart_alliance__isnull=True,
                    )
                    | Q(
                        counterpart_type=CounterpartType.ALLIANCE,
                        counterpart_member__isnull=True,
                        counterpart_alliance__isnull=False,
                    )
                    | Q(
                        counterpart_type=CounterpartType.OTHER,
                        counterpart_member__isnull=True,
                        counterpart_alliance__isnull=True,
                    )
                ),
                name="agreement_exactly_one_counterpart",
                violation_error_message=_(
                    "An agreement's counterpart is exactly one of: a member, an "
                    "alliance, or another party."
                ),
            )
        ]
        indexes = [models.Index(fields=["signed_on", "counterpart_type"])]

    constraint_fields = {"agreement_exactly_one_counterpart": "counterpart_type"}

    def __str__(self) -> str:
        return self.title
