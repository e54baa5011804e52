from django.contrib import admin

from apps.common.admin import HistoryAdmin

from .models import FundingEntry, StaffMember


@admin.register(StaffMember)
class StaffMemberAdmin(HistoryAdmin):
    list_display = ("ref", "kind", "gender", "started_on", "ended_on")
    list_filter = ("kind", "gender", "started_on", "ended_on")
    search_fields = ("ref",)


@admin.register(FundingEntry)
class FundingEntryAdmin(HistoryAdmin):
    list_display = ("year", "category", "amount")
    list_filter = ("year", "category")
