"""The pivot (indicators by years), its exports and the series API."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from . import exports
from .indicator import SECTIONS, Indicator
from .memo import evaluation
from .registry import NotRegistered, registry
from .results import Result, json_number
from .series import evaluate_years, published_years, year_range
from .sparkline import SPARKLINE_YEARS, series_sparkline
from .views import can_view
from .workbook import cell_number, write_table


def _chosen(request: HttpRequest) -> Indicator | None:
    code = request.GET.get("indicator", "")
    if not code:
        return None
    try:
        return registry.get(code)
    except NotRegistered:
        raise Http404("No such indicator.") from None


def _rows(series: dict[int, list[Result]]) -> list[tuple[Result, list[Any]]]:
    """Return each indicator (its first year's Result) with its value by year."""
    columns = list(series.values())
    if not columns:
        return []
    return [
        (results[0], [result.value for result in results])
        for results in zip(*columns, strict=True)
    ]


def _breakdown_rows(
    indicator: Indicator, series: dict[int, list[Result]]
) -> tuple[str, str, list[tuple[str, list[Any]]]]:
    """Return the indicator's first breakdown: its title, unit, and each
    category with its value by year (None where the year has none)."""
    name = next(iter(indicator.breakdowns), None)
    if name is None:
        return "", indicator.unit, []
    breakdown = indicator.breakdowns[name]
    by_year = [results[0].breakdowns.get(name, {}) for results in series.values()]
    codes = list(dict.fromkeys(code for values in by_year for code in values))
    rows = [
        (breakdown.label(code) or "—", [values.get(code) for values in by_year])
        for code in codes
    ]
    return str(breakdown.title), breakdown.unit, rows


@require_safe
@can_view
@evaluation()
def pivot(request: HttpRequest) -> HttpResponse:
    try:
        years = year_range(request.GET)
    except BadRequest as refusal:
        return _refused(request, refusal)
    chosen = _chosen(request)
    series = evaluate_years(years)
    rows = _rows(series)
    context: dict[str, Any] = {
        "years": list(years),
        "first": years[0] if years else None,
        "last": years[-1] if years else None,
        "offered": list(registry.years_with_data()),
        "published": published_years(series),
        "sections": [
            (
                SECTIONS[section],
                [
                    (
                        r,
                        values,
                        series_sparkline(
                            r.indicator,
                            years[-SPARKLINE_YEARS:],
                            values[-SPARKLINE_YEARS:],
                        ),
                    )
                    for r, values in items
                ],
            )
            for section, items in groupby(rows, key=lambda r: r[0].indicator.section)
        ],
        "indicators": [result.indicator for result, _values in rows],
        "chosen": chosen,
        "query": request.GET.urlencode(),
    }
    if chosen is not None:
        only = {
            year: [r for r in results if r.indicator == chosen]
            for year, results in series.items()
        }
        title, unit, breakdown = _breakdown_rows(chosen, only)
        context.update(
            breakdown_title=title,
            breakdown_unit=unit,
            breakdown=breakdown,
            # Published years whose edition froze no breakdown: live ones.
            breakdown_live_years={
                year for year, results in only.items() if results[0].breakdowns_are_live
            },
        )
    return render(request, "indicators/pivot.html", context)


def _refused(request: HttpRequest, refusal: BadRequest) -> HttpResponse:
    """Return the pivot's form again, with the years asked and why they
    cannot be shown (a reversed range…), rather than a page without a way
    back; the API answers in JSON instead."""
    asked = {}
    for name in ("from", "to"):
        text = request.GET.get(name, "")
        asked[name] = int(text) if text.isascii() and text.isdigit() else None
    context = {
        "error": str(refusal),
        "first": asked["from"],
        "last": asked["to"],
        "offered": list(registry.years_with_data()),
        "indicators": registry.all(),
        "chosen": _chosen(request),
    }
    return render(request, "indicators/pivot.html", context, status=400)


@require_safe
@can_view
@evaluation()
def export_pivot(
    request: HttpRequest, extension: str
) -> HttpResponse | StreamingHttpResponse:
    try:
        years = year_range(request.GET)
    except BadRequest as refusal:  # the links of the pivot's page lead here
        return _refused(request, refusal)
    chosen = _chosen(request)
    series = evaluate_years(years, [chosen] if chosen else None)
    span = f"{years[0]}-{years[-1]}" if years else "none"
    filename = f"indicators-{span}.{extension}"
    if chosen is not None:
        title, unit, rows = _breakdown_rows(chosen, series)
        header = [pgettext("spreadsheet column", "Category")]
        lines = [[label, *values] for label, values in rows]
    else:
        unit = None
        header = [
            pgettext("spreadsheet column", "Code"),
            pgettext("spreadsheet column", "Indicator"),
            pgettext("spreadsheet column", "Section code"),
            pgettext("spreadsheet column", "Unit code"),
        ]
        lines = [
            [item.code, str(item.label), item.section, item.unit, *values]
            for item, values in ((r.indicator, v) for r, v in _rows(series))
        ]
    header += [str(year) for year in years]
    if extension == "csv":
        width = len(header) - len(years)
        plain = [row[:width] + [json_number(v) for v in row[width:]] for row in lines]
        return exports.csv_response(filename, header, plain)
    book = Workbook()
    sheet = book.active
    sheet.title = span
    width = len(header) - len(years)
    cells = [
        row[:width]
        + [(cell_number(unit or row[3], v), unit or row[3]) for v in row[width:]]
        for row in lines
    ]
    if chosen is not None:
        title = _("%(organisation)s — %(indicator)s by year — %(breakdown)s") % {
            "organisation": settings.ORGANISATION_NAME,
            "indicator": chosen.label,
            "breakdown": title,
        }
    else:
        title = _("%(organisation)s — indicators by year") % {
            "organisation": settings.ORGANISATION_NAME
        }
    published = sorted(published_years(series))
    subtitle = (
        _("Published figures for %(years)s; live figures for the other years.")
        % {"years": ", ".join(str(year) for year in published)}
        if published
        else _("Live figures, computed from the records as they are now.")
    )
    live = sorted(
        year
        for year, results in series.items()
        if chosen is not None and results[0].breakdowns_are_live
    )
    if live:
        subtitle += " " + _(
            "The breakdowns of %(years)s are live ones: their editions did not "
            "freeze them."
        ) % {"years": ", ".join(str(year) for year in live)}
    write_table(sheet, title, subtitle, header, cells)
    book.properties.title = title
    book.properties.creator = settings.ORGANISATION_NAME
    return exports.workbook_response(filename, book)


@require_safe
@can_view
@evaluation()
def api_series(request: HttpRequest) -> JsonResponse:
    try:
        years = year_range(request.GET)
    except BadRequest as refusal:
        return JsonResponse({"detail": str(refusal)}, status=400)
    rows = _rows(evaluate_years(years))
    document = {
        "from": years[0] if years else None,
        "to": years[-1] if years else None,
        "indicators": [
            {
                "code": result.indicator.code,
                "label": str(result.indicator.label),
                "section": result.indicator.section,
                "unit": result.indicator.unit,
                "values": {
                    str(year): json_number(value)
                    for year, value in zip(years, values, strict=True)
                },
            }
            for result, values in rows
        ],
    }
    return JsonResponse(document, json_dumps_params={"indent": 1})
