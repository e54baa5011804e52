"""Admin actions exporting the selected records as their annual file."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from apps.indicators.exports import csv_response, xlsx_response

from .registry import annual_files


def _export(modeladmin, request, queryset, extension: str):
    resource_class = annual_files.for_model(queryset.model)
    if resource_class is None:
        modeladmin.message_user(
            request, _("These records have no annual file to export."), messages.ERROR
        )
        return None
    resource = resource_class()
    records = resource.export_queryset(queryset).order_by("pk")
    header = [column.column_name for column in resource.export_columns()]
    rows = (resource.export_cells(record) for record in records.iterator())
    name = resource_class.file_name.removesuffix(".csv")
    if extension == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows)
    return csv_response(f"{name}.csv", header, rows)


@admin.action(description=_("Export the selected records (CSV)"))
def export_csv(modeladmin, request, queryset):
    return _export(modeladmin, request, queryset, "csv")


@admin.action(description=_("Export the selected records (Excel)"))
def export_xlsx(modeladmin, request, queryset):
    return _export(modeladmin, request, queryset, "xlsx")
