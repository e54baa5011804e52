"""The keys met in a large file, kept in the database rather than in memory."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.db import connection

BATCH = 500


def digest(key: tuple) -> bytes:
    """Return a 128-bit digest of a row's natural key (its repr is stable)."""
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest()


class KeyLedger:
    """A temporary table of (key digest, first line), dropped after the file.

    With it, a file of any size is checked for keys given twice while only
    one chunk of rows is held in memory. Keys met again are rare: each
    chunk's keys are written first, and looked for only if some were there.
    """

    def __init__(self) -> None:
        self.table = f"import_keys_{secrets.token_hex(6)}"
        self.stage = f"{self.table}_chunk"

    def __enter__(self) -> KeyLedger:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # One B-tree, the key's, rather than a table and its index;
                # and a cache of its own like the database's (2 MB otherwise).
                cursor.execute("PRAGMA temp.cache_size = -65536")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {self.table} "
                    "(k BLOB PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
                )
            else:
                for table in (self.table, self.stage):
                    cursor.execute(
                        f"CREATE TEMPORARY TABLE {table} "
                        "(k bytea PRIMARY KEY, line integer NOT NULL)"
                    )
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is not None:
            # The transaction is being rolled back, which drops the tables it
            # made; a failed transaction may take no more statements, and a
            # DROP failing here would hide the error that matters.
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.table}")
            if connection.vendor != "sqlite":
                cursor.execute(f"DROP TABLE {self.stage}")

    def record(self, entries: Iterable[tuple[bytes, int]]) -> dict[bytes, int]:
        """Record keys met on lines; return those met before, with their line.

        The keys of one call are distinct (a chunk's duplicates are found in
        memory).
        """
        entries = list(entries)
        if not entries:
            return {}
        if connection.vendor == "sqlite":
            return self._record_in_sqlite(entries)
        return self._record_by_copy(entries)

    def _record_in_sqlite(self, entries: list[tuple[bytes, int]]) -> dict[bytes, int]:
        with connection.cursor() as cursor:
            # In key order, the B-tree is written page after page.
            cursor.executemany(
                f"INSERT INTO {self.table} (k, line) VALUES (%s, %s) "
                "ON CONFLICT DO NOTHING",
                sorted(entries),
            )
            if cursor.rowcount == len(entries):
                return {}  # every key was new
            seen: dict[bytes, int] = {}
            for start in range(0, len(entries), BATCH):
                batch = [k for k, _ in entries[start : start + BATCH]]
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f"SELECT k, line FROM {self.table} WHERE k IN ({marks})", batch
                )
                seen.update((bytes(k), line) for k, line in cursor.fetchall())
        lines = dict(entries)
        # Those written just now carry this call's line.
        return {k: line for k, line in seen.items() if line != lines[k]}

    def _record_by_copy(self, entries: list[tuple[bytes, int]]) -> dict[bytes, int]:
        """COPY the keys into a staging table, then compare and add them in SQL."""
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.stage}")
            with cursor.cursor.copy(f"COPY {self.stage} (k, line) FROM STDIN") as copy:
                for entry in entries:
                    copy.write_row(entry)
            cursor.execute(
                f"SELECT l.k, l.line FROM {self.stage} s JOIN {self.table} l USING (k)"
            )
            seen = {bytes(k): line for k, line in cursor.fetchall()}
            cursor.execute(
                f"INSERT INTO {self.table} (k, line) SELECT k, line FROM {self.stage} "
                "ON CONFLICT DO NOTHING"
            )
        return seen
