"""The XLSX export of a plan, in the style of the indicators' workbook."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from apps.indicators.exports import escape_cell, workbook_response
from apps.indicators.workbook import HEADER, HEADER_BORDER, HEADER_FILL, SUBTITLE, TITLE

from .models import Plan


def plan_response(
    filename: str, plan: Plan, header: list[str], rows: list[list[Any]]
) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = plan.code[:31]
    sheet.append([f"{settings.ORGANISATION_NAME} — {plan.name}"])
    sheet["A1"].font = TITLE
    sheet.append(
        [
            _("%(first)s to %(last)s, downloaded on %(today)s.")
            % {
                "first": plan.first_year,
                "last": plan.last_year,
                "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            }
        ]
    )
    sheet["A2"].font = SUBTITLE
    sheet.append(header)
    for cell in sheet[3]:
        cell.font, cell.fill, cell.border = HEADER, HEADER_FILL, HEADER_BORDER
    for row in rows:
        sheet.append([escape_cell(cell) for cell in row])
    sheet.freeze_panes = "C4"
    for index, name in enumerate(header, start=1):
        width = 40 if name == "label" else max(12, len(name) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    book.properties.title = sheet["A1"].value
    book.properties.creator = settings.ORGANISATION_NAME
    return workbook_response(filename, book)
