from django import forms
from django.contrib import admin

from .models import Target
from .registry import registry


class TargetForm(forms.ModelForm):
    indicator = forms.ChoiceField()

    class Meta:
        model = Target
        fields = ("indicator", "year", "value")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (item.code, f"{item.code} — {item.label}") for item in registry.all()
        ]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ("indicator", "year", "value")
    list_filter = ("year",)
    search_fields = ("indicator",)
