"""The keys met in a large file, kept in the database rather than in memory."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from contextlib import ExitStack

from django.db import connection

from .backends import backend
from .parse import Parsed


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
            backend().create_ledger(cursor, self.table, self.stage)
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is not None:
            # The transaction is being rolled back, which drops the tables it
            # made; a failed transaction may take no more statements, and a
            # DROP failing here would hide the error that matters.
            return
        with connection.cursor() as cursor:
            backend().drop_ledger(cursor, self.table, self.stage)

    def record(self, entries: Iterable[tuple[bytes, int]]) -> dict[bytes, int]:
        """Record keys met on lines; return those met before, with their line.

        The keys of one call are distinct (a chunk's duplicates are found in
        memory).
        """
        entries = list(entries)
        if not entries:
            return {}
        with connection.cursor() as cursor:
            return backend().record_in_ledger(cursor, self.table, self.stage, entries)


class KeysMet:
    """The keys met so far in a file, to refuse a key given twice.

    A chunk's keys are compared in memory; the first chunk's are kept in
    memory too, and only a file of more than one chunk opens a `KeyLedger`
    (closed by `stack`) for the keys of the chunks before.
    """

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.first: dict[tuple, int] | None = None  # the first chunk's keys
        self.ledger: KeyLedger | None = None

    def new(
        self, parsed: list[Parsed]
    ) -> tuple[list[Parsed], list[tuple[Parsed, int]]]:
        """Return the rows whose key is new, and the others with the line
        where their key was met first."""
        seen: dict[tuple, int] = {}
        kept, again = [], []
        for item in parsed:
            line = seen.setdefault(item.key, item.row.line)
            if line == item.row.line:
                kept.append(item)
            else:
                again.append((item, line))
        if self.first is None:
            self.first = seen
            return kept, again
        if self.ledger is None:
            self.ledger = self.stack.enter_context(KeyLedger())
            self.ledger.record((digest(k), n) for k, n in self.first.items())
            self.first = {}
        digests = [digest(item.key) for item in kept]
        met = self.ledger.record(
            zip(digests, (item.row.line for item in kept), strict=True)
        )
        if not met:
            return kept, again
        still: list[Parsed] = []
        for item, key_digest in zip(kept, digests, strict=True):
            first_line = met.get(key_digest)
            if first_line is None:
                still.append(item)
            else:
                again.append((item, first_line))
        return still, again
