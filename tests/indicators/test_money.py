"""Amounts carry their currency: on pages, in the admin, in exports and the API."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from apps.common.money import format_money
from apps.indicators.templatetags.indicators import headline, in_unit, signed_in_unit
from tests.factories import FundingEntryFactory, MemberFactory, TargetFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


@pytest.fixture
def income():
    MemberFactory(joined_on=dt.date(2021, 3, 1))  # 2021 has dated records
    FundingEntryFactory(year=2020, category="member_dues", amount=Decimal(2000000))
    FundingEntryFactory(year=2021, category="member_dues", amount=Decimal(2000000))
    FundingEntryFactory(year=2021, category="other", amount=Decimal("150000.40"))
    TargetFactory(indicator="funding.split", year=2021, value=Decimal(3000000))


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", f"2,150,000{NBSP}€"),
        ("fr", f"2{NBSP}150{NBSP}000{NBSP}€"),
        ("es", f"2.150.000{NBSP}€"),
    ],
)
def test_an_amount_is_written_for_the_language_with_its_currency(language, shown):
    with translation.override(language):
        assert in_unit(Decimal("2150000.00"), "currency") == shown
        assert format_money(Decimal("2150000.00")) == shown
        assert headline(Decimal("2150000.00"), "currency") == shown


def test_an_amount_is_rounded_to_the_unit_on_pages():
    assert in_unit(Decimal("2150000.50"), "currency") == f"2,150,001{NBSP}€"
    assert format_money(Decimal("2150000.5"), places=2) == f"2,150,000.50{NBSP}€"


def test_a_change_of_amount_has_its_sign_and_currency():
    assert signed_in_unit(Decimal(150000), "currency") == f"+150,000{NBSP}€"
    assert signed_in_unit(Decimal(-150000), "currency") == f"-150,000{NBSP}€"


@pytest.mark.parametrize(
    ("currency", "shown"),
    [("USD", f"1,000{NBSP}$"), ("GBP", f"1,000{NBSP}£"), ("XOF", f"1,000{NBSP}XOF")],
)
def test_the_currency_is_a_setting(settings, currency, shown):
    settings.CURRENCY = currency
    assert in_unit(1000, "currency") == shown


def test_the_dashboard_shows_income_with_its_currency(manager_client, income):
    content = manager_client.get("/dashboard/2021/").content.decode()
    assert f'<p class="value">2,150,000{NBSP}€</p>' in content
    assert f"Year before: 2,000,000{NBSP}€" in content
    assert f"(+150,000{NBSP}€)" in content
    assert f"Target: 3,000,000{NBSP}€" in content


def test_the_income_drilldown_in_french_has_its_currency(manager_client, income):
    content = manager_client.get(
        "/indicators/funding.split/2021/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert f'<p class="value">2{NBSP}150{NBSP}000{NBSP}€</p>' in content


def test_the_api_keeps_amounts_numeric_and_names_their_currency(manager_client, income):
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    by_code = {item["code"]: item for item in document["indicators"]}
    funding = by_code["funding.split"]
    assert (funding["unit"], funding["currency"]) == ("currency", "EUR")
    assert (funding["value"], funding["previous"], funding["target"]) == (
        2150000.4,
        2000000,
        3000000,
    )
    assert by_code["members.active"]["currency"] is None


def test_the_csv_export_names_the_currency_of_amounts(manager_client, income, settings):
    settings.CURRENCY = "CHF"
    response = manager_client.get("/export/indicators/2021.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    by_code = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert by_code["funding.split"]["unit"] == "currency"
    assert by_code["funding.split"]["currency"] == "CHF"
    assert by_code["funding.split"]["value"] == "2150000.4"
    assert by_code["members.active"]["currency"] == ""


def test_the_xlsx_export_keeps_amounts_as_numbers(manager_client, income):
    response = manager_client.get("/export/indicators/2021.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    header = rows[2]
    row = next(r for r in rows if r[0] == "funding.split")
    funding = dict(zip(header, row, strict=True))
    assert funding["Currency"] == "EUR"
    assert funding["Value"] == 2150000.4
    assert funding["Target"] == 3000000


def test_the_indicators_command_names_the_currency(income):
    out = io.StringIO()
    call_command("indicators", "2021", "--format", "csv", stdout=out)
    by_code = {row["code"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert by_code["funding.split"]["currency"] == "EUR"
    assert by_code["funding.split"]["value"] == "2150000.4"


def test_the_admin_lists_funding_amounts_with_their_currency(client, manager, income):
    client.force_login(manager)
    content = client.get("/admin/secretariat/fundingentry/").content.decode()
    assert f"150,000.40{NBSP}€" in content
    assert f"2,000,000.00{NBSP}€" in content


def test_the_admin_funding_form_says_the_currency(client, secretariat):
    client.force_login(secretariat)
    content = client.get(
        "/admin/secretariat/fundingentry/add/", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "<div>En EUR.</div>" in content
