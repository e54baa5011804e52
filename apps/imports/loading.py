"""Loading one annual file into its model, in bulk.

Rows are parsed with the resource's columns and widgets, checked with the
model fields' validators and the model's `clean()`, compared with the
existing records fetched in a few queries, then written with `bulk_create`
and `bulk_update`: the number of queries grows with batches, not rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .bulk import insert_many
from .reading import Row, Table
from .report import FileReport, RowError
from .resources import AnnualResource, Column

BATCH_SIZE = 500
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Slot:
    """A column of the file bound to the model field it fills."""

    column: Column
    field: models.Field

    @property
    def name(self) -> str:
        return self.column.column_name

    @property
    def attname(self) -> str:
        return self.field.attname  # `member_id` for a foreign key

    def parse(self, cells: dict[str, str]) -> Any:
        value = self.column.widget.clean(cells.get(self.name, ""))
        if value is None:
            if self.column.required:
                raise ValueError("a value is required")
            if not self.field.null and self.field.empty_strings_allowed:
                return ""
        return value

    def validate(self, value: Any) -> None:
        # The widget already parsed the type and choice; what is left are the
        # field's validators (length, country code…). Foreign keys are
        # resolved by their widget: Django's own check would cost a query.
        if value not in self.field.empty_values and not self.field.is_relation:
            self.field.run_validators(value)


class FileLoader:
    def __init__(self, resource_class: type[AnnualResource], table: Table) -> None:
        # A new resource per file: its widgets cache lookups for this file only.
        self.resource = resource_class()
        self.model: type[models.Model] = resource_class._meta.model
        self.table = table
        self.report = FileReport(resource_class.file_name)
        self.columns = self.resource.columns()
        self.slots = [
            Slot(column, self.model._meta.get_field(column.attribute))
            for name, column in self.columns.items()
            if name in table.header
        ]
        self.slot_of_field = {slot.field.name: slot for slot in self.slots}
        self.key_columns = self.resource.key_columns()
        self.key = [
            self.model._meta.get_field(column.attribute).attname
            for column in self.key_columns
        ]

    def load(self, progress: Progress | None = None) -> FileReport:
        if self._header_is_valid():
            parsed = self._parse_rows(progress)
            existing = self._existing([values for _, values, _ in parsed])
            self._write(parsed, existing)
        return self.report

    def _error(self, line: int | None, reason: str, *cells: tuple[str, str]) -> None:
        self.report.errors.append(RowError(self.report.name, line, reason, cells))

    def _header_is_valid(self) -> bool:
        for line, cell, reason in self.table.header_errors:
            self._error(line, reason, ("column", cell))
        for name in self.table.header:
            if name and name not in self.columns:
                self._error(1, "unknown column", ("column", name))
        for name, column in self.columns.items():
            if column.required and name not in self.table.header:
                self._error(1, "required column is missing", ("column", name))
        return not self.report.errors

    def _parse_rows(
        self, progress: Progress | None
    ) -> list[tuple[Row, dict[str, Any], tuple]]:
        parsed, seen = [], {}
        total = len(self.table.rows)
        for index, row in enumerate(self.table.rows, start=1):
            if progress and index % 1000 == 0:
                progress(index, total)
            values = self._parse(row)
            if values is None:
                continue
            key = tuple(values[attname] for attname in self.key)
            if key in seen:
                self._error(
                    row.line,
                    f"the same key is already on line {seen[key]}",
                    *self._cells(row, self.key_columns),
                )
                continue
            seen[key] = row.line
            parsed.append((row, values, key))
        if progress:
            progress(total, total)
        return parsed

    def _parse(self, row: Row) -> dict[str, Any] | None:
        if row.problem:
            self._error(row.line, row.problem)
            return None
        values, ok = {}, True
        for slot in self.slots:
            try:
                value = slot.parse(row.cells)
                slot.validate(value)
            except ValueError as error:
                self._error(row.line, str(error), *self._cells(row, [slot.column]))
                ok = False
            except ValidationError as error:
                for message in error.messages:
                    self._error(row.line, message, *self._cells(row, [slot.column]))
                ok = False
            else:
                values[slot.attname] = value
        return values if ok else None

    def _cells(self, row: Row, columns: list[Column]) -> tuple[tuple[str, str], ...]:
        return tuple((c.column_name, row.cells.get(c.column_name, "")) for c in columns)

    def _existing(self, rows: list[dict[str, Any]]) -> dict[tuple, models.Model]:
        """Fetch the records the file's keys already name, a batch per query."""
        first = self.key[0]
        wanted = sorted({values[first] for values in rows})
        found: dict[tuple, models.Model] = {}
        for start in range(0, len(wanted), BATCH_SIZE):
            batch = wanted[start : start + BATCH_SIZE]
            for instance in self.model._default_manager.filter(
                **{f"{first}__in": batch}
            ):
                found[tuple(getattr(instance, a) for a in self.key)] = instance
        return found

    def _write(
        self,
        parsed: list[tuple[Row, dict[str, Any], tuple]],
        existing: dict[tuple, models.Model],
    ) -> None:
        to_create, to_update, changed_fields = [], [], set()
        for row, values, key in parsed:
            instance = existing.get(key)
            if instance is None:
                instance = self.model(**values)
                if self._clean(row, instance):
                    to_create.append(instance)
                continue
            changed = [a for a, v in values.items() if getattr(instance, a) != v]
            if not changed:
                self.report.unchanged += 1
                continue
            for attname in changed:
                setattr(instance, attname, values[attname])
            if self._clean(row, instance):
                to_update.append(instance)
                changed_fields.update(changed)
        insert_many(self.model, to_create)
        if to_update:
            self.model._default_manager.bulk_update(
                to_update, sorted(changed_fields), batch_size=BATCH_SIZE
            )
        self.report.new += len(to_create)
        self.report.updated += len(to_update)

    def _clean(self, row: Row, instance: models.Model) -> bool:
        """Run the model's own rules across fields (`clean()`), naming columns."""
        try:
            instance.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                slot = self.slot_of_field.get(field_name)
                cells = (
                    self._cells(row, [slot.column])
                    if slot and field_name != NON_FIELD_ERRORS
                    else ()
                )
                for message in messages:
                    self._error(row.line, message, *cells)
            return False
        return True
