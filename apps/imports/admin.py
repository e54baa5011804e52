from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.common.admin_base import ModelAdmin, TabularInline
from apps.indicators.exports import csv_response

from .actions import export_csv, export_xlsx
from .models import ImportedFile, ImportRun
from .views import import_files

# Every record list can export its selection as the annual file it comes from.
admin.site.add_action(export_csv)
admin.site.add_action(export_xlsx)


class ImportedFileInline(TabularInline):
    model = ImportedFile
    extra = 0
    can_delete = False
    fields = ("name", "sha256", "size", "new", "updated", "unchanged", "error_count")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ModelAdmin):
    """The import history; new runs come from the import page or the command."""

    list_display = ("started_at", "by", "origin", "dry_run", "outcome", "error_count")
    list_filter = ("outcome", "origin", "dry_run", "started_at")
    search_fields = ("by", "files__name", "files__sha256")
    date_hierarchy = "started_at"
    fields = (
        "started_at",
        "finished_at",
        "by",
        "origin",
        "dry_run",
        "outcome",
        "error_count",
        "error_report",
    )
    readonly_fields = fields
    inlines = [ImportedFileInline]

    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("error report"))
    def error_report(self, run: ImportRun) -> str:
        if not run.error_count:
            return "—"
        url = reverse("admin:imports_importrun_errors", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the errors (CSV)"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/errors.csv",
                self.admin_site.admin_view(self.errors_csv),
                name="imports_importrun_errors",
            ),
            path(
                "import/",
                self.admin_site.admin_view(import_files),
                name="imports_importrun_import",
            ),
            *super().get_urls(),
        ]

    def errors_csv(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        run = get_object_or_404(ImportRun, pk=pk)
        rows = (
            [
                error["file"],
                error["line"] or "",
                " ".join(f"{c}={v}" for c, v in error["cells"]),
                error["reason"],
            ]
            for error in run.errors
        )
        return csv_response(
            f"import-{run.pk}-errors.csv", ["file", "line", "cells", "reason"], rows
        )
