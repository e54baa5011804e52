from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import ModelAdmin, TabularInline

from .forms import IndicatorChoiceField
from .models import Edition, PublishedFigure, Target, in_its_unit


class TargetForm(forms.ModelForm):
    indicator = IndicatorChoiceField()

    class Meta:
        model = Target
        fields = ("indicator", "year", "value")


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    form = TargetForm
    list_display = ("indicator", "year", "shown_value")
    list_filter = ("year",)
    search_fields = ("indicator",)

    @admin.display(description=_("value"), ordering="value")
    def shown_value(self, target: Target) -> str:
        return in_its_unit(target.indicator, target.value)


class PublishedFigureInline(TabularInline):
    model = PublishedFigure
    extra = 0
    fields = readonly_fields = ("indicator", "shown_value", "is_public")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("value"))
    def shown_value(self, figure: PublishedFigure) -> str:
        return in_its_unit(figure.indicator, figure.value)


@admin.register(Edition)
class EditionAdmin(ModelAdmin):
    """Editions are made by publishing a year and withdrawn from its dashboard,
    with a reason; they are never deleted: what was published stays on record."""

    list_display = ("year", "published_at", "published_by", "withdrawn_at")
    list_filter = ("year",)
    list_select_related = ("published_by",)
    fields = readonly_fields = (
        "year",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    )
    inlines = [PublishedFigureInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # nothing of it is edited here: no Save button

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
