from django.contrib import admin

from apps.common.admin_base import ModelAdmin

from .models import FundingEntry, StaffMember


@admin.register(StaffMember)
class StaffMemberAdmin(ModelAdmin):
    list_display = ("ref", "kind", "gender", "started_on", "ended_on")
    list_filter = ("kind", "gender", "started_on", "ended_on")
    search_fields = ("ref",)


@admin.register(FundingEntry)
class FundingEntryAdmin(ModelAdmin):
    list_display = ("year", "category", "amount")
    list_filter = ("year", "category")
