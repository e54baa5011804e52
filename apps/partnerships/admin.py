from django.contrib import admin

from apps.common.admin_base import ModelAdmin

from .models import Agreement, Alliance


@admin.register(Alliance)
class AllianceAdmin(ModelAdmin):
    list_display = ("code", "name", "kind", "started_on", "ended_on")
    list_filter = ("kind", "started_on", "ended_on")
    search_fields = ("code", "name")
    date_hierarchy = "started_on"


@admin.register(Agreement)
class AgreementAdmin(ModelAdmin):
    list_display = (
        "code",
        "title",
        "counterpart_type",
        "counterpart_member",
        "counterpart_alliance",
        "kind",
        "signed_on",
    )
    list_filter = ("counterpart_type", "kind", "signed_on")
    search_fields = (
        "code",
        "title",
        "counterpart_member__name",
        "counterpart_member__code",
        "counterpart_alliance__name",
        "counterpart_alliance__code",
    )
    list_select_related = ("counterpart_member", "counterpart_alliance")
    autocomplete_fields = ("counterpart_member", "counterpart_alliance")
    date_hierarchy = "signed_on"
    fields = (
        ("code", "signed_on"),
        "title",
        "kind",
        "counterpart_type",
        ("counterpart_member", "counterpart_alliance"),
    )
