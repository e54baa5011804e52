"""The admin of records that keep a history (see `apps.common.history`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_base import SafeInputMixin, is_usable_key
from .numbers import format_stored_number

ACTIONS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}


class ReadableChanges(HistoricalRecordContextHelper):
    """Show a change's values as the pages do, in the user's language: a
    choice's label, Yes or No, a date in words, a dash for none."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "—"
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        if isinstance(value, dt.date):  # a moment too
            return formats.localize(value)
        if field.choices and not field.is_relation:
            return dict(field.flatchoices).get(value, value)
        if hasattr(field, "label_of"):  # a value named for the reader (a region)
            return field.label_of(value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if (
            not field.is_relation
            and (number := format_stored_number(value, field)) is not None
        ):
            return number
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SafeInputMixin, SimpleHistoryAdmin):
    """A record's admin with its history page: who changed what, and when
    (and the answers to malformed input of `admin_base`).

    Whoever may view a record reads its history and each of its versions;
    only those who may change it revert it to a version.
    """

    # Set on each entry of the page as `record.action` (see the template).
    history_list_display = ["action"]

    def action(self, record) -> str:
        return ACTIONS.get(record.history_type, record.history_type)

    def history_view_title(self, request, obj) -> str:
        return _("History: %s") % obj

    def history_form_view_title(self, request, obj) -> str:
        return _("Version of %s") % obj

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if is_version_page(request) and not self.has_change_permission(request, obj):
            editable = [f.name for f in self.opts.fields if f.editable]
            return [*readonly, *(name for name in editable if name not in readonly)]
        return readonly

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_key(unquote(object_id))
        history = self.model._meta.simple_history_manager_attribute
        version = getattr(self.model, history).model._meta.get_field("history_id")
        if not is_usable_key(version, version_id, self.get_queryset_db()):
            raise Http404
        # simple-history saves a posted version for anyone who may view it.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(
        self, request, historical_records, foreign_keys_are_objs=True
    ):
        records = list(historical_records)
        # A page's oldest entry is compared with the newest of the next page.
        if isinstance(historical_records, Page) and historical_records.has_next():
            following = historical_records.paginator.object_list
            records.append(following[historical_records.end_index()])
        super().set_history_delta_changes(request, records, foreign_keys_are_objs)


def is_version_page(request) -> bool:
    match = request.resolver_match
    return bool(match and match.url_name and match.url_name.endswith("_simple_history"))


def entry_label(entry) -> str:
    """Name an entry's record as its admin does, from the related rows joined."""
    record = entry.history_object
    for field in entry.tracked_fields:
        if not field.is_relation or getattr(entry, field.attname) is None:
            continue
        related = getattr(entry, field.name)  # joined by select_related
        if related is None:  # the row it named is gone
            return f"{record._meta.verbose_name} #{record.pk}"
        field.set_cached_value(record, related)
    return str(record)


def entry_changes(entry, previous) -> list[dict]:
    """Return the fields an entry changed since the previous one, for display."""
    if previous is None:
        return []
    delta = entry.diff_against(previous, foreign_keys_are_objs=True)
    return ReadableChanges(entry.instance_type, entry).context_for_delta_changes(delta)
