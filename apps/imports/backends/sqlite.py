"""The import on SQLite: one writer at a time, and locks held by files."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import OperationalError, transaction

from ..bulk import BATCH_SIZE, NewRows
from . import ImportBusy

LOCK_SUFFIX = "-import-lock"
BATCH = 500  # keys a statement looks up in the ledger

_memory_locks: dict[str, threading.Lock] = {}
_memory_locks_guard = threading.Lock()


@contextmanager
def import_lock(connection, wait: float, waiting: Callable[[], None] | None):
    """A write transaction on a small lock database beside the database file.

    SQLite's locks are the operating system's, released when the process
    dies. The database itself is not used for that: the run must still
    write its history while it holds the lock. An in-memory database lives
    in one process: a thread lock is enough.
    """
    name = connection.settings_dict["NAME"]
    if connection.is_in_memory_db():
        lock = thread_lock(name, wait, waiting)
    else:
        lock = file_lock(f"{name}{LOCK_SUFFIX}", wait, waiting)
    with lock:
        yield


@contextmanager
def file_lock(path: str, wait: float, waiting) -> Iterator[None]:
    """Hold the write lock of the SQLite database at `path` for the block."""
    try:
        lock = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.OperationalError as error:
        raise _unusable(error) from error
    try:
        if not _begin(lock):
            if wait <= 0:
                raise ImportBusy
            if waiting:
                waiting()
            lock.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            if not _begin(lock):
                raise ImportBusy
        yield
    finally:
        lock.close()  # ends the transaction, releasing the lock


def _begin(lock: sqlite3.Connection) -> bool:
    """Start the lock database's write transaction; tell whether it is ours."""
    try:
        lock.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            return False
        raise _unusable(error) from error
    return True


def _unusable(error: sqlite3.Error) -> OperationalError:
    # Such as a folder where no file can be created: say it plainly.
    return OperationalError(f"cannot take the import lock: {error}")


@contextmanager
def thread_lock(name: str, wait: float, waiting) -> Iterator[None]:
    with _memory_locks_guard:
        lock = _memory_locks.setdefault(name, threading.Lock())
    if not lock.acquire(blocking=False):
        if wait <= 0:
            raise ImportBusy
        if waiting:
            waiting()
        if not lock.acquire(timeout=wait):
            raise ImportBusy
    try:
        yield
    finally:
        lock.release()


@contextmanager
def writing_transaction(connection) -> Iterator[None]:
    """Open the run's transaction as the writer from its start.

    SQLite has one writer at a time. A transaction that reads, then writes,
    fails at once if another connection wrote in between (someone saving a
    record in the admin during the import); one that takes the write lock
    at BEGIN waits for that writer instead.
    """
    mode = connection.transaction_mode
    connection.transaction_mode = "IMMEDIATE"
    try:
        with transaction.atomic():
            yield
    finally:
        connection.transaction_mode = mode


def insert(cursor, model, fields, rows, tuples) -> NewRows:
    """`executemany` of one prepared INSERT; the new rows are past the last key."""
    quote = cursor.db.ops.quote_name
    pk, table = model._meta.pk, quote(model._meta.db_table)
    cursor.execute(f"SELECT MAX({quote(pk.column)}) FROM {table}")
    (last,) = cursor.fetchone()
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    for start in range(0, len(rows), BATCH_SIZE):
        cursor.executemany(sql, tuples(rows[start : start + BATCH_SIZE]))
    # New automatic keys are past every key in the table, and no one else
    # wrote meanwhile: SQLite takes one writer at a time, and a transaction
    # that read before another's write may not write after it.
    return NewRows(f"{quote(pk.column)} > %s", [last or 0])


def create_ledger(cursor, table: str, stage: str) -> None:
    # One B-tree, the key's, rather than a table and its index; and a cache
    # of its own like the database's (2 MB otherwise).
    cursor.execute("PRAGMA temp.cache_size = -65536")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} "
        "(k BLOB PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
    )


def drop_ledger(cursor, table: str, stage: str) -> None:
    cursor.execute(f"DROP TABLE {table}")


def record_in_ledger(cursor, table: str, stage: str, entries) -> dict[bytes, int]:
    # In key order, the B-tree is written page after page.
    cursor.executemany(
        f"INSERT INTO {table} (k, line) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        sorted(entries),
    )
    if cursor.rowcount == len(entries):
        return {}  # every key was new
    seen: dict[bytes, int] = {}
    for start in range(0, len(entries), BATCH):
        batch = [k for k, _ in entries[start : start + BATCH]]
        marks = ", ".join(["%s"] * len(batch))
        cursor.execute(f"SELECT k, line FROM {table} WHERE k IN ({marks})", batch)
        seen.update((bytes(k), line) for k, line in cursor.fetchall())
    lines = dict(entries)
    # Those written just now carry this call's line.
    return {k: line for k, line in seen.items() if line != lines[k]}


def refresh_statistics(connection, tables: list[str]) -> None:
    """Nothing: SQLite plans from the schema (it keeps no statistics unless
    asked)."""
