"""The admin's import page under faults: pressed twice, busy, refused."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone

from apps.imports import staging
from apps.imports.models import ImportRun
from apps.members.models import Member
from tests.factories import ImportRunFactory
from tests.imports.helpers import members_csv
from tests.imports.locks import another_import

pytestmark = pytest.mark.django_db

URL = "/admin/imports/importrun/import/"
ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
OTHER = "another import is running, started at 1 March 2021, 10:00 by alice"


@pytest.fixture(autouse=True)
def _private_staging_and_no_waiting(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    settings.IMPORT_LOCK_WAIT = 0


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def alice_importing():
    ImportRunFactory(
        outcome="running",
        finished_at=None,
        started_at=dt.datetime(2021, 3, 1, 10, 0, tzinfo=dt.UTC),
        by="alice",
    )
    with another_import():
        yield


def checked(staff) -> str:
    upload = SimpleUploadedFile("members.csv", members_csv(ROW).encode())
    page = staff.post(URL, {"files": [upload]})
    assert page.context["token"]
    return page.context["token"]


def texts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_confirm_pressed_while_the_import_runs_is_refused(staff, secretariat):
    token = checked(staff)
    staging.claim(token, user=secretariat)  # the first press, still importing
    response = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert texts(response) == [
        "These files are being imported already: see the import history."
    ]
    assert not Member.objects.exists()


def test_confirm_pressed_again_after_the_import_is_refused(staff):
    token = checked(staff)
    first = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert texts(first) == ["Imported: 1 new, 0 updated, 0 unchanged."]
    response = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert texts(response) == [
        "These files were imported already: see the import history."
    ]
    assert list(ImportRun.objects.values_list("outcome", flat=True)) == [
        "written",
        "checked",
    ]


def test_a_check_while_another_import_runs_says_so(staff, alice_importing):
    upload = SimpleUploadedFile("members.csv", members_csv(ROW).encode())
    page = staff.post(URL, {"files": [upload]})
    assert page.context["form"].errors == {
        "__all__": [f"{OTHER}: nothing was written; try again when it has finished"]
    }
    assert OTHER in page.content.decode()


def test_a_confirm_while_another_import_runs_can_be_pressed_again(staff):
    token = checked(staff)
    ImportRunFactory(
        outcome="running",
        finished_at=None,
        started_at=dt.datetime(2021, 3, 1, 10, 0, tzinfo=dt.UTC),
        by="alice",
    )
    with another_import():
        page = staff.post(URL, {"token": token, "confirm": "1"})
    assert page.status_code == 200
    content = page.content.decode()
    assert f"{OTHER}: nothing was written; try again when it has finished" in content
    assert 'name="confirm"' in content
    assert not Member.objects.exists()
    done = staff.post(URL, {"token": page.context["token"], "confirm": "1"})
    assert done.status_code == 302
    assert Member.objects.get().code == "M001"


def test_a_database_refusal_at_confirm_shows_the_error(staff, monkeypatch):
    token = checked(staff)

    def refuse(model, rows):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr("apps.imports.bulk.insert_many", refuse)
    response = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert texts(response) == [
        "1 error(s) since the check: nothing was written.",
        "members.csv: the database refused the file: database or disk is full",
    ]
    refused = ImportRun.objects.get(outcome="refused")
    assert response.redirect_chain[-1][0].endswith(f"/{refused.pk}/change/")
    assert not Member.objects.exists()


def test_a_refusal_that_leaves_no_history_still_answers(staff, monkeypatch):
    token = checked(staff)

    def refuse(*args, **kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr("apps.imports.bulk.insert_many", refuse)
    monkeypatch.setattr("apps.imports.runs.finish_run", refuse)
    response = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert texts(response) == [
        "1 error(s) since the check: nothing was written.",
        "members.csv: the database refused the file: disk I/O error",
        "The run could not be recorded in the import history: disk I/O error",
    ]


def test_a_check_that_leaves_no_history_still_shows_its_errors(staff, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr("apps.imports.runs.finish_run", refuse)
    upload = SimpleUploadedFile("members.csv", members_csv("M001").encode())
    page = staff.post(URL, {"files": [upload]})
    assert page.status_code == 200
    assert "members.csv:2" in page.content.decode()
    assert "Download every error" not in page.content.decode()


def test_the_marks_of_imported_files_are_swept(secretariat):
    token = staging.stage({"members.csv": b"code\n"}, user=secretariat)
    staging.checked(token)
    staging.claim(token, user=secretariat)
    staging.imported(token)
    staging.sweep(now=timezone.now() + dt.timedelta(hours=2))
    with pytest.raises(staging.UploadError, match="this upload has expired"):
        staging.claim(token, user=secretariat)
