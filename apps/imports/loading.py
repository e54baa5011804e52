"""Loading one annual file into its model, in bulk.

Rows are parsed with the resource's columns and widgets, checked with the
model's field validation and `clean()`, compared with the existing records
fetched in a few queries, then written with `bulk_create` / `bulk_update`:
the number of queries depends on the file's size in batches, not in rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .reading import Row, Table
from .report import FileReport, RowError
from .resources import AnnualResource, Column

BATCH_SIZE = 500
Progress = Callable[[int, int], None]


class FileLoader:
    def __init__(self, resource_class: type[AnnualResource], table: Table) -> None:
        self.resource = resource_class()
        self.model: type[models.Model] = resource_class._meta.model
        self.table = table
        self.report = FileReport(resource_class.file_name)
        # A new resource per file: its widgets cache lookups for this file only.
        self.columns = self.resource.columns()
        self.present = [c for name, c in self.columns.items() if name in table.header]
        # Model attribute (e.g. `member_id`) and field name of each column.
        self.attname: dict[Column, str] = {}
        self.column_of_field: dict[str, Column] = {}
        for column in self.columns.values():
            model_field = self.model._meta.get_field(column.attribute)
            self.attname[column] = model_field.attname
            self.column_of_field[model_field.name] = column
        self.key = [self.attname[c] for c in self.resource.key_columns()]
        # Foreign keys are resolved by the widgets; Django's check would query.
        self.unchecked_fields = [
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation or f.name not in self.column_of_field
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
                    *self._cells(row, self.resource.key_columns()),
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
        for column in self.present:
            try:
                value = column.clean(row.cells)
            except ValueError as error:
                self._error(row.line, str(error), *self._cells(row, [column]))
                ok = False
                continue
            if value is None and column.required:
                self._error(row.line, "a value is required", (column.column_name, ""))
                ok = False
                continue
            values[self.attname[column]] = self._stored(column, value)
        return values if ok else None

    def _stored(self, column: Column, value: Any) -> Any:
        if value is None:
            field = self.model._meta.get_field(column.attribute)
            if not field.null and field.empty_strings_allowed:
                return ""
        return value

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
                if self._validate(row, instance):
                    to_create.append(instance)
                continue
            changed = [a for a, v in values.items() if getattr(instance, a) != v]
            if not changed:
                self.report.unchanged += 1
                continue
            for attname in changed:
                setattr(instance, attname, values[attname])
            if self._validate(row, instance):
                to_update.append(instance)
                changed_fields.update(changed)
        self.model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            self.model._default_manager.bulk_update(
                to_update, sorted(changed_fields), batch_size=BATCH_SIZE
            )
        self.report.new += len(to_create)
        self.report.updated += len(to_update)

    def _validate(self, row: Row, instance: models.Model) -> bool:
        try:
            instance.clean_fields(exclude=self.unchecked_fields)
            instance.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = self.column_of_field.get(field_name)
                cells = () if column is None else self._cells(row, [column])
                if field_name == NON_FIELD_ERRORS or column is None:
                    cells = ()
                for message in messages:
                    self._error(row.line, message, *cells)
            return False
        return True
