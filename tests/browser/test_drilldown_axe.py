"""The drill-down passes axe-core: WCAG 2.1 AA and its best practices."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from tests.factories import (
    EventFactory,
    FundingEntryFactory,
    MemberFactory,
    ParticipationFactory,
    PublicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the pages' CSP forbids.
    return {**browser_context_args, "bypass_csp": True}


def violations(page: Page) -> list[tuple[str, list[str]]]:
    """Return each rule axe-core finds broken, with the elements at fault."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then((result) => result.violations.map("
        "(v) => [v.id, v.nodes.map((n) => n.target.join(' '))]))",
        RULES,
    )
    return [tuple(item) for item in found]


@pytest.mark.skipif(not AXE.exists(), reason="no node_modules/axe-core here")
@pytest.mark.parametrize(
    "path",
    [
        "/indicators/participants.total/2021/",
        "/indicators/publications.new/2021/",
        "/indicators/funding.split/2021/",
    ],
)
def test_the_drilldown_breaks_no_axe_rule(live_server, page: Page, roles, path):
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    MemberFactory(code="M001", joined_on=dt.date(2021, 3, 1))
    ParticipationFactory(event=EventFactory(code="E1"), gender="man")
    PublicationFactory(languages="en|fr", has_gender_perspective=True)
    FundingEntryFactory(year=2021, amount=322500)
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next={path}")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}{path}")
    expect(page.locator(".records tbody tr").first).to_be_visible()
    assert violations(page) == []
