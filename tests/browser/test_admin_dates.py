"""The admin's date widget in a real Chromium: its hint, calendar and "Today"."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.members.models import Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(roles):
    user = UserFactory(username="sam", is_staff=True)
    user.groups.add(Group.objects.get(name="Secretariat"))
    return user


def test_a_french_editor_picks_and_types_dates_day_first(
    live_server, page: Page, editor
):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": base}])
    page.goto(f"{base}/accounts/login/?next=/admin/members/member/add/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/admin/members/member/add/")

    joined_on = page.locator("#id_joined_on")
    expect(joined_on).to_have_attribute("placeholder", "AAAA-MM-JJ ou JJ/MM/AAAA")

    # "Today" writes the date ISO, which every language reads.
    today = timezone.localdate()
    page.locator("#id_joined_on ~ .datetimeshortcuts a").first.click()
    expect(joined_on).to_have_value(today.isoformat())

    # So does the calendar.
    page.click("#calendarlink0")
    page.locator("#calendarin0 a", has_text=re.compile(r"^15$")).click()
    expect(joined_on).to_have_value(today.replace(day=15).isoformat())

    # A date typed day first is saved as such.
    joined_on.fill("01/06/2020")
    page.fill("#id_code", "M001")
    page.fill("#id_name", "Lyon")
    page.select_option("#id_country", "FR")
    page.select_option("#id_category", "full")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert Member.objects.get().joined_on == dt.date(2020, 6, 1)
