import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

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
        (52.0, "percent", "52%"),
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
        assert headline(16.8, "percent") == "16,8%"
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
    for heading in [
        "General secretariat team",
        "Sources of funding",
        "Alliances",
        "Statutory meetings",
        "Our impact",
        "We strengthened the capacity",
        "We made the voice of metropolises heard",
    ]:
        assert heading in content, heading
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
