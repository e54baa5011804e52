from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import registry


def indicator_choices() -> list[tuple[str, str]]:
    """Return every indicator as a choice, read from the registry when shown."""
    return [(item.code, f"{item.code} — {item.label}") for item in registry.all()]


class IndicatorChoiceField(forms.ChoiceField):
    """An indicator's code, chosen among the registered indicators."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=indicator_choices, **kwargs)


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the edition withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PublishForm(forms.Form):
    """Which published figures the public impact page shows (all by default).

    `shown` marks a post from this form: a post without it (an older page)
    leaves every figure on the public page, as the command does.
    """

    public = forms.MultipleChoiceField(
        label=_("On the public impact page"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shown = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Worded now: a reported figure's label reads the names on display.
        choices = [(item.code, str(item.label)) for item in indicators]
        public = cast(forms.MultipleChoiceField, self.fields["public"])
        public.choices = choices
        public.initial = [code for code, _label in choices]

    def codes(self) -> list[str]:
        """Return the codes of the figures offered."""
        # The pairs set in __init__, normalised to a list by ChoiceField.
        public = cast(forms.MultipleChoiceField, self.fields["public"])
        choices = cast(list[tuple[str, str]], public.choices)
        return [code for code, _label in choices]

    def private(self) -> set[str]:
        """Return the codes of the figures left out of the public page."""
        if not self.cleaned_data["shown"]:
            return set()
        return set(self.codes()) - set(self.cleaned_data["public"])
