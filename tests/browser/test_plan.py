"""The plan page in a real Chromium: reached from the dashboard, filtered,
its statuses and sparklines shown, the rule written, in French too."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def plan_page(live_server, page: Page, roles):
    """The demo's plan, reached from the 2021 dashboard by a manager."""
    call_command("load_demo", stdout=io.StringIO())
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/2021/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.get_by_role("link", name="Plans").click()
    page.get_by_role("link", name="Strategic Action Plan 2021\u20132023").click()
    expect(page).to_have_url(f"{live_server.url}/plans/SAP2123/")
    return page


def test_the_plan_shows_every_indicator_with_a_status_and_a_sparkline(plan_page):
    rows = plan_page.locator("table.plan tbody tr")
    expect(rows).to_have_count(14)
    row = plan_page.locator("tr[id='participants.total']")
    expect(row.locator("td.status")).to_have_text("On track")
    expect(row.locator("svg.sparkline polyline")).to_have_count(1)
    expect(plan_page.locator("tr[id='members.active'] td.status")).to_have_text(
        "At risk"
    )
    expect(plan_page.locator("#status-rule")).to_contain_text("straight line")


def test_the_section_filter_keeps_the_section_rows(plan_page):
    plan_page.select_option("#section", "capacity")
    plan_page.get_by_role("button", name="Filter").click()
    expect(plan_page).to_have_url(plan_page.url.split("?")[0] + "?section=capacity")
    codes = plan_page.locator("table.plan tbody tr").evaluate_all(
        "(rows) => rows.map((row) => row.id)"
    )
    assert sorted(codes) == [
        "learning.activities",
        "programmes.observatories",
        "programmes.pilot_projects",
        "publications.gender_perspective",
        "publications.new",
    ]


def test_the_plan_page_in_french(plan_page):
    plan_page.select_option("#language", "fr")
    plan_page.locator("form:has(#language) button").click()
    expect(plan_page.locator("tr[id='participants.total'] td.status")).to_have_text(
        "En bonne voie"
    )
    expect(plan_page.locator("#status-rule")).to_contain_text("la droite")
