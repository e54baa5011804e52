"""Backups restore the same figures (docs/operations.md, by its own commands).

A JSON dump (dumpdata/loaddata) works on both databases; a copy of the
SQLite file (its backup API, and the sqlite3 tool when installed) and
pg_dump/pg_restore into a second database are restored and asked for the
indicators by `manage.py indicators` in a fresh process.
"""

import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from apps.events.models import Participation
from apps.imports.models import ImportRun
from apps.indicators.models import Edition
from apps.indicators.results import evaluate_year, indicators_document
from apps.indicators.services import publish_year

YEAR = 2021
# The options docs/operations.md gives: content types and permissions are
# made by `migrate` on the new database, and named (not numbered) in the
# dump; IndicatorAccess only carries a permission and has no table.
DUMPDATA_OPTIONS = {
    "natural_foreign": True,
    "natural_primary": True,
    "exclude": [
        "contenttypes",
        "auth.permission",
        "sessions",
        "indicators.IndicatorAccess",
    ],
}


@pytest.fixture
def demo_published(manager):
    call_command("load_demo", stdout=StringIO())
    publish_year(YEAR, user=manager)


def figures():
    return [
        (
            r.indicator.code,
            r.value,
            r.previous,
            r.target,
            r.breakdowns,
            r.left_out,
            r.share,
            r.series,
            r.published,
        )
        for r in evaluate_year(YEAR)
    ]


def row_counts():
    return (
        Participation.objects.count(),
        ImportRun.objects.count(),
        Edition.objects.count(),
    )


@pytest.mark.django_db(transaction=True)  # flush and restore as for real
def test_dumpdata_then_loaddata_into_an_empty_database_gives_the_same_figures(
    demo_published, tmp_path
):
    before, counts = figures(), row_counts()
    assert counts[0] > 5000
    backup = tmp_path / "kpi.json.gz"
    call_command("dumpdata", output=str(backup), verbosity=0, **DUMPDATA_OPTIONS)

    call_command("flush", interactive=False, verbosity=0)  # migrate's state
    ContentType.objects.clear_cache()
    assert row_counts() == (0, 0, 0)
    assert figures() != before

    call_command("loaddata", str(backup), verbosity=0)
    assert figures() == before
    assert row_counts() == counts
    # With the same PARTICIPANT_HASH_KEY, a re-import finds every person.
    out = StringIO()
    call_command(
        "import_annual", str(settings.BASE_DIR / "fixtures" / "demo"), stdout=out
    )
    assert (
        out.getvalue().count("new       0  updated       0") == 17
    )  # names.csv and the plan files too


def indicators_of(database_url: str) -> dict:
    """Return `manage.py indicators YEAR --format json` run on another database."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", "indicators", str(YEAR), "--format", "json"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own backup")
def test_a_copy_of_the_sqlite_file_gives_the_same_figures(demo_published, tmp_path):
    expected = indicators_document(YEAR)
    copy = tmp_path / "backup.sqlite3"
    # As `python -c "import sqlite3; ...backup(...)"` in docs/operations.md
    # (the test database lives in memory, so it is copied from this connection).
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    target.close()
    assert indicators_of(f"sqlite:///{copy}") == expected

    sqlite_tool = shutil.which("sqlite3")
    if sqlite_tool:  # the documented `sqlite3 db.sqlite3 ".backup …"`
        second = tmp_path / "second.sqlite3"
        subprocess.run([sqlite_tool, str(copy), f".backup '{second}'"], check=True)
        assert indicators_of(f"sqlite:///{second}") == expected


def postgresql_tool(name: str) -> str | None:
    """Return the newest installed pg_dump or pg_restore (servers' folders first)."""
    folders = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda folder: int(folder.split("/")[-2]),
    )
    for folder in reversed(folders):
        if os.access(f"{folder}/{name}", os.X_OK):
            return f"{folder}/{name}"
    return shutil.which(name)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tools")
def test_pg_dump_then_pg_restore_into_another_database_gives_the_same_figures(
    demo_published, tmp_path
):
    pg_dump, pg_restore = postgresql_tool("pg_dump"), postgresql_tool("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.skip("pg_dump or pg_restore is not installed")
    expected = indicators_document(YEAR)
    db = connection.settings_dict
    server = ["-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432)]
    server += ["-U", db["USER"]]
    environment = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    backup = tmp_path / "kpi.dump"
    subprocess.run(
        [pg_dump, *server, "-Fc", "-f", str(backup), db["NAME"]],
        env=environment,
        check=True,
    )
    restored = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            [
                pg_restore,
                *server,
                "--no-owner",
                "--no-privileges",
                *("-d", restored, str(backup)),
            ],
            env=environment,
            check=True,
        )
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{user}@{server[1]}:{server[3]}/{restored}"
        assert indicators_of(url) == expected
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
