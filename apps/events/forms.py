from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event, Participation
from .privacy import participant_key
from .services import PastedParticipants, read_participants


class ParticipationForm(forms.ModelForm):
    """Adds a participation from the person's identifier, stored only hashed."""

    participant_ref = forms.CharField(
        label=_("Participant's e-mail or registration number"),
        max_length=254,
        required=False,
        help_text=_("Stored only as a keyed hash; never shown again."),
    )

    class Meta:
        model = Participation
        fields = ("event", "gender", "role", "member", "country")

    def clean(self):
        # A ModelForm's clean() returns its cleaned_data, never None.
        cleaned = cast(dict[str, Any], super().clean())
        if self.instance.pk is None:
            ref = cleaned.get("participant_ref", "").strip()
            if not ref:
                self.add_error("participant_ref", _("This field is required."))
            else:
                key = participant_key(ref)
                self.instance.participant_key = key
                event = cleaned.get("event")
                if event and event.participations.filter(participant_key=key).exists():
                    self.add_error(
                        "participant_ref",
                        _("This person already takes part in this event."),
                    )
        return cleaned


class EventForm(forms.ModelForm):
    """An event, and on its change page a list of participants to add."""

    new_participants = forms.CharField(
        label=_("Participants to add"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "cols": 60,
                "placeholder": "ana@example.org,woman,speaker,M001",
                "spellcheck": "false",
            }
        ),
    )

    class Meta:
        model = Event
        fields = (
            "code",
            "title",
            "kind",
            "role",
            "format",
            "scope",
            "statutory_body",
            "starts_on",
            "ends_on",
            "parent",
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pasted = PastedParticipants()

    def clean_new_participants(self) -> str:
        text = self.cleaned_data["new_participants"]
        if text.strip() and self.instance.pk is not None:
            self.pasted = read_participants(self.instance, text)
            if self.pasted.errors:
                raise forms.ValidationError(self.pasted.errors)
        return text
