import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.imports import staging
from apps.imports.models import ImportRun, StagedUpload
from apps.members.models import Mandate, Member
from tests.imports.helpers import members_csv

pytestmark = pytest.mark.django_db

URL = "/admin/imports/importrun/import/"
ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
MANDATES = (
    "member_code,leader_name,gender,started_on\nM001,Grégory Doucet,m,2020-07-04\n"
)


@pytest.fixture(autouse=True)
def _private_staging(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def stored(token) -> list[str]:
    """The files kept under a token in the "imports" storage."""
    try:
        return sorted(staging.storage().listdir(token)[1])
    except FileNotFoundError:
        return []


def upload(*files):
    return [SimpleUploadedFile(name, content) for name, content in files]


def test_check_then_confirm_writes_the_files(staff, settings):
    page = staff.post(
        URL,
        {
            "files": upload(
                ("members.csv", members_csv(ROW).encode()),
                ("mandates.csv", MANDATES.encode()),
            )
        },
    )
    assert page.status_code == 200
    assert not Member.objects.exists()  # a check writes nothing
    files = {f.name: f for f in page.context["report"].files}
    assert (files["members.csv"].new, files["mandates.csv"].new) == (1, 1)
    token = page.context["token"]
    assert token
    done = staff.post(URL, {"token": token, "confirm": "1"})
    assert done.status_code == 302
    assert Mandate.objects.get().member.code == "M001"
    assert list(ImportRun.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "checked",
        "written",
    ]
    assert stored(token) == []  # the files are gone once imported


def test_a_zip_of_the_year_is_opened(staff):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("2021/members.csv", members_csv(ROW))
        zipped.writestr("2021/mandates.csv", MANDATES)
        zipped.writestr("__MACOSX/._members.csv", "junk")
        zipped.writestr("2021/notes.txt", "ignored")
    page = staff.post(URL, {"files": upload(("annual-2021.zip", archive.getvalue()))})
    assert [f.name for f in page.context["report"].files] == [
        "members.csv",
        "mandates.csv",
    ]
    assert page.context["report"].ok


def test_errors_are_listed_and_nothing_can_be_confirmed(staff):
    page = staff.post(
        URL,
        {
            "files": upload(
                ("members.csv", members_csv(ROW.replace("FR", "XX")).encode())
            )
        },
    )
    content = page.content.decode()
    assert "members.csv:2 country=XX" in content
    assert page.context["token"] == ""
    assert 'name="confirm"' not in content
    assert not Member.objects.exists()


def test_cancel_discards_the_upload(staff):
    page = staff.post(
        URL, {"files": upload(("members.csv", members_csv(ROW).encode()))}
    )
    token = page.context["token"]
    staff.post(URL, {"token": token, "cancel": "1"})
    assert not Member.objects.exists()
    assert stored(token) == []
    assert not StagedUpload.objects.exists()


def test_an_expired_or_forged_token_is_refused(staff):
    response = staff.post(URL, {"token": "../../etc", "confirm": "1"}, follow=True)
    assert "this upload has expired" in response.content.decode().lower()
    assert not Member.objects.exists()


def test_stale_uploads_are_swept(secretariat):
    token = staging.stage({"members.csv": b"code\n"}, user=secretariat)
    staging.sweep(now=timezone.now() + staging.MAX_AGE - dt.timedelta(seconds=5))
    assert stored(token) == ["0"]
    staging.sweep(now=timezone.now() + staging.MAX_AGE + dt.timedelta(seconds=5))
    assert stored(token) == []
    assert not StagedUpload.objects.exists()


def test_managers_cannot_import(client, manager):
    client.force_login(manager)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"files": upload(("members.csv", b"x"))})
    assert response.status_code == 403


def test_the_import_page_lists_the_known_files(staff):
    content = staff.get(URL).content.decode()
    assert "<code>members.csv</code>" in content
    assert 'accept=".csv,.xlsx,.zip"' in content


def test_every_record_list_links_to_the_import_page(staff):
    assert URL in staff.get("/admin/members/member/").content.decode()


def test_export_action_gives_the_annual_file(staff):
    from tests.factories import MemberFactory

    lyon = MemberFactory(code="M001", name="=1+1")
    MemberFactory(code="M002")
    response = staff.post(
        "/admin/members/member/",
        {"action": "export_csv", "_selected_action": [lyon.pk]},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "code,name,city,country,region,category,joined_on,left_on"
    assert lines[1].startswith("M001,'=1+1,")
    assert len(lines) == 2
    response = staff.post(
        "/admin/members/member/",
        {"action": "export_xlsx", "_selected_action": [lyon.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="members.xlsx"'


def test_the_check_lists_the_first_new_and_updated_rows(staff):
    from tests.factories import MemberFactory

    MemberFactory(
        code="M001",
        name="Old name",
        country="FR",
        category="full",
        joined_on=dt.date(2000, 1, 1),
    )
    other = "M002,Lima area,Lima,PE,Latin America,full,2001-01-01,"
    page = staff.post(
        URL, {"files": upload(("members.csv", members_csv(ROW, other).encode()))}
    )
    preview = page.context["report"].files[0].preview
    assert preview == [
        (
            2,
            "updated",
            "M001",
            [
                ("name", "Old name", "Lyon area"),
                ("city", "—", "Lyon"),
                ("region", "—", "Europe"),
            ],
        ),
        (3, "new", "M002", []),
    ]
    assert "<code>name</code>: Old name → Lyon area" in page.content.decode()


def test_every_change_of_a_check_downloads_as_csv(staff):
    from tests.factories import MemberFactory

    MemberFactory(code="M001", name="=Old", country="FR", category="associate")
    rows = [ROW] + [f"M{n:03d},Member {n},,ES,,full,2001-01-01," for n in range(2, 602)]
    page = staff.post(
        URL, {"files": upload(("members.csv", members_csv(*rows).encode()))}
    )
    token = page.context["token"]
    assert len(page.context["report"].files[0].preview) == 500  # the page's share
    url = f"/admin/imports/importrun/import/{token}/changes.csv"
    assert url in page.content.decode()
    response = staff.get(url)
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[:5] == [
        "file,line,record,change,column,old,new",
        "members.csv,2,M001,updated,name,'=Old,Lyon area",
        "members.csv,2,M001,updated,city,—,Lyon",
        "members.csv,2,M001,updated,region,—,Europe",
        "members.csv,2,M001,updated,category,Associate,Full",
    ]
    assert lines[5] == "members.csv,3,M002,new,,,"
    assert len(lines) == 5 + 600  # every new row, past the page's 500
    staff.post(URL, {"token": token, "confirm": "1"})
    assert staff.get(url).status_code == 404  # gone with the staged files


def test_managers_cannot_download_the_changes(client, manager):
    client.force_login(manager)
    url = "/admin/imports/importrun/import/abc/changes.csv"
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("mode", [0o755, 0o770, 0o777])
def test_a_staging_folder_open_to_others_is_not_used(staff, settings, tmp_path, mode):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    settings.IMPORT_STAGING_DIR = str(folder)
    page = staff.post(
        URL, {"files": upload(("members.csv", members_csv(ROW).encode()))}
    )
    assert page.context["form"].errors["files"] == [
        f"the folder of uploads waiting to be imported, {folder}, is not private "
        "(another user's, or open to others): uploads are refused until it is "
        "(the IMPORT_STAGING_DIR setting)"
    ]
    assert list(folder.iterdir()) == []
    assert not ImportRun.objects.exists()


def test_an_empty_file_among_others_is_named(staff):
    page = staff.post(
        URL,
        {
            "files": upload(
                ("members.csv", members_csv(ROW).encode()),
                ("mandates.csv", b""),
                ("programmes.csv", b""),
            )
        },
    )
    assert page.context["form"].errors["files"] == [
        "mandates.csv: The submitted file is empty.",
        "programmes.csv: The submitted file is empty.",
    ]
    assert not ImportRun.objects.exists()


def test_the_empty_files_name_is_said_in_french(staff):
    page = staff.post(
        URL, {"files": upload(("mandates.csv", b""))}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert page.context["form"].errors["files"] == [
        "mandates.csv : Le fichier soumis est vide."
    ]
