from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.common.choices import Gender
from apps.common.constraints import FieldConstraintsModel, one_of
from apps.common.countries import CountryField
from apps.common.history import RecordHistory
from apps.indicators.periods import Period, dated_within
from apps.members.models import Member


class EventKind(models.TextChoices):
    STATUTORY_MEETING = "statutory_meeting", _("Statutory meeting")
    CONGRESS = "congress", _("Congress")
    SESSION = "session", _("Congress session")
    LEARNING_ACTIVITY = "learning_activity", _("Learning activity")
    GLOBAL_EVENT = "global_event", _("Global event")
    WEBINAR = "webinar", _("Webinar")
    OTHER = "other", _("Other")


class EventRole(models.TextChoices):
    LED = "led", _("Led")
    CO_LED = "co_led", _("Co-led")
    PARTICIPATED = "participated", _("Participated")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class EventScope(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class StatutoryBody(models.TextChoices):
    BOARD = "board", _("Board of directors")
    VICE_PRESIDENCY = "vice_presidency", _("Vice-presidencies")
    CO_PRESIDENCY = "co_presidency", _("Co-presidencies")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")


LEADING_ROLES = [EventRole.LED, EventRole.CO_LED]


class EventQuerySet(models.QuerySet):
    def in_period(self, period: Period) -> EventQuerySet:
        """Events that start in the period (an event belongs to its start year)."""
        return self.filter(dated_within(period, "starts_on"))


class Event(FieldConstraintsModel):
    Kind = EventKind
    Role = EventRole
    Format = EventFormat
    Scope = EventScope
    Body = StatutoryBody

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    role = models.CharField(
        _("role of the association"), max_length=16, choices=EventRole
    )
    format = models.CharField(
        _("format"), max_length=16, choices=EventFormat, blank=True
    )
    scope = models.CharField(_("scope"), max_length=16, choices=EventScope, blank=True)
    statutory_body = models.CharField(
        _("statutory body"),
        max_length=20,
        choices=StatutoryBody,
        blank=True,
        help_text=_("Required for a statutory meeting, empty otherwise."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("congress"),
        help_text=_("The congress a session belongs to."),
    )

    objects = EventQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_on_or_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=EventKind.STATUTORY_MEETING) & ~Q(statutory_body=""))
                | (~Q(kind=EventKind.STATUTORY_MEETING) & Q(statutory_body="")),
                name="event_statutory_body_iff_statutory_meeting",
                violation_error_message=_(
                    "A statutory meeting names its statutory body; other events don't."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=EventKind.SESSION, parent__isnull=False)
                | (~Q(kind=EventKind.SESSION) & Q(parent__isnull=True)),
                name="event_parent_iff_session",
                violation_error_message=_(
                    "A congress session belongs to a congress; other events don't."
                ),
            ),
            models.CheckConstraint(
                condition=one_of("kind", EventKind.values)
                & one_of("role", EventRole.values)
                & one_of("format", ["", *EventFormat.values])
                & one_of("scope", ["", *EventScope.values])
                & one_of("statutory_body", ["", *StatutoryBody.values]),
                name="event_choices_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_on", "kind"]),
            models.Index(fields=["kind", "starts_on"]),
        ]

    constraint_fields = {"event_parent_iff_session": "parent"}

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    def clean(self) -> None:
        """Check that a session's parent is a congress: a rule on another row,
        which no constraint can hold."""
        # That a session, and only a session, has a parent is a constraint
        # (`event_parent_iff_session`), which the admin's forms and the
        # import check before clean(); a parent_id names an Event.
        parent = cast(Event, self.parent) if self.parent_id is not None else None
        if parent is not None and parent.kind != EventKind.CONGRESS:
            raise ValidationError(
                {"parent": _("A session's parent must be a congress.")}
            )


class ParticipantRole(models.TextChoices):
    ATTENDEE = "attendee", _("Attendee")
    SPEAKER = "speaker", _("Speaker")
    EXPERT = "expert", _("Expert")
    LEADER = "leader", _("Leader")


class ParticipationQuerySet(models.QuerySet):
    def in_events_of(self, period: Period) -> ParticipationQuerySet:
        return self.filter(dated_within(period, "event__starts_on"))


class Participation(models.Model):
    """One person taking part in one event; the person is only a keyed hash."""

    Role = ParticipantRole

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("event"),
        # The unique (event, participant_key) index serves lookups by event.
        db_index=False,
    )
    participant_key = models.CharField(
        _("participant key"),
        max_length=64,
        help_text=_("A keyed hash of the e-mail or number given in the file."),
    )
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender, default=Gender.UNDISCLOSED
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=ParticipantRole,
        default=ParticipantRole.ATTENDEE,
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("member"),
    )
    country = CountryField(_("country"), blank=True)

    objects = ParticipationQuerySet.as_manager()
    # The person's key stays out of the history: deleting a participation
    # leaves no trace of who it was.
    history = RecordHistory(excluded_fields=["participant_key"])

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "pk"]
        indexes = [
            # Every column the participation counters read, in one index:
            # they are computed from it alone, without reading the rows.
            models.Index(
                fields=["event", "role", "gender", "member", "participant_key"],
                name="participation_counters",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant_key"],
                name="participation_once_per_event",
                violation_error_message=_("This person already takes part in it."),
            ),
            models.CheckConstraint(
                condition=one_of("gender", Gender.values)
                & one_of("role", ParticipantRole.values),
                name="participation_choices_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"
