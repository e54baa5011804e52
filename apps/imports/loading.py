"""Loading one annual file into its model, in bulk.

Rows are parsed with the resource's columns and widgets, checked with the
model fields' validators, the model's check constraints (`rules.py`) and
its `clean()`, compared with the
existing records fetched in a few queries, then written with `insert_many`
and `bulk_update`: the number of queries grows with batches, not rows.

A large file is read a chunk of rows at a time, so memory stays bounded;
`docs/performance.md` says what each step costs at a million rows.
"""

from __future__ import annotations

import gc
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext as _

from . import bulk
from .keys import BATCH_SIZE, key_batches, key_condition
from .ledger import KeyLedger, digest
from .reading import Row, Table
from .report import FileReport, RowError
from .resources import AnnualResource, CellError, Column
from .rules import model_rules
from .trail import ImportTrail

# New and updated rows listed on the admin's check page, per file.
PREVIEW_ROWS = 500
Progress = Callable[[int, int], None]
# Told a file's changes: (file, [(line, "new" or "updated", key, columns)]).
Changes = Callable[[str, list[tuple[int, str, str, list[tuple[str, str, str]]]]], None]


@dataclass(frozen=True)
class Reference:
    """A cell naming another row of the same file or table (a session's congress)."""

    code: str


def _reference(cell: str) -> Reference | None:
    """A cell naming another row of the file: resolved once the rows it may
    name are written (see `FileLoader._write`)."""
    return Reference(cell) if cell else None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a chunk of rows is loaded.

    A chunk makes hundreds of thousands of objects that all stay alive until
    it is written; the collector would walk them again and again (a tenth of
    an import's time). Reference counting still frees what is dropped, and
    the collector, running again between chunks, what is left in cycles.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def batched(rows: Iterable[Row], size: int):
    """Yield lists of up to `size` rows (itertools.batched is Python 3.12)."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class Slot:
    """A column of the file bound to the model field it fills.

    Everything a row needs is worked out once per file: rows are many.
    """

    def __init__(
        self, column: Column, field: models.Field | None, position: int
    ) -> None:
        self.column = column
        self.field = field
        self.name = column.column_name
        self.position = position  # in the file's header
        self.clean = column.widget.clean
        self.required = column.required
        if field is None:  # a virtual column, handed to the resource by name
            self.attname, self.empty, self.refers_to_itself = self.name, None, False
            self.validators = []
            return
        self.attname = field.attname  # `member_id` for a foreign key
        self.empty = "" if not field.null and field.empty_strings_allowed else None
        self.refers_to_itself = field.is_relation and field.related_model is field.model
        # What a widget has parsed needs no second check (choices, dates,
        # references, codes): only free text runs the field's validators
        # (length, forbidden characters…).
        trusted = getattr(column.widget, "trusted", False) or field.is_relation
        self.validators = [] if trusted else field.validators

    @property
    def convert(self) -> Callable[[str], Any]:
        """The function turning a cell into a value, checks aside (see
        `FileLoader._parse`): the widget's own, called as it is."""
        return _reference if self.refers_to_itself else self.clean

    def parse(self, row: Row) -> Any:
        """Turn the row's cell into a value, checked; raise saying what is wrong."""
        cell = row.values[self.position]
        if self.refers_to_itself:
            return _reference(cell)
        value = self.clean(cell)
        if value is None:
            if self.required:
                raise ValueError(_("a value is required"))
            return self.empty
        if self.validators:  # only a slot with a field has validators
            cast("models.Field[Any, Any]", self.field).run_validators(value)
        return value


class FileLoader:
    def __init__(
        self,
        resource_class: type[AnnualResource],
        table: Table,
        trail: ImportTrail | None = None,
        changes: Changes | None = None,
    ) -> None:
        # A new resource per file: its widgets cache lookups for this file only.
        self.resource = resource_class()
        self.model: type[models.Model] = resource_class._meta.model
        self.table = table
        self.trail = trail  # None for a dry run: no history entries
        self.changes = changes  # told every change, as the preview shows it
        self.report = FileReport(resource_class.file_name)
        self.columns = self.resource.columns()
        self.slots = [
            Slot(column, self._field_of(column), position)
            for position, name in enumerate(table.header)
            if (column := self.columns.get(name))
        ]
        self.slot_of_field = {
            slot.field.name: slot for slot in self.slots if slot.field is not None
        }
        self.slot_of_column = {slot.name: slot for slot in self.slots}
        self.column_of_attname = {slot.attname: slot.name for slot in self.slots}
        self.slot_of_attname = {slot.attname: slot for slot in self.slots}
        self.reference = next((s for s in self.slots if s.refers_to_itself), None)
        # A model without rules of its own in clean() needs no instance per row.
        self.cleans_rows = self.model.clean is not models.Model.clean
        self.key_columns = self.resource.key_columns()
        self.key = self.resource.key_attnames()
        self._key_of = _key_getter(self.key)
        self._attnames = [f.attname for f in self.model._meta.concrete_fields]
        self._pk = self.model._meta.pk.attname
        # Whether rows stored before the file have these first parts of keys.
        self._prefixes_stored: dict[tuple, bool] = {}
        # How `_parse` reads a row in one pass, checks after (see there).
        self._converters = [(s.attname, s.position, s.convert) for s in self.slots]
        checked = [s for s in self.slots if not s.refers_to_itself]
        self._required = [s.attname for s in checked if s.required]
        self._empties = [(s.attname, s.empty) for s in checked if s.empty is not None]
        # Only a slot with a field has validators.
        self._validated = [
            (s.attname, cast("models.Field[Any, Any]", s.field))
            for s in checked
            if s.validators
        ]
        unresolved = {self.reference.attname} if self.reference else set()
        self._rules = model_rules(self.model, unresolved)

    def load(self, progress: Progress | None = None) -> FileReport:
        if not self._header_is_valid():
            return self.report
        if self.reference is not None:
            # A row may name one further down: such files (events) are read whole.
            with collector_paused():
                self.rows = list(self.table.rows)
                parsed = self._parse_rows(self.rows, {}, progress)
                self._write(parsed, self._existing({key for _, _, key in parsed}))
            return self.report
        # Other files are read a chunk at a time; from the second chunk on,
        # the keys met before are kept in the database, not in memory.
        done, ledger, first_seen = 0, None, {}
        with ExitStack() as stack:
            chunks = batched(self.table.rows, settings.IMPORT_CHUNK_ROWS)
            while True:
                with collector_paused():
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    seen: dict[tuple, int] = {}
                    parsed = self._parse_rows(chunk, seen, None)
                    if not done:
                        first_seen = seen
                    else:
                        if ledger is None:
                            ledger = stack.enter_context(KeyLedger())
                            ledger.record((digest(k), n) for k, n in first_seen.items())
                            first_seen = {}
                        parsed = self._drop_keys_met_before(parsed, ledger)
                    existing = self._existing({key for _, _, key in parsed})
                    self._store(parsed, existing, {})
                    done += len(chunk)
                    # Let go of this chunk before the next is read: one in memory.
                    del chunk, parsed, seen, existing
                if progress:
                    progress(done, 0)
        return self.report

    def check(self) -> list[tuple[Row, dict[str, Any], tuple]]:
        """Check a small table's rows as `load` does, writing nothing.

        Return the good rows as (row, values by attname, key); the errors
        are in the report. For files whose rows name no other row (not
        events): `load` resolves such names as it writes.
        """
        if not self._header_is_valid():
            return []
        checked = []
        for row, values, key in self._parse_rows(self.table.rows, {}, None):
            if not self.cleans_rows or self._clean(row, self.model(**values)):
                checked.append((row, values, key))
        return checked

    def _drop_keys_met_before(self, parsed: list, ledger: KeyLedger) -> list:
        digests = [digest(key) for _, _, key in parsed]
        met = ledger.record(
            zip(digests, (row.line for row, _, _ in parsed), strict=True)
        )
        kept = []
        for (row, values, key), key_digest in zip(parsed, digests, strict=True):
            line = met.get(key_digest)
            if line is None:
                kept.append((row, values, key))
            else:
                self._duplicate(row, line)
        return kept

    def _error(self, line: int | None, reason: str, *cells: tuple[str, str]) -> None:
        if len(self.report.errors) >= settings.IMPORT_MAX_ERRORS:
            self.report.more_errors += 1
            return
        self.report.errors.append(RowError(self.report.name, line, reason, cells))

    def _duplicate(self, row: Row, line: int) -> None:
        self._error(
            row.line,
            _("the same key is already on line %(line)s") % {"line": line},
            *self._cells(row, self.key_columns),
        )

    def _header_is_valid(self) -> bool:
        for line, cell, reason in self.table.header_errors:
            self._error(line, reason, ("column", cell))
        for name in self.table.header:
            # A "#" column is a note (the drill-down's download adds some).
            if name and not name.startswith("#") and name not in self.columns:
                self._error(1, _("unknown column"), ("column", name))
        for name, column in self.columns.items():
            if column.required and name not in self.table.header:
                self._error(1, _("required column is missing"), ("column", name))
        return not self.report.errors

    def _parse_rows(
        self,
        rows: Iterable[Row],
        seen: dict[tuple, int],
        progress: Progress | None,
    ) -> list[tuple[Row, dict[str, Any], tuple]]:
        parsed = []
        for index, row in enumerate(rows, start=1):
            if progress and index % 1000 == 0:
                progress(index, 0)
            values = self._parse(row)
            if values is None:
                continue
            key = self._key_of(values)
            if key in seen:
                self._duplicate(row, seen[key])
                continue
            seen[key] = row.line
            parsed.append((row, values, key))
        return parsed

    def _parse(self, row: Row) -> dict[str, Any] | None:
        """Return the row's values by attname, or None having said what is wrong.

        Rows are many and nearly all good: they are read in one pass, each
        cell converted, then the required, empty and validated ones checked.
        A row that fails is read again cell by cell, to tell every error.
        """
        if row.problem:
            self._error(row.line, row.problem)
            return None
        cells = row.values
        values: dict[str, Any] | None
        try:
            values = {
                attname: convert(cells[position])
                for attname, position, convert in self._converters
            }
            for attname in self._required:
                if values[attname] is None:
                    raise ValueError(attname)
            for attname, empty in self._empties:
                if values[attname] is None:
                    values[attname] = empty
            for attname, field in self._validated:
                if values[attname] is not None:
                    field.run_validators(values[attname])
        except (ValueError, ValidationError):
            values = self._parse_cells(row)
            if values is None:
                return None
        try:
            self.resource.finish_row(values)
        except CellError as error:
            slot = self.slot_of_column.get(error.column)
            error_cells = self._cells(row, [slot.column]) if slot else ()
            self._error(row.line, str(error), *error_cells)
            return None
        broken = [rule for rule in self._rules if rule.broken(values)]
        for rule in broken:
            columns = [
                self.slot_of_attname[attname].column
                for attname in rule.attnames
                if attname in self.slot_of_attname
            ]
            self._error(row.line, str(rule.message), *self._cells(row, columns))
        return None if broken else values

    def _parse_cells(self, row: Row) -> dict[str, Any] | None:
        """Parse a row cell by cell, saying what is wrong with each."""
        values, ok = {}, True
        for slot in self.slots:
            try:
                value = slot.parse(row)
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

    def _field_of(self, column: Column) -> models.Field | None:
        if column.virtual:
            return None
        # A column's attribute names a concrete field or a foreign key.
        return cast("models.Field", self.model._meta.get_field(column.attribute))

    def _cells(self, row: Row, columns: list[Column]) -> tuple[tuple[str, str], ...]:
        return tuple(
            (
                c.column_name,
                "(hidden)" if c.personal else row.cell(c.column_name),
            )
            for c in columns
        )

    def _existing(self, keys: set[tuple]) -> dict[tuple, dict[str, Any]]:
        """Fetch the records the rows' keys already name, in a few queries.

        The keys are probed 500 at a time for primary keys only, one group
        of keys sharing their first parts per clause (`event_id = 7 AND
        participant_key IN (…) OR …`), so the unique index on the key serves
        every probe; the records found are then read by primary key, as values.
        A first import finds nothing and reads nothing.
        """
        if len(self.key) > 1:
            stored_prefixes = self._stored_prefixes({key[:-1] for key in keys})
            keys = {key for key in keys if key[:-1] in stored_prefixes}
        quote = connection.ops.quote_name
        select = (
            f"SELECT {quote(self.model._meta.pk.column)} "
            f"FROM {quote(self.model._meta.db_table)} WHERE "
        )
        pks: list[Any] = []
        with connection.cursor() as cursor:
            for groups in key_batches(keys):
                condition, params = key_condition(
                    self.model, self.key, groups, connection
                )
                cursor.execute(select + condition, params)
                pks.extend(pk for (pk,) in cursor.fetchall())
        # Compared as plain values: a model instance is made only for a row
        # that changes, which a re-import of a large file rarely has.
        found: dict[tuple, dict[str, Any]] = {}
        stored = self.model._default_manager.order_by().values(*self._attnames)
        for start in range(0, len(pks), BATCH_SIZE):
            for values in stored.filter(pk__in=pks[start : start + BATCH_SIZE]):
                found[self._key_of(values)] = values
        return found

    def _stored_prefixes(self, prefixes: set[tuple]) -> set[tuple]:
        """Return the first parts of keys (events) that some stored row has.

        A key whose first parts no row has (a participation in an event with
        none yet: the new year's events) names no record, and is not looked
        up. The answer is kept for the whole file: the rows its first chunks
        write would otherwise make every later chunk look its keys up, and a
        key met again is the ledger's business, not a stored record.
        """
        known = self._prefixes_stored
        unknown = sorted((p for p in prefixes if p not in known), key=_sortable)
        attnames = self.key[:-1]
        rows = self.model._default_manager.order_by().values_list(*attnames)
        for start in range(0, len(unknown), BATCH_SIZE):
            batch = unknown[start : start + BATCH_SIZE]
            if len(attnames) == 1:
                values = [value for (value,) in batch if value is not None]
                condition = Q(**{f"{attnames[0]}__in": values})
                if len(values) < len(batch):
                    condition |= Q(**{f"{attnames[0]}__isnull": True})
            else:
                condition = Q()
                for prefix in batch:
                    condition |= Q(**dict(zip(attnames, prefix, strict=True)))
            found = set(rows.filter(condition).distinct())
            known.update((prefix, prefix in found) for prefix in batch)
        return {prefix for prefix in prefixes if known[prefix]}

    def _write(
        self,
        parsed: list[tuple[Row, dict[str, Any], tuple]],
        existing: dict[tuple, dict[str, Any]],
    ) -> None:
        if self.reference is None:
            self._store(parsed, existing, {})
            return
        # Rows that name another row are written once the row they name is:
        # first those naming nothing or a stored row, then the others.
        waiting = parsed
        while waiting:
            targets = self._targets(waiting)
            ready, still = [], []
            for item in waiting:
                reference = item[1].get(self.reference.attname)
                if not isinstance(reference, Reference):
                    ready.append(item)
                elif reference.code in targets:
                    item[1][self.reference.attname] = targets[reference.code].pk
                    ready.append(item)
                else:
                    still.append(item)
            if not ready:
                break
            self._store(ready, existing, {t.pk: t for t in targets.values()})
            waiting = still
        target_column = self.slot_of_field[self._target_attname].name
        in_file = {row.cell(target_column) for row in self.rows}
        for row, values, _key in waiting:
            code = values[self.reference.attname].code
            reason = (
                _("the row for %(code)s in this file could not be imported")
                % {"code": code}
                if code in in_file
                else _("no %(record)s with this code")
                % {"record": self.model._meta.verbose_name}
            )
            self._error(row.line, reason, *self._cells(row, [self.reference.column]))

    @property
    def _target_attname(self) -> str:
        # Asked only of a file whose rows name other rows: `reference` is set.
        return cast(Slot, self.reference).column.widget.field

    def _targets(self, rows: list[tuple[Row, dict[str, Any], tuple]]) -> dict:
        """Fetch the stored rows the waiting rows name, by code."""
        attname = cast(Slot, self.reference).attname  # `_write` checked it is set
        codes = sorted(
            {
                values[attname].code
                for _, values, _ in rows
                if isinstance(values.get(attname), Reference)
            }
        )
        found = {}
        for start in range(0, len(codes), BATCH_SIZE):
            lookup = {f"{self._target_attname}__in": codes[start : start + BATCH_SIZE]}
            for target in self.model._default_manager.filter(**lookup):
                found[getattr(target, self._target_attname)] = target
        return found

    def _store(
        self,
        rows: list[tuple[Row, dict[str, Any], tuple]],
        existing: dict[tuple, dict[str, Any]],
        targets: dict[int, models.Model],
    ) -> None:
        to_create, created_keys, changes, previews = [], [], [], []
        for row, values, key in rows:
            stored = existing.get(key)
            if stored is None:
                if self.cleans_rows:
                    instance = self.model(**values)
                    self._attach_target(instance, targets)
                    if not self._clean(row, instance):
                        continue
                to_create.append(values)
                created_keys.append(key)
                previews.append((row.line, "new", row, ()))
                continue
            changed = [a for a, v in values.items() if stored[a] != v]
            if changed:
                changes.append((row, values, stored, changed))
            else:
                self.report.unchanged += 1
        to_update, changed_fields = self._updated(changes, targets, previews)
        self._preview(sorted(previews, key=operator.itemgetter(0)))
        new_rows = bulk.insert_many(self.model, _in_key_order(to_create, created_keys))
        if to_update:
            self.model._default_manager.bulk_update(
                to_update, sorted(changed_fields), batch_size=BATCH_SIZE
            )
        if self.trail is not None:
            self.trail.created(self.model, new_rows)
            self.trail.changed(self.model, [instance.pk for instance in to_update])
        self.report.new += len(to_create)
        self.report.updated += len(to_update)

    def _updated(
        self,
        changes: list[tuple[Row, dict[str, Any], dict[str, Any], list[str]]],
        targets: dict,
        previews: list,
    ) -> tuple[list[models.Model], set[str]]:
        """Return the changed records, their changes applied and checked."""
        pks = [stored[self._pk] for _, _, stored, _ in changes]
        instances = {}
        for start in range(0, len(pks), BATCH_SIZE):
            instances.update(
                self.model._default_manager.in_bulk(pks[start : start + BATCH_SIZE])
            )
        to_update, changed_fields = [], set()
        for row, values, stored, changed in changes:
            instance = instances[stored[self._pk]]
            for attname in changed:
                setattr(instance, attname, values[attname])
            self._attach_target(instance, targets)
            if self._clean(row, instance):
                to_update.append(instance)
                changed_fields.update(changed)
                previews.append(
                    (
                        row.line,
                        "updated",
                        row,
                        [(a, stored[a], values[a]) for a in changed],
                    )
                )
        return to_update, changed_fields

    def _preview(self, previews: list) -> None:
        """Keep the first changes of a file, for the admin's check page, and
        tell `changes` of every one: the record's key, and each changed
        column's old and new values (hidden for a personal column)."""
        if self.changes is None:
            previews = previews[: max(PREVIEW_ROWS - len(self.report.preview), 0)]
        labels = self._related_labels(previews)
        described = []
        for line, change, row, changed in previews:
            key = ", ".join(value for _, value in self._cells(row, self.key_columns))
            columns = [
                (
                    self.column_of_attname.get(attname, attname),
                    *self._shown(attname, old, new, labels),
                )
                for attname, old, new in changed
            ]
            described.append((line, change, key, columns))
        room = max(PREVIEW_ROWS - len(self.report.preview), 0)
        self.report.preview.extend(described[:room])
        if self.changes is not None:
            self.changes(self.report.name, described)

    def _related_labels(self, previews: list) -> dict[tuple, str]:
        """Name the records a preview's changed references point to, in one
        query a referenced model."""
        wanted: dict[type[models.Model], set] = {}
        for preview in previews:
            for attname, old, new in preview[3]:
                slot = self.slot_of_attname.get(attname)
                if slot and slot.field is not None and slot.field.is_relation:
                    # A relation's model, resolved once the models are loaded.
                    model = cast("type[models.Model]", slot.field.related_model)
                    wanted.setdefault(model, set()).update({old, new} - {None})
        labels = {}
        for model, pks in wanted.items():
            for pk, instance in model._default_manager.in_bulk(pks).items():
                labels[(model, pk)] = str(instance)
        return labels

    def _shown(self, attname: str, old, new, labels: dict) -> tuple[str, str]:
        slot = self.slot_of_attname.get(attname)
        if slot is not None and slot.column.personal:
            return "(hidden)", "(hidden)"
        field = slot.field if slot is not None else None
        return _display(field, old, labels), _display(field, new, labels)

    def _attach_target(self, instance: models.Model, targets: dict) -> None:
        """Give the model's `clean()` the row it names, without a query."""
        if self.reference is not None:
            pk = getattr(instance, self.reference.attname)
            if pk is not None:
                # A reference is a foreign key: its slot has a field.
                field = cast("models.Field[Any, Any]", self.reference.field)
                setattr(instance, field.name, targets[pk])

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


def _key_getter(attnames: list[str]) -> Callable[[dict[str, Any]], tuple]:
    """Return a function giving a row's key, a tuple of its values, in C."""
    if len(attnames) == 1:
        (attname,) = attnames
        return lambda values: (values[attname],)
    return operator.itemgetter(*attnames)


def _in_key_order(rows: list[dict[str, Any]], keys: list[tuple]) -> list[dict]:
    """Return the rows sorted by key, so that the key's index (and the table,
    which follows insertion order) is written page after page, not at random:
    at a million rows that is what keeps the import's pages in the cache."""
    if any(None in key for key in keys):
        order = sorted(range(len(rows)), key=lambda i: _sortable(keys[i]))
    else:  # keys compare as they are, in C
        order = sorted(range(len(rows)), key=keys.__getitem__)
    return [rows[i] for i in order]


def _sortable(key: tuple) -> tuple:
    return tuple((part is None, part if part is not None else 0) for part in key)


def _display(field: models.Field | None, value, labels: dict) -> str:
    """Show a value as the history does: a choice's label, a dash for none."""
    if value is None or value == "":
        return "—"
    if field is not None and field.is_relation:
        return labels.get((field.related_model, value), str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
