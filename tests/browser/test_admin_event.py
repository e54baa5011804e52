"""The secretariat's event page in the admin, in a real Chromium at 1280 px."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from apps.events.privacy import participant_key
from apps.indicators.roles import SECRETARIAT
from tests.factories import (
    EventFactory,
    ImportRunFactory,
    MemberFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
WIDTH = 1280


@pytest.fixture
def secretary(roles):
    user = UserFactory(username="sam", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


def log_in(page: Page, base: str, next_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", "sam")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_event_page_shows_no_key_fits_the_screen_and_adds_a_pasted_list(
    live_server, page: Page, secretary
):
    event = EventFactory(title="Annual congress of the metropolises of the world")
    member = MemberFactory(name="Metropolitan Area of a Rather Long Name")
    keys = [participant_key(f"person{i}@example.org") for i in range(12)]
    for key in keys:
        ParticipationFactory(event=event, participant_key=key, member=member)
    url = f"/admin/events/event/{event.pk}/change/"
    log_in(page, live_server.url, url)
    expect(page).to_have_url(f"{live_server.url}{url}")

    html = page.content()
    assert not [key for key in keys if key in html]
    assert page_width(page) <= WIDTH
    paste = page.locator("textarea[name=new_participants]")
    expect(paste).to_be_visible()
    expect(page.locator("fieldset", has=paste)).to_contain_text(
        "One participant per line"
    )

    paste.fill("gender;participant_ref\nwoman;ana@example.org\nzz;bob@example.org")
    page.click("input[name=_continue]")
    expect(page.locator(".errorlist")).to_contain_text(
        "line 3 gender=zz: not one of the allowed values"
    )
    assert event.participations.count() == 12

    page.locator("textarea[name=new_participants]").fill(
        "gender;participant_ref\nwoman;ana@example.org\nman;bob@example.org"
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("2 participants added.")
    assert event.participations.count() == 14
    assert page_width(page) <= WIDTH


def test_the_import_run_page_fits_the_screen(live_server, page: Page, secretary):
    run = ImportRunFactory()
    digest = "ab" * 32
    run.files.create(name="participations.csv", sha256=digest, size=10, new=1)
    url = f"/admin/imports/importrun/{run.pk}/change/"
    log_in(page, live_server.url, url)
    cell = page.locator("code.digest")
    expect(cell).to_have_attribute("title", digest)
    assert cell.bounding_box()["width"] < 150
    assert page_width(page) <= WIDTH
