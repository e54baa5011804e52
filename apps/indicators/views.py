from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_not_required, permission_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .registry import SECTIONS, evaluation, registry
from .results import charts, evaluate_year, indicators_document

can_view = permission_required("indicators.view_indicators", raise_exception=True)


def _year_with_data(year: int) -> range:
    years = registry.years_with_data()
    if year not in years:
        raise Http404("No records for this year.")
    return years


@require_GET
@can_view
def home(request: HttpRequest) -> HttpResponse:
    years = registry.years_with_data()
    if not years:
        return render(request, "indicators/no_data.html")
    return redirect("indicators:dashboard", year=years[-1])


@require_GET
@can_view
def dashboard(request: HttpRequest, year: int) -> HttpResponse:
    years = _year_with_data(year)
    with evaluation():  # the charts' labels are read once too
        results = evaluate_year(year)
        chart_list = charts(results)
    sections = [
        (SECTIONS[section], list(items))
        for section, items in groupby(results, key=lambda r: r.indicator.section)
    ]
    return render(
        request,
        "indicators/dashboard.html",
        {
            "year": year,
            "years": list(years),
            "previous_year": year - 1 if year - 1 in years else None,
            "next_year": year + 1 if year + 1 in years else None,
            "sections": sections,
            "charts": chart_list,
        },
    )


@require_GET
@can_view
def api_indicators(request: HttpRequest, year: int) -> JsonResponse:
    _year_with_data(year)
    return JsonResponse(indicators_document(year), json_dumps_params={"indent": 1})


@require_GET
@never_cache
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
