"""Each dashboard card's sparkline of the last years: one request after the
page, answered from the series (apps/indicators/series.py)."""

import datetime as dt
import re

import pytest

from apps.indicators.services import publish_year
from tests.factories import (
    EventFactory,
    PublicationFactory,
    recorded_activity,
    records_of_every_source,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def years(db):
    """An event a year from 2016 to 2021, two in 2020; publications from 2020."""
    recorded_activity(2016, 2017, 2018, 2019, 2020, 2021)
    EventFactory(starts_on=D(2020, 9, 1))
    PublicationFactory(published_on=D(2020, 3, 1))
    PublicationFactory(published_on=D(2021, 3, 1))
    PublicationFactory(published_on=D(2021, 4, 1))


def titles(content: str) -> dict[str, str]:
    """Each indicator's sparkline title in the fragment: {code: title}."""
    found = re.findall(
        r'<div data-sparkline-for="([^"]+)"><svg[^>]*><title>([^<]*)</title>', content
    )
    return dict(found)


def test_each_card_s_sparkline_gives_the_last_five_years_up_to_the_dashboard_s(
    manager_client, years
):
    response = manager_client.get("/dashboard/2021/sparklines/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    lines = titles(response.content.decode())
    assert lines["events.total"] == "Events from 2017 to 2021: 1, 1, 1, 2, 1"
    assert lines["publications.new"] == (
        "New publications from 2017 to 2021: —, —, —, 1, 2"
    )


def test_an_earlier_dashboard_s_sparklines_end_at_its_year(manager_client, years):
    content = manager_client.get("/dashboard/2020/sparklines/").content.decode()
    assert titles(content)["events.total"] == "Events from 2016 to 2020: 1, 1, 1, 1, 2"


def test_the_sparklines_start_at_the_first_year_with_data(manager_client, years):
    content = manager_client.get("/dashboard/2018/sparklines/").content.decode()
    assert titles(content)["events.total"] == "Events from 2016 to 2018: 1, 1, 1"


def test_a_year_before_an_indicator_s_data_is_a_gap_in_its_line(manager_client, years):
    content = manager_client.get("/dashboard/2021/sparklines/").content.decode()
    line = re.search(
        r'<div data-sparkline-for="publications.new">(.*?)</div>', content
    ).group(1)
    # Three years without data, then 2020 and 2021: one segment, no point at 0.
    assert line.count("<polyline") == 1
    assert 'points="59.5,19.0 79.0,1.0"' in line


def test_an_indicator_without_any_value_has_no_sparkline(manager_client, years):
    content = manager_client.get("/dashboard/2021/sparklines/").content.decode()
    assert '<div data-sparkline-for="declarations.total"></div>' in content


def test_an_indicator_s_first_year_with_data_has_no_sparkline(manager_client, years):
    # A trend needs two years with a value: in its first one, no lone dot.
    content = manager_client.get("/dashboard/2016/sparklines/").content.decode()
    assert '<div data-sparkline-for="events.total"></div>' in content
    content = manager_client.get("/dashboard/2020/sparklines/").content.decode()
    assert '<div data-sparkline-for="publications.new"></div>' in content
    assert titles(content)["events.total"] == "Events from 2016 to 2020: 1, 1, 1, 1, 2"


def test_a_published_year_s_sparkline_point_is_its_published_figure(
    manager_client, manager, years
):
    publish_year(2020, user=manager)
    EventFactory(starts_on=D(2020, 10, 1))  # after the edition: live is 3
    content = manager_client.get("/dashboard/2021/sparklines/").content.decode()
    assert titles(content)["events.total"] == "Events from 2017 to 2021: 1, 1, 1, 2, 1"


def test_the_sparklines_are_in_the_reader_s_language(manager_client, years):
    content = manager_client.get(
        "/dashboard/2021/sparklines/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert titles(content)["events.total"] == (
        "Événements de 2017 à 2021 : 1, 1, 1, 2, 1"
    )


def test_a_year_without_records_has_no_sparklines(manager_client, years):
    assert manager_client.get("/dashboard/2015/sparklines/").status_code == 404


def test_the_dashboard_leaves_a_sparkline_slot_on_each_card_for_its_script(
    manager_client, years
):
    response = manager_client.get("/dashboard/2021/")
    content = response.content.decode()
    assert '<div data-sparklines="/dashboard/2021/sparklines/">' in content
    assert '<div class="sparkline-slot" data-sparkline="events.total"></div>' in content
    assert content.count('class="sparkline-slot"') == len(
        [r for _s, results in response.context["sections"] for r in results]
    )
    assert "<svg" not in content
    assert '<script src="/static/js/sparklines.js" defer></script>' in content


def test_an_indicator_page_has_no_sparkline_slot(manager_client, years):
    content = manager_client.get("/indicators/events.total/2021/").content.decode()
    assert "sparkline-slot" not in content


# On data of every source in each year: the session, the user and 2 for
# permissions, the spans, then the series of the years without breakdowns
# (apps/indicators/series.py: the published figures and the targets of every
# year once, each year its shared aggregates).
SPARKLINE_QUERIES = {1: 20, 5: 64}


@pytest.mark.parametrize(("year", "count"), [(2017, 1), (2021, 5)])
def test_the_sparklines_of_n_years_cost_at_most_n_times_one_year(
    manager_client, django_assert_num_queries, year, count
):
    for each in range(2017, 2022):
        records_of_every_source(each)
    with django_assert_num_queries(SPARKLINE_QUERIES[count]):
        response = manager_client.get(f"/dashboard/{year}/sparklines/")
    assert response.status_code == 200
    # The 31 indicators of the code and the 5 reported metrics (one a year).
    assert response.content.decode().count("<div data-sparkline-for=") == 36
    assert SPARKLINE_QUERIES[5] <= 5 * SPARKLINE_QUERIES[1]
