"""A manager's first visit, in a real Chromium."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def demo_manager(roles):
    call_command("load_demo", stdout=io.StringIO())
    from django.contrib.auth.models import Group

    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    return user


def log_in(page: Page, base: str, next_url: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_dashboard_drilldown_download_and_french_report(
    live_server, page: Page, demo_manager
):
    base = live_server.url
    log_in(page, base, "/dashboard/2021/")
    expect(page).to_have_url(f"{base}/dashboard/2021/")
    expect(page.locator("h1")).to_contain_text("2021")

    # Chart.js is loaded and drew every chart. (Not `wait_for_function`: when
    # it has to poll, it compiles its predicate in the page, which the page's
    # Content-Security-Policy forbids.)
    page.wait_for_load_state("load")
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() >= 8
    drawn = page.evaluate(
        "[...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => Chart.getChart(c) !== undefined)"
    )
    assert drawn

    # A counter leads to the records behind it.
    page.click("#participants\\.total h3 a")
    expect(page).to_have_url(f"{base}/indicators/participants.total/2021/")
    expect(page.locator(".records tbody tr")).to_have_count(50)

    with page.expect_download() as info:
        page.click("text=Download as CSV")
    with open(info.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [
        "event_code",
        "gender",
        "role",
        "member_code",
        "country",
        "#event_starts_on",
        "#event_role",
        "#participant",
    ]
    assert len(rows) - 1 == 2118

    # The unique participants say how those participations make them.
    page.goto(f"{base}/indicators/participants.unique/2021/")
    expect(page.locator(".makeup")).to_have_text(
        re.compile(r"^2,118 participations by [0-9,]+ distinct participants\.$")
    )

    # In French, the report's headings are French.
    page.goto(f"{base}/report/2021/")
    page.select_option("#language", "fr")
    page.click("form:has(#language) button[type=submit]")
    page.wait_for_load_state("load")
    expect(page.locator("#impact h2")).to_have_text("Notre impact")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_the_login_page_refuses_a_wrong_password(live_server, page: Page, demo_manager):
    page.goto(f"{live_server.url}/dashboard/2021/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/dashboard/2021/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", "wrong")
    page.click("main button[type=submit]")
    expect(page.locator(".error")).to_be_visible()
