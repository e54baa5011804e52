from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import ModelAdmin, TabularInline
from apps.common.numbers import format_in_unit

from .forms import IndicatorChoiceField
from .models import Edition, PublishedFigure, Target, in_its_unit
from .registry import NotRegistered, registry


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
    fields = readonly_fields = (
        "indicator",
        "shown_value",
        "shown_breakdowns",
        "is_public",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("value"))
    def shown_value(self, figure: PublishedFigure) -> str:
        return in_its_unit(figure.indicator, figure.value)

    @admin.display(description=_("breakdowns"))
    def shown_breakdowns(self, figure: PublishedFigure) -> str:
        """Each frozen breakdown, its categories named and valued as the
        dashboard writes them: "Europe: 40 · Africa: 12"."""
        try:
            breakdowns = registry.get(figure.indicator).breakdowns
        except NotRegistered:
            breakdowns = {}
        lines = []
        for name, pairs in (figure.breakdowns or {}).items():
            breakdown = breakdowns.get(name)
            lines.append(
                " · ".join(
                    f"{breakdown.label(code) if breakdown else code}: "
                    f"{format_in_unit(value, breakdown.unit if breakdown else 'count')}"
                    for code, value in pairs
                )
            )
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines)) or "—"


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
