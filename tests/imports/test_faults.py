"""Faults met during an import, in this process: each writes nothing, clearly.

The same faults in real processes (killed, full disk, two at once) are in
test_fault_processes.py.
"""

import datetime as dt
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.events.models import Participation
from apps.imports.models import ImportRun
from apps.members.models import Mandate, Member
from tests.factories import EventFactory, ImportRunFactory
from tests.imports.helpers import errors, members_csv, run
from tests.imports.locks import another_import

pytestmark = pytest.mark.django_db

ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
MANDATES = "member_code,leader_name,gender,started_on\nM001,Someone,woman,2020-01-01\n"
FILES = {
    "members.csv": members_csv(ROW),
    "mandates.csv": MANDATES,
    "alliances.csv": "code,name,started_on\nA1,Alliance,2010-01-01\n",
}
ALICE_STARTED = dt.datetime(2021, 3, 1, 10, 0, tzinfo=dt.UTC)


def refuse_from(call: int, error: Exception):
    """Return an `insert_many` that refuses from its `call`-th call on."""
    from apps.imports.bulk import insert_many

    calls = []

    def insert(model, rows):
        calls.append(model)
        if len(calls) >= call:
            raise error
        return insert_many(model, rows)

    return insert


def test_a_database_refusal_stops_the_run_and_writes_nothing(monkeypatch):
    full = OperationalError("database or disk is full")
    monkeypatch.setattr("apps.imports.bulk.insert_many", refuse_from(2, full))
    report = run(FILES)
    # The files after the refused one are not read: their errors would only
    # be echoes of the missing rows.
    assert [f.name for f in report.files] == ["alliances.csv", "members.csv"]
    assert errors(report) == [
        "members.csv: the database refused the file: database or disk is full"
    ]
    assert not report.written
    assert not Member.objects.exists()
    recorded = ImportRun.objects.get()
    assert (recorded.outcome, recorded.error_count) == ("refused", 1)
    assert recorded.errors[0]["reason"].endswith("database or disk is full")


def test_a_refusal_in_a_large_file_reports_the_database_error(monkeypatch, settings):
    """The temporary table of a large file is not dropped in a failed transaction.

    On PostgreSQL the failed statement aborts the transaction: a DROP then
    would fail too, and its error would hide the one that matters.
    """
    from apps.imports.bulk import insert_many

    settings.IMPORT_CHUNK_ROWS = 2
    calls = []

    def fail_on_the_second_chunk(model, rows):
        calls.append(model)
        if len(calls) == 2:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO no_such_table VALUES (1)")
        return insert_many(model, rows)

    monkeypatch.setattr("apps.imports.bulk.insert_many", fail_on_the_second_chunk)
    EventFactory(code="E1")
    lines = "".join(f"E1,person{i}@example.org,woman\n" for i in range(5))
    report = run({"participations.csv": "event_code,participant_ref,gender\n" + lines})
    [message] = errors(report)
    assert message.startswith("participations.csv: the database refused the file: ")
    assert "no_such_table" in message
    assert not Participation.objects.exists()


def test_a_history_that_cannot_be_written_is_said_and_nothing_written(monkeypatch):
    def refuse(run, report, files):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr("apps.imports.runs.finish_run", refuse)
    report = run(FILES)
    # The history of a written run is committed with its rows, or neither is.
    assert errors(report) == [
        "-: the database refused to write: disk I/O error; nothing was written"
    ]
    assert report.history_error == "disk I/O error"
    assert not Member.objects.exists()


def test_the_command_says_when_the_history_could_not_be_written(
    monkeypatch, tmp_path, capsys
):
    def refuse(run, report, files):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr("apps.imports.runs.finish_run", refuse)
    (tmp_path / "members.csv").write_text(members_csv(ROW))
    with pytest.raises(CommandError, match=r"1 error\(s\): nothing was written"):
        call_command("import_annual", str(tmp_path), stdout=io.StringIO())
    err = capsys.readouterr().err
    assert "The run could not be recorded in the import history: disk I/O error" in err
    assert "-: the database refused to write: disk I/O error" in err


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted():
    ImportRunFactory(outcome="running", finished_at=None)
    run(FILES)
    assert list(ImportRun.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "interrupted",
        "written",
    ]


def test_a_run_is_in_the_history_while_it_runs(monkeypatch):
    seen = []

    def look(name, done, total):
        seen.append(ImportRun.objects.get().outcome)

    run(FILES, progress=look)
    assert set(seen) == {"running"}
    assert ImportRun.objects.get().outcome == "written"


def test_a_run_stopped_by_ctrl_c_is_marked_interrupted(monkeypatch):
    monkeypatch.setattr(
        "apps.imports.bulk.insert_many", refuse_from(2, KeyboardInterrupt())
    )
    with pytest.raises(KeyboardInterrupt):
        run(FILES)
    assert not Member.objects.exists()
    recorded = ImportRun.objects.get()
    assert recorded.outcome == "interrupted"
    assert recorded.finished_at is not None


def test_a_run_gives_up_when_another_holds_the_lock_and_names_it():
    ImportRunFactory(
        outcome="running", finished_at=None, started_at=ALICE_STARTED, by="alice"
    )
    said = []
    with another_import():
        report = run(FILES, wait=0.3, waiting=said.append)
    other = "another import is running, started at 1 March 2021, 10:00 by alice"
    assert said == [f"{other}: waiting up to 0.3 s for it to finish"]
    assert report.busy
    assert errors(report) == [
        f"-: {other}: nothing was written; try again when it has finished"
    ]
    assert not Member.objects.exists()
    assert ImportRun.objects.count() == 1  # a run that did not run is no history


def test_a_check_gives_up_too_without_waiting_when_told_so():
    said = []
    with another_import():
        report = run(FILES, dry_run=True, wait=0, waiting=said.append)
    assert said == []
    assert errors(report) == [
        "-: another import is running: nothing was written; "
        "try again when it has finished"
    ]


def test_a_run_waits_for_the_other_to_finish():
    with another_import() as finished:
        threading.Timer(0.3, finished.set).start()
        report = run(FILES, wait=30)
    assert report.written
    assert Mandate.objects.count() == 1


def test_the_command_gives_up_clearly(tmp_path):
    ImportRunFactory(
        outcome="running", finished_at=None, started_at=ALICE_STARTED, by="alice"
    )
    (tmp_path / "members.csv").write_text(members_csv(ROW))
    stderr = io.StringIO()
    with (
        another_import(),
        pytest.raises(
            CommandError,
            match=r"^another import is running, started at 1 March 2021, 10:00 by "
            r"alice: nothing was written; try again when it has finished$",
        ),
    ):
        call_command("import_annual", str(tmp_path), "--wait", "0.2", stderr=stderr)
    assert "by alice: waiting up to 0.2 s for it to finish…" in stderr.getvalue()
    assert not Member.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_run_is_the_writer_from_its_start():
    """A run that read first could not write after someone else wrote."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's transactions only")
    with CaptureQueriesContext(connection) as queries:
        run(FILES)
    assert "BEGIN IMMEDIATE" in [query["sql"] for query in queries]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        Member.objects.update(name="Lyon")
    assert "BEGIN IMMEDIATE" not in [query["sql"] for query in queries]


def test_the_wait_comes_from_the_settings(settings):
    settings.IMPORT_LOCK_WAIT = 0.2
    said = []
    with another_import():
        report = run(FILES, waiting=said.append)
    assert said == ["another import is running: waiting up to 0.2 s for it to finish"]
    assert report.busy


def test_a_lock_that_cannot_be_taken_is_a_clear_refusal(monkeypatch):
    from contextlib import contextmanager

    @contextmanager
    def unreachable(wait, waiting=None):
        raise OperationalError("cannot take the import lock: unable to open file")
        yield

    monkeypatch.setattr("apps.imports.locking.import_lock", unreachable)
    report = run(FILES)
    assert errors(report) == [
        "-: the database refused to write: cannot take the import lock: unable to "
        "open file; nothing was written"
    ]
    assert report.history_error
    assert not ImportRun.objects.exists()
