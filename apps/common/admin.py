"""The admin of records that keep a history (see `apps.common.history`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_base import SafeInputMixin, give_request, is_usable_key
from .history_entries import MergedEntries, all_entries, history_model
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

    def render_history_view(self, request, template, context, **kwargs):
        give_request(context, request)  # a version's page: its read-only fields
        return super().render_history_view(request, template, context, **kwargs)

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

    def history_view(self, request, object_id, extra_context=None):
        """List the record's entries and its inline records' (a source's
        names, a plan's indicators): what changed, each against the entry
        of the same record before it."""
        object_id = unquote(object_id)
        self.check_key(object_id)
        own = all_entries(cast(Any, history_model(self.model))).filter(
            **{self.opts.pk.attname: object_id}
        )
        try:
            obj = self.get_queryset(request).get(pk=object_id)
        except self.model.DoesNotExist:
            newest = own.order_by("-history_date", "-history_id").first()
            if newest is None:
                raise Http404 from None
            obj = newest.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        inlines = [
            (inline.model, link)
            for inline in self.get_inline_instances(request, obj)
            if (link := inline_link(self.model, inline)) is not None
        ]
        parts = [own] + [
            all_entries(cast(Any, history_model(model))).filter(
                **{link.attname: obj.pk}
            )
            for model, link in inlines
        ]
        entries = cast(Any, MergedEntries(parts))  # a sequence for a Paginator
        paginator: Paginator = Paginator(entries, self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        for entry in page_obj:
            for name in self.get_history_list_display(request):
                setattr(entry, name, getattr(self, name)(entry))
            entry.history_delta_changes = entry_changes(entry, entry.previous)
            entry.version_url = version_url(entry, self.admin_site)
            model = entry.instance_type
            entry.record_label = (
                ""
                if model is self.model
                else _("%(kind)s: %(record)s")
                % {
                    "kind": capfirst(model._meta.verbose_name),
                    "record": entry_label(entry),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_view_title(request, obj),
            "object_history_list_template": self.object_history_list_template,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > self.history_list_per_page,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": obj,
            "app_label": self.opts.app_label,
            "opts": self.opts,
            "inline_records": [
                model._meta.verbose_name_plural for model, _link in inlines
            ],
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_template, context)


def inline_link(parent: type[models.Model], inline) -> models.ForeignKey | None:
    """Return the key from an inline's records to their parent, if their
    history is kept (and so listed on the parent's history page)."""
    if history_model(inline.model) is None:
        return None
    links = [
        field
        for field in inline.model._meta.fields
        if field.many_to_one
        and field.related_model is parent
        and inline.fk_name in (None, field.name)
    ]
    return links[0] if len(links) == 1 else None


def history_page(
    model: type[models.Model], site: admin.AdminSite = admin.site
) -> tuple[HistoryAdmin, str] | None:
    """Return the history admin whose history page lists a model's entries
    and the entry's attribute that names that page's record: the model's own
    admin, or else the admin it is edited inline on; None if no page does."""
    own = site._registry.get(model)
    if isinstance(own, HistoryAdmin):
        return own, model._meta.pk.attname
    for parent in site._registry.values():
        if not isinstance(parent, HistoryAdmin):
            continue
        for inline in parent.inlines:
            link = inline_link(parent.model, inline)
            if inline.model is model and link is not None:
                return parent, link.attname
    return None


def history_url(entry, site: admin.AdminSite = admin.site) -> str | None:
    """Return the address of the history page that lists an entry, if any."""
    found = history_page(entry.instance_type, site)
    if found is None:
        return None
    model_admin, key = found
    opts = model_admin.opts
    return reverse(
        f"{site.name}:{opts.app_label}_{opts.model_name}_history",
        args=[getattr(entry, key)],
    )


def version_url(entry, site: admin.AdminSite = admin.site) -> str | None:
    """Return the address of an entry's version page, if its record's admin
    has one (a record edited only inline has none)."""
    opts = entry.instance_type._meta
    if not isinstance(site._registry.get(entry.instance_type), HistoryAdmin):
        return None
    return reverse(
        f"{site.name}:{opts.app_label}_{opts.model_name}_simple_history",
        args=[getattr(entry, opts.pk.attname), entry.pk],
    )


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
