"""The XLSX export is a document: a titled, formatted sheet for the year, its
labels in the reader's language beside the codes, and the breakdowns."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import formats, timezone
from openpyxl import load_workbook

from apps.indicators.models import PublishedFigure
from apps.indicators.services import publish_year
from tests.factories import (
    FundingEntryFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    NameFactory,
    TargetFactory,
    recorded_activity,
    records_of_every_source,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def network():
    """2021: two members led by a woman and one by a man; some income."""
    MemberFactory(joined_on=D(2020, 3, 1))
    for gender in ("woman", "woman", "man"):
        MandateFactory(member__joined_on=D(2021, 3, 1), gender=gender)
    FundingEntryFactory(year=2021, category="member_dues", amount=Decimal(2000000))
    FundingEntryFactory(year=2021, category="other", amount=Decimal("150000.40"))
    TargetFactory(indicator="funding.split", year=2021, value=Decimal(3000000))


def workbook(client, year=2021, **headers):
    response = client.get(f"/export/indicators/{year}.xlsx", **headers)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="indicators-{year}.xlsx"'
    )
    return load_workbook(io.BytesIO(response.content))


def rows_by_code(sheet):
    """Return the data rows under the header (row 3), by their first cell."""
    return {row[0].value: row for row in sheet.iter_rows(min_row=4)}


def header(sheet):
    return [cell.value for cell in sheet[3]]


def test_the_sheets_are_the_year_and_its_breakdowns(manager_client, network):
    book = workbook(manager_client)
    assert book.sheetnames == ["2021", "Breakdowns"]
    assert book.active.title == "2021"


def test_the_title_names_the_organisation_the_year_and_live_figures(
    manager_client, network, settings
):
    settings.ORGANISATION_NAME = "Metropolis Secretariat"
    sheet = workbook(manager_client)["2021"]
    assert sheet["A1"].value == (
        "Metropolis Secretariat — indicators 2021 — live figures, not published"
    )
    assert sheet["A1"].font.bold is True
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert sheet["A2"].value == (
        f"From 1 January 2021 to 31 December 2021, downloaded on {today}."
    )


def test_a_published_year_says_which_edition_it_shows(manager_client, manager):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    edition = publish_year(2021, user=manager)
    edition.published_at = dt.datetime(2022, 3, 4, 10, tzinfo=dt.UTC)
    edition.save()
    sheet = workbook(manager_client)["2021"]
    assert sheet["A1"].value == (
        "Metropolis — indicators 2021 — published edition of 4 March 2022"
    )
    assert header(sheet)[-1] == "Live figure"
    new = rows_by_code(sheet)["members.new"]
    assert new[7].value == 1
    assert new[10].value == 1


def test_the_header_is_bold_frozen_and_filtered(manager_client, network):
    sheet = workbook(manager_client)["2021"]
    assert header(sheet) == [
        "Code",
        "Indicator",
        "Section code",
        "Section",
        "Unit code",
        "Unit",
        "Currency",
        "Value",
        "Year before",
        "Target",
    ]
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:J{sheet.max_row}"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"


def test_labels_stand_beside_the_codes(manager_client, network):
    row = rows_by_code(workbook(manager_client)["2021"])["members.new"]
    assert [cell.value for cell in row[:7]] == [
        "members.new",
        "New members",
        "network",
        "Network",
        "count",
        "Number",
        None,
    ]


def test_each_unit_has_its_number_format(manager_client, network):
    rows = rows_by_code(workbook(manager_client)["2021"])
    share = rows["members.women_led_share"]
    # 66.7 % is the number 0.667, shown as a percent.
    assert share[7].value == pytest.approx(0.667)
    assert share[7].number_format == "0.0%"
    income = rows["funding.split"]
    assert income[6].value == "EUR"
    assert (income[7].value, income[9].value) == (2150000.4, 3000000)
    assert income[7].number_format == '#,##0 "€"'
    assert income[9].number_format == '#,##0 "€"'
    new = rows["members.new"]
    assert (new[7].value, new[8].value) == (3, 1)
    assert new[7].number_format == "#,##0"


def test_the_currency_format_follows_the_setting(manager_client, network, settings):
    settings.CURRENCY = "CHF"
    income = rows_by_code(workbook(manager_client)["2021"])["funding.split"]
    assert income[6].value == "CHF"
    assert income[7].number_format == '#,##0 "CHF"'


def test_an_unknown_value_is_an_empty_cell(manager_client, network):
    income = rows_by_code(workbook(manager_client)["2021"])["funding.split"]
    assert income[8].value is None


def test_columns_are_as_wide_as_their_content(manager_client, network):
    sheet = workbook(manager_client)["2021"]
    labels = [row[1].value for row in rows_by_code(sheet).values()]
    assert sheet.column_dimensions["B"].width == min(
        max(len(label) for label in labels) + 2, 60
    )
    codes = list(rows_by_code(sheet))
    assert sheet.column_dimensions["A"].width == max(len(code) for code in codes) + 2
    assert sheet.column_dimensions["G"].width == len("Currency") + 2


def test_the_breakdowns_sheet_lists_every_category(manager_client, network):
    sheet = workbook(manager_client)["Breakdowns"]
    assert sheet["A1"].value == "Metropolis — breakdowns of the indicators 2021"
    assert header(sheet) == [
        "Indicator code",
        "Indicator",
        "Breakdown code",
        "Breakdown",
        "Category code",
        "Category",
        "Value",
    ]
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    rows = {
        (row[0].value, row[2].value, row[4].value): row
        for row in sheet.iter_rows(min_row=4)
    }
    women = rows[("members.women_led_share", "gender", "woman")]
    assert [cell.value for cell in women] == [
        "members.women_led_share",
        "Member metropolises governed by women",
        "gender",
        "Gender of the leaders of member metropolises",
        "woman",
        "Woman",
        2,
    ]
    assert women[6].number_format == "#,##0"
    dues = rows[("funding.split", "category", "member_dues")]
    assert dues[5].value == "Member dues"
    assert dues[6].value == pytest.approx(0.93)
    assert dues[6].number_format == "0.0%"


def test_a_published_year_gives_its_frozen_breakdowns_beside_the_live_ones(
    manager_client, manager
):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    publish_year(2021, user=manager)
    sheet = workbook(manager_client)["Breakdowns"]
    assert sheet["A2"].value.startswith("From 1 January 2021 to 31 December 2021")
    assert "computed from the records" not in sheet["A2"].value
    assert header(sheet)[-2:] == ["Value", "Live figure"]


def test_an_edition_without_frozen_breakdowns_says_they_are_live(
    manager_client, manager
):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    publish_year(2021, user=manager)
    PublishedFigure.objects.update(breakdowns=None)  # published before they were
    sheet = workbook(manager_client)["Breakdowns"]
    assert sheet["A2"].value.endswith(
        "The breakdowns were not frozen with the edition (it was published "
        "before they were): they are computed from the records as they are now."
    )


def test_the_workbook_is_in_french_for_a_french_reader(manager_client, network):
    book = workbook(manager_client, HTTP_ACCEPT_LANGUAGE="fr")
    assert book.sheetnames == ["2021", "Ventilations"]
    sheet = book["2021"]
    assert sheet["A1"].value == (
        "Metropolis — indicateurs 2021 — chiffres actuels, non publiés"
    )
    assert sheet["A2"].value.startswith("Du 1 janvier 2021 au 31 décembre 2021")
    assert header(sheet)[:4] == ["Code", "Indicateur", "Code de la section", "Section"]
    new = rows_by_code(sheet)["members.new"]
    assert [cell.value for cell in new[1:6]] == [
        "Nouveaux membres",
        "network",
        "Réseau",
        "count",
        "Nombre",
    ]
    breakdowns = book["Ventilations"]
    assert header(breakdowns)[-2:] == ["Catégorie", "Valeur"]
    gender = next(
        row
        for row in breakdowns.iter_rows(min_row=4)
        if (row[0].value, row[4].value) == ("members.women_led_share", "woman")
    )
    assert gender[5].value == "Femme"


def test_labels_that_look_like_formulas_stay_text(manager_client, network):
    measurement = MeasurementFactory(
        metric__source__code="use", metric__code="practices", as_of=D(2021, 12, 31)
    )
    NameFactory(
        source=measurement.metric.source, metric="practices", name_en="=HYPERLINK(1)"
    )
    sheet = workbook(manager_client)["2021"]
    label = rows_by_code(sheet)["reported.use.practices"][1]
    assert label.data_type == "s"
    assert not label.value.startswith("=")


@pytest.mark.parametrize("size", [10, 1000])
def test_the_xlsx_export_query_count_does_not_grow(
    manager_client, django_assert_num_queries, size
):
    for i in range(size):
        MemberFactory(joined_on=D(2021, 1 + i % 12, 1))
    records_of_every_source(2020)
    recorded_activity(2021)
    # As many as the CSV export (test_drilldown.py): an unpublished year
    # reads no edition.
    with django_assert_num_queries(32):
        manager_client.get("/export/indicators/2021.xlsx")


def test_a_published_year_reads_its_edition_once(
    manager_client, manager, django_assert_num_queries
):
    MemberFactory(joined_on=D(2021, 3, 1))
    records_of_every_source(2020)
    recorded_activity(2021)
    publish_year(2021, user=manager)
    with django_assert_num_queries(33):
        manager_client.get("/export/indicators/2021.xlsx")
