"""The dashboard's charts in a real Chromium: names, colours, numbers, keyboard."""

import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the pages' CSP forbids.
    return {**browser_context_args, "bypass_csp": True}


def open_dashboard(live_server, page: Page) -> None:
    """Load the demo and open its 2021 dashboard as a manager."""
    call_command("load_demo", stdout=io.StringIO())
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/2021/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/dashboard/2021/")


@pytest.fixture
def dashboard(live_server, page: Page, roles):
    """The demo's 2021 dashboard, open for a manager, its charts drawn."""
    open_dashboard(live_server, page)
    page.wait_for_function("typeof Chart !== 'undefined'")
    return page


def legend(page: Page, chart: str) -> dict[str, str]:
    """A chart's legend as Chart.js drew it: {text: colour}."""
    return page.evaluate(
        """(id) => Object.fromEntries(
            Chart.getChart(document.querySelector(`canvas[data-chart="${id}"]`))
              .legend.legendItems.map((item) => [item.text, item.fillStyle]))""",
        chart,
    )


def test_legends_name_categories_and_a_category_keeps_its_colour(dashboard):
    donut = legend(dashboard, "followers.total.network")
    line = legend(dashboard, "followers.total.history")
    assert set(donut) == {"Facebook", "Instagram", "LinkedIn", "Twitter", "YouTube"}
    assert set(line) == set(donut)
    assert donut == line
    assert donut["Twitter"] == "#56B4E9"
    assert len(set(donut.values())) == len(donut)  # told apart
    leaders = legend(dashboard, "members.women_led_share.gender")
    participants = legend(dashboard, "participants.gender_split.gender")
    assert leaders["Woman"] == participants["Woman"] == "#D55E00"
    assert leaders["Man"] == participants["Man"] == "#0072B2"


def test_donuts_write_their_values_and_lines_do_not(dashboard):
    plugins = dashboard.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('canvas[data-chart]')]
            .map((c) => [c.dataset.chart,
                         (Chart.getChart(c).config.plugins || []).map((p) => p.id)]))"""
    )
    assert plugins["followers.total.network"] == ["datalabels"]
    assert plugins["members.active.category"] == ["datalabels"]
    assert plugins["followers.total.history"] == []
    assert plugins["events.total.month"] == []


def test_axis_numbers_are_written_in_the_pages_language(dashboard):
    dashboard.select_option("#language", "fr")
    dashboard.click("form:has(#language) button[type=submit]")
    expect(dashboard.locator("html")).to_have_attribute("lang", "fr")
    dashboard.wait_for_function("typeof Chart !== 'undefined'")
    ticks = dashboard.evaluate(
        """() => Chart.getChart(document.querySelector(
              'canvas[data-chart="followers.total.history"]'))
              .scales.y.ticks.map((tick) => tick.label)"""
    )
    thousands = [tick for tick in ticks if len(tick) > 4]
    assert thousands
    assert all(re.fullmatch(r"\d{1,3}([\u202f\u00a0 ]\d{3})+", t) for t in thousands)


def test_arrow_keys_move_the_year_selector_without_leaving_the_page(dashboard):
    url = dashboard.url
    year = dashboard.locator("select[name=year]")
    year.focus()
    dashboard.keyboard.press("ArrowDown")
    expect(year).to_have_value("2020")
    dashboard.wait_for_timeout(500)
    assert dashboard.url == url
    dashboard.click("form:has(select[name=year]) button[type=submit]")
    expect(dashboard).to_have_url(re.compile(r"/dashboard/2020/$"))


def test_a_charts_table_opens_from_the_keyboard(dashboard):
    figure = dashboard.locator(
        'figure:has(canvas[data-chart="members.active.category"])'
    )
    summary = figure.locator("summary")
    summary.focus()
    dashboard.keyboard.press("Enter")
    expect(figure.locator("table caption")).to_be_visible()
    expect(figure.locator("tbody tr").first).to_be_visible()


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations
              .map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target)}))"""
    )
    return found


def test_the_dashboard_and_the_drilldown_have_no_wcag_violations(dashboard):
    assert axe_violations(dashboard) == []
    # The charts' tables too, open.
    dashboard.evaluate(
        "document.querySelectorAll('details').forEach((d) => { d.open = true; })"
    )
    assert axe_violations(dashboard) == []
    dashboard.click("#participants\\.total h3 a")
    dashboard.wait_for_load_state("load")
    violations = axe_violations(dashboard)
    assert violations == [], json.dumps(violations)


def test_every_card_shows_a_sparkline_fetched_in_one_request(live_server, dashboard):
    fetched = []
    dashboard.on(
        "request",
        lambda request: fetched.append(request.url) if "spark" in request.url else 0,
    )
    dashboard.reload()
    events = dashboard.locator("#events\\.total .sparkline-slot svg.sparkline")
    expect(events).to_have_count(1)
    expect(events.locator("title")).to_have_text("Events from 2020 to 2021: 72, 101")
    expect(events).to_have_attribute("role", "img")
    cards = dashboard.locator("article.counter")
    lines = dashboard.locator("article.counter .sparkline-slot svg.sparkline")
    assert (lines.count(), cards.count()) == (38, 40)
    # The children's drawings are reported from 2021: one year is no trend.
    without = dashboard.locator("article.counter:not(:has(svg.sparkline))")
    assert without.evaluate_all("cards => cards.map((card) => card.id)") == [
        "reported.children_drawings.cities",
        "reported.children_drawings.drawings",
    ]
    assert fetched == [
        f"{live_server.url}/static/js/sparklines.js",
        f"{live_server.url}/dashboard/2021/sparklines/",
    ]
    assert axe_violations(dashboard) == []


def test_the_sparklines_speak_the_pages_language(dashboard):
    dashboard.select_option("#language", "fr")
    dashboard.click("form:has(#language) button[type=submit]")
    expect(dashboard.locator("html")).to_have_attribute("lang", "fr")
    expect(dashboard.locator("#events\\.total svg.sparkline title")).to_have_text(
        "Événements de 2020 à 2021 : 72, 101"
    )


def test_without_javascript_the_dashboard_shows_its_cards_without_sparklines(
    live_server, browser, roles
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    open_dashboard(live_server, page)
    expect(page.locator("#events\\.total .value")).to_have_text("101")
    expect(page.locator(".sparkline-slot").first).to_be_attached()
    assert page.locator("svg.sparkline").count() == 0
    context.close()
