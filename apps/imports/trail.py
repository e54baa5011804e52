"""The history entries an annual import writes, in bulk, linked to its run.

The import writes records with COPY or `executemany` and `bulk_update`,
which send no signals: simple-history sees none of it. So the run copies
the rows it has just written into their historical tables itself, with
`INSERT … SELECT` (no row travels through Python): the new rows of a chunk
in one statement, the changed ones by batches of primary keys, as created
(`+`) or changed (`~`) entries naming the run and its user.

Entries that signals write during a run (a measurement source created on
the way) are given the run and its user too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from django.apps import apps
from django.db import connections, models, router
from django.db.models import Count, Value
from django.dispatch import receiver
from simple_history.models import HistoricalChanges
from simple_history.signals import pre_create_historical_record

from apps.common.history_entries import all_entries, history_model, previous_entry

from .bulk import NewRows
from .keys import BATCH_SIZE
from .models import ImportRun

_current_run: ContextVar[ImportRun | None] = ContextVar("import_run", default=None)


def historical_models() -> list[type[models.Model]]:
    """Return every historical model, in a stable order."""
    return [
        model for model in apps.get_models() if issubclass(model, HistoricalChanges)
    ]


class ImportTrail:
    """Writes the history entries of one (real, not dry) run."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run

    @contextmanager
    def active(self) -> Iterator[ImportTrail]:
        """Give the run to the entries signals write meanwhile."""
        token = _current_run.set(self.run)
        try:
            yield self
        finally:
            _current_run.reset(token)

    def created(self, model: type[models.Model], rows: NewRows | None) -> None:
        """Record as created the rows of `model` that `insert_many` wrote."""
        if rows is not None:
            self._copy(model, "+", rows.condition, rows.params)

    def changed(self, model: type[models.Model], pks: list) -> None:
        """Record as changed the rows of `model` with these primary keys."""
        quote = connections[router.db_for_write(model)].ops.quote_name
        column = quote(model._meta.pk.column)
        for start in range(0, len(pks), BATCH_SIZE):
            batch = pks[start : start + BATCH_SIZE]
            marks = ", ".join(["%s"] * len(batch))
            self._copy(model, "~", f"{column} IN ({marks})", batch)

    def _copy(self, model, history_type: str, condition: str, params: list) -> None:
        """Copy the rows of `model` the condition selects into its history,
        stamped with the run.

        The SQL is written here rather than by the ORM: compiling a query of
        500 keys cost more than running it.
        """
        history = history_model(model)
        if history is None:
            return
        connection = connections[router.db_for_write(history)]
        quote = connection.ops.quote_name
        fields = {field.attname: field for field in history._meta.concrete_fields}
        stamp = {
            "history_date": self.run.started_at,
            "history_type": history_type,
            "history_user_id": self.run.user_id,
            "import_run_id": self.run.pk,
        }
        # simple-history sets `tracked_fields` on each historical model.
        tracked = cast(Any, history).tracked_fields
        copied = ", ".join(quote(field.column) for field in tracked)
        stamped = ", ".join(quote(fields[attname].column) for attname in stamp)
        head = (
            f"INSERT INTO {quote(history._meta.db_table)} ({copied}, {stamped}) "
            f"SELECT {copied}, {', '.join(['%s'] * len(stamp))} "
            f"FROM {quote(model._meta.db_table)} WHERE "
        )
        values = [
            fields[attname].get_db_prep_save(value, connection)
            for attname, value in stamp.items()
        ]
        with connection.cursor() as cursor:
            cursor.execute(head + condition, [*values, *params])


@receiver(pre_create_historical_record)
def _name_the_run(sender, history_instance, **kwargs) -> None:
    run = _current_run.get()
    if run is None or not hasattr(history_instance, "import_run_id"):
        return
    history_instance.import_run_id = run.pk
    if history_instance.history_user_id is None:
        history_instance.history_user_id = run.user_id


def entry_counts(run: ImportRun) -> list[tuple[type[models.Model], int]]:
    """Return each historical model with the entries a run wrote, in one query."""
    histories = {history._meta.label_lower: history for history in historical_models()}
    counts = [
        cast(Any, history)  # a historical model: its `objects` is simple-history's
        .objects.filter(import_run_id=run.pk)
        .order_by()
        .annotate(history_label=Value(label))
        .values("history_label")
        .annotate(n=Count("pk"))
        .values_list("history_label", "n")
        for label, history in histories.items()
    ]
    found = dict(counts[0].union(*counts[1:], all=True)) if counts else {}
    return [(histories[label], n) for label, n in sorted(found.items()) if n]


def run_entries(run: ImportRun, history: type[models.Model]) -> models.QuerySet:
    """Return the entries a run wrote in a historical model, in writing order.

    Each carries `previous_id`, the entry of the same record just before it,
    so that a page of changes is compared in one more query.
    """
    return (
        all_entries(history)
        .filter(import_run_id=run.pk)
        ._select_related_history_tracked_objs()
        .annotate(previous_id=previous_entry(history))
        .order_by("history_id")
    )
