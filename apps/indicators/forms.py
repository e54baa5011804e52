from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the edition withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
