"""One annual import at a time, across processes and servers.

Two imports of the same files at once would each count rows as new and
race to insert them; a check (dry run) beside an import would count rows
half written. The lock outlives no process (see each backend's
`import_lock`).
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
