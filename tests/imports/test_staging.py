"""Where checked uploads wait: by default a private local folder (other
storages: test_staging_remote.py)."""

import os
import stat

import pytest
from django.core.checks import Error, run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from apps.imports import staging
from apps.imports.models import StagedUpload
from apps.members.models import Member
from tests.factories import UserFactory
from tests.imports.helpers import members_csv

pytestmark = pytest.mark.django_db

URL = "/admin/imports/importrun/import/"
ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
NOT_PRIVATE = (
    "the folder of uploads waiting to be imported, {}, is not private "
    "(another user's, or open to others): uploads are refused until it is "
    "(the IMPORT_STAGING_DIR setting)"
)


@pytest.fixture(autouse=True)
def folder(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "data" / "imports")
    return tmp_path / "data" / "imports"


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def check(staff) -> str:
    upload = SimpleUploadedFile("members.csv", members_csv(ROW).encode())
    page = staff.post(URL, {"files": [upload]})
    assert page.context["token"]
    return page.context["token"]


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_default_storage_is_a_private_folder_of_the_data_folder(settings):
    assert settings.IMPORT_STAGING_DIR  # moved by the fixture; by default:
    assert settings.DATA_DIR == settings.BASE_DIR / "var"
    assert settings.STORAGES["imports"] == {
        "BACKEND": "apps.imports.staging.PrivateFolderStorage"
    }


def test_the_folder_is_made_private_and_the_files_readable_by_this_user_only(
    staff, folder
):
    token = check(staff)
    assert mode(folder) == 0o700
    assert mode(folder / token) == 0o700
    assert {path.name: mode(path) for path in (folder / token).iterdir()} == {
        "0": 0o600,
        "changes.csv": 0o600,
    }


@pytest.mark.parametrize("permissions", [0o750, 0o705, 0o777])
def test_a_folder_open_to_others_fails_the_system_check_and_the_start(
    folder, permissions
):
    folder.mkdir(parents=True)
    folder.chmod(permissions)
    assert [error for error in run_checks() if error.id.startswith("imports.")] == [
        Error(NOT_PRIVATE.format(folder), id="imports.E001")
    ]
    with pytest.raises(CommandError, match="is not private"):
        call_command("clean_staged_imports")


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder away needs root")
def test_another_users_folder_fails_the_system_check(folder):
    folder.mkdir(mode=0o700, parents=True)
    os.chown(folder, os.getuid() + 4242, -1)
    assert staging.check_private_folder() == [
        Error(NOT_PRIVATE.format(folder), id="imports.E001")
    ]


def test_a_private_or_missing_folder_passes_the_system_check(folder):
    assert staging.check_private_folder() == []
    folder.mkdir(mode=0o700, parents=True)
    assert staging.check_private_folder() == []


def test_the_start_makes_the_folder_private(folder):
    call_command("clean_staged_imports")
    assert mode(folder) == 0o700


def test_the_start_removes_what_killed_processes_left(staff, secretariat, folder):
    kept = check(staff)
    checking = staging.stage({"members.csv": b"code\n"}, user=secretariat)
    importing = check(staff)
    staging.claim(importing, user=secretariat)
    copies = folder / staging.COPIES / "x"
    copies.mkdir(parents=True)
    (copies / "0").write_bytes(b"code\n")
    call_command("clean_staged_imports")
    assert sorted(path.name for path in folder.iterdir()) == [kept]
    assert list(StagedUpload.objects.values_list("token", flat=True)) == [kept]
    assert not {checking, importing} & {path.name for path in folder.iterdir()}


def test_a_confirmation_whose_files_are_gone_says_so_and_writes_nothing(staff, folder):
    token = check(staff)
    (folder / token / "0").unlink()  # a cleaner of old files, say
    gone = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert gone.redirect_chain == [(URL, 302)]
    assert messages(gone) == ["this upload has expired; upload the files again"]
    assert not Member.objects.exists()
    assert not StagedUpload.objects.exists()


def test_only_the_user_who_checked_may_confirm_or_cancel(staff, client, roles):
    token = check(staff)
    other = UserFactory(username="other", is_staff=True, is_superuser=True)
    client.force_login(other)
    for button in ("confirm", "cancel"):
        response = client.post(URL, {"token": token, button: "1"}, follow=True)
        assert messages(response) == ["this upload has expired; upload the files again"]
    assert client.get(f"{URL}{token}/changes.csv").status_code == 404
    assert not Member.objects.exists()
    assert StagedUpload.objects.get().claimed_at is None


def test_a_failed_import_leaves_no_file(staff, folder, monkeypatch):
    token = check(staff)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("apps.imports.views.import_annual_files", fail)
    with pytest.raises(RuntimeError):
        staff.post(URL, {"token": token, "confirm": "1"})
    assert list(folder.iterdir()) == []
    assert not StagedUpload.objects.exists()
