"""The benchmark's synthetic files are valid annual files."""

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
