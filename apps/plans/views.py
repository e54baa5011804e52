from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.indicators import exports
from apps.indicators.indicator import SECTIONS
from apps.indicators.memo import evaluation
from apps.indicators.results import json_number
from apps.indicators.sparkline import series_sparkline

from . import workbook
from .models import Plan
from .services import plan_document, plan_rows

can_view = permission_required("indicators.view_indicators", raise_exception=True)


def _plan(code: str) -> Plan:
    try:
        return Plan.objects.get(code=code)
    except Plan.DoesNotExist:
        raise Http404("No such plan.") from None


@require_safe
@can_view
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": Plan.objects.all()})


@require_safe
@can_view
@evaluation()
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(code)
    section = request.GET.get("section", "")
    if section not in SECTIONS:
        section = ""
    rows = plan_rows(plan, section)
    years = list(plan.years)
    for row in rows:
        if row.indicator is not None:
            row.sparkline = series_sparkline(row.indicator, years, row.values())
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "years": years,
            "sections": SECTIONS,
            "section": section,
        },
    )


def _export_rows(plan: Plan) -> tuple[list[str], list[list]]:
    years = list(plan.years)
    header = ["code", "label", "section", "unit", "baseline", "baseline_year"]
    for year in years:
        header += [f"value_{year}", f"target_{year}"]
    header += ["end_target", "progress", "status"]
    rows = []
    for row in plan_rows(plan):
        cells = [
            row.code,
            row.label,
            row.section,
            row.unit,
            json_number(row.baseline),
            row.baseline_year,
        ]
        for year in years:
            cells += [
                json_number(row.years[year]["value"]),
                json_number(row.years[year]["target"]),
            ]
        cells += [json_number(row.end_target), row.progress, row.status or ""]
        rows.append(cells)
    return header, rows


@require_safe
@can_view
@evaluation()
def plan_export(
    request: HttpRequest, code: str, extension: str
) -> HttpResponse | StreamingHttpResponse:
    plan = _plan(code)
    filename = f"plan-{plan.code}.{extension}"
    header, rows = _export_rows(plan)
    if extension == "xlsx":
        return workbook.plan_response(filename, plan, header, rows)
    return exports.csv_response(filename, header, rows)


@require_safe
@can_view
def api_plans(request: HttpRequest) -> JsonResponse:
    plans = [
        {
            "code": plan.code,
            "name": plan.name,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
        }
        for plan in Plan.objects.all()
    ]
    return JsonResponse({"plans": plans}, json_dumps_params={"indent": 1})


@require_safe
@can_view
@evaluation()
def api_plan(request: HttpRequest, code: str) -> JsonResponse:
    return JsonResponse(plan_document(_plan(code)), json_dumps_params={"indent": 1})
