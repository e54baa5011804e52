import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError

from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.secretariat.models import FundingEntry, StaffMember
from tests.factories import FundingEntryFactory, StaffMemberFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)
STAFF = "ref,kind,gender,started_on,ended_on\n"
FUNDING = "year,category,amount\n"


def value(code):
    return registry.get(code).compute(Y2021)


def test_counters_on_an_empty_database():
    assert value("secretariat.professionals") == 0
    assert value("secretariat.interns") == 0
    assert value("funding.split") is None
    assert registry.get("funding.split").breakdowns["category"](Y2021) == {}


@pytest.mark.parametrize(
    ("started_on", "ended_on", "counted"),
    [
        (D(2019, 1, 1), D(2021, 1, 2), True),  # worked on 1 January
        (D(2019, 1, 1), D(2021, 1, 1), False),  # left before the year began
        (D(2021, 12, 31), None, True),
        (D(2022, 1, 1), None, False),
        (D(2021, 3, 1), D(2021, 9, 1), True),  # an intern for a semester
    ],
)
def test_staff_counted_when_under_contract_on_any_day_of_the_year(
    started_on, ended_on, counted
):
    StaffMemberFactory(kind="intern", started_on=started_on, ended_on=ended_on)
    StaffMemberFactory(kind="professional")
    assert value("secretariat.interns") == int(counted)
    assert value("secretariat.professionals") == 1


def test_funding_split_in_percent_of_the_year_income():
    for category, amount in [
        ("member_dues", "1225000"),
        ("partnerships", "612500"),
        ("alliances", "612500"),
        ("other", "50000"),
    ]:
        FundingEntryFactory(year=2021, category=category, amount=Decimal(amount))
    FundingEntryFactory(year=2020, category="other", amount=Decimal("999999"))
    funding = registry.get("funding.split")
    assert funding.compute(Y2021) == Decimal("2500000")
    assert funding.breakdowns["category"](Y2021) == {
        "alliances": 24.5,
        "member_dues": 49.0,
        "other": 2.0,
        "partnerships": 24.5,
    }


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1234.5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1 234,50", "1234.50"),
        ("1\u00a0234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("0", "0"),
    ],
)
def test_funding_amounts_in_every_accepted_format(cell, amount):
    report = run({"funding.csv": f"year;category;amount\n2021;other;{cell}\n"})
    assert errors(report) == []
    assert FundingEntry.objects.get().amount == Decimal(amount)


def test_french_excel_funding_file_with_semicolons_and_decimal_commas():
    content = "année;category;amount\n".replace("année", "year")
    content += "2021;member_dues;1\u00a0225\u00a0000,00\n2021;other;50\u00a0000,5\n"
    report = run({"funding.csv": content.encode("cp1252")})
    assert errors(report) == []
    assert registry.get("funding.split").compute(Y2021) == Decimal("1275000.50")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2021,other,-5", "amount=-5: must be 0 or more"),
        ("2021,other,12abc", "amount=12abc: not an amount"),
        ('2021,other,"1,2,3"', "amount=1,2,3: not an amount"),
        ("2021,donations,5", "category=donations: not one of the allowed values"),
        ("21st,other,5", "year=21st: not a whole number"),
        ("2021,other,", "amount=: a value is required"),
    ],
)
def test_bad_funding_rows_are_refused(row, message):
    report = run({"funding.csv": FUNDING + row + "\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"funding.csv:2 {message}")
    assert not FundingEntry.objects.exists()


def test_staff_import_and_bad_rows():
    report = run(
        {
            "staff.csv": STAFF
            + "P01,professional,F,2019-09-01,\nI01,intern,,2021-02-01,2021-08-01\n"
        }
    )
    assert errors(report) == []
    assert StaffMember.objects.get(ref="P01").gender == "woman"
    assert StaffMember.objects.get(ref="I01").gender == "undisclosed"
    report = run({"staff.csv": STAFF + "I02,volunteer,,2021-02-01,\n"})
    assert errors(report)[0].startswith("staff.csv:2 kind=volunteer: not one of")
    report = run({"staff.csv": STAFF + "I02,intern,,2021-02-01,2021-01-01\n"})
    assert errors(report) == [
        "staff.csv:2 ended_on=2021-01-01 started_on=2021-02-01: A contract must "
        "end after it starts."
    ]


def test_database_refuses_two_entries_for_one_year_and_category():
    FundingEntryFactory(year=2021, category="other")
    with pytest.raises(IntegrityError):
        FundingEntryFactory(year=2021, category="other")
