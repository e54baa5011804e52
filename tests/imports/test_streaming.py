"""Large files: read as a stream, a chunk of rows at a time."""

import pytest

from apps.imports.runner import find_annual_files, import_annual_files
from apps.members.models import Member
from tests.factories import MemberFactory
from tests.imports.helpers import errors, members_csv, run

pytestmark = pytest.mark.django_db


def row(i, category="full"):
    return f"M{i:04d},Member {i},,ES,,{category},2000-01-01,"


@pytest.fixture
def small_chunks(settings):
    settings.IMPORT_CHUNK_ROWS = 3


def test_a_file_in_many_chunks_imports_every_row(small_chunks):
    MemberFactory(code="M0005", name="Old name")
    report = run({"members.csv": members_csv(*(row(i) for i in range(10)))})
    assert errors(report) == []
    file = report.files[0]
    assert (file.new, file.updated, file.unchanged) == (9, 1, 0)
    assert Member.objects.count() == 10
    assert Member.objects.get(code="M0005").name == "Member 5"


def test_a_key_given_twice_in_different_chunks_names_both_lines(small_chunks):
    rows = [row(i) for i in range(8)] + [row(1), row(6)]
    report = run({"members.csv": members_csv(*rows)})
    assert errors(report) == [
        "members.csv:10 code=M0001: the same key is already on line 3",
        "members.csv:11 code=M0006: the same key is already on line 8",
    ]
    assert not Member.objects.exists()


def test_a_key_given_twice_within_a_chunk_too(small_chunks):
    report = run({"members.csv": members_csv(row(1), row(1), row(2))})
    assert errors(report) == [
        "members.csv:3 code=M0001: the same key is already on line 2"
    ]


def test_a_file_on_disk_is_streamed_with_its_encoding(tmp_path, small_chunks):
    content = members_csv(*(row(i) for i in range(7))).replace("Member 3", "Montréal")
    (tmp_path / "members.csv").write_bytes(content.encode("cp1252"))
    files = find_annual_files(tmp_path)
    assert files == {"members.csv": tmp_path / "members.csv"}
    report = import_annual_files(files)
    assert errors(report) == []
    assert Member.objects.get(code="M0003").name == "Montréal"


def test_a_utf8_file_with_a_bom_on_disk(tmp_path):
    content = "\ufeff" + members_csv(row(1)).replace("Member 1", "São Paulo")
    (tmp_path / "members.csv").write_bytes(content.encode("utf-8"))
    report = import_annual_files(find_annual_files(tmp_path))
    assert errors(report) == []
    assert Member.objects.get().name == "São Paulo"


def test_a_binary_file_on_disk_is_refused(tmp_path):
    (tmp_path / "members.csv").write_bytes(b"code\x00\x01")
    report = import_annual_files(find_annual_files(tmp_path))
    assert errors(report) == [
        "members.csv: not a text file (is it an Excel workbook saved as .csv?)"
    ]


def test_only_the_first_errors_are_kept_the_rest_counted(settings):
    settings.IMPORT_MAX_ERRORS = 5
    report = run({"members.csv": members_csv(*(row(i, "gold") for i in range(12)))})
    assert len(report.errors) == 5
    assert report.error_count == 12
    assert report.files[0].more_errors == 7
    assert not report.ok


NOT_A_COUNTRY = "not an ISO 3166 alpha-2 country code (e.g. ES, FR, BR)"


def bad_country(i):
    return row(i).replace(",ES,", ",CIV,")


def test_a_key_first_met_on_an_erroneous_line_is_still_met():
    MemberFactory(code="M0001")
    report = run(
        {"members.csv": members_csv(bad_country(1), row(1), row(2))}, dry_run=True
    )
    assert errors(report) == [
        f"members.csv:2 country=CIV: {NOT_A_COUNTRY}",
        "members.csv:3 code=M0001: the same key is already on line 2",
    ]
    assert (report.files[0].new, report.files[0].updated) == (1, 0)


def test_an_erroneous_line_repeating_a_key_is_told_both(small_chunks):
    rows = [row(i) for i in range(4)] + [bad_country(1), bad_country(5), row(5)]
    report = run({"members.csv": members_csv(*rows)})
    assert errors(report) == [
        f"members.csv:6 country=CIV: {NOT_A_COUNTRY}",
        "members.csv:6 code=M0001: the same key is already on line 3",
        f"members.csv:7 country=CIV: {NOT_A_COUNTRY}",
        "members.csv:8 code=M0005: the same key is already on line 7",
    ]
