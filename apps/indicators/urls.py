from django.urls import path, register_converter

from . import pivot, views


class IndicatorCodeConverter:
    regex = r"[a-z0-9_]+(?:\.[a-z0-9_]+)+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IndicatorCodeConverter, "indicator")

app_name = "indicators"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/<int:year>/", views.dashboard, name="dashboard"),
    path(
        "dashboard/<int:year>/sparklines/",
        views.dashboard_sparklines,
        name="dashboard_sparklines",
    ),
    path("dashboard/<int:year>/publish/", views.publish, name="publish"),
    path("dashboard/<int:year>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "indicators/<indicator:code>/<int:year>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "indicators/<indicator:code>/<int:year>/records.csv",
        views.indicator_records,
        name="indicator_records",
    ),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("quality/<int:year>/", views.quality, name="quality"),
    path("pivot/", pivot.pivot, name="pivot"),
    path(
        "pivot/indicators.csv",
        pivot.export_pivot,
        {"extension": "csv"},
        name="pivot_csv",
    ),
    path(
        "pivot/indicators.xlsx",
        pivot.export_pivot,
        {"extension": "xlsx"},
        name="pivot_xlsx",
    ),
    path("api/indicators/", pivot.api_series, name="api_series"),
    path("api/indicators/<int:year>/", views.api_indicators, name="api_indicators"),
    path(
        "export/indicators/<int:year>.csv",
        views.export_indicators,
        {"extension": "csv"},
        name="export_indicators_csv",
    ),
    path(
        "export/indicators/<int:year>.xlsx",
        views.export_indicators,
        {"extension": "xlsx"},
        name="export_indicators_xlsx",
    ),
]
