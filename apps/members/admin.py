from typing import Any, cast

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import CountryListFilter, TabularInline

from .models import Mandate, Member, region_label


class RegionListFilter(admin.AllValuesFieldListFilter):
    """The regions recorded, each named in the reader's language."""

    def choices(self, changelist):
        recorded = {str(value) for value in self.lookup_choices if value is not None}
        for choice in super().choices(changelist):
            if choice["display"] in recorded:
                choice = {**choice, "display": region_label(str(choice["display"]))}
            yield choice


class MandateInline(TabularInline):
    model = Mandate
    extra = 0
    fields = ("leader_name", "gender", "started_on", "ended_on")
    ordering = ("-started_on",)


@admin.register(Member)
class MemberAdmin(HistoryAdmin):
    list_display = (
        "code",
        "name",
        "city",
        "country",
        "shown_region",
        "category",
        "joined_on",
        "left_on",
        "mandate_count",
    )
    list_filter = (
        "category",
        ("region", RegionListFilter),
        ("country", CountryListFilter),
        "joined_on",
        "left_on",
    )
    search_fields = ("code", "name", "city")
    date_hierarchy = "joined_on"
    fields = (
        "code",
        "name",
        ("city", "country"),
        ("region", "category"),
        ("joined_on", "left_on"),
    )
    inlines = [MandateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_mandates=Count("mandates"))

    @admin.display(description=_("region"), ordering="region")
    def shown_region(self, member: Member) -> str:
        return region_label(member.region)

    @admin.display(description=_("mandates"), ordering="n_mandates")
    def mandate_count(self, member: Member) -> int:
        # Annotated by get_queryset: unknown to the model's type.
        return cast(Any, member).n_mandates


@admin.register(Mandate)
class MandateAdmin(HistoryAdmin):
    list_display = ("leader_name", "member", "gender", "started_on", "ended_on")
    list_filter = ("gender", "started_on", "member__category")
    search_fields = ("leader_name", "member__name", "member__code")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
    date_hierarchy = "started_on"
