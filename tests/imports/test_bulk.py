import pytest
from django.db import connection

from apps.imports.bulk import insert_many
from apps.members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def member(code: str) -> dict:
    return {
        "code": code,
        "name": f"Member {code}",
        "city": "",
        "country": "ES",
        "region": "",
        "category": "full",
        "joined_on": "2000-01-01",
        "left_on": None,
    }


def selected(new_rows) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code FROM {Member._meta.db_table} WHERE {new_rows.condition}",
            new_rows.params,
        )
        return {code for (code,) in cursor.fetchall()}


def test_insert_many_tells_where_exactly_its_rows_are():
    """Until the next insert into the table: the history is copied at once."""
    MemberFactory(code="M000")
    assert selected(insert_many(Member, [member("M001"), member("M002")])) == {
        "M001",
        "M002",
    }
    assert selected(insert_many(Member, [member("M003")])) == {"M003"}
    assert insert_many(Member, []) is None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="keys drawn from the sequence"
)
def test_keys_drawn_in_one_piece_are_named_as_a_range():
    """A list of 100,000 keys made PostgreSQL's copy of the history crawl."""
    new_rows = insert_many(Member, [member(f"M{i:03d}") for i in range(300)])
    assert "BETWEEN" in new_rows.condition
    assert len(new_rows.params) == 2
    assert selected(new_rows) == {f"M{i:03d}" for i in range(300)}
