"""One annual import at a time, across processes and servers.

Two imports of the same files at once would each count rows as new and
race to insert them; a check (dry run) beside an import would count rows
half written. Every run therefore holds a lock that outlives no process:

- on PostgreSQL a session advisory lock, released by the server when the
  session ends, killed client included;
- on SQLite a write transaction on a small lock database beside the
  database file (an in-memory database lives in one process: a thread lock
  is enough). SQLite's locks are the operating system's, released when the
  process dies. The database itself is not used for that: the run must
  still write its history while it holds the lock.

A run that finds the lock taken waits up to `wait` seconds, then gives up
with `ImportBusy`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connections

POLL_SECONDS = 0.2
ADVISORY_KEY = zlib.crc32(b"metropolis-kpi annual import")
LOCK_SUFFIX = "-import-lock"

_memory_locks: dict[str, threading.Lock] = {}
_memory_locks_guard = threading.Lock()


class ImportBusy(Exception):
    """Another import holds the lock."""


def lock_wait() -> float:
    """Seconds a run waits for another one to finish before giving up."""
    return float(settings.IMPORT_LOCK_WAIT)


@contextmanager
def import_lock(
    wait: float, *, waiting: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the import lock of the default database for the block.

    `waiting` is called once if the lock is taken, before waiting for it.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        lock = _advisory_lock(connection, wait, waiting)
    elif connection.is_in_memory_db():
        lock = _thread_lock(connection.settings_dict["NAME"], wait, waiting)
    else:
        lock = _sqlite_lock(
            f"{connection.settings_dict['NAME']}{LOCK_SUFFIX}", wait, waiting
        )
    with lock:
        yield


@contextmanager
def _advisory_lock(connection, wait, waiting) -> Iterator[None]:
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
def _sqlite_lock(path: str, wait, waiting) -> Iterator[None]:
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
def _thread_lock(name: str, wait, waiting) -> Iterator[None]:
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
