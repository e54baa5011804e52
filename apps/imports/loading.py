"""Loading one annual file: the import's one path, a chunk of rows at a time.

Every file, whatever its size, goes down the same steps a chunk of rows at a
time (`docs/architecture.md`), each in its own module:

    read (`reading`) → parse (`parse`) → keys met before (`ledger`)
    → look up stored records (`keys`) → plan (`plan`) → write (`bulk`)
    → history (`trail`)

Only one chunk is in memory at once; queries grow with batches, not rows;
`docs/performance.md` says what each step costs at a million rows. The
report says how long each step took (`FileReport.timings`).

A row may name another row of the same table (a session its congress),
further down the file: it waits, chunks later if need be, until the row it
names is written.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from . import bulk
from .keys import BATCH_SIZE, StoredRecords
from .ledger import KeysMet
from .parse import Parsed, Reference, RowParser
from .plan import plan_rows
from .preview import Changes, Preview
from .reading import Row, Table
from .report import FileReport
from .resources import AnnualResource
from .trail import ImportTrail

Progress = Callable[[int, int], None]


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


def batched(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """Yield lists of up to `size` rows (itertools.batched is Python 3.12)."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class FileLoader:
    def __init__(
        self,
        resource_class: type[AnnualResource],
        table: Table,
        trail: ImportTrail | None = None,
        changes: Changes | None = None,
    ) -> None:
        self.report = FileReport(resource_class.file_name)
        # A new resource per file: its widgets cache lookups for this file only.
        resource = resource_class()
        self.parser = RowParser(resource, table, self.report)
        self.model: type[models.Model] = self.parser.model
        self.table = table
        self.trail = trail  # None for a dry run: no history entries
        self.preview = Preview(self.parser, changes)
        self.stored = StoredRecords(self.model, resource.key_attnames())
        reference = self.parser.reference
        # The field a reference names rows by (events' code), and its column.
        self.target = reference.column.widget.field if reference else ""
        self.target_column = (
            self.parser.slot_of_field[self.target].column.column_name
            if reference
            else ""
        )
        # The codes of the rows a reference may name, met in the file so far.
        self.codes_in_file: set[str] = set()

    def load(self, progress: Progress | None = None) -> FileReport:
        if not self.parser.header_is_valid():
            return self.report
        done = 0
        waiting: list[Parsed] = []  # rows naming a row not written yet
        with ExitStack() as stack:
            keys_met = KeysMet(stack)
            chunks = batched(self.table.rows, settings.IMPORT_CHUNK_ROWS)
            while True:
                with collector_paused():
                    with self._step("read"):
                        chunk = next(chunks, None)
                    if chunk is None:
                        break
                    parsed = self._parse(chunk, keys_met)
                    waiting = self._write([*waiting, *parsed])
                    done += len(chunk)
                    # Let go of this chunk before the next is read.
                    del chunk, parsed
                if progress:
                    progress(done, 0)
            self._unresolved(waiting)
        return self.report

    def check(self) -> list[Parsed]:
        """Check a small table's rows as `load` does, writing nothing.

        Return the good rows; the errors are in the report. For files whose
        rows name no other row (not events): `load` resolves such names as
        it writes.
        """
        if not self.parser.header_is_valid():
            return []
        with ExitStack() as stack:
            parsed = self._parse(list(self.table.rows), KeysMet(stack))
        return plan_rows(self.parser, parsed, {}, {}).new

    def _parse(self, chunk: list[Row], keys_met: KeysMet) -> list[Parsed]:
        """Parse a chunk's rows and drop those whose key was met before; the
        errors are told in the order of the lines."""
        first_error = len(self.report.errors)
        with self._step("parse"):
            parsed = self.parser.parse(chunk)
        with self._step("keys met before"):
            parsed, again = keys_met.new(parsed)
            parsed = [item for item in parsed if item.values]  # not rows in error
        for item, line in again:
            self.parser.error(
                item.row.line,
                _("the same key is already on line %(line)s") % {"line": line},
                *self.parser.cells(item.row, self.parser.key_columns),
            )
        errors = self.report.errors
        errors[first_error:] = sorted(errors[first_error:], key=lambda e: e.line or 0)
        if self.target_column:
            self.codes_in_file.update(row.cell(self.target_column) for row in chunk)
        return parsed

    def _write(self, rows: list[Parsed]) -> list[Parsed]:
        """Write the rows that can be; return those naming a row not stored yet.

        Rows naming another row are written once the row they name is: first
        those naming nothing or a stored row, then the others, in turn.
        """
        while rows:
            ready, rows, targets = self._resolved(rows)
            if not ready:
                break
            with self._step("look up"):
                stored = self.stored.find({item.key for item in ready})
            with self._step("plan"):
                plan = plan_rows(self.parser, ready, stored, targets)
                self.preview.tell(plan.changes)
            with self._step("write"):
                new_rows = bulk.write(self.model, plan)
            if self.trail is not None:
                with self._step("history"):
                    self.trail.created(self.model, new_rows)
                    self.trail.changed(self.model, [i.pk for i in plan.updated])
            self.report.new += len(plan.new)
            self.report.updated += len(plan.updated)
            self.report.unchanged += plan.unchanged
        return rows

    def _resolved(
        self, rows: list[Parsed]
    ) -> tuple[list[Parsed], list[Parsed], dict[Any, models.Model]]:
        """Split rows into those ready to write and those naming a row not
        stored yet; a ready row's reference becomes the primary key of the
        row it names. Return also the rows named, by primary key."""
        reference = self.parser.reference
        if reference is None:
            return rows, [], {}
        attname = reference.attname
        codes = {
            value.code
            for item in rows
            if isinstance(value := item.values.get(attname), Reference)
        }
        targets = self._stored_by_code(codes)
        ready, waiting = [], []
        for item in rows:
            value = item.values.get(attname)
            if not isinstance(value, Reference):
                ready.append(item)
            elif value.code in targets:
                item.values[attname] = targets[value.code].pk
                ready.append(item)
            else:
                waiting.append(item)
        return ready, waiting, {target.pk: target for target in targets.values()}

    def _stored_by_code(self, codes: set[str]) -> dict[str, models.Model]:
        ordered = sorted(codes)
        found = {}
        for start in range(0, len(ordered), BATCH_SIZE):
            lookup = {f"{self.target}__in": ordered[start : start + BATCH_SIZE]}
            for target in self.model._default_manager.filter(**lookup):
                found[getattr(target, self.target)] = target
        return found

    def _unresolved(self, rows: list[Parsed]) -> None:
        """Report the rows whose reference names no row written."""
        reference = self.parser.reference
        if reference is None:  # only rows with a reference wait
            return
        for row, values, _key in rows:
            code = values[reference.attname].code
            reason = (
                _("the row for %(code)s in this file could not be imported")
                % {"code": code}
                if code in self.codes_in_file
                else _("no %(record)s with this code")
                % {"record": self.model._meta.verbose_name}
            )
            cells = self.parser.cells(row, [reference.column])
            self.parser.error(row.line, reason, *cells)

    @contextmanager
    def _step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            timings = self.report.timings
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
