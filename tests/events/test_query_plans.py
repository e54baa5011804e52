"""The participations aggregate, the costliest query of the dashboard, is
answered from one index: it never reads the table's rows (a million of them
scattered over the file at scale, see docs/performance.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.events.indicators.participations import participation_counts
from apps.indicators.periods import Period

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="PostgreSQL picks its plan from statistics, not from the schema",
    ),
]


def test_the_participations_aggregate_reads_only_a_covering_index():
    with CaptureQueriesContext(connection) as captured:
        participation_counts(Period.year(2021))
    (query,) = captured.captured_queries
    sql = query["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())

    participation_steps = [
        step for step in plan.splitlines() if "events_participation" in step
    ]
    assert participation_steps
    assert all("COVERING INDEX" in step for step in participation_steps), plan
