import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from apps.members.models import Member
from apps.secretariat.models import FundingEntry
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

# Workbooks hold naive date-times: a date typed in Excel reads as one.
TYPED_DATE = dt.datetime(2021, 3, 7)  # noqa: DTZ001


def workbook(*rows, sheets=1) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"Notes {n}").append(["not read"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_is_read_like_its_csv_with_real_dates():
    data = workbook(
        ["Code", "Name", "Country", "Category", "Joined_on", "Left_on"],
        ["M001", "Lyon", "fr", "full", TYPED_DATE, None],
        ["M002", "Lima", "PE", "Associate", "07/03/2021", dt.date(2023, 1, 1)],
        [None, None, None, None, None, None],
        sheets=2,
    )
    report = run({"Members.xlsx": data})
    assert errors(report) == []
    lyon = Member.objects.get(code="M001")
    assert (lyon.joined_on, lyon.country, lyon.left_on) == (
        dt.date(2021, 3, 7),
        "FR",
        None,
    )
    assert Member.objects.get(code="M002").left_on == dt.date(2023, 1, 1)


def test_numbers_typed_as_numbers_are_read():
    data = workbook(
        ["year", "category", "amount"],
        [2021, "member_dues", 1247000],
        [2021, "other", 43000.5],
    )
    assert errors(run({"funding.xlsx": data})) == []
    assert FundingEntry.objects.get(category="other").amount == Decimal("43000.5")


def test_errors_in_a_workbook_name_its_line():
    data = workbook(
        ["code", "name", "country", "category", "joined_on"],
        ["M001", "Lyon", "FR", "gold", TYPED_DATE],
    )
    assert errors(run({"members.xlsx": data})) == [
        "members.xlsx:2 category=gold: not one of the allowed values: full, "
        "associate, strategic, benefactor, collaborator, sponsor"
    ]


def test_a_file_given_as_csv_and_xlsx_is_refused():
    data = workbook(["code", "name", "country", "category", "joined_on"])
    report = run(
        {
            "members.csv": "code,name,country,category,joined_on\n",
            "members.xlsx": data,
        }
    )
    assert "members.xlsx: members.csv is given twice (also as members.csv)" in errors(
        report
    )


def test_a_broken_workbook_is_refused():
    assert errors(run({"members.xlsx": b"PK\x03\x04 not really"})) == [
        "members.xlsx: not an Excel workbook (.xlsx)"
    ]
    assert errors(run({"members.xlsx": workbook()})) == [
        "members.xlsx: empty file, or no header on line 1"
    ]


def test_the_first_tab_is_read_whichever_sheet_part_holds_it():
    import re
    import zipfile

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["not read"])  # one column: the members have five
    members = book.create_sheet("Members")
    members.append(["code", "name", "country", "category", "joined_on"])
    members.append(["M001", "Lyon", "FR", "full", TYPED_DATE])
    saved = io.BytesIO()
    book.save(saved)
    # Moved to the first tab in Excel: sheet2.xml, listed first.
    moved = io.BytesIO()
    with zipfile.ZipFile(saved) as original, zipfile.ZipFile(moved, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/workbook.xml":
                notes, listed = re.findall(rb"<sheet [^>]*/>", data)
                data = data.replace(notes + listed, listed + notes)
            copy.writestr(info, data)
    report = run({"members.xlsx": moved.getvalue()})
    assert errors(report) == []
    assert Member.objects.get().name == "Lyon"


def test_a_logo_in_a_workbook_does_not_count_against_its_bounds():
    import zipfile

    data = workbook(
        ["code", "name", "country", "category", "joined_on"],
        ["M001", "Lyon", "FR", "full", TYPED_DATE],
    )
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/media/image1.png", bytes(8 * 1024 * 1024))
    assert errors(run({"members.xlsx": buffer.getvalue()})) == []
