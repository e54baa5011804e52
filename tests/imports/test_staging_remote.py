"""Staged uploads in a storage with no local path, as S3 is with several app
servers (docs/operations.md, "Uploads"): every step through the admin.

Each test runs on Django's InMemoryStorage and on `S3LikeStorage`, a shared
folder reached only as django-storages' S3Storage reaches a bucket.
"""

import datetime as dt
import os

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from apps.imports import staging
from apps.imports.models import ImportRun, StagedUpload
from apps.members.models import Mandate, Member
from tests.imports.helpers import members_csv, members_xlsx, zipped

pytestmark = pytest.mark.django_db

URL = "/admin/imports/importrun/import/"
ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
MANDATES = "member_code,leader_name,gender,started_on\nM001,Ana Pérez,f,2020-07-04\n"
IMPORTED_ONE = "Imported: 1 new, 0 updated, 0 unchanged."
# What each format uploads, and the changes its check finds.
FORMATS = {
    "csv": (
        [("members.csv", members_csv(ROW).encode())],
        ["members.csv,2,M001,new,,,"],
    ),
    "xlsx": (
        [("Members.xlsx", members_xlsx(ROW))],
        ["Members.xlsx,2,M001,new,,,"],
    ),
    "zip": (
        [
            (
                "annual-2021.zip",
                zipped(
                    {
                        "members.xlsx": members_xlsx(ROW),
                        "mandates.csv": MANDATES.encode(),
                    }
                ),
            )
        ],
        ["members.xlsx,2,M001,new,,,", 'mandates.csv,2,"M001, 2020-07-04",new,,,'],
    ),
}


@pytest.fixture(autouse=True)
def folder(settings, tmp_path):
    """This server's local folder, for working copies only."""
    settings.IMPORT_STAGING_DIR = str(tmp_path / "local")
    return tmp_path / "local"


@pytest.fixture(params=["in memory", "S3-like"])
def shared(request, settings, tmp_path):
    """The "imports" storage, one with no local path, as STORAGES says."""
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "in memory": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "S3-like": {
                "BACKEND": "tests.imports.s3_like.S3LikeStorage",
                "OPTIONS": {"location": str(tmp_path / "bucket")},
            },
        }[request.param],
    }
    # The setting_changed signal resets Django's storages: the new one serves.
    assert not isinstance(storages["imports"], FileSystemStorage)
    assert staging.storage() is storages["imports"]
    return storages["imports"]


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def stored(store) -> dict[str, list[str]]:
    """The files in the storage, by token (none may be outside one)."""
    tokens, files = store.listdir("")
    assert files == []
    return {token: sorted(store.listdir(token)[1]) for token in tokens}


def working_copies(folder) -> list[str]:
    """What this server's local folder holds besides its empty `.copies`."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path != folder / staging.COPIES
    )


def check(staff, *files: tuple[str, bytes]) -> str:
    files = files or FORMATS["csv"][0]
    page = staff.post(URL, {"files": [SimpleUploadedFile(*file) for file in files]})
    assert page.status_code == 200
    assert page.context["token"]
    return page.context["token"]


def messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def outcomes() -> list[str]:
    return list(ImportRun.objects.order_by("pk").values_list("outcome", flat=True))


def backdate(monkeypatch, store, *tokens: str) -> None:
    """Make the stored files of tokens older than any upload may be."""
    old = timezone.now() - staging.MAX_AGE - dt.timedelta(minutes=1)
    real = store.get_modified_time
    monkeypatch.setattr(
        store,
        "get_modified_time",
        lambda name: old if name.split("/")[0] in tokens else real(name),
    )


def expire(*tokens: str) -> None:
    StagedUpload.objects.filter(token__in=tokens).update(
        created_at=timezone.now() - staging.MAX_AGE - dt.timedelta(seconds=1)
    )


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_is_checked_then_imported_through_the_storage_alone(
    staff, shared, folder, kind
):
    uploads, changes = FORMATS[kind]
    token = check(staff, *uploads)
    assert not Member.objects.exists()
    assert stored(shared) == {token: [*map(str, range(len(changes))), staging.CHANGES]}
    assert working_copies(folder) == []  # the check's copies are gone
    url = f"{URL}{token}/changes.csv"
    download = b"".join(staff.get(url).streaming_content).decode("utf-8-sig")
    assert download.splitlines() == [",".join(staging.CHANGES_HEADER), *changes]

    done = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert messages(done) == [f"Imported: {len(changes)} new, 0 updated, 0 unchanged."]
    assert Member.objects.get().code == "M001"
    assert Mandate.objects.count() == len(changes) - 1
    assert outcomes() == ["checked", "written"]
    assert stored(shared) == {}
    assert working_copies(folder) == []
    assert staff.get(url).status_code == 404


def test_cancel_leaves_nothing_in_the_storage(staff, shared):
    token = check(staff)
    cancelled = staff.post(URL, {"token": token, "cancel": "1"}, follow=True)
    assert messages(cancelled) == ["Import cancelled: nothing was written."]
    assert stored(shared) == {}
    assert not StagedUpload.objects.exists()
    assert not Member.objects.exists()


def test_import_pressed_twice_imports_once(staff, shared):
    token = check(staff)
    first = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    again = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert messages(first) == [IMPORTED_ONE]
    assert messages(again) == [
        "These files were imported already: see the import history."
    ]
    assert Member.objects.count() == 1
    assert outcomes() == ["checked", "written"]
    assert stored(shared) == {}


def test_a_refused_import_leaves_no_file_nor_working_copy(
    staff, shared, folder, monkeypatch
):
    token = check(staff)

    def refuse(model, rows):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr("apps.imports.bulk.insert_many", refuse)
    refused = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert messages(refused)[0] == "1 error(s) since the check: nothing was written."
    assert outcomes() == ["checked", "refused"]
    assert stored(shared) == {}
    assert working_copies(folder) == []
    assert not StagedUpload.objects.exists()


@pytest.mark.parametrize("step", ["check", "confirm"])
def test_an_import_that_raises_leaves_no_file_nor_working_copy(
    staff, shared, folder, monkeypatch, step
):
    token = check(staff) if step == "confirm" else ""
    given = {}

    def fail(files, **options):
        given.update({name: path.read_bytes() for name, path in files.items()})
        assert all(folder / staging.COPIES in path.parents for path in files.values())
        raise RuntimeError("the database went away")

    monkeypatch.setattr("apps.imports.views.import_annual_files", fail)
    posted = (
        {"token": token, "confirm": "1"}
        if token
        else {"files": [SimpleUploadedFile("members.csv", members_csv(ROW).encode())]}
    )
    with pytest.raises(RuntimeError, match="the database went away"):
        staff.post(URL, posted)
    assert given == {"members.csv": members_csv(ROW).encode()}
    assert stored(shared) == {}
    assert working_copies(folder) == []
    assert not StagedUpload.objects.exists()


def test_a_file_gone_from_the_storage_leaves_no_working_copy_nor_open_file(
    secretariat, shared, folder
):
    files = {"members.csv": b"code\n", "mandates.csv": b"member_code\n"}
    token = staging.stage(files, user=secretariat)
    shared.delete(f"{token}/1")  # as a lifecycle rule of the bucket would
    descriptors = len(os.listdir("/proc/self/fd"))
    with pytest.raises(staging.UploadError), staging.local_files(token):
        pass
    assert len(os.listdir("/proc/self/fd")) == descriptors
    assert working_copies(folder) == []


def test_a_confirmation_whose_files_are_gone_says_so_and_writes_nothing(staff, shared):
    token = check(staff)
    shared.delete(f"{token}/0")
    gone = staff.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert gone.redirect_chain == [(URL, 302)]
    assert messages(gone) == ["this upload has expired; upload the files again"]
    assert not Member.objects.exists()
    assert outcomes() == ["checked"]
    assert not StagedUpload.objects.exists()


def test_an_upload_refused_midway_leaves_nothing_in_the_storage(
    staff, shared, settings
):
    settings.IMPORT_MAX_UPLOAD_MB = 0.01
    archive = zipped(
        {
            "members.csv": members_csv(ROW).encode(),
            "mandates.csv": MANDATES.encode() * 500,
        }
    )
    page = staff.post(URL, {"files": [SimpleUploadedFile("annual.zip", archive)]})
    assert page.context["form"].errors["files"] == [
        "the files are too large: 0.01 MB at most, once unzipped "
        "(the IMPORT_MAX_UPLOAD_MB setting)"
    ]
    assert stored(shared) == {}
    assert not StagedUpload.objects.exists()


def test_an_upload_sweeps_expired_uploads_and_old_files_of_no_upload(
    staff, secretariat, shared, monkeypatch
):
    expired = check(staff)
    importing = check(staff)  # an old upload whose import runs now
    staging.claim(importing, user=secretariat)
    expire(expired, importing)
    StagedUpload.objects.filter(token=importing).update(claimed_at=timezone.now())
    current = check(staff)
    orphan, old_orphan = check(staff), check(staff)
    StagedUpload.objects.filter(token__in=[orphan, old_orphan]).delete()
    backdate(monkeypatch, shared, old_orphan)

    latest = check(staff)
    assert sorted(stored(shared)) == sorted([importing, current, orphan, latest])
    assert set(StagedUpload.objects.values_list("token", flat=True)) == {
        importing,
        current,
        latest,
    }


def test_an_upload_is_kept_when_sweeping_others_fails(
    staff, shared, monkeypatch, caplog
):
    """Another server may sweep the same old files at the same moment: a
    file gone under the sweep is its loss, not the upload's."""

    def gone(name):
        raise FileNotFoundError(name)

    orphan = check(staff)
    StagedUpload.objects.filter(token=orphan).delete()
    monkeypatch.setattr(shared, "get_modified_time", gone)
    token = check(staff)
    assert StagedUpload.objects.filter(token=token).exists()
    logged = [r for r in caplog.records if r.name == "apps.imports.staging"]
    swept = "staging: old uploads could not be swept"
    assert [r.getMessage() for r in logged] == [swept]


def test_files_of_no_upload_are_swept_once_as_old_as_an_upload_may_be(
    secretariat, shared
):
    token = staging.stage({"members.csv": b"code\n"}, user=secretariat)
    StagedUpload.objects.all().delete()  # as when its user is deleted
    staging.sweep(now=timezone.now() + staging.MAX_AGE - dt.timedelta(seconds=5))
    assert stored(shared) == {token: ["0"]}
    staging.sweep(now=timezone.now() + staging.MAX_AGE + dt.timedelta(seconds=5))
    assert stored(shared) == {}


def test_the_start_removes_only_expired_uploads_old_orphans_and_working_copies(
    staff, secretariat, shared, folder, monkeypatch
):
    """Another server may be checking or importing the others, so that a
    start removes none of them (see `staging.clean_at_start`)."""
    checking = staging.stage({"members.csv": b"code\n"}, user=secretariat)
    importing = check(staff)
    staging.claim(importing, user=secretariat)
    checked = check(staff)
    expired = check(staff)
    expire(expired)
    old_orphan = check(staff)
    StagedUpload.objects.filter(token=old_orphan).delete()
    backdate(monkeypatch, shared, old_orphan)
    killed = folder / staging.COPIES / f"{checked}-x"  # a killed import's
    killed.mkdir(parents=True)
    (killed / "0").write_bytes(b"code\n")

    call_command("clean_staged_imports")
    assert sorted(stored(shared)) == sorted([checking, importing, checked])
    assert set(StagedUpload.objects.values_list("token", flat=True)) == {
        checking,
        importing,
        checked,
    }
    assert not (folder / staging.COPIES).exists()
    done = staff.post(URL, {"token": checked, "confirm": "1"}, follow=True)
    assert messages(done) == [IMPORTED_ONE]
