"""Every accepted format (.csv, .xlsx, a .zip of them) through every entry
point: the command (a directory, a zip, a single file) and the admin upload.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.imports.models import ImportRun
from apps.members.models import Mandate, Member
from tests.imports.helpers import members_csv, members_xlsx, zipped

pytestmark = pytest.mark.django_db

URL = "/admin/imports/importrun/import/"
ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"
MANDATES = "member_code,leader_name,gender,started_on\nM001,Ana Pérez,f,2020-07-04\n"


FORMATS = {
    "csv": {"members.csv": members_csv(ROW).encode()},
    "xlsx": {"Members.xlsx": members_xlsx(ROW)},
    "csv and xlsx": {
        "members.xlsx": members_xlsx(ROW),
        "mandates.csv": MANDATES.encode(),
    },
}


def imported() -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in Member.objects.all()]


@pytest.fixture(autouse=True)
def _private_staging(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")


@pytest.mark.parametrize("kind", FORMATS)
def test_the_command_imports_a_directory_of_each_format(tmp_path, kind, capsys):
    for name, data in FORMATS[kind].items():
        (tmp_path / name).write_bytes(data)
    call_command("import_annual", str(tmp_path))
    assert "Imported." in capsys.readouterr().out
    assert imported() == [("M001", "Lyon area")]
    if "mandates.csv" in FORMATS[kind]:
        assert Mandate.objects.get().leader_name == "Ana Pérez"


@pytest.mark.parametrize("kind", FORMATS)
def test_the_command_imports_a_zip_of_each_format(tmp_path, kind, capsys):
    archive = tmp_path / "annual-2021.zip"
    archive.write_bytes(zipped(FORMATS[kind]))
    call_command("import_annual", str(archive))
    assert "Imported." in capsys.readouterr().out
    assert imported() == [("M001", "Lyon area")]


@pytest.mark.parametrize("name", ["members.csv", "Members.xlsx"])
def test_the_command_imports_a_single_file(tmp_path, name, capsys):
    data = {**FORMATS["csv"], **FORMATS["xlsx"]}[name]
    (tmp_path / name).write_bytes(data)
    call_command("import_annual", str(tmp_path / name))
    assert "Imported." in capsys.readouterr().out
    assert imported() == [("M001", "Lyon area")]


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("as_zip", [False, True], ids=["files", "zip"])
def test_the_admin_imports_an_upload_of_each_format(client, secretariat, kind, as_zip):
    client.force_login(secretariat)
    files = FORMATS[kind]
    if as_zip:
        uploads = [SimpleUploadedFile("annual-2021.zip", zipped(files))]
    else:
        uploads = [SimpleUploadedFile(name, data) for name, data in files.items()]
    page = client.post(URL, {"files": uploads})
    assert page.status_code == 200
    assert page.context["report"].ok
    assert not Member.objects.exists()
    done = client.post(URL, {"token": page.context["token"], "confirm": "1"})
    assert done.status_code == 302
    assert imported() == [("M001", "Lyon area")]
    assert list(ImportRun.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "checked",
        "written",
    ]
