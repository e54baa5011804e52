import pytest
from django.db import DatabaseError, connection, transaction

from apps.imports.ledger import KeyLedger, digest

pytestmark = pytest.mark.django_db


def entries(keys, first_line):
    return [(digest(key), line) for line, key in enumerate(keys, start=first_line)]


def test_keys_met_before_come_back_with_their_first_line():
    with KeyLedger() as ledger:
        assert ledger.record(entries([(1, "a"), (1, "b"), (2, "a")], 2)) == {}
        met = ledger.record(entries([(1, "c"), (2, "a"), (1, "a")], 10))
        assert met == {digest((2, "a")): 4, digest((1, "a")): 2}
        # A key is kept with the line it was first met on.
        assert ledger.record(entries([(1, "a"), (1, "c")], 20)) == {
            digest((1, "a")): 2,
            digest((1, "c")): 10,
        }


def test_a_large_batch_of_keys():
    keys = [(i % 7, f"person{i}") for i in range(2500)]
    with KeyLedger() as ledger:
        assert ledger.record(entries(keys[:1500], 2)) == {}
        met = ledger.record(entries(keys[1000:], 5000))
    assert met == {digest(key): 1002 + i for i, key in enumerate(keys[1000:1500])}


def test_the_ledger_leaves_no_table_behind():
    with KeyLedger() as ledger:
        ledger.record(entries([(1, "a")], 2))
        table = ledger.table
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"SELECT COUNT(*) FROM {table}")


def test_digests_tell_keys_apart_by_value_and_type():
    assert digest((1, "a")) == digest((1, "a"))
    assert len({digest((1, "a")), digest((1, "b")), digest(("1", "a"))}) == 3
