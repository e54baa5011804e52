"""The XLSX export of a year's indicators, a document a reader can use.

Its first sheet, named for the year, is titled (the organisation, the year,
the edition shown or live figures) and lists every indicator: its codes and,
beside them, its labels in the reader's language, then its figures as
numbers in their unit's format (a percent as a percent, an amount with its
currency). The second sheet lists the breakdowns, one category a row (the
published ones for a published year, the live figure beside). The CSV
export stays the machine-friendly one.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.common.money import currency, currency_symbol

from .exports import escape_cell, workbook_response
from .indicator import SECTIONS
from .models import Edition
from .results import Result, evaluate_year, json_number, report_period
from .services import current_edition

HEADER_ROW = 3  # the title, a subtitle, then the header
WIDEST = 60  # characters: a longer label runs past its column

TITLE = Font(bold=True, size=13)
SUBTITLE = Font(italic=True, color="595959")
HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="E7E6E6")
HEADER_BORDER = Border(bottom=Side(style="thin"))

PERCENT = "0.0%"
WHOLE = "#,##0"
DECIMAL = "#,##0.0#"


def unit_label(unit: str) -> str:
    return {
        "count": pgettext("unit", "Number"),
        "percent": pgettext("unit", "Percentage"),
        "currency": pgettext("unit", "Amount"),
    }[unit]


def number_format(unit: str, value: Any) -> str:
    """Return the cell format of a value: `0.0%`, `#,##0 "€"`, `#,##0`."""
    if unit == "percent":
        return PERCENT
    if unit == "currency":
        return f'#,##0 "{currency_symbol()}"'
    if isinstance(value, float | Decimal) and value != int(value):
        return DECIMAL
    return WHOLE


def cell_number(unit: str, value: Any) -> int | float | None:
    """Return a figure as the spreadsheet holds it: a percent (0 to 100 in
    the data) as the fraction a percent format shows, 12.5 as 0.125."""
    if value is None:
        return None
    if unit == "percent":
        return float(Decimal(str(value)) / 100)
    return json_number(value)


def indicators_response(filename: str, year: int) -> HttpResponse:
    return workbook_response(filename, indicators_workbook(year))


def indicators_workbook(year: int) -> Workbook:
    results = evaluate_year(year, series=False)
    edition = current_edition(year) if any(r.is_published for r in results) else None
    period = report_period(year)
    subtitle = _("From %(start)s to %(end)s, downloaded on %(today)s.") % {
        "start": formats.date_format(period.start, "DATE_FORMAT"),
        "end": formats.date_format(period.last_day, "DATE_FORMAT"),
        "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }
    book = Workbook()
    indicators = book.active
    indicators.title = str(year)
    _write_indicators(indicators, year, results, edition, subtitle)
    breakdowns = book.create_sheet(pgettext("spreadsheet", "Breakdowns"))
    if edition is not None and any(r.breakdowns_are_live for r in results):
        subtitle += " " + _(
            "The breakdowns were not frozen with the edition (it was published "
            "before they were): they are computed from the records as they are now."
        )
    _write_breakdowns(breakdowns, year, results, subtitle, edition is not None)
    book.properties.title = indicators["A1"].value
    book.properties.creator = settings.ORGANISATION_NAME
    return book


def _write_indicators(
    sheet: Worksheet,
    year: int,
    results: list[Result],
    edition: Edition | None,
    subtitle: str,
) -> None:
    if edition is None:
        status = _("live figures, not published")
    else:
        status = _("published edition of %(date)s") % {
            "date": formats.date_format(
                timezone.localtime(edition.published_at), "DATE_FORMAT"
            )
        }
    title = _("%(organisation)s — indicators %(year)s — %(status)s") % {
        "organisation": settings.ORGANISATION_NAME,
        "year": year,
        "status": status,
    }
    header = [
        pgettext("spreadsheet column", "Code"),
        pgettext("spreadsheet column", "Indicator"),
        pgettext("spreadsheet column", "Section code"),
        pgettext("spreadsheet column", "Section"),
        pgettext("spreadsheet column", "Unit code"),
        pgettext("spreadsheet column", "Unit"),
        pgettext("spreadsheet column", "Currency"),
        pgettext("spreadsheet column", "Value"),
        pgettext("spreadsheet column", "Year before"),
        pgettext("spreadsheet column", "Target"),
    ]
    if edition is not None:
        header.append(pgettext("spreadsheet column", "Live figure"))
    rows = []
    for result in results:
        indicator, unit = result.indicator, result.indicator.unit
        figures = [result.value, result.previous, result.target]
        if edition is not None:
            figures.append(result.live)
        rows.append(
            [
                indicator.code,
                str(indicator.label),
                indicator.section,
                str(SECTIONS[indicator.section]),
                unit,
                unit_label(unit),
                currency() if unit == "currency" else None,
            ]
            + [(cell_number(unit, value), unit) for value in figures]
        )
    write_table(sheet, title, subtitle, header, rows)


def _write_breakdowns(
    sheet: Worksheet,
    year: int,
    results: list[Result],
    subtitle: str,
    published: bool,
) -> None:
    """Write the breakdowns shown (those of the edition for a published
    year) and, for a published year, the live figure beside each; a category
    only the records now have comes last, with no published figure."""
    title = _("%(organisation)s — breakdowns of the indicators %(year)s") % {
        "organisation": settings.ORGANISATION_NAME,
        "year": year,
    }
    header = [
        pgettext("spreadsheet column", "Indicator code"),
        pgettext("spreadsheet column", "Indicator"),
        pgettext("spreadsheet column", "Breakdown code"),
        pgettext("spreadsheet column", "Breakdown"),
        pgettext("spreadsheet column", "Category code"),
        pgettext("spreadsheet column", "Category"),
        pgettext("spreadsheet column", "Value"),
    ]
    if published:
        header.append(pgettext("spreadsheet column", "Live figure"))
    rows = []
    for result in results:
        indicator = result.indicator
        for name, values in result.breakdowns.items():
            breakdown = indicator.breakdowns[name]
            unit = breakdown.unit
            live = result.live_breakdowns.get(name, {})
            codes = [*values, *(code for code in live if code not in values)]
            for code in codes:
                figures = [values.get(code)]
                if published:
                    figures.append(live.get(code))
                rows.append(
                    [
                        indicator.code,
                        str(indicator.label),
                        name,
                        str(breakdown.title),
                        code,
                        (breakdown.label(code) if code not in (None, "") else "")
                        or "—",
                    ]
                    + [(cell_number(unit, n), unit) for n in figures]
                )
    write_table(sheet, title, subtitle, header, rows)


def write_table(
    sheet: Worksheet,
    title: str,
    subtitle: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Write a titled table: a title, a subtitle, a bold frozen header with a
    filter (printed on every page), then the rows. A figure is a `(number,
    unit)` pair, written with its unit's format; columns are as wide as their
    content."""
    sheet["A1"] = escape_cell(title)
    sheet["A1"].font = TITLE
    sheet["A2"] = escape_cell(subtitle)
    sheet["A2"].font = SUBTITLE
    widths = [len(name) for name in header]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(HEADER_ROW, column, name)
        cell.font = HEADER
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(vertical="top")
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for column, item in enumerate(row, start=1):
            if isinstance(item, tuple):
                value, unit = item
                cell = sheet.cell(number, column, value)
                cell.number_format = number_format(unit, value)
                shown = _shown(value, unit)
            else:
                cell = sheet.cell(number, column, escape_cell(item))
                shown = "" if item is None else str(item)
            widths[column - 1] = max(widths[column - 1], len(shown))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(
            width + 2, WIDEST
        )
    last = get_column_letter(len(header))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    # Printed: landscape, as wide as a page, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"


def _shown(value: int | float | None, unit: str) -> str:
    """Return about what a spreadsheet shows of a figure, to size its column."""
    if value is None:
        return ""
    if unit == "percent":
        return f"{100 * value:.1f}%"
    if unit == "currency":
        return f"{value:,.0f} {currency_symbol()}"
    return f"{value:,.2f}" if value != int(value) else f"{value:,}"
