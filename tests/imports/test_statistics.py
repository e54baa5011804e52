"""After an import writes, PostgreSQL's planner statistics are refreshed at
once: with those of a table a hundredth of its size, the counters' queries
were planned as scans of the whole table (docs/performance.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.imports.helpers import members_csv, run

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite plans from the schema; it keeps no statistics unless asked",
    ),
]


def analyzed_tables(captured) -> list[str]:
    return [query["sql"] for query in captured if query["sql"].startswith("ANALYZE")]


def test_a_written_import_refreshes_the_statistics_of_what_it_wrote():
    with CaptureQueriesContext(connection) as captured:
        report = run({"members.csv": members_csv("M001,Lyon,,FR,,full,2000-01-01,")})
    assert report.written
    (statement,) = analyzed_tables(captured)
    assert '"members_member"' in statement
    assert '"members_historicalmember"' in statement
    assert '"events_participation"' not in statement


def test_a_dry_run_refreshes_nothing():
    with CaptureQueriesContext(connection) as captured:
        run(
            {"members.csv": members_csv("M001,Lyon,,FR,,full,2000-01-01,")},
            dry_run=True,
        )
    assert analyzed_tables(captured) == []
