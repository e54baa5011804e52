"""Hostile uploads, each found by probing, refused quickly in little memory.

The command runs in a process of its own, on a copy of the test database,
and its peak memory is measured (ru_maxrss of a child): under 512 MiB and
30 seconds, exit 1 with a message and no traceback. The admin's upload is
given the same files and says why on its page.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.imports.models import ImportRun
from apps.members.models import Member
from tests.imports import hostile

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/admin/imports/importrun/import/"
MAX_PEAK = 512 * 1024 * 1024
MAX_SECONDS = 30
# Runs the command as a child, then prints the child's peak memory. A
# ceiling on its address space keeps a regression from taking the machine.
MEASURED = """
import resource, subprocess, sys
def ceiling():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
done = subprocess.run(sys.argv[1:], preexec_fn=ceiling)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak-kib={peak}", file=sys.stderr)
sys.exit(done.returncode)
"""

HOSTILE = {
    # name: (builder, file name, what the refusal says)
    "zip bomb": (
        hostile.zip_bomb,
        "annual.zip",
        "the files are too large: 200 MB at most, once unzipped",
    ),
    "value in column XFD on 20,000 rows": (
        hostile.far_column_workbook,
        "members.xlsx",
        "line 3: a value in column 16384, beyond the header's last column (8)",
    ),
    "header over 131,072 characters": (
        hostile.long_header_csv,
        "members.csv",
        "line 1: field larger than field limit (131072)",
    ),
    "line of 3 MiB": (
        hostile.long_line_csv,
        "members.csv",
        "line 2 is longer than 1,048,576 characters",
    ),
    "malformed XML": (
        hostile.malformed_xml_workbook,
        "members.xlsx",
        "not an Excel workbook (.xlsx): xl/worksheets/sheet1.xml: unclosed token",
    ),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {
        case: builder(folder / f"{n}-{name}")
        for n, (case, (builder, name, _)) in enumerate(HOSTILE.items())
    }


def import_annual(database, *args) -> tuple[int, str, float, int]:
    """Run the command; return its exit code, stderr, seconds and peak bytes."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=database.environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.monotonic() - started
    peak = int(re.search(r"peak-kib=(\d+)", done.stderr).group(1)) * 1024
    return done.returncode, done.stderr, seconds, peak


def staged_as(path: Path, name: str, folder: Path) -> Path:
    """The file under the name the command reads it by."""
    folder.mkdir()
    target = folder / name
    target.symlink_to(path)
    return target


@pytest.mark.parametrize("case", HOSTILE)
def test_the_command_refuses_a_hostile_file_quickly_in_little_memory(
    database, files, tmp_path, case
):
    _, name, message = HOSTILE[case]
    path = staged_as(files[case], name, tmp_path / "year")
    code, stderr, seconds, peak = import_annual(database, "import_annual", str(path))
    assert code == 1
    assert message in stderr
    assert "Traceback" not in stderr
    assert seconds < MAX_SECONDS
    assert peak < MAX_PEAK, f"{peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("case", HOSTILE)
def test_the_admin_refuses_a_hostile_upload_and_keeps_nothing(
    client, secretariat, settings, tmp_path, files, case
):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    _, name, message = HOSTILE[case]
    client.force_login(secretariat)
    with files[case].open("rb") as data:
        page = client.post(URL, {"files": [SimpleUploadedFile(name, data.read())]})
    assert page.status_code == 200
    assert message in page.content.decode().replace("&#x27;", "'")
    assert "token" not in page.context or not page.context["token"]
    assert list((tmp_path / "staging").iterdir()) == []
    assert not Member.objects.exists()


def test_a_sheet_stating_it_fills_every_cell_is_read_at_once(database, tmp_path):
    path = hostile.whole_sheet_dimension_workbook(tmp_path / "members.xlsx")
    code, stderr, seconds, peak = import_annual(database, "import_annual", str(path))
    assert (code, seconds < 10, peak < MAX_PEAK) == (0, True, True), stderr
    assert database.probe(indicators=False)["rows"]["members.Member"] == 1


def test_formatted_empty_cells_far_to_the_right_are_not_read(database, tmp_path):
    path = hostile.styled_far_column_workbook(tmp_path / "members.xlsx")
    code, stderr, seconds, peak = import_annual(database, "import_annual", str(path))
    assert (code, seconds < 15, peak < MAX_PEAK) == (0, True, True), stderr
    assert database.probe(indicators=False)["rows"]["members.Member"] == 1


def test_an_upload_over_the_cap_is_refused_before_it_is_read(
    client, secretariat, settings, tmp_path
):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(secretariat)
    upload = SimpleUploadedFile("members.csv", b"code\n" + b"x" * (2 * 1024 * 1024))
    page = client.post(URL, {"files": [upload]})
    assert page.status_code == 200
    assert page.context["form"].errors["files"] == [
        "the upload is too large: 1 MB at most (the IMPORT_MAX_UPLOAD_MB setting)"
    ]
    assert not (tmp_path / "staging").exists() or not any(
        (tmp_path / "staging").iterdir()
    )
    assert not ImportRun.objects.exists()


def test_an_upload_under_the_cap_is_checked(client, secretariat, settings, tmp_path):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(secretariat)
    content = (hostile.MEMBERS_HEADER + "\n" + hostile.ROW + "\n").encode()
    page = client.post(URL, {"files": [SimpleUploadedFile("members.csv", content)]})
    assert page.context["report"].ok


@pytest.mark.parametrize(
    ("builder", "name", "message"),
    [
        (
            hostile.many_entries_zip,
            "annual.zip",
            "annual.zip: the archive lists too many files",
        ),
        (
            hostile.row_beyond_excel_workbook,
            "members.xlsx",
            "members.xlsx: more rows than Excel allows (1,048,576)",
        ),
        (
            hostile.large_shared_strings_workbook,
            "members.xlsx",
            "members.xlsx: the workbook is too large to read (xl/sharedStrings.xml); "
            "save its first sheet as CSV",
        ),
    ],
)
def test_an_archive_or_workbook_past_its_bounds_is_refused(
    client, secretariat, settings, tmp_path, builder, name, message
):
    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    client.force_login(secretariat)
    data = builder(tmp_path / name).read_bytes()
    page = client.post(URL, {"files": [SimpleUploadedFile(name, data)]})
    assert message in page.content.decode().replace("&#x27;", "'")
    assert not Member.objects.exists()
