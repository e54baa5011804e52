"""The keys met in a large file, kept in the database rather than in memory."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.db import connection

BATCH = 500


def digest(key: tuple) -> str:
    """Return a 128-bit digest of a row's natural key (its repr is stable)."""
    return hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()


class KeyLedger:
    """A temporary table of (key digest, first line), dropped after the file.

    With it, a file of any size is checked for keys given twice while only
    one chunk of rows is held in memory.
    """

    def __init__(self) -> None:
        self.table = f"import_keys_{secrets.token_hex(6)}"

    def __enter__(self) -> KeyLedger:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table} "
                "(k CHAR(32) PRIMARY KEY, line INTEGER NOT NULL)"
            )
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is not None:
            # The transaction is being rolled back, which drops the table it
            # made; a failed transaction may take no more statements, and a
            # DROP failing here would hide the error that matters.
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.table}")

    def record(self, entries: Iterable[tuple[str, int]]) -> dict[str, int]:
        """Record keys met on lines; return those met before, with their line."""
        entries = list(entries)
        seen: dict[str, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(entries), BATCH):
                batch = [k for k, _ in entries[start : start + BATCH]]
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f"SELECT k, line FROM {self.table} WHERE k IN ({marks})", batch
                )
                seen.update(cursor.fetchall())
            cursor.executemany(
                f"INSERT INTO {self.table} (k, line) VALUES (%s, %s)",
                [(k, line) for k, line in entries if k not in seen],
            )
        return seen
