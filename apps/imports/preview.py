"""What an import would change, as the admin's check page shows it.

Each new or updated row is described by its record's key and, for an
update, each changed column's old and new value (hidden for a personal
column), as the history shows them. The first ones are kept in the file's
report; `Changes` is told of every one (the check page's CSV download).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import models

from apps.common.numbers import format_stored_number

from .parse import RowParser
from .reading import Row

# New and updated rows listed on the admin's check page, per file.
PREVIEW_ROWS = 500
# A described change: (line, "new" or "updated", key, [(column, old, new)]).
Described = tuple[int, str, str, list[tuple[str, str, str]]]
# Told a file's changes: (file, [described change, …]).
Changes = Callable[[str, list[Described]], None]


class Change(NamedTuple):
    """A row that changes its record; `changed` is [(attname, old, new)]."""

    row: Row
    kind: str  # "new" or "updated"
    changed: list[tuple[str, Any, Any]]


class Preview:
    def __init__(self, parser: RowParser, changes: Changes | None) -> None:
        self.parser = parser
        self.report = parser.report
        self.changes = changes

    def tell(self, changes: list[Change]) -> None:
        """Describe a chunk's changes, keeping the first in the report and
        telling `changes` of all."""
        room = max(PREVIEW_ROWS - len(self.report.preview), 0)
        if not room and self.changes is None:
            return  # the preview is full, and nobody wants the rest
        changes = sorted(changes, key=lambda change: change.row.line)
        if self.changes is None:
            changes = changes[:room]
        labels = self._related_labels(changes)
        described = [self._described(change, labels) for change in changes]
        self.report.preview.extend(described[:room])
        if self.changes is not None:
            self.changes(self.report.name, described)

    def _described(self, change: Change, labels: dict) -> Described:
        parser = self.parser
        key = ", ".join(v for _, v in parser.cells(change.row, parser.key_columns))
        columns = []
        for attname, old, new in change.changed:
            slot = parser.slot_of_attname.get(attname)
            if slot is not None and slot.column.personal:
                shown = ("(hidden)", "(hidden)")
            else:
                field = slot.field if slot is not None else None
                shown = (_display(field, old, labels), _display(field, new, labels))
            name = slot.column.column_name if slot is not None else attname
            columns.append((name, *shown))
        return (change.row.line, change.kind, key, columns)

    def _related_labels(self, changes: list[Change]) -> dict[tuple, str]:
        """Name the records the changed references point to, in one query
        a referenced model."""
        wanted: dict[Any, set] = {}
        for change in changes:
            for attname, old, new in change.changed:
                slot = self.parser.slot_of_attname.get(attname)
                if slot and slot.field is not None and slot.field.is_relation:
                    model = slot.field.related_model
                    wanted.setdefault(model, set()).update({old, new} - {None})
        labels = {}
        for model, pks in wanted.items():
            for pk, instance in model._default_manager.in_bulk(pks).items():
                labels[(model, pk)] = str(instance)
        return labels


def _display(field: models.Field | None, value: Any, labels: dict) -> str:
    """Show a value as the history does: a choice's label, a dash for none."""
    if value is None or value == "":
        return "—"
    if field is not None and field.is_relation:
        return labels.get((field.related_model, value), str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    number = format_stored_number(value, field)
    return str(value) if number is None else number
