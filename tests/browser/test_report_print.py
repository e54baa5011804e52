"""The report as Chromium prints it: A4 pages that the demo's 2021 fills."""

import io
import re

import pypdf
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import Page

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_manager(roles):
    demo = settings.BASE_DIR / "fixtures" / "demo"
    call_command("import_annual", str(demo), stdout=io.StringIO())
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    return user


def printed(page: Page) -> list[str]:
    """Print the page as the browser's print dialog would, and read it back."""
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_printed_2021_report_fills_at_most_four_a4_pages(
    live_server, page: Page, client, demo_manager
):
    client.force_login(demo_manager)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/report/2021/")
    assert page.locator(".edition.live").inner_text() == "Live figures — not published"
    # The charts are drawn already, without any script.
    assert page.locator("#impact svg.chart[role=img]").count() == 2

    pages = printed(page)
    assert 1 <= len(pages) <= 4
    for number, text in enumerate(pages, start=1):
        words = text.split()
        assert len(words) > 40, f"page {number} is almost blank"
        assert "Metropolis · Annual report 2021 · Live figures — not published" in (
            " ".join(words)
        )
        assert f"{number} / {len(pages)}" in text
    everything = "\n".join(pages)
    # A headline and its word stay on one line.
    assert re.search(r"52\.0%[ \xa0]+women", everything)
    assert re.search(r"\+2\.1K[ \xa0]+participants", everything)
    assert "Download the PDF" not in everything  # the screen's links are not printed
