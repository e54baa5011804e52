"""The history entries of several kinds of record, read as one list.

A record's history page lists its own entries and those of the records
edited inline on its page (a source's names, a plan's indicators), newest
first. The entries live in one historical table per kind of record: the
page reads them through one `UNION` of their keys, then each page's
entries, kind by kind.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """Return the historical model of a record model, if its history is kept."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def all_entries(history: type[models.Model]) -> Any:
    """Return simple-history's queryset of a historical model's entries."""
    # simple-history sets `instance_type` on each historical model it creates.
    model = cast(Any, history).instance_type
    return getattr(model, model._meta.simple_history_manager_attribute).all()


def previous_entry(history: type[models.Model]) -> Subquery:
    """Return the key of the entry of the same record just before an entry."""
    key = cast(Any, history).instance_type._meta.pk.attname
    # A historical model: `objects` is simple-history's manager.
    before = (
        cast(Any, history)
        .objects.filter(**{key: OuterRef(key)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("pk"))
        )
    )
    return Subquery(before.order_by("-history_date", "-history_id").values("pk")[:1])


class MergedEntries:
    """The entries of several historical querysets, newest first, for a
    Paginator: one query counts them, one reads a page's keys and one per
    kind of record on the page reads its entries and those just before them
    (set as `entry.previous`, None for a record's first entry)."""

    def __init__(self, querysets: list[models.QuerySet]) -> None:
        self.querysets = {qs.model._meta.label_lower: qs for qs in querysets}

    def keys(self) -> models.QuerySet:
        parts = [
            queryset.order_by()
            .annotate(
                history_label=Value(label), previous_id=previous_entry(queryset.model)
            )
            .values_list("history_date", "history_id", "history_label", "previous_id")
            for label, queryset in self.querysets.items()
        ]
        merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return merged.order_by("-history_date", "-history_id")

    def count(self) -> int:
        return self.keys().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):  # a slice, as a Paginator asks
        if not isinstance(index, slice):
            raise TypeError("MergedEntries reads slices only")
        rows = list(self.keys()[index])
        wanted: dict[str, set] = {}
        for _date, pk, kind, previous in rows:
            wanted.setdefault(kind, set()).update({pk, previous} - {None})
        found = {
            kind: all_entries(self.querysets[kind].model)
            .select_related("history_user")
            ._select_related_history_tracked_objs()
            .in_bulk(keys)
            for kind, keys in wanted.items()
        }
        entries = []
        for _date, pk, kind, previous in rows:
            entry = found[kind][pk]
            entry.previous = found[kind].get(previous)
            entries.append(entry)
        return entries
