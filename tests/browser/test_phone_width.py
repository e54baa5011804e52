"""The pages a manager reads, on a phone (390 px wide), in French (the longest
words): no page scrolls sideways, and a chart keeps its drawing and its legend."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Page, expect

from apps.indicators.registry import registry
from apps.indicators.services import publish_year
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
PHONE = 390
YEAR = 2021

# The routes that serve no page: files, data, fragments, form endpoints and the
# admin (a desktop tool of the secretariat).
NOT_PAGES = {
    "admin",
    "api_series",
    "api_indicators",
    "dashboard_sparklines",
    "export_indicators_csv",
    "export_indicators_xlsx",
    "healthz",
    "indicator_records",
    "logout",
    "pivot_csv",
    "pivot_xlsx",
    "plan_export_csv",
    "plan_export_xlsx",
    "api_plans",
    "api_plan",
    "report_pdf",
    "set_language",
    "year_json",
}


def arguments(name: str) -> list[dict]:
    """The arguments a page is opened with: every indicator where each shows
    its own records table, a few elsewhere."""
    codes = [item.code for item in registry.all()]
    return {
        "indicator_detail": [{"code": code, "year": YEAR} for code in codes],
        "embed": [
            {"code": code, "year": YEAR} for code in ("members.active", codes[-1])
        ],
        "plan_detail": [{"code": "SAP2123"}],
    }.get(name, [{"year": YEAR}])


def routes(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from routes(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield namespace, entry


def page_paths() -> list[str]:
    """Every page of the URLconf, so that a new page is checked too."""
    paths = []
    for namespace, route in routes(get_resolver()):
        if route.name in NOT_PAGES:
            continue
        name = f"{namespace}:{route.name}" if namespace else route.name
        if not route.pattern.converters:
            paths.append(reverse(name))
            continue
        for kwargs in arguments(route.name):
            assert set(kwargs) == set(route.pattern.converters), name
            paths.append(reverse(name, kwargs=kwargs))
    # A page's other states: a breakdown under the pivot table.
    paths.append(reverse("indicators:pivot") + "?indicator=members.active")
    return paths


@pytest.fixture
def browser_context_args(browser_context_args):
    # French comes from the browser's language, as on a French phone: the
    # public pages read no cookie.
    return {
        **browser_context_args,
        "viewport": {"width": PHONE, "height": 844},
        "locale": "fr-FR",
    }


@pytest.fixture
def phone(live_server, page: Page, roles):
    """A manager on a phone, signed in, the demo loaded and 2021 published."""
    call_command("load_demo", stdout=io.StringIO())
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    publish_year(YEAR, user=user)
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/{YEAR}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert width(page) == PHONE, "the sign-in page"
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/dashboard/{YEAR}/")
    return page


def width(page: Page) -> int:
    """The page's width, every folded part (a chart's table) open."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
    return page.evaluate("document.documentElement.scrollWidth")


def test_no_page_scrolls_sideways_on_a_phone(live_server, phone):
    wider = {}
    not_found = ["/dashboard/1990/", "/public/1990/"]
    for path in page_paths() + not_found:
        response = phone.goto(live_server.url + path)
        assert response.status == (404 if path in not_found else 200), path
        if (found := width(phone)) > PHONE:
            wider[path] = found
    assert wider == {}


def charts(page: Page) -> list[dict]:
    """Each chart as drawn: its canvas's height, the height of its drawing
    area, the names its legend shows inside the canvas, its data's names."""
    return page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
          const chart = Chart.getChart(canvas);
          const legend = chart.legend;
          const shown = legend.options.display
            ? legend.legendItems.filter((item, i) => {
                const box = legend.legendHitBoxes[i];
                return box.top >= legend.top && box.top + box.height <= legend.bottom;
              }).map((item) => item.text)
            : null;
          const names = chart.config.type === 'line'
            ? chart.data.datasets.map((line) => line.label) : chart.data.labels;
          return {id: canvas.dataset.chart, type: chart.config.type,
                  height: canvas.clientHeight, area: Math.round(chart.chartArea.height),
                  legend: shown, names};
        })"""
    )


def test_charts_keep_their_drawing_and_their_legend_on_a_phone(live_server, phone):
    drawn = []
    for path in ("/dashboard/2022/", f"/indicators/followers.total/{YEAR}/"):
        phone.goto(live_server.url + path)
        phone.wait_for_function("typeof Chart !== 'undefined'")
        drawn += charts(phone)
    lines = [chart for chart in drawn if chart["type"] == "line"]
    assert [chart["id"] for chart in lines] == [
        "followers.total.history",
        "followers.total.trend",
    ]
    history = lines[0]
    assert sorted(history["legend"]) == [
        "Facebook",
        "Instagram",
        "LinkedIn",
        "Twitter",
        "YouTube",
    ]
    for chart in drawn:
        assert chart["height"] >= 150, chart
        if chart["type"] != "doughnut":
            assert chart["area"] >= 150, chart
        if chart["legend"] is not None:
            assert chart["legend"] == chart["names"], chart
