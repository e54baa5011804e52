"""The import on PostgreSQL: advisory locks, COPY, and fresh statistics."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from contextlib import contextmanager

from django.db import DatabaseError, transaction

from ..bulk import BATCH_SIZE, NewRows
from . import ImportBusy

POLL_SECONDS = 0.2
ADVISORY_KEY = zlib.crc32(b"metropolis-kpi annual import")


@contextmanager
def import_lock(connection, wait: float, waiting: Callable[[], None] | None):
    """A session advisory lock, released by the server when the session
    ends, killed client included."""
    deadline = time.monotonic() + wait
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                raise ImportBusy
            if waiting:
                waiting()
                waiting = None
            time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0)))
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        except DatabaseError:
            # A session that cannot unlock must not live on holding the lock
            # (CONN_MAX_AGE keeps sessions): ending it releases the lock.
            connection.close()


@contextmanager
def writing_transaction(connection):
    with transaction.atomic():
        yield


def insert(cursor, model, fields, rows, tuples) -> NewRows:
    """COPY the rows, with primary keys drawn from their sequence first:
    others may insert meanwhile."""
    quote = cursor.db.ops.quote_name
    pk, table = model._meta.pk, model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [quote(table), pk.column, len(rows)],
    )
    pks = [pk for (pk,) in cursor.fetchall()]
    columns = ", ".join(quote(field.column) for field in [pk, *fields])
    with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = tuples(rows[start : start + BATCH_SIZE])
            for key, values in zip(pks[start : start + BATCH_SIZE], batch, strict=True):
                copy.write_row((key, *values))
    low, high = min(pks), max(pks)
    if high - low == len(pks) - 1:
        # Drawn in one piece (distinct keys), as nearly always: a list of
        # 100,000 keys would make the copy of their history crawl.
        return NewRows(f"{quote(pk.column)} BETWEEN %s AND %s", [low, high])
    return NewRows(f"{quote(pk.column)} = ANY(%s)", [pks])


def create_ledger(cursor, table: str, stage: str) -> None:
    for name in (table, stage):
        cursor.execute(
            f"CREATE TEMPORARY TABLE {name} "
            "(k bytea PRIMARY KEY, line integer NOT NULL)"
        )


def drop_ledger(cursor, table: str, stage: str) -> None:
    cursor.execute(f"DROP TABLE {table}")
    cursor.execute(f"DROP TABLE {stage}")


def record_in_ledger(cursor, table: str, stage: str, entries) -> dict[bytes, int]:
    """COPY the keys into a staging table, then compare and add them in SQL."""
    cursor.execute(f"TRUNCATE {stage}")
    with cursor.cursor.copy(f"COPY {stage} (k, line) FROM STDIN") as copy:
        for entry in entries:
            copy.write_row(entry)
    cursor.execute(f"SELECT l.k, l.line FROM {stage} s JOIN {table} l USING (k)")
    seen = {bytes(k): line for k, line in cursor.fetchall()}
    cursor.execute(
        f"INSERT INTO {table} (k, line) SELECT k, line FROM {stage} "
        "ON CONFLICT DO NOTHING"
    )
    return seen


def refresh_statistics(connection, tables: list[str]) -> None:
    """ANALYZE the tables: autovacuum refreshes statistics only a while after
    the data changed, and queries just after a large import were planned
    with those of a table a hundredth of its size (as whole-table scans)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(t) for t in tables)}")
