from django import forms
from django.contrib import admin

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import TabularInline
from apps.indicators.forms import IndicatorChoiceField

from .models import Plan, PlanIndicator
from .services import freeze_baselines


class PlanIndicatorForm(forms.ModelForm):
    indicator = IndicatorChoiceField()

    class Meta:
        model = PlanIndicator
        fields = ("indicator", "baseline_value", "baseline_year", "end_target")


class PlanIndicatorInline(TabularInline):
    model = PlanIndicator
    form = PlanIndicatorForm
    extra = 0


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ("code", "name", "first_year", "last_year")
    search_fields = ("code", "name")
    inlines = [PlanIndicatorInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A baseline left empty is computed now and frozen, like an edition.
        freeze_baselines(form.instance)
