from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participation
from .privacy import participant_key


class ParticipationForm(forms.ModelForm):
    """Adds a participation from the person's identifier, stored only hashed."""

    participant_ref = forms.CharField(
        label=_("participant's e-mail or registration number"),
        max_length=254,
        required=False,
        help_text=_("Stored only as a keyed hash; never shown again."),
    )

    class Meta:
        model = Participation
        fields = ("event", "gender", "role", "member", "country")

    def clean(self):
        cleaned = super().clean()
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
