"""Import runs log their start and outcome as fields, never a cell's value."""

import json

import pytest
from django.db import connection

from apps.imports.models import ImportRun
from tests.imports.helpers import members_csv, run

pytestmark = pytest.mark.django_db

EMAIL = "Jane.Doe@example.org"
LEADER = "Jane Doe"
EVENTS = (
    "code,title,kind,role,starts_on\n"
    "E1,Webinar on housing,webinar,led,2021-03-01\n"
    "E2,Webinar on water,webinar,led,2021-04-01\n"
)
MANDATES = (
    f"member_code,leader_name,gender,started_on\nM001,{LEADER},woman,2019-07-01\n"
)
LYON = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"


def participations(*rows):
    return "\n".join(["event_code,participant_ref,gender", *rows]) + "\n"


def import_lines(lines):
    return [line for line in lines if line["logger"] == "apps.imports"]


def test_a_written_run_logs_its_start_and_its_counts(secretariat, log_lines):
    run(
        {
            "members.csv": members_csv(LYON),
            "mandates.csv": MANDATES,
            "events.csv": EVENTS,
            "participations.csv": participations(
                f"E1,{EMAIL},woman", f"E2,{EMAIL},woman", "E2,someone@example.org,man"
            ),
        },
        origin="admin",
        user=secretariat,
    )
    started, finished = import_lines(log_lines())
    assert started["message"] == "import started"
    assert started["level"] == "INFO"
    assert {key: started[key] for key in ("origin", "dry_run", "files", "user_id")} == {
        "origin": "admin",
        "dry_run": False,
        "files": ["members.csv", "mandates.csv", "events.csv", "participations.csv"],
        "user_id": secretariat.pk,
    }
    assert finished["message"] == "import written"
    assert finished["import_id"] == started["import_id"]
    assert finished["run_id"] == ImportRun.objects.get().pk
    assert finished["outcome"] == "written"
    assert finished["user_id"] == secretariat.pk
    assert (
        finished["rows_created"],
        finished["rows_updated"],
        finished["rows_unchanged"],
        finished["errors"],
    ) == (7, 0, 0, 0)
    assert {f["name"]: f["created"] for f in finished["files"]} == {
        "members.csv": 1,
        "mandates.csv": 1,
        "events.csv": 2,
        "participations.csv": 3,
    }
    assert isinstance(finished["duration_ms"], int)
    assert finished["duration_ms"] >= 0
    everything = json.dumps(log_lines())
    assert EMAIL.lower() not in everything.lower()
    assert LEADER not in everything


def test_a_dry_run_logs_checked(log_lines):
    run({"members.csv": members_csv(LYON)}, dry_run=True)
    finished = import_lines(log_lines())[-1]
    assert (finished["message"], finished["dry_run"], finished["rows_created"]) == (
        "import checked",
        True,
        1,
    )


def test_a_refused_run_logs_its_errors_as_counts_by_column(log_lines):
    run(
        {
            "members.csv": members_csv(LYON),
            "memebers.csv": members_csv(LYON),
            "mandates.csv": MANDATES.replace("woman", "Femme?"),
            "events.csv": EVENTS,
            "participations.csv": participations(
                f"E1,{EMAIL},Femme?",
                f"E9,{EMAIL},woman",
                f"E2,{EMAIL},woman",
                f"E2,{EMAIL},woman",
            ),
        }
    )
    finished = import_lines(log_lines())[-1]
    assert finished["level"] == "WARNING"
    assert (finished["message"], finished["outcome"]) == ("import refused", "refused")
    assert finished["errors"] == ImportRun.objects.get().error_count == 5
    # An error counts for each column it names (a key given twice names two).
    assert finished["errors_by_column"] == {
        "mandates.csv:gender": 1,
        "participations.csv:gender": 1,
        "participations.csv:event_code": 2,
        "participations.csv:participant_ref": 1,
        "memebers.csv": 1,  # an unknown file: no column
    }
    everything = json.dumps(log_lines())
    assert EMAIL.lower() not in everything.lower()
    assert LEADER not in everything
    assert "Femme?" not in everything


def test_a_run_that_crashes_logs_the_failure_without_its_message(log_lines):
    def crash(execute, sql, params, many, context):
        if "members_member" in sql:
            raise RuntimeError(f"cannot read {EMAIL}")
        return execute(sql, params, many, context)

    with pytest.raises(RuntimeError), connection.execute_wrapper(crash):
        run({"members.csv": members_csv(LYON)})
    started, failed = import_lines(log_lines())
    assert (failed["level"], failed["message"]) == ("ERROR", "import failed")
    assert failed["import_id"] == started["import_id"]
    assert failed["exception"] == "builtins.RuntimeError"
    assert isinstance(failed["duration_ms"], int)
    assert EMAIL.lower() not in json.dumps(log_lines()).lower()
