"""A file's report says how long each step of its import took (the
benchmark's `--phases` prints them)."""

import pytest

from tests.imports.helpers import errors, members_csv, run

pytestmark = pytest.mark.django_db

STEPS = ["read", "parse", "keys met before", "look up", "plan", "write"]


def rows(count: int) -> list[str]:
    return [f"M{i:04d},Member {i},,ES,,full,2000-01-01," for i in range(count)]


def test_each_step_of_a_file_is_timed(settings):
    settings.IMPORT_CHUNK_ROWS = 2
    report = run({"members.csv": members_csv(*rows(5))})
    assert errors(report) == []
    timings = report.files[0].timings
    assert list(timings) == [*STEPS, "history"]
    assert all(seconds >= 0 for seconds in timings.values())


def test_a_dry_run_writes_no_history_and_times_none():
    report = run({"members.csv": members_csv(*rows(3))}, dry_run=True)
    assert list(report.files[0].timings) == STEPS
