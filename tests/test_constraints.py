"""How the database checks choice fields.

A check `gender IN ('woman', 'man', …)` makes SQLite build the list anew
for every row an `executemany` inserts: it was a third of the time of
inserting a million participations. Checks are written as equalities
(`gender = 'woman' OR gender = 'man' OR …`), which mean the same.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from apps.events.models import Participation
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def check_definitions() -> dict[str, str]:
    """Return the SQL of every table's checks, by table, as the database has it."""
    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if any(isinstance(c, models.CheckConstraint) for c in model._meta.constraints)
    }
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                f"AND name IN ({', '.join(['%s'] * len(tables))})",
                sorted(tables),
            )
            return dict(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, "
            "string_agg(pg_get_constraintdef(oid), ' ') "
            "FROM pg_constraint WHERE contype = 'c' GROUP BY conrelid"
        )
        found = dict(cursor.fetchall())
        return {table: found[table] for table in sorted(tables)}


def test_choice_checks_are_written_as_equalities_not_lists():
    definitions = check_definitions()
    assert "events_participation" in definitions
    lists = " IN (" if connection.vendor == "sqlite" else "= ANY"
    assert [table for table, sql in definitions.items() if lists in sql] == []


def test_the_participation_check_still_refuses_an_unknown_choice():
    event = EventFactory()
    Participation.objects.create(event=event, participant_key="a" * 64, gender="man")
    for values in [{"gender": "femme"}, {"role": "host"}, {"gender": ""}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Participation.objects.create(
                event=event, participant_key="b" * 64, **values
            )
