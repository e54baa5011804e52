import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.events.models import Event, Participation
from apps.imports.models import ImportRun
from apps.measurements.models import Measurement, Metric, Source
from apps.members.models import Member
from tests.factories import EventFactory
from tests.imports.helpers import members_csv, run

pytestmark = pytest.mark.django_db

LYON = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
PORTO = "M002,Porto area,Porto,PT,Europe,associate,2001-01-01,"
NOW = dt.datetime(2022, 3, 1, 9, 30, tzinfo=dt.UTC)


def entries(model=Member):
    return model.history.order_by("history_id")


def test_a_written_run_leaves_a_created_entry_per_new_row(secretariat):
    with time_machine.travel(NOW, tick=False):
        report = run(
            {"members.csv": members_csv(LYON, PORTO)}, user=secretariat, origin="admin"
        )
    assert [
        (e.code, e.name, e.history_type, e.history_user, e.import_run)
        for e in entries()
    ] == [
        ("M001", "Lyon area", "+", secretariat, report.run),
        ("M002", "Porto area", "+", secretariat, report.run),
    ]
    assert {e.history_date for e in entries()} == {NOW}
    assert {e.id for e in entries()} == set(Member.objects.values_list("pk", flat=True))


def test_a_changed_reimport_leaves_changed_entries_for_changed_rows_only():
    first = run({"members.csv": members_csv(LYON, PORTO)}).run
    second = run(
        {"members.csv": members_csv(LYON, PORTO.replace("Porto area", "Grande Porto"))}
    ).run
    changed = entries().filter(import_run=second)
    assert [(e.code, e.name, e.history_type) for e in changed] == [
        ("M002", "Grande Porto", "~")
    ]
    assert entries().filter(import_run=first).count() == 2
    delta = changed.get().diff_against(changed.get().prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "Porto area", "Grande Porto")
    ]


def test_an_unchanged_reimport_leaves_no_entry():
    run({"members.csv": members_csv(LYON)})
    again = run({"members.csv": members_csv(LYON)})
    assert again.written
    assert entries().count() == 1


def test_a_dry_run_leaves_no_entry():
    report = run({"members.csv": members_csv(LYON)}, dry_run=True)
    assert report.ok
    assert entries().count() == 0


def test_a_refused_run_leaves_no_entry_and_is_still_recorded():
    report = run({"members.csv": members_csv(LYON, PORTO.replace("PT", "Portugal"))})
    assert not report.ok
    assert entries().count() == 0
    assert ImportRun.objects.get() == report.run
    assert report.run.outcome == "refused"


def test_a_run_refused_by_a_later_file_takes_back_the_entries_of_the_first():
    report = run(
        {
            "members.csv": members_csv(LYON),
            "mandates.csv": "member_code,leader_name,gender,started_on\n"
            "M001,Someone,nobody,2020-01-01\n",
        }
    )
    assert not report.ok
    assert entries().count() == 0
    assert Member.objects.count() == 0


def test_a_command_line_run_has_no_user_but_names_its_run():
    report = run({"members.csv": members_csv(LYON)})
    entry = entries().get()
    assert (entry.history_user, entry.import_run_id) == (None, report.run.pk)


def test_records_a_run_creates_on_the_way_are_linked_to_it(secretariat):
    report = run(
        {
            "measurements.csv": "source,source_kind,metric,as_of,value\n"
            "twitter,social_network,followers,2021-12-31,1200\n"
        },
        user=secretariat,
    )
    for model in (Source, Metric, Measurement):
        entry = entries(model).get()
        assert (entry.history_type, entry.import_run, entry.history_user) == (
            "+",
            report.run,
            secretariat,
        )


def test_the_history_of_participations_keeps_no_participant_key():
    EventFactory(code="E1")
    run(
        {
            "participations.csv": "event_code,participant_ref,gender\n"
            "E1,someone@example.org,woman\n"
        }
    )
    entry = entries(Participation).get()
    assert entry.gender == "woman"
    assert "participant_key" not in {f.name for f in type(entry)._meta.fields}


def test_updated_rows_of_a_file_with_references_are_recorded_too():
    run(
        {
            "events.csv": "code,title,kind,role,starts_on,parent_code\n"
            "C1,Congress,congress,led,2021-05-01,\n"
            "S1,Session,session,led,2021-05-01,C1\n"
        }
    )
    second = run(
        {
            "events.csv": "code,title,kind,role,starts_on,parent_code\n"
            "C1,Congress,congress,led,2021-05-01,\n"
            "S1,Opening session,session,led,2021-05-01,C1\n"
        }
    ).run
    assert [(e.code, e.title, e.history_type) for e in entries(Event)] == [
        ("C1", "Congress", "+"),
        ("S1", "Session", "+"),
        ("S1", "Opening session", "~"),
    ]
    assert entries(Event).last().import_run == second


def test_history_entries_are_written_in_batches_not_per_row():
    def rows(n):
        return [f"M{i:04d},Member {i},,ES,,full,2000-01-01," for i in range(n)]

    def history_inserts(queries):
        return [
            q for q in queries if "INSERT INTO" in q["sql"] and "historical" in q["sql"]
        ]

    with CaptureQueriesContext(connection) as small:
        run({"members.csv": members_csv(*rows(10))})
    run({"members.csv": members_csv(*rows(600))})
    with CaptureQueriesContext(connection) as large:
        changed = [row.replace("Member", "Renamed") for row in rows(600)]
        run({"members.csv": members_csv(*changed, *rows(1500)[600:])})
    # 900 new rows in one statement; 600 changed ones, 500 at a time.
    assert len(history_inserts(small)) == 1
    assert len(history_inserts(large)) == 3
    assert len(large) <= len(small) + 1500 // 100
    assert Member.history.filter(history_type="+").count() == 1500
    assert Member.history.filter(history_type="~").count() == 600
