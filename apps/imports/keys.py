"""Selecting records by their natural key, in plain SQL, 500 keys at a time.

The SQL is written here rather than by the ORM: compiling a condition of 500
keys cost more than running it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

BATCH_SIZE = 500


def key_batches(keys: Iterable[tuple]) -> Iterator[dict[tuple, list]]:
    """Yield keys 500 at a time, in order, grouped by their first parts.

    `{(event_id,): [participant_key, …]}`: each group is one probe of the
    unique index on the key.
    """
    ordered = sorted(
        keys, key=lambda key: tuple((part is None, str(part)) for part in key)
    )
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
