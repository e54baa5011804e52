import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
import time_machine
from django.utils import translation

from apps.indicators import checks
from apps.indicators.services import publish_year
from apps.indicators.templatetags.indicators import headline, in_unit
from tests.factories import (
    EventFactory,
    MemberFactory,
    ParticipationFactory,
    recorded_activity,
    records_of_every_source,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (2118, "count", "+2.1K"),
        (36409, "count", "+36.4K"),
        (999, "count", "999"),
        (52.0, "percent", "52.0%"),
        (16.8, "percent", "16.8%"),
        (None, "count", "—"),
        ("", "count", "—"),
    ],
)
def test_headline_numbers_as_the_report_prints_them(value, unit, shown):
    assert headline(value, unit) == shown


def test_headline_numbers_in_french():
    with translation.override("fr"):
        assert headline(2118) == "+2,1K"
        assert headline(16.8, "percent") == "16,8\xa0%"
        assert in_unit(Decimal("2150000.00"), "currency") == "2\xa0150\xa0000\xa0€"


def test_report_has_the_sections_of_the_annual_report(manager_client):
    MemberFactory(joined_on=D(2021, 3, 1))
    EventFactory(
        kind="statutory_meeting",
        statutory_body="board",
        format="online",
        starts_on=D(2021, 3, 4),
    )
    ParticipationFactory.create_batch(3, event=EventFactory())
    response = manager_client.get("/report/2021/")
    assert response.status_code == 200
    content = response.content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", content)
    assert headings == [
        "General secretariat team",
        "Our network",
        "Statutory meetings",
        "Our impact",
        "We strengthened the capacity to deliver public policies and services",
        "We made the voice of metropolises heard on the global stage",
        "Reported figures",
    ]
    assert "<figcaption>Sources of funding (percent)</figcaption>" in content
    assert "Board of directors · Online · 4 March 2021" in content
    assert "css/report.css" in content


def test_report_in_french(manager_client):
    MemberFactory(joined_on=D(2021, 3, 1))
    recorded_activity(2021)
    content = manager_client.get(
        "/report/2021/", headers={"accept-language": "fr"}
    ).content.decode()
    assert "Notre impact" in content


@pytest.mark.parametrize("size", [10, 1000])
def test_report_query_count_does_not_grow(
    manager_client, django_assert_num_queries, size
):
    for i in range(size):
        MemberFactory(joined_on=D(2021, 1 + i % 12, 1))
        if i % 100 == 0:
            EventFactory(kind="statutory_meeting", statutory_body="board")
    records_of_every_source(2020)
    with django_assert_num_queries(34):  # the API's, edition, meetings
        manager_client.get("/report/2021/")


def test_the_report_names_the_organisation_and_its_logo_from_the_settings(
    manager_client, settings
):
    settings.ORGANISATION_NAME = "Cities & Regions"
    settings.ORGANISATION_LOGO = "img/logo.svg"
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    content = manager_client.get("/report/2021/").content.decode()
    assert '<span class="organisation">Cities &amp; Regions</span>' in content
    assert 'src="/static/img/logo.svg"' in content
    assert "<title>Annual report 2021 · Cities &amp; Regions</title>" in content


@pytest.mark.parametrize(
    ("language", "mark"),
    [
        ("en", "Live figures — not published"),
        ("fr", "Chiffres en direct — non publiés"),
        ("es", "Cifras en directo — no publicadas"),
    ],
)
def test_a_live_year_says_its_figures_are_not_published(manager_client, language, mark):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    content = manager_client.get(
        "/report/2021/", headers={"accept-language": language}
    ).content.decode()
    assert f'<p class="edition live">{mark}</p>' in content
    assert content.count(mark) == 2  # on the page and in every printed footer
    assert 'class="edition published"' not in content


def test_a_published_year_says_which_edition_it_shows(manager_client, manager):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    with time_machine.travel(dt.datetime(2022, 3, 4, 10, tzinfo=dt.UTC)):
        publish_year(2021, user=manager)
    content = manager_client.get(
        "/report/2021/", headers={"accept-language": "fr"}
    ).content.decode()
    assert '<p class="edition published">Édition publiée le 4 mars 2022</p>' in content
    assert "Chiffres en direct" not in content


def test_every_printed_page_footer_names_organisation_year_and_edition(
    manager_client, settings
):
    settings.ORGANISATION_NAME = 'Metro "polis"'
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    response = manager_client.get("/report/2021/")
    content = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">', content)[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert (
        '@page { @bottom-left { content: "Metro \\22 polis\\22  · Annual report '
        '2021 · Live figures — not published"; } }'
    ) in content


def test_a_logo_that_is_no_static_file_fails_the_system_checks(settings):
    settings.ORGANISATION_LOGO = "img/no-such-logo.png"
    [error] = checks.organisation_logo_exists(None)
    assert error.id == "indicators.E001"
    assert (
        error.msg == "ORGANISATION_LOGO names no static file: 'img/no-such-logo.png'."
    )
    settings.ORGANISATION_LOGO = "img/logo.svg"
    assert checks.organisation_logo_exists(None) == []


def test_the_pdf_of_a_published_year_shows_its_published_figures(
    manager_client, manager
):
    MemberFactory.create_batch(2, joined_on=D(2021, 3, 1))
    with time_machine.travel(dt.datetime(2022, 3, 4, 10, tzinfo=dt.UTC)):
        publish_year(2021, user=manager)
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 6, 1))  # a late correction, not published
    response = manager_client.get("/report/2021.pdf", headers={"accept-language": "es"})
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="impact-report-2021-es.pdf"'
    )
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Edición publicada el 4 de marzo de 2022" in text
    assert "2 nuevos miembros" in text
    assert "3 nuevos miembros" not in text
