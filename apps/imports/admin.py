from collections.abc import Callable
from typing import Any, cast

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.common.admin import ACTIONS, entry_changes, entry_label, history_url
from apps.common.admin_base import ModelAdmin, TabularInline
from apps.indicators.exports import csv_response

from .actions import export_csv, export_xlsx
from .models import ImportedFile, ImportRun
from .trail import all_entries, entry_counts, history_model, run_entries
from .views import import_changes, import_files

ENTRIES_PER_PAGE = 100

# Every record list can export its selection as the annual file it comes from.
admin.site.add_action(export_csv)
admin.site.add_action(export_xlsx)


class ImportedFileInline(TabularInline):
    model = ImportedFile
    extra = 0
    can_delete = False
    fields = ("name", "digest", "size", "new", "updated", "unchanged", "error_count")
    readonly_fields = fields

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("SHA-256"))
    def digest(self, file: ImportedFile) -> str:
        # 64 characters would widen the page past the screen: the first few
        # show, the whole value is in the text (to copy) and the title.
        return format_html(
            '<code class="digest" title="{}">{}</code>', file.sha256, file.sha256
        )


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
        "history_entries",
    )
    readonly_fields = fields
    inlines = [ImportedFileInline]

    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The history entries of a written run name it: it stays.
        if obj is not None and obj.outcome == ImportRun.Outcome.WRITTEN:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("error report"))
    def error_report(self, run: ImportRun) -> str:
        if not run.error_count:
            return "—"
        url = reverse("admin:imports_importrun_errors", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the errors (CSV)"))

    @admin.display(description=_("history entries"))
    def history_entries(self, run: ImportRun) -> str:
        links = [
            (
                reverse(
                    "admin:imports_importrun_history",
                    args=[run.pk, history._meta.label_lower],
                ),
                # simple-history's `instance_type`: the recorded model.
                cast(Any, history).instance_type._meta.verbose_name_plural.capitalize(),
                count,
            )
            for history, count in entry_counts(run)
        ]
        if not links:
            return "—"
        items = format_html_join("", '<li><a href="{}">{}: {}</a></li>', links)
        return format_html("<ul>{}</ul>", items)

    def get_urls(self):
        # Named as the admin names its own: imports_importrun_<name>.
        views: list[tuple[str, Callable[..., HttpResponseBase], str]] = [
            ("<int:pk>/history/<str:label>/", self.history_entries_view, "history"),
            ("<int:pk>/errors.csv", self.errors_csv, "errors"),
            ("import/", import_files, "import"),
            ("import/<str:token>/changes.csv", import_changes, "changes"),
        ]
        wrap = self.admin_site.admin_view
        return [
            path(route, wrap(view), name=f"imports_importrun_{name}")
            for route, view, name in views
        ] + super().get_urls()

    def errors_csv(self, request: HttpRequest, pk: int) -> HttpResponseBase:
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

    def history_entries_view(
        self, request: HttpRequest, pk: int, label: str
    ) -> HttpResponse:
        """List the history entries a run wrote for one kind of record."""
        try:
            history = apps.get_model(label)
        except (LookupError, ValueError):
            raise Http404 from None
        model = getattr(history, "instance_type", None)
        if model is None or history_model(model) is not history:
            raise Http404
        opts = model._meta
        if not (
            self.has_view_permission(request)
            and request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        ):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        page = Paginator(run_entries(run, history), ENTRIES_PER_PAGE).get_page(
            request.GET.get("p")
        )
        previous = (
            all_entries(history)
            ._select_related_history_tracked_objs()
            .in_bulk([entry.previous_id for entry in page if entry.previous_id])
        )
        rows = [
            {
                "date": entry.history_date,
                "action": ACTIONS.get(entry.history_type, entry.history_type),
                "record": entry_label(entry),
                "url": history_url(entry, self.admin_site),
                "changes": entry_changes(entry, previous.get(entry.previous_id)),
            }
            for entry in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History entries of import run %(run)s: %(records)s")
            % {"run": run.pk, "records": opts.verbose_name_plural},
            "opts": self.opts,
            "run": run,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "rows": rows,
        }
        return TemplateResponse(request, "imports/run_history.html", context)
