"""What differs between databases in an import, one module per database.

Each backend module (`sqlite`, `postgresql`) provides the same functions:

- `import_lock(connection, wait, waiting)`: a context manager holding the
  one-import-at-a-time lock, raising `ImportBusy` after `wait` seconds;
- `writing_transaction(connection)`: the run's transaction;
- `insert(cursor, model, fields, rows, tuples)`: write new rows, return
  where they are (`bulk.NewRows`);
- `create_ledger`, `record_in_ledger`, `drop_ledger`: the temporary table
  of keys met in a large file (`ledger.KeyLedger`);
- `refresh_statistics(connection, tables)`: after rows are committed.

The other modules of the import never ask which database they run on.
"""

from __future__ import annotations

from types import ModuleType

from django.db import connection as default_connection


class ImportBusy(Exception):
    """Another import holds the lock."""


def backend(connection=None) -> ModuleType:
    """Return the backend module of a connection (the default one if None)."""
    vendor = (connection or default_connection).vendor
    if vendor == "postgresql":
        from . import postgresql

        return postgresql
    from . import sqlite

    return sqlite
