"""Inserting many new rows at the speed of the database.

`QuerySet.bulk_create` builds a model instance per row and compiles SQL with
a placeholder per value for every batch, which costs more than the rest of
an import together. New rows of an annual file go, as plain values, through
PostgreSQL's `COPY`, or elsewhere `executemany` of one prepared INSERT, with
the conversion Django applies to each value (`get_db_prep_save`) wherever a
Python value is not already what the database driver takes. Like
`bulk_create`, no signals are sent and `save()` is not called.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router

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


def insertable_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.local_concrete_fields
        if not (field.primary_key and field.db_returning)
    ]


def supports_plain_insert(model: type[models.Model]) -> bool:
    """Tell whether rows of `model` may be inserted without `pre_save`."""
    return not any(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        for field in insertable_fields(model)
    )


def insert_many(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as `{attname: value}`; absent fields take their default."""
    if not rows:
        return
    if not supports_plain_insert(model):
        raise ValueError(f"{model.__name__} has fields filled by pre_save().")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = insertable_fields(model)
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
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
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for start in range(0, len(rows), BATCH_SIZE):
                    for values in tuples(rows[start : start + BATCH_SIZE]):
                        copy.write_row(values)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, tuples(rows[start : start + BATCH_SIZE]))


def _converter(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    if field.get_internal_type() in PLAIN_TYPES:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _prepared(row: dict[str, Any], field: models.Field, convert: Callable | None):
    value = row[field.attname] if field.attname in row else field.get_default()
    return value if convert is None else convert(value)
