"""bench/load.py (`make load`) runs end to end: a few users for a few seconds."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.server


def test_the_load_test_serves_every_request_of_a_few_users(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "LOG_", "GUNICORN_"))
    }
    result = subprocess.run(
        [
            sys.executable,
            str(settings.BASE_DIR / "bench" / "load.py"),
            *("--users", "3", "--duration", "3", "--workers", "1", "--json"),
        ],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["users"], summary["workers"], summary["year"]) == (3, 1, 2021)
    pages = {page["path"]: page for page in summary["pages"]}
    assert set(pages) == {"/dashboard/2021/", "/api/indicators/2021/"}
    for page in pages.values():
        assert page["requests"] > 0
        assert page["errors"] == 0
        assert 0 < page["p50_ms"] <= page["p95_ms"] <= page["p99_ms"]
    assert summary["total"]["requests"] == sum(p["requests"] for p in pages.values())
    assert summary["total"]["errors"] == 0
    assert summary["total"]["requests_per_second"] > 0
