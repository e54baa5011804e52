from django import forms
from django.contrib import admin

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import ModelAdmin, TabularInline

from .forms import IndicatorChoiceField
from .models import Edition, PublishedFigure, Target


class TargetForm(forms.ModelForm):
    indicator = IndicatorChoiceField()

    class Meta:
        model = Target
        fields = ("indicator", "year", "value")


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    form = TargetForm
    list_display = ("indicator", "year", "value")
    list_filter = ("year",)
    search_fields = ("indicator",)


class PublishedFigureInline(TabularInline):
    model = PublishedFigure
    extra = 0
    fields = ("indicator", "value", "breakdowns", "is_public")
    readonly_fields = ("indicator", "value", "breakdowns", "is_public")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
