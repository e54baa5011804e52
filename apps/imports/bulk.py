"""Write: a plan's new rows inserted at the speed of the database, its
changed records updated.

`QuerySet.bulk_create` builds a model instance per row and compiles SQL with
a placeholder per value for every batch, which costs more than the rest of
an import together. New rows of an annual file go, as plain values, through
PostgreSQL's `COPY`, or elsewhere `executemany` of one prepared INSERT, with
the conversion Django applies to each value (`get_db_prep_save`) wherever a
Python value is not already what the database driver takes. Like
`bulk_create`, no signals are sent and `save()` is not called.

`insert_many` tells where the rows it wrote are (`NewRows`), so that their
history is copied in one statement rather than found again by key. On
SQLite, whose writers take turns, they are the rows past the table's last
primary key. On PostgreSQL, where others may insert meanwhile, their
primary keys are drawn from the table's sequence first and written with
them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connections, models, router

from .backends import backend
from .keys import BATCH_SIZE as KEY_BATCH_SIZE
from .keys import sortable

if TYPE_CHECKING:
    from .parse import Parsed
    from .plan import Plan

BATCH_SIZE = 2000
# Fields whose Python values (str, int, bool) both drivers take as they are.
PLAIN_TYPES = {
    "CharField",
    "TextField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BooleanField",
    "ForeignKey",
}


@dataclass(frozen=True)
class NewRows:
    """The rows one `insert_many` wrote: an SQL condition that selects them
    (until the next insert into the same table)."""

    condition: str  # on the table's own columns, such as `"id" > %s`
    params: list


def insertable_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.local_concrete_fields
        if not (field.primary_key and field.db_returning)  # type: ignore[attr-defined]  # Django property missing from django-stubs
    ]


def supports_plain_insert(model: type[models.Model]) -> bool:
    """Tell whether rows of `model` may be inserted without `pre_save`."""
    return not any(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        for field in insertable_fields(model)
    )


def insert_many(
    model: type[models.Model], rows: Sequence[dict[str, Any]]
) -> NewRows | None:
    """Insert rows given as `{attname: value}`; absent fields take their default.

    Return where the new rows are (None if there were none).
    """
    if not rows:
        return None
    if not supports_plain_insert(model):
        raise ValueError(f"{model.__name__} has fields filled by pre_save().")
    if not model._meta.pk.db_returning:  # type: ignore[attr-defined]  # not in django-stubs
        raise ValueError(f"{model.__name__} has no automatic primary key.")
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        # Where the rows are is only known within the transaction that wrote them.
        raise ValueError("insert_many() writes within a transaction.")
    fields = insertable_fields(model)
    converters = [_converter(field, connection) for field in fields]
    attnames = [field.attname for field in fields]
    plain = all(convert is None for convert in converters)
    pick = operator.itemgetter(*attnames) if len(attnames) > 1 else None

    def tuples(batch: Sequence[dict[str, Any]]) -> list[tuple]:
        if pick and plain and all(len(row) == len(attnames) for row in batch):
            return [pick(row) for row in batch]  # the common case, in C
        return [
            tuple(
                _prepared(row, field, convert)
                for field, convert in zip(fields, converters, strict=True)
            )
            for row in batch
        ]

    with connection.cursor() as cursor:
        return backend(connection).insert(cursor, model, fields, rows, tuples)


def _converter(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    if field.get_internal_type() in PLAIN_TYPES:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _prepared(row: dict[str, Any], field: models.Field, convert: Callable | None):
    value = row[field.attname] if field.attname in row else field.get_default()
    return value if convert is None else convert(value)


def write(model: type[models.Model], plan: Plan) -> NewRows | None:
    """Write a plan: its new rows, in key order, and its changed records.

    Return where the new rows are (see `insert_many`).
    """
    new_rows = insert_many(model, _in_key_order(plan.new))
    if plan.updated:
        model._default_manager.bulk_update(
            plan.updated, sorted(plan.fields), batch_size=KEY_BATCH_SIZE
        )
    return new_rows


def _in_key_order(parsed: list[Parsed]) -> list[dict[str, Any]]:
    """Return the rows' values sorted by key, so that the key's index (and
    the table, which follows insertion order) is written page after page,
    not at random: at a million rows that is what keeps the import's pages
    in the cache."""
    keys = [item.key for item in parsed]
    if any(None in key for key in keys):
        order = sorted(range(len(keys)), key=lambda i: sortable(keys[i]))
    else:  # keys compare as they are, in C
        order = sorted(range(len(keys)), key=keys.__getitem__)
    return [parsed[i].values for i in order]
