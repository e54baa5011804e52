"""Faults met by real `import_annual` processes: nothing lost, nothing partial.

Each test runs the command in other processes on a database of its own (a
copy of the test database: an SQLite file, or a PostgreSQL database), and
compares what is left with a clean single import of the same files: the
rows of every model and every indicator of the years.
"""

import json
import re
import signal
import time

import pytest
from django.db import connection

from tests.imports.helpers import members_csv
from tests.imports.processes import (
    BROWSER,
    PARTICIPATIONS,
    PREVIEW,
    ScratchDatabase,
    write_year_files,
)

ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"

# The commands write in databases of their own, made from the test database
# (SQLite) or its server (PostgreSQL): outside any test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

DISK_FULL = {
    # A real one: SQLite refuses to grow the file past max_page_count pages.
    "sqlite": (
        "from django.db.backends.signals import connection_created\n"
        "def small_disk(sender, connection, **kwargs):\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute('PRAGMA page_count')\n"
        "        pages = cursor.fetchone()[0]\n"
        "        cursor.execute(f'PRAGMA max_page_count = {pages + 400}')\n"
        "connection_created.connect(small_disk, weak=False)\n"
    ),
    # PostgreSQL's own (SQLSTATE 53100), raised by the bulk writer midway
    # through the participations, after the other files were written.
    "postgresql": (
        "import django\n"
        "django.setup()  # the importer's modules need the models\n"
        "from unittest import mock\n"
        "from django.db import OperationalError\n"
        "from apps.imports import bulk\n"
        "real_insert_many = bulk.insert_many\n"
        "def insert_many(model, rows):\n"
        "    if model._meta.model_name == 'participation':\n"
        "        real_insert_many(model, rows[: len(rows) // 2])\n"
        "        raise OperationalError('could not extend file: No space left on "
        "device')\n"
        "    return real_insert_many(model, rows)\n"
        "mock.patch.object(bulk, 'insert_many', insert_many).start()\n"
    ),
}
DISK_FULL_ERROR = {
    "sqlite": "database or disk is full",
    "postgresql": "could not extend file: No space left on device",
}


@pytest.fixture(scope="session")
def year_files(tmp_path_factory):
    return write_year_files(tmp_path_factory.mktemp("year"))


@pytest.fixture(scope="session")
def clean_import(template, tmp_path_factory, year_files):
    """What one import of the year's files, with nothing going wrong, gives."""
    scratch = template.copy(tmp_path_factory.mktemp("clean"))
    try:
        result = scratch.manage("import_annual", str(year_files))
        assert result.returncode == 0, result.stderr
        state = scratch.probe()
    finally:
        scratch.drop()
    assert state["runs"] == [["written", False]]
    assert state["rows"]["events.Participation"] == PARTICIPATIONS
    state["imported"] = imported_rows(result.stdout)
    return state


def imported_rows(output: str) -> dict[str, int]:
    """Sum the command's counts per kind: {"new": …, "updated": …, …}."""
    totals = dict.fromkeys(("new", "updated", "unchanged"), 0)
    for kind, count in re.findall(r"(new|updated|unchanged)\s+(\d+)", output):
        totals[kind] += int(count)
    return totals


def assert_as_clean(state: dict, clean_import: dict) -> None:
    assert state["rows"] == clean_import["rows"]
    assert state["indicators"] == clean_import["indicators"]


def assert_empty(database: ScratchDatabase, runs: list) -> None:
    state = database.probe(indicators=False)
    assert not any(state["rows"].values()), state["rows"]
    assert state["runs"] == runs


def test_a_killed_import_leaves_nothing_and_the_next_imports_all(
    database, year_files, clean_import
):
    importing = database.start("import_annual", str(year_files))
    # Its progress bar shows mandates.csv once they are written, after the
    # events and the members: rows are in the database, not yet committed.
    importing.wait_for("mandates.csv ")  # the progress bar, not the log line
    importing.kill()
    assert_empty(database, runs=[["running", False]])

    again = database.manage("import_annual", str(year_files))
    assert again.returncode == 0, again.stderr
    assert imported_rows(again.stdout) == clean_import["imported"]
    state = database.probe()
    assert_as_clean(state, clean_import)
    assert state["runs"] == [["interrupted", False], ["written", False]]


def test_a_full_disk_writes_nothing_says_so_and_is_in_the_history(
    database, year_files, clean_import
):
    vendor = connection.vendor
    full = database.manage("import_annual", str(year_files), code=DISK_FULL[vendor])
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert "the database refused the file: " + DISK_FULL_ERROR[vendor] in full.stderr
    assert "error(s): nothing was written." in full.stderr
    assert_empty(database, runs=[["refused", False]])

    again = database.manage("import_annual", str(year_files))
    assert again.returncode == 0, again.stderr
    state = database.probe()
    assert_as_clean(state, clean_import)
    assert state["runs"] == [["refused", False], ["written", False]]


def test_two_imports_at_once_write_once(database, year_files, clean_import):
    """One import runs; others are refused, or wait for it then change nothing."""
    other = (
        r"another import is running, started at \d+ \w+ \d{4}, \d\d:\d\d "
        r"by \S+"
    )
    first = database.start("import_annual", str(year_files))
    first.wait_for("members.csv ")  # the progress bar, not the log line
    first.signal(signal.SIGSTOP)  # holding the lock, some rows written
    try:
        # Readers are not blocked, and see none of the rows written so far.
        assert_empty(database, runs=[["running", False]])
        for check in ([], ["--dry-run"]):
            refused = database.manage(
                "import_annual", str(year_files), "--wait", "0.5", *check
            )
            assert refused.returncode == 1
            assert re.search(
                rf"^CommandError: {other}: nothing was written; try again when it "
                r"has finished$",
                refused.stderr,
                re.MULTILINE,
            ), refused.stderr
        second = database.start("import_annual", str(year_files), "--wait", "300")
        second.wait_for("for it to finish")
        assert re.search(rf"{other}: waiting up to 300 s", second.terminal)
    finally:
        first.signal(signal.SIGCONT)
    first_code, first_out, _ = first.finish()
    second_code, second_out, _ = second.finish()
    assert (first_code, second_code) == (0, 0)
    written = clean_import["imported"]
    assert imported_rows(first_out) == written
    assert imported_rows(second_out) == {
        "new": 0,
        "updated": 0,
        "unchanged": written["new"],
    }
    state = database.probe()
    assert_as_clean(state, clean_import)
    assert state["runs"] == [["written", False], ["written", False]]


def test_admin_confirmations_at_once_import_once(
    database, year_files, clean_import, settings, tmp_path
):
    """Import pressed twice on one upload, and on another upload of the same
    files in a third browser, all at once, each browser a process of its own.
    """
    staff = {"STAGING": str(tmp_path / "staging"), "USER_NAME": "staff"}
    checking = database.start(
        "shell", "-c", PREVIEW, FILES=str(year_files), UPLOADS="2", **staff
    )
    code, output, terminal = checking.finish()
    assert code == 0, terminal
    once, other = json.loads(output.splitlines()[-1])
    go = tmp_path / "go"
    browsers = [
        database.start(
            "shell",
            "-c",
            BROWSER,
            BROWSER=name,
            TOKEN=token,
            GO=str(go),
            IMPORT_LOCK_WAIT="300",
            **staff,
        )
        for name, token in (("first", once), ("again", once), ("other", other))
    ]
    for name in ("first", "again", "other"):
        while not (tmp_path / f"go.{name}").exists():
            time.sleep(0.01)
    go.touch()
    said = []
    for browser in browsers:
        code, output, terminal = browser.finish()
        assert code == 0, terminal
        said += json.loads(output.splitlines()[-1])
    new = clean_import["imported"]["new"]
    already = [message for message in said if "imported already" in message]
    assert len(already) == 1
    assert sorted(set(said) - set(already)) == [
        f"Imported: 0 new, 0 updated, {new} unchanged.",
        f"Imported: {new} new, 0 updated, 0 unchanged.",
    ]
    state = database.probe()
    assert_as_clean(state, clean_import)
    assert state["runs"] == [
        ["checked", True],
        ["checked", True],
        ["written", False],
        ["written", False],
    ]


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.files.storage.FileSystemStorage",
        "tests.imports.s3_like.S3LikeStorage",  # no local path, as S3
    ],
    ids=["shared folder", "S3-like"],
)
def test_an_upload_checked_on_one_server_is_confirmed_on_another_once(
    database, tmp_path, backend
):
    """Two app servers, each a process with a local folder of its own, share
    the storage of staged uploads and the database: what one checked the
    other imports, and a confirmation after that is refused."""
    files = tmp_path / "files"
    files.mkdir()
    (files / "members.csv").write_text(members_csv(ROW))
    shared = tmp_path / "shared"

    def server(name: str, script: str, **environment: str) -> list[str]:
        running = database.start(
            "shell",
            "-c",
            script,
            STAGING=str(tmp_path / name),
            SHARED=str(shared),
            SHARED_BACKEND=backend,
            USER_NAME="staff",
            BROWSER=name,
            **environment,
        )
        code, output, terminal = running.finish()
        assert code == 0, terminal
        return json.loads(output.splitlines()[-1])

    [token] = server("first", PREVIEW, FILES=str(files))
    assert sorted(path.name for path in (shared / token).iterdir()) == [
        "0",
        "changes.csv",
    ]
    assert server("second", BROWSER, TOKEN=token) == [
        "Imported: 1 new, 0 updated, 0 unchanged."
    ]
    assert server("third", BROWSER, TOKEN=token) == [
        "These files were imported already: see the import history."
    ]
    state = database.probe(indicators=False)
    assert state["rows"]["members.Member"] == 1
    assert state["runs"] == [["checked", True], ["written", False]]
    assert list(shared.iterdir()) == []  # no participant data left behind
    servers = ("first", "second", "third")  # nor working copies on a server
    assert [
        p for name in servers for p in (tmp_path / name).rglob("*") if p.is_file()
    ] == []
