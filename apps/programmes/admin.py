from typing import Any, cast

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import TabularInline

from .models import Programme, ProgrammeMember


class ProgrammeMemberInline(TabularInline):
    model = ProgrammeMember
    extra = 0
    fields = ("member", "joined_on")
    autocomplete_fields = ("member",)


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ("code", "name", "kind", "role", "starts_on", "ends_on", "n_members")
    list_filter = ("kind", "role", "starts_on", "ends_on")
    search_fields = ("code", "name")
    date_hierarchy = "starts_on"
    inlines = [ProgrammeMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def n_members(self, programme: Programme) -> int:
        # Annotated by get_queryset: unknown to the model's type.
        return cast(Any, programme).member_count


@admin.register(ProgrammeMember)
class ProgrammeMemberAdmin(HistoryAdmin):
    list_display = ("programme", "member", "joined_on")
    list_filter = ("programme__kind", "programme")
    search_fields = (
        "programme__name",
        "programme__code",
        "member__name",
        "member__code",
    )
    list_select_related = ("programme", "member")
    autocomplete_fields = ("programme", "member")
