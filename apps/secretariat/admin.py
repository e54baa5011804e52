from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.money import currency, format_money

from .models import FundingEntry, StaffMember


@admin.register(StaffMember)
class StaffMemberAdmin(HistoryAdmin):
    list_display = ("ref", "kind", "gender", "started_on", "ended_on")
    list_filter = ("kind", "gender", "started_on", "ended_on")
    search_fields = ("ref",)


@admin.register(FundingEntry)
class FundingEntryAdmin(HistoryAdmin):
    list_display = ("year", "category", "amount_with_currency")
    list_filter = ("year", "category")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "amount":
            formfield.help_text = format_lazy(_("In {currency}."), currency=currency())
        return formfield

    @admin.display(description=_("amount"), ordering="amount")
    def amount_with_currency(self, entry: FundingEntry) -> str:
        return format_money(entry.amount, places=2)
