import getpass
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from apps.imports.models import ImportRun
from tests.imports.helpers import members_csv, run

pytestmark = pytest.mark.django_db

ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"


def test_every_run_is_recorded_with_its_files_and_counts(secretariat):
    content = members_csv(ROW)
    run({"members.csv": content}, origin="admin", user=secretariat)
    recorded = ImportRun.objects.get()
    assert (recorded.outcome, recorded.origin, recorded.dry_run) == (
        "written",
        "admin",
        False,
    )
    assert recorded.by == "secretariat"
    file = recorded.files.get()
    assert (file.name, file.new, file.updated, file.unchanged) == (
        "members.csv",
        1,
        0,
        0,
    )
    assert file.sha256 == hashlib.sha256(content.encode()).hexdigest()
    assert file.size == len(content.encode())


def test_dry_runs_and_refused_runs_are_recorded_too():
    run({"members.csv": members_csv(ROW)}, dry_run=True)
    run({"members.csv": members_csv(ROW.replace("full", "gold"))})
    checked, refused = ImportRun.objects.order_by("pk")
    assert (checked.outcome, checked.dry_run) == ("checked", True)
    assert (refused.outcome, refused.error_count) == ("refused", 1)
    assert refused.errors == [
        {
            "file": "members.csv",
            "line": 2,
            "cells": [["category", "gold"]],
            "reason": "not one of the allowed values: full, associate, strategic, "
            "benefactor, collaborator, sponsor",
        }
    ]
    assert refused.files.get().error_count == 1


def test_the_command_records_who_ran_it(tmp_path):
    (tmp_path / "members.csv").write_text(members_csv(ROW))
    call_command("import_annual", str(tmp_path), stdout=io.StringIO())
    assert ImportRun.objects.get().by == getpass.getuser()
    (tmp_path / "members.csv").write_text("nonsense\n")
    with pytest.raises(CommandError):
        call_command("import_annual", str(tmp_path), stdout=io.StringIO())
    assert ImportRun.objects.filter(outcome="refused").count() == 1


def test_no_personal_value_is_kept_in_the_history():
    from tests.factories import EventFactory

    EventFactory(code="E1")
    run(
        {
            "participations.csv": "event_code,participant_ref,gender\n"
            "E1,secret.person@example.org,lady\n"
            "E1,secret.person@example.org,woman\n"
        }
    )
    assert "secret" not in str(ImportRun.objects.get().errors)


def test_the_error_report_downloads_as_csv(client, manager):
    run({"members.csv": members_csv(ROW.replace("FR", "France"))})
    recorded = ImportRun.objects.get()
    client.force_login(manager)
    page = client.get(f"/admin/imports/importrun/{recorded.pk}/change/")
    assert page.status_code == 200
    response = client.get(f"/admin/imports/importrun/{recorded.pk}/errors.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [
        "file,line,cells,reason",
        "members.csv,2,country=France,"
        '"not an ISO 3166 alpha-2 country code (e.g. ES, FR, BR)"',
    ]


def test_a_file_refused_by_its_name_is_recorded_with_its_errors():
    run({"members.csv": members_csv(ROW), "membres.csv": members_csv(ROW)})
    files = ImportRun.objects.get().files.order_by("name")
    assert [(f.name, f.new, f.error_count) for f in files] == [
        ("members.csv", 1, 0),
        ("membres.csv", 0, 1),
    ]
