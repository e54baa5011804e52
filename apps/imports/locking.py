"""One annual import at a time, across processes and servers.

Two imports of the same files at once would each count rows as new and
race to insert them; a check (dry run) beside an import would count rows
half written. Every run therefore holds a lock that outlives no process:

- on PostgreSQL a session advisory lock, released by the server when the
  session ends, killed client included (`backends/postgresql.py`);
- on SQLite a write transaction on a small lock database beside the
  database file, released by the operating system when the process dies
  (`backends/sqlite.py`).

A run that finds the lock taken waits up to `wait` seconds, then gives up
with `ImportBusy`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .backends import ImportBusy, backend

__all__ = ["ImportBusy", "import_lock", "lock_wait"]


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
    with backend(connection).import_lock(connection, wait, waiting):
        yield
