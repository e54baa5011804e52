"""Publish a year, correct a record, read the card: one set of figures."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from tests.factories import (
    MemberFactory,
    PublicationFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
D = dt.date


@pytest.fixture
def manager_ana(roles):
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    return user


@pytest.fixture
def year_2021():
    """2 new members in 2021 (1 in 2020, target 4); 4 publications, 1 on gender."""
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2021, 4, 1))
    TargetFactory(indicator="members.new", year=2021, value=4)
    PublicationFactory.create_batch(3)
    PublicationFactory(has_gender_perspective=True)


def test_a_published_card_derives_every_figure_from_the_published_value(
    live_server, page: Page, manager_ana, year_2021
):
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/dashboard/2021/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/dashboard/2021/")

    # Publishing asks first: what is frozen, by whom.
    page.click("text=Publish the 2021 figures…")
    expect(page).to_have_url(f"{base}/dashboard/2021/publish/")
    expect(page.locator("form.confirm")).to_contain_text(
        "of 2021 will be frozen as they are now, and recorded as published by ana."
    )
    page.click("form.confirm button[type=submit]")
    expect(page).to_have_url(f"{base}/dashboard/2021/")
    expect(page.locator(".messages")).to_contain_text("The 2021 figures are published")

    # A correction after publication: a third new member, a second
    # publication with a gender perspective.
    MemberFactory(joined_on=D(2021, 9, 1))
    PublicationFactory(has_gender_perspective=True)
    page.reload()

    new = page.locator("#members\\.new")
    expect(new.locator(".value")).to_have_text("2")
    expect(new.locator(".live")).to_have_text("Live figure: 3 (+1 since publication)")
    expect(new.locator(".previous")).to_have_text("Year before: 1 (+1)")
    expect(new.locator(".target")).to_have_text(re.compile(r"Target: 4 · 50%"))
    gender = page.locator("#publications\\.gender_perspective")
    expect(gender.locator(".value")).to_have_text("1")
    expect(gender.locator(".live")).to_have_text(
        "Live figure: 2 (+1 since publication)"
    )
    expect(gender.locator(".share")).to_have_text(re.compile(r"25\.0% of the total"))

    # Withdrawn with a reason, the year shows the live figures again and the
    # edition stays listed.
    page.click("text=Withdraw this edition…")
    page.fill("textarea[name=reason]", "A member joined late.")
    page.click("form.confirm button[type=submit]")
    expect(page).to_have_url(f"{base}/dashboard/2021/")
    expect(new.locator(".value")).to_have_text("3")
    expect(new.locator(".live")).to_have_count(0)
    expect(new.locator(".target")).to_have_text(re.compile(r"Target: 4 · 75%"))
    expect(gender.locator(".share")).to_have_text(re.compile(r"40\.0% of the total"))
    withdrawn = page.locator("details.withdrawn")
    expect(withdrawn.locator("summary")).to_have_text("1 withdrawn edition")
    withdrawn.locator("summary").click()
    expect(withdrawn.locator("li")).to_contain_text("by ana, withdrawn on")
    expect(withdrawn.locator("li q")).to_have_text("A member joined late.")
