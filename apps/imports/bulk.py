"""Inserting many new rows at the speed of the database.

`QuerySet.bulk_create` compiles SQL with a placeholder per value for every
batch, which costs more than the rest of an import together. New rows of
an annual file go through PostgreSQL's `COPY`, or elsewhere `executemany`
of a single INSERT, with the same per-field preparation Django applies
(`pre_save`, then `get_db_prep_save`). No signals are sent, as with
`bulk_create`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router

BATCH_SIZE = 2000


def insert_many(model: type[models.Model], instances: Sequence[models.Model]) -> None:
    if not instances:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not (
            field.primary_key
            and isinstance(field, models.AutoField | models.BigAutoField)
        )
    ]
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)

    def rows(batch: Sequence[models.Model]) -> list[tuple]:
        return [
            tuple(
                field.get_db_prep_save(field.pre_save(instance, True), connection)
                for field in fields
            )
            for instance in batch
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for start in range(0, len(instances), BATCH_SIZE):
                    for row in rows(instances[start : start + BATCH_SIZE]):
                        copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        for start in range(0, len(instances), BATCH_SIZE):
            cursor.executemany(sql, rows(instances[start : start + BATCH_SIZE]))
