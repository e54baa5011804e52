from collections.abc import Callable
from typing import Any

from apps.common.choices import GENDER_ALIASES, Gender
from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import (
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    NaturalKeyWidget,
    TextWidget,
)
from apps.members.models import Member

from .models import Event, Participation
from .privacy import participant_hasher


class ParticipantRefWidget(TextWidget):
    """An e-mail or registration number, stored only as its keyed hash."""

    trusted = True

    def __init__(self) -> None:
        self._hash: Callable[[str], str] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = super().clean(value)
        if not text:
            return None
        if self._hash is None:
            self._hash = participant_hasher()
        return self._hash(text)


@annual_file("events.csv")
class EventResource(AnnualResource):
    code = Column(required=True)
    title = Column(required=True)
    kind = Column(widget=ChoiceWidget(Event.Kind), required=True)
    role = Column(widget=ChoiceWidget(Event.Role), required=True)
    format = Column(widget=ChoiceWidget(Event.Format))
    scope = Column(widget=ChoiceWidget(Event.Scope))
    statutory_body = Column(widget=ChoiceWidget(Event.Body))
    starts_on = Column(widget=DateWidget(), required=True)
    ends_on = Column(widget=DateWidget())
    # A session's congress, in this file or imported before.
    parent = Column("parent_code", widget=NaturalKeyWidget(Event))

    class Meta(AnnualResource.Meta):
        model = Event
        import_id_fields = ("code",)


@annual_file("participations.csv", after=["events.csv", "members.csv"])
class ParticipationResource(AnnualResource):
    event = Column("event_code", widget=NaturalKeyWidget(Event), required=True)
    participant_key = Column(
        "participant_ref", widget=ParticipantRefWidget(), required=True, personal=True
    )
    gender = Column(
        widget=ChoiceWidget(Gender, aliases=GENDER_ALIASES, empty=Gender.UNDISCLOSED),
        required=True,
    )
    role = Column(
        widget=ChoiceWidget(Participation.Role, empty=Participation.Role.ATTENDEE)
    )
    member = Column("member_code", widget=NaturalKeyWidget(Member))
    country = Column(widget=CountryWidget())

    class Meta(AnnualResource.Meta):
        model = Participation
        import_id_fields = ("event", "participant_key")
