"""The benchmark's synthetic files are valid annual files."""

import os
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
    import subprocess

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
