"""The admin's import page: upload, check (dry run), then confirm."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.indicators.exports import csv_response

from . import staging, uploads
from .registry import annual_files
from .runner import import_annual_files

ERRORS_PER_PAGE = 100
# Errors of a refused confirmation shown above the run's page.
ERRORS_IN_MESSAGES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx,.zip"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """Clean each file; an error names its file (one of several empty…)."""
        cleaned, errors = [], []
        for item in data if isinstance(data, list | tuple) else [data]:
            try:
                cleaned.append(super().clean(item, initial))
            except ValidationError as error:
                name = getattr(item, "name", "")
                errors += [
                    _("%(file)s: %(error)s") % {"file": name, "error": message}
                    if name
                    else message
                    for message in error.messages
                ]
        if errors:
            raise ValidationError(errors)
        return cleaned


class UploadForm(forms.Form):
    # The metaclass moves declared fields to base_fields: `form.files` stays
    # the uploaded files, which the stubs' BaseForm.files describes.
    files = MultipleFileField(  # type: ignore[assignment]
        label=gettext_lazy("Annual files"),
        help_text=gettext_lazy(
            "One or several files (.csv or .xlsx) named as in the guide, "
            "or a .zip of them."
        ),
    )


@permission_required("imports.add_importrun", raise_exception=True)
def import_files(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Import annual files"),
        "known_files": annual_files.in_order(),
    }
    if request.method == "POST" and "token" in request.POST:
        return _confirm_or_cancel(request, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and uploads.refused(request):
        # No file was kept: say why instead of "This field is required".
        form.is_valid()
        form.errors["files"] = form.error_class([uploads.too_large()])
    elif request.method == "POST" and form.is_valid():
        files = [(f.name, f) for f in form.cleaned_data["files"]]
        try:
            # On disk, a chunk at a time: an upload is never held in memory.
            token = staging.stage(files, user=request.user)
        except staging.UploadError as error:
            form.add_error("files", str(error))
        else:
            try:
                with (
                    staging.local_files(token) as staged,
                    staging.recording_changes(token) as changes,
                ):
                    report = import_annual_files(
                        staged,
                        dry_run=True,
                        origin="admin",
                        user=request.user,
                        changes=changes,
                    )
            except BaseException:
                staging.discard(token)
                raise
            if report.ok:
                staging.checked(token)
            else:  # refused, or another run held the lock
                staging.discard(token)
                token = ""
            if report.busy:
                form.add_error(None, report.run_errors[0].reason)
            else:
                return _report_page(request, context, report, token)
    return render(request, "imports/import_files.html", {**context, "form": form})


@permission_required("imports.add_importrun", raise_exception=True)
def import_changes(request: HttpRequest, token: str) -> StreamingHttpResponse:
    """Every change the check of staged files found, as CSV."""
    try:
        rows = staging.changes(token, user=request.user)
    except staging.UploadError:
        raise Http404 from None
    return csv_response("import-changes.csv", staging.CHANGES_HEADER, rows)


def _report_page(request, context, report, token: str) -> HttpResponse:
    errors = Paginator(report.errors, ERRORS_PER_PAGE).get_page(1)
    return render(
        request,
        "imports/import_report.html",
        {**context, "report": report, "token": token, "errors": errors},
    )


def _confirm_or_cancel(request: HttpRequest, context: dict) -> HttpResponse:
    token = request.POST["token"]
    upload_page = reverse("admin:imports_importrun_import")
    try:
        staging.claim(token, user=request.user)
    except staging.UploadError as error:
        messages.error(request, str(error))
        return redirect(upload_page)
    if "cancel" in request.POST:
        staging.discard(token)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect(upload_page)
    try:
        with staging.local_files(token) as files:
            report = import_annual_files(files, origin="admin", user=request.user)
    except staging.UploadError as error:  # its files are gone
        staging.discard(token)
        messages.error(request, str(error))
        return redirect(upload_page)
    except BaseException:
        staging.discard(token)  # failed: the files are not kept
        raise
    if report.busy:  # the files stay checked: Import may be pressed again
        staging.release(token)
        return _report_page(request, context, report, token)
    if report.written:
        staging.imported(token)
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "new": sum(f.new for f in report.files),
                "updated": sum(f.updated for f in report.files),
                "unchanged": sum(f.unchanged for f in report.files),
            },
        )
    else:
        staging.discard(token)
        messages.error(
            request,
            _("%(n)s error(s) since the check: nothing was written.")
            % {"n": len(report.errors)},
        )
        for row_error in report.errors[:ERRORS_IN_MESSAGES]:
            messages.error(request, str(row_error))
    if report.run is None:
        messages.error(
            request,
            _("The run could not be recorded in the import history: %(error)s")
            % {"error": report.history_error},
        )
        return redirect(upload_page)
    return redirect("admin:imports_importrun_change", report.run.pk)
