from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.constraints import one_of
from apps.common.dates import ends_after_start
from apps.common.history import RecordHistory
from apps.indicators.periods import Period, active_during
from apps.members.models import Member


class ProgrammeKind(models.TextChoices):
    PILOT_PROJECT = "pilot_project", _("Pilot project")
    OBSERVATORY = "observatory", _("Observatory")
    CAMPAIGN = "campaign", _("Campaign")
    INITIATIVE = "initiative", _("Initiative")


class ProgrammeRole(models.TextChoices):
    LED = "led", _("Led")
    CO_LED = "co_led", _("Co-led")
    CONTRIBUTED = "contributed", _("Contributed")
    SUPPORTED = "supported", _("Supported")


class ProgrammeQuerySet(models.QuerySet):
    def active_during(self, period: Period) -> ProgrammeQuerySet:
        """Programmes running on at least one day of the period."""
        return self.filter(active_during(period, "starts_on", "ends_on"))


class Programme(models.Model):
    """A pilot project, observatory, campaign or initiative."""

    Kind = ProgrammeKind
    Role = ProgrammeRole

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind)
    role = models.CharField(
        _("role of the association"), max_length=16, choices=ProgrammeRole
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("The first day the programme no longer runs."),
    )

    objects = ProgrammeQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            ends_after_start(
                "starts_on",
                "ends_on",
                name="programme_ends_after_start",
                message=_("A programme must end after it starts."),
            ),
            models.CheckConstraint(
                condition=one_of("kind", ProgrammeKind.values)
                & one_of("role", ProgrammeRole.values),
                name="programme_choices_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return self.name


class ProgrammeMember(models.Model):
    """A member taking part in a programme."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("programme"),
        # The unique (programme, member) index serves lookups by programme.
        db_index=False,
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="programme_memberships",
        verbose_name=_("member"),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    history = RecordHistory()

    class Meta:
        verbose_name = _("programme member")
        verbose_name_plural = _("programme members")
        ordering = ["programme", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "member"],
                name="programme_member_once",
                violation_error_message=_("This member already takes part in it."),
            )
        ]

    def __str__(self) -> str:
        # Translators: a member taking part in a programme, "M001 in OBS1".
        return _("%(member)s in %(programme)s") % {
            "member": self.member.code,
            "programme": self.programme.code,
        }
