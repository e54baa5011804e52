"""The benchmarks run, and their synthetic files are valid annual files."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from apps.events.models import Participation
from apps.imports.runner import find_annual_files, import_annual_files

pytestmark = pytest.mark.django_db


def test_generated_files_import_cleanly(tmp_path):
    sys.path.insert(0, str(settings.BASE_DIR / "bench"))
    from generate import generate

    generate(
        tmp_path,
        members=50,
        events=40,
        participations=2000,
        measurements=90,
        years=3,
        seed=1,
    )
    report = import_annual_files(find_annual_files(tmp_path))
    assert [str(error) for error in report.errors] == []
    assert Participation.objects.count() == 2000
    assert {f.name for f in report.files} == {
        "members.csv",
        "mandates.csv",
        "events.csv",
        "participations.csv",
        "measurements.csv",
    }


def test_the_import_benchmark_splits_its_time_into_the_importers_steps():
    """`bench/import_rate.py --phases` runs, in its own process, on a scratch
    SQLite database (never on the DATABASE_URL of the tests: it empties it)."""

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "bench/import_rate.py", "participations", "300", "--phases"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "(new 300, updated 0, unchanged 0)" in lines[1]
    assert any("(new 0, updated 0, unchanged 300)" in line for line in lines)
    for phase in ["read", "parse", "look up", "plan", "write", "history"]:
        assert any(line.strip().startswith(phase) for line in lines), phase


def _series_benchmark(*args: str) -> subprocess.CompletedProcess:
    """Run `bench/series.py` in its own process, on a scratch SQLite database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "bench/series.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_series_benchmark_measures_each_page_over_the_years_and_over_one():
    result = _series_benchmark(
        "--participations", "1000", "--years", "10", "--repeat", "1"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index(
        "| page | URL | years | queries | median ms | CPU ms | raw SQL ms |"
    )
    measures = []
    for line in lines[start + 2 :]:  # after the header and its rule
        if not line.startswith("|"):
            break
        measures.append([cell.strip() for cell in line.strip("|").split("|")])
    assert [(row[0], row[1], row[2]) for row in measures] == [
        ("series API", "/api/indicators/?from=2013&to=2022", "10"),
        ("series API", "/api/indicators/?from=2022&to=2022", "1"),
        ("pivot", "/pivot/?from=2013&to=2022", "10"),
        ("pivot", "/pivot/?from=2022&to=2022", "1"),
        ("indicator page", "/indicators/participants.unique/2022/", "10"),
        ("indicator page", "/indicators/participants.unique/2022/", "1"),
    ]
    for row in measures:
        assert all(float(cell.replace(",", "")) > 0 for cell in row[4:7]), row
    queries = {(row[0], int(row[2])): int(row[3]) for row in measures}
    for page in ["series API", "pivot", "indicator page"]:
        assert 0 < queries[page, 1] < queries[page, 10] <= 10 * queries[page, 1], page
