from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import exports, report_layout, workbook
from .chart_data import breakdown_status, charts, live_rows
from .forms import PublishForm, WithdrawalForm
from .indicator import SECTIONS, Indicator
from .memo import evaluation
from .models import Edition
from .pdf import render_pdf
from .periods import Period
from .records import all_records, changes_since, data_gaps, record_page
from .registry import NotRegistered, registry
from .results import (
    evaluate_one,
    evaluate_year,
    indicators_document,
    report_period,
)
from .series import evaluate_years, trend_chart
from .services import (
    AlreadyPublished,
    NotPublished,
    current_edition,
    publish_year,
    withdraw_edition,
)
from .sparkline import SPARKLINE_YEARS, series_sparkline

can_view = permission_required("indicators.view_indicators", raise_exception=True)
EXPORT_COLUMNS = (
    "code",
    "label",
    "section",
    "unit",
    "currency",
    "value",
    "previous",
    "target",
)


# Each page runs in one `evaluation()`: the spans of the data ("which years
# have data", "no data before its span") and the shared aggregates are read
# once, however many functions ask for them.


def _year_with_data(year: int) -> range:
    """Return the years with recorded activity; 404 if `year` is not one."""
    years = registry.years_with_data()
    if year not in years:
        raise Http404("No records for this year.")
    return years


def _indicator(code: str) -> Indicator:
    try:
        return registry.get(code)
    except NotRegistered:
        raise Http404("No such indicator.") from None


@require_safe
@can_view
@evaluation()
def home(request: HttpRequest) -> HttpResponse:
    years = registry.years_with_data()
    if not years:
        return render(request, "indicators/no_data.html")
    # The dashboard's year selector sends its choice here (?year=2020).
    asked = request.GET.get("year", "")
    chosen = int(asked) if asked.isascii() and asked.isdigit() else None
    year = chosen if chosen in years else years[-1]
    return redirect("indicators:dashboard", year=year)


@require_safe
@can_view
@evaluation()
def dashboard(request: HttpRequest, year: int) -> HttpResponse:
    years = _year_with_data(year)
    results = evaluate_year(year)
    chart_list = charts(results)  # its labels come from the same evaluation
    editions = list(
        Edition.objects.filter(year=year).select_related("published_by", "withdrawn_by")
    )
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
            "edition": next((e for e in editions if not e.is_withdrawn), None),
            "withdrawn": [e for e in editions if e.is_withdrawn],
        },
    )


@require_safe
@can_view
@evaluation()
def dashboard_sparklines(request: HttpRequest, year: int) -> HttpResponse:
    """Return the sparkline of each dashboard card: the last five years up to
    `year` (from the first year with data), which the dashboard's script
    fetches once the page is shown, so that the page costs one year only."""
    years = _year_with_data(year)
    shown = range(max(year - SPARKLINE_YEARS + 1, years[0]), year + 1)
    series = evaluate_years(shown, breakdowns=False)
    lines = []
    for results in zip(*series.values(), strict=True):  # an indicator's years
        indicator = results[0].indicator
        values = [result.value for result in results]
        lines.append((indicator.code, series_sparkline(indicator, shown, values)))
    return render(request, "indicators/includes/sparklines.html", {"lines": lines})


@require_http_methods(["GET", "POST"])
@permission_required("indicators.add_edition", raise_exception=True)
@evaluation()
def publish(request: HttpRequest, year: int) -> HttpResponse:
    """Show what publishing freezes and which figures the public page shows
    (GET), then publish the year (POST)."""
    _year_with_data(year)
    with evaluation():  # the reported figures' names are read once
        form = PublishForm(
            request.POST if request.method == "POST" else None,
            indicators=registry.all(),
        )
    if form.is_valid():
        try:
            publish_year(year, user=request.user, private=form.private())
        except AlreadyPublished as refusal:
            messages.error(request, refusal.message)
        else:
            published = _(
                "The %(year)s figures are published: they are frozen as they are now."
            )
            messages.success(request, published % {"year": year})
        return redirect("indicators:dashboard", year=year)
    return render(
        request,
        "indicators/publish.html",
        {
            "year": year,
            "figures": len(form.codes()),
            "edition": current_edition(year),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("indicators.withdraw_edition", raise_exception=True)
def withdraw(request: HttpRequest, year: int) -> HttpResponse:
    """Ask why (GET), then withdraw the year's edition in force (POST)."""
    _year_with_data(year)
    edition = current_edition(year)
    if edition is None:
        messages.error(request, _("%(year)s is not published.") % {"year": year})
        return redirect("indicators:dashboard", year=year)
    form = WithdrawalForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            reason = form.cleaned_data["reason"]
            withdraw_edition(year, user=request.user, reason=reason)
        except NotPublished:  # withdrawn meanwhile by someone else
            messages.error(request, _("%(year)s is not published.") % {"year": year})
        else:
            messages.success(
                request,
                _("The %(year)s edition is withdrawn: the year may be published again.")
                % {"year": year},
            )
        return redirect("indicators:dashboard", year=year)
    return render(
        request,
        "indicators/withdraw.html",
        {"year": year, "edition": edition, "form": form},
    )


@require_safe
@can_view
@evaluation()
def report(request: HttpRequest, year: int) -> HttpResponse:
    _year_with_data(year)
    return render(request, "indicators/report.html", _report_context(year))


@require_safe
@can_view
@evaluation()
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """Return the report as a PDF, in the reader's language, to download."""
    _year_with_data(year)
    html = render_to_string(
        "indicators/report.html", _report_context(year, pdf=True), request=request
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    filename = f"impact-report-{year}-{get_language()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report_context(year: int, *, pdf: bool = False) -> dict[str, Any]:
    results = evaluate_year(year, series=False)
    by_code = {r.indicator.code: r for r in results}
    # The statutory meetings indicator lists its records
    # (apps/events/indicators/events.py).
    records_of = cast(
        Callable[[Period], QuerySet], registry.get("meetings.statutory").records_of
    )
    meetings = records_of(report_period(year))
    return {
        "year": year,
        "pdf": pdf,
        "organisation_name": settings.ORGANISATION_NAME,
        "organisation_logo": settings.ORGANISATION_LOGO,
        "pages": report_layout.pages(by_code),
        "sections": report_layout.sections(by_code),
        "reported": [r for r in results if r.indicator.section == "reported"],
        "edition": current_edition(year),
        "changed": [r for r in results if r.changed_since_published],
        "meetings": meetings.order_by("starts_on"),
    }


@require_safe
@can_view
@evaluation()
def quality(request: HttpRequest, year: int) -> HttpResponse:
    _year_with_data(year)
    return render(
        request,
        "indicators/quality.html",
        {"year": year, "gaps": data_gaps(year)},
    )


@require_safe
@can_view
@evaluation()
def indicator_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    indicator = _indicator(code)
    _year_with_data(year)
    with evaluation():  # the breakdowns' labels are read once too
        return _indicator_detail(request, indicator, year)


def _indicator_detail(
    request: HttpRequest, indicator: Indicator, year: int
) -> HttpResponse:
    result = evaluate_one(indicator, year)
    period = report_period(year)
    records = apart = changes = None
    makeup = ""
    if indicator.records_of is not None:
        queryset = indicator.records_of(period)
        facts = indicator.makeup.facts(queryset)
        records = record_page(
            queryset,
            request.GET.get("page"),
            admin_links=request.user.is_staff,
            extra_columns=indicator.extra_columns,
            counted=indicator.counted,
            count=facts["rows"],
        )
        if indicator.records_apart_of is not None:
            apart = record_page(
                indicator.records_apart_of(period),
                request.GET.get("apart"),
                admin_links=request.user.is_staff,
                extra_columns=indicator.extra_columns,
            )
            facts["apart"] = apart.page.paginator.count
        makeup = indicator.makeup.describe(facts)
    trend = trend_chart(indicator)
    if result.since_published is not None:
        edition = Edition.objects.current().get(year=year)
        model = queryset.model if indicator.records_of is not None else None
        changes = changes_since(edition, model)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "year": year,
            "period": period,
            "result": result,
            "breakdowns": [
                (
                    indicator.breakdowns[name],
                    values,
                    breakdown_status(result, name),
                    live_rows(
                        indicator.breakdowns[name],
                        values,
                        result.live_breakdowns[name],
                    )
                    if name in result.breakdowns_changed
                    else None,
                )
                for name, values in result.breakdowns.items()
            ],
            "records": records,
            "makeup": makeup,
            "apart": apart,
            "apart_title": indicator.records_apart_title,
            "changes": changes,
            "trend": trend,
            "charts": [trend] if trend else [],  # what static/js/charts.js draws
        },
    )


@require_safe
@can_view
@evaluation()
def indicator_records(
    request: HttpRequest, code: str, year: int
) -> HttpResponse | StreamingHttpResponse:
    indicator = _indicator(code)
    _year_with_data(year)
    if indicator.records_of is None:
        raise Http404("This indicator has no records to download.")
    rows = all_records(
        indicator.records_of(report_period(year)), indicator.extra_columns
    )
    header = next(rows)
    return exports.csv_response(f"{code}-{year}.csv", header, rows)


@require_safe
@can_view
@evaluation()
def export_indicators(
    request: HttpRequest, year: int, extension: str
) -> HttpResponse | StreamingHttpResponse:
    _year_with_data(year)
    filename = f"indicators-{year}.{extension}"
    if extension == "xlsx":
        return workbook.indicators_response(filename, year)
    rows = [
        [item[column] for column in EXPORT_COLUMNS]
        for item in indicators_document(year)["indicators"]
    ]
    return exports.csv_response(filename, EXPORT_COLUMNS, rows)


@require_safe
@can_view
@evaluation()
def api_indicators(request: HttpRequest, year: int) -> JsonResponse:
    _year_with_data(year)
    return JsonResponse(indicators_document(year), json_dumps_params={"indent": 1})


@require_safe
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
