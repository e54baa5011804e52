"""Parse: an annual file's rows turned into model values, or errors.

The resource's columns (`resources.py`) are bound once to the file's
header; each row's cells then go through their widget, the required and
empty-cell rules and the model field's validators, then the resource's
`finish_row` and the model's check constraints (`rules.py`). Every failure
is reported with its line and the columns at fault, and the row is dropped.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .reading import Row, Table
from .report import FileReport, RowError
from .resources import AnnualResource, CellError, Column
from .rules import model_rules


class Parsed(NamedTuple):
    """A row's values by attname and its natural key; a row in error has
    no values (`{}`) but its key, when the key's cells are good."""

    row: Row
    values: dict[str, Any]
    key: tuple


@dataclass(frozen=True)
class Reference:
    """A cell naming another row of the same table (a session's congress),
    resolved once that row is written (see `loading`)."""

    code: str


def _reference(cell: str) -> Reference | None:
    return Reference(cell) if cell else None


class Slot(NamedTuple):
    """A column of the file bound to the model field it fills; worked out
    once per file, since rows are many."""

    column: Column
    field: models.Field | None  # None for a virtual column (see `Column`)
    position: int  # in the file's header
    attname: str  # `member_id` for a foreign key
    convert: Callable[[str], Any]
    required: bool
    empty: Any  # the value of an empty cell that is not required
    validate: Callable[[Any], None] | None  # the field's validators


def _slot(model: type[models.Model], column: Column, position: int) -> Slot:
    if column.virtual:  # handed to the resource's `finish_row` by name
        name = column.column_name
        convert = column.widget.clean
        return Slot(column, None, position, name, convert, column.required, None, None)
    # A column's attribute names a concrete field or a foreign key.
    field = cast("models.Field[Any, Any]", model._meta.get_field(column.attribute))
    refers_to_itself = field.is_relation and field.related_model is model
    empty = "" if not field.null and field.empty_strings_allowed else None
    # What a widget has parsed needs no second check (choices, dates,
    # references, codes): only free text runs the field's validators.
    trusted = getattr(column.widget, "trusted", False) or field.is_relation
    return Slot(
        column,
        field,
        position,
        field.attname,
        _reference if refers_to_itself else column.widget.clean,
        column.required and not refers_to_itself,
        empty,
        None if trusted or not field.validators else field.run_validators,
    )


class RowParser:
    """Parses the rows of one file with its resource, telling `report` of
    every error."""

    def __init__(
        self, resource: AnnualResource, table: Table, report: FileReport
    ) -> None:
        self.resource = resource
        self.model: type[models.Model] = resource._meta.model
        self.table = table
        self.report = report
        self.columns = resource.columns()
        self.slots = [
            _slot(self.model, column, position)
            for position, name in enumerate(table.header)
            if (column := self.columns.get(name))
        ]
        self.slot_of_attname = {slot.attname: slot for slot in self.slots}
        self.slot_of_field = {s.field.name: s for s in self.slots if s.field}
        self.reference = next((s for s in self.slots if s.convert is _reference), None)
        self.key_columns = resource.key_columns()
        self.key_of = key_getter(resource.key_attnames())
        unresolved = {self.reference.attname} if self.reference else set()
        self.rules = model_rules(self.model, unresolved)

    def header_is_valid(self) -> bool:
        for line, cell, reason in self.table.header_errors:
            self.error(line, reason, ("column", cell))
        for name in self.table.header:
            # A "#" column is a note (the drill-down's download adds some).
            if name and not name.startswith("#") and name not in self.columns:
                self.error(1, _("unknown column"), ("column", name))
        for name, column in self.columns.items():
            if column.required and name not in self.table.header:
                self.error(1, _("required column is missing"), ("column", name))
        return not self.report.errors

    def parse(self, rows: Iterable[Row]) -> list[Parsed]:
        return [parsed for row in rows if (parsed := self.parse_row(row)) is not None]

    def parse_row(self, row: Row) -> Parsed | None:
        """Return the row parsed; or, having said what is wrong, its key alone
        (a key met on a line in error is met all the same) or None."""
        if row.problem:
            self.error(row.line, row.problem)
            return None
        cells, values, ok = row.values, {}, True
        for slot in self.slots:
            try:
                value = slot.convert(cells[slot.position])
                if value is None:
                    if slot.required:
                        raise ValueError(_("a value is required"))
                    value = slot.empty
                elif slot.validate is not None:
                    slot.validate(value)
            except ValueError as error:
                ok = self._cell_error(row, slot, [str(error)])
            except ValidationError as error:
                ok = self._cell_error(row, slot, error.messages)
            else:
                values[slot.attname] = value
        if not ok:
            return self._in_error(row, values)
        try:
            self.resource.finish_row(values)
        except CellError as error:
            name = error.column
            columns = [s.column for s in self.slots if s.column.column_name == name]
            self.error(row.line, str(error), *self.cells(row, columns))
            return self._in_error(row, values)
        broken = [rule for rule in self.rules if rule.broken(values)]
        for rule in broken:
            columns = [
                self.slot_of_attname[attname].column
                for attname in rule.attnames
                if attname in self.slot_of_attname
            ]
            self.error(row.line, str(rule.message), *self.cells(row, columns))
        if broken:
            return self._in_error(row, values)
        return Parsed(row, values, self.key_of(values))

    def _in_error(self, row: Row, values: dict[str, Any]) -> Parsed | None:
        try:
            return Parsed(row, {}, self.key_of(values))
        except KeyError:  # a cell of the key is wrong
            return None

    def _cell_error(self, row: Row, slot: Slot, messages: list[str]) -> bool:
        for message in messages:
            self.error(row.line, message, *self.cells(row, [slot.column]))
        return False

    def clean(self, row: Row, instance: models.Model) -> bool:
        """Run the model's own rules across rows (`clean()`), naming columns."""
        try:
            instance.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                slot = self.slot_of_field.get(field_name)
                cells = (
                    self.cells(row, [slot.column])
                    if slot and field_name != NON_FIELD_ERRORS
                    else ()
                )
                for message in messages:
                    self.error(row.line, message, *cells)
            return False
        return True

    def error(self, line: int | None, reason: str, *cells: tuple[str, str]) -> None:
        if len(self.report.errors) >= settings.IMPORT_MAX_ERRORS:
            self.report.more_errors += 1
            return
        self.report.errors.append(RowError(self.report.name, line, reason, cells))

    def cells(self, row: Row, columns: list[Column]) -> tuple[tuple[str, str], ...]:
        """Return the row's cells of `columns`, a personal one hidden."""
        return tuple(
            (c.column_name, "(hidden)" if c.personal else row.cell(c.column_name))
            for c in columns
        )


def key_getter(attnames: list[str]) -> Callable[[dict[str, Any]], tuple]:
    """Return a function giving a row's key, a tuple of its values, in C."""
    if len(attnames) == 1:
        (attname,) = attnames
        return lambda values: (values[attname],)
    return operator.itemgetter(*attnames)
