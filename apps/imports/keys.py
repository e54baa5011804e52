"""Look up: the stored records rows name by their natural key, 500 keys at a time.

The SQL is written here rather than by the ORM: compiling a condition of 500
keys cost more than running it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q

from .parse import key_getter

BATCH_SIZE = 500


def key_batches(keys: Iterable[tuple]) -> Iterator[dict[tuple, list]]:
    """Yield keys 500 at a time, in order, grouped by their first parts.

    `{(event_id,): [participant_key, …]}`: each group is one probe of the
    unique index on the key.
    """
    ordered = sorted(keys, key=sortable)
    for start in range(0, len(ordered), BATCH_SIZE):
        groups: dict[tuple, list] = {}
        for key in ordered[start : start + BATCH_SIZE]:
            groups.setdefault(key[:-1], []).append(key[-1])
        yield groups


def key_condition(
    model: type[models.Model],
    key: list[str],
    groups: dict[tuple, list],
    connection: BaseDatabaseWrapper,
) -> tuple[str, list]:
    """Return the SQL condition matching the records of these keys, and its
    parameters: `(event_id = %s AND participant_key IN (%s, …)) OR …`.

    `key` names the key's attributes (`event_id`, `participant_key`).
    """
    # The key's attnames name concrete fields: never a relation's reverse side.
    fields = [
        cast("models.Field[Any, Any]", model._meta.get_field(attname))
        for attname in key
    ]
    *firsts, last = fields
    quote = connection.ops.quote_name
    clauses, params = [], []
    for prefix, lasts in groups.items():
        parts = []
        for field, value in zip(firsts, prefix, strict=True):
            if value is None:
                parts.append(f"{quote(field.column)} IS NULL")
            else:
                parts.append(f"{quote(field.column)} = %s")
                params.append(field.get_db_prep_value(value, connection))
        values = [value for value in lasts if value is not None]
        either = []
        if values:
            marks = ", ".join(["%s"] * len(values))
            either.append(f"{quote(last.column)} IN ({marks})")
            params.extend(last.get_db_prep_value(v, connection) for v in values)
        if len(values) < len(lasts):
            either.append(f"{quote(last.column)} IS NULL")
        parts.append(f"({' OR '.join(either)})")
        clauses.append(f"({' AND '.join(parts)})")
    return " OR ".join(clauses), params


class StoredRecords:
    """Finds the stored records that rows' natural keys name, in a few queries."""

    def __init__(self, model: type[models.Model], key: list[str]) -> None:
        self.model = model
        self.key = key
        self.key_of = key_getter(key)
        self.attnames = [f.attname for f in model._meta.concrete_fields]
        # Whether rows stored before the file have these first parts of keys.
        self.prefixes_stored: dict[tuple, bool] = {}

    def find(self, keys: set[tuple]) -> dict[tuple, dict[str, Any]]:
        """Return the stored records of these keys, as values by attname.

        The keys are probed 500 at a time for primary keys only, one group
        of keys sharing their first parts per clause (`event_id = 7 AND
        participant_key IN (…) OR …`), so the unique index on the key serves
        every probe; the records found are then read by primary key. A
        first import finds nothing and reads nothing.
        """
        if len(self.key) > 1:
            stored_prefixes = self._stored_prefixes({key[:-1] for key in keys})
            keys = {key for key in keys if key[:-1] in stored_prefixes}
        connection = connections[router.db_for_read(self.model)]
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
        stored = self.model._default_manager.order_by().values(*self.attnames)
        for start in range(0, len(pks), BATCH_SIZE):
            for values in stored.filter(pk__in=pks[start : start + BATCH_SIZE]):
                found[self.key_of(values)] = values
        return found

    def _stored_prefixes(self, prefixes: set[tuple]) -> set[tuple]:
        """Return the first parts of keys (events) that some stored row has.

        A key whose first parts no row has (a participation in an event with
        none yet: the new year's events) names no record, and is not looked
        up. The answer is kept for the whole file: the rows its first chunks
        write would otherwise make every later chunk look its keys up, and a
        key met again is `ledger.KeysMet`'s business, not a stored record.
        """
        known = self.prefixes_stored
        unknown = sorted((p for p in prefixes if p not in known), key=sortable)
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


def sortable(key: tuple) -> tuple:
    """Return a key that sorts with None parts (after the others)."""
    return tuple((part is None, part if part is not None else 0) for part in key)
