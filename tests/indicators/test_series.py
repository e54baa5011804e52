"""Indicators across years: the series function, the series API and the pivot."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from apps.indicators.services import publish_year
from tests.factories import (
    EventFactory,
    PublicationFactory,
    TargetFactory,
    recorded_activity,
    records_of_every_source,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def years(db):
    """An event a year from 2019 to 2021, two in 2020; publications from 2021."""
    recorded_activity(2019, 2020, 2021)
    EventFactory(starts_on=D(2020, 9, 1))
    PublicationFactory(published_on=D(2021, 3, 1))


def _api(client, query=""):
    response = client.get(f"/api/indicators/{query}")
    return response, json.loads(response.content)


def _by_code(document):
    return {item["code"]: item for item in document["indicators"]}


def test_the_series_api_gives_every_indicator_s_value_by_year(manager_client, years):
    response, document = _api(manager_client, "?from=2019&to=2021")
    assert response.status_code == 200
    assert (document["from"], document["to"]) == (2019, 2021)
    events = _by_code(document)["events.total"]
    assert events == {
        "code": "events.total",
        "label": "Events",
        "section": "impact",
        "unit": "count",
        "values": {"2019": 1, "2020": 2, "2021": 1},
    }


def test_a_year_before_an_indicator_s_data_is_null(manager_client, years):
    _response, document = _api(manager_client, "?from=2019&to=2021")
    values = _by_code(document)["publications.new"]["values"]
    assert values == {"2019": None, "2020": None, "2021": 1}


def test_the_range_is_clamped_to_the_years_with_data(manager_client, years):
    _response, document = _api(manager_client, "?from=2000&to=2025")
    assert (document["from"], document["to"]) == (2019, 2021)
    assert list(_by_code(document)["events.total"]["values"]) == [
        "2019",
        "2020",
        "2021",
    ]


def test_without_a_range_the_last_five_years_with_data_are_given(manager_client, years):
    _response, document = _api(manager_client)
    assert (document["from"], document["to"]) == (2019, 2021)
    _response, document = _api(manager_client, "?from=2020")
    assert (document["from"], document["to"]) == (2020, 2021)
    _response, document = _api(manager_client, "?to=2020")
    assert (document["from"], document["to"]) == (2019, 2020)


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("?from=2021&to=2019", "The first year comes after the last one."),
        ("?from=1990&to=2020", "Ask for 30 years at most."),
        ("?from=abc", "A year is written with four digits."),
        ("?to=20211", "A year is written with four digits."),
        (
            "?from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91",
            "A year is written with four digits.",
        ),
    ],
)
def test_a_malformed_reversed_or_too_wide_range_is_a_400(
    manager_client, years, query, detail
):
    response, document = _api(manager_client, query)
    assert response.status_code == 400
    assert document == {"detail": detail}
    assert manager_client.get(f"/pivot/{query}").status_code == 400
    assert manager_client.get(f"/pivot/indicators.csv{query}").status_code == 400


def test_a_published_year_gives_its_published_figure(manager_client, manager, years):
    publish_year(2020, user=manager)
    EventFactory(starts_on=D(2020, 10, 1))  # after the edition: live is 3
    _response, document = _api(manager_client, "?from=2019&to=2021")
    assert _by_code(document)["events.total"]["values"] == {
        "2019": 1,
        "2020": 2,
        "2021": 1,
    }
    page = manager_client.get("/pivot/?from=2019&to=2021")
    assert page.context["published"] == {2020}
    assert "2020 <small>published</small>" in page.content.decode()


# The same data as the one-year API's pin (tests/indicators/test_views.py):
# a record of every source in 2021 and 2020. One year costs what the
# one-year API does, less the year before's aggregates; each more year
# adds its aggregates and breakdowns only (the spans, the published figures
# and the targets are read once).
SERIES_QUERIES = {1: 21, 3: 45}


@pytest.mark.parametrize("count", [1, 3])
def test_a_series_of_n_years_costs_at_most_n_times_one_year(
    manager_client, django_assert_num_queries, count
):
    records_of_every_source(2019)
    records_of_every_source(2020)
    records_of_every_source(2021)
    first = 2022 - count
    with django_assert_num_queries(SERIES_QUERIES[count]):
        response = manager_client.get(f"/api/indicators/?from={first}&to=2021")
    assert response.status_code == 200
    assert SERIES_QUERIES[3] <= 3 * SERIES_QUERIES[1]


def test_the_pivot_shows_indicators_by_year_grouped_by_section(manager_client, years):
    response = manager_client.get("/pivot/?from=2019&to=2021")
    assert response.status_code == 200
    assert response.context["years"] == [2019, 2020, 2021]
    sections = {str(name): rows for name, rows in response.context["sections"]}
    events = next(
        values
        for result, values, _line in sections["Impact"]
        if result.indicator.code == "events.total"
    )
    assert events == [1, 2, 1]
    content = response.content.decode()
    assert '<code class="muted">events.total</code>' in content


def test_the_pivot_shows_an_indicator_s_breakdown_by_year(manager_client, years):
    response = manager_client.get("/pivot/?from=2019&to=2021&indicator=events.total")
    assert response.status_code == 200
    assert response.context["breakdown_title"] == "Events per month"
    rows = dict(response.context["breakdown"])
    assert rows["June 2019"] == [1, None, None]
    assert rows["Sept. 2020"] == [None, 1, None]


def test_an_unknown_indicator_in_the_pivot_is_a_404(manager_client, years):
    assert manager_client.get("/pivot/?indicator=no.such").status_code == 404


def test_the_pivot_csv_has_a_column_a_year(manager_client, years):
    response = manager_client.get("/pivot/indicators.csv?from=2019&to=2021")
    assert response["Content-Disposition"] == (
        'attachment; filename="indicators-2019-2021.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = {line.split(",")[0]: line for line in text.splitlines()}
    assert lines["Code"] == "Code,Indicator,Section code,Unit code,2019,2020,2021"
    assert lines["events.total"] == "events.total,Events,impact,count,1,2,1"
    assert lines["publications.new"] == (
        "publications.new,New publications,capacity,count,,,1"
    )


def test_the_pivot_csv_of_an_indicator_gives_its_breakdown(manager_client, years):
    response = manager_client.get(
        "/pivot/indicators.csv?from=2019&to=2020&indicator=events.total"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Category,2019,2020"
    assert "June 2019,1," in lines


def test_the_pivot_xlsx_is_a_titled_table_of_numbers(manager_client, years):
    TargetFactory(indicator="events.total", year=2020, value=5)
    response = manager_client.get("/pivot/indicators.xlsx?from=2019&to=2021")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "2019-2021"
    assert sheet["A1"].value.endswith("indicators by year")
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Code"][4:] == ("2019", "2020", "2021")
    assert rows["events.total"][4:] == (1, 2, 1)
    assert rows["publications.new"][4:] == (None, None, 1)


def test_an_indicator_page_charts_its_value_every_year_with_data(
    manager_client, manager, years
):
    TargetFactory(indicator="events.total", year=2021, value=3)
    publish_year(2019, user=manager)
    response = manager_client.get("/indicators/events.total/2021/")
    assert response.status_code == 200
    trend = response.context["trend"]
    assert trend["kind"] == "line"
    assert trend["labels"] == ["2019 (published)", "2020", "2021"]
    assert [line["label"] for line in trend["datasets"]] == ["Value", "Target"]
    assert trend["datasets"][0]["values"] == [1, 2, 1]
    assert trend["datasets"][1]["values"] == [None, None, 3]
    assert trend["datasets"][1]["points"] is True
    content = response.content.decode()
    assert 'data-chart="events.total.trend"' in content
    assert "Show the data as a table" in content


def test_the_trend_has_no_value_before_the_indicator_s_data(manager_client, years):
    PublicationFactory(published_on=D(2020, 3, 1))
    response = manager_client.get("/indicators/publications.new/2021/")
    assert response.context["trend"]["datasets"][0]["values"] == [None, 1, 1]


NO_TREND = {
    "en": "The chart appears once two years have a value.",
    "fr": "Le graphique apparaît dès que deux années ont une valeur.",
    "es": "El gráfico aparece en cuanto dos años tienen un valor.",
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_indicator_with_a_value_in_one_year_only_has_no_trend_chart(
    manager_client, years, language
):
    # publications.new has a value in 2021 alone: no chart of a lone point.
    response = manager_client.get(
        "/indicators/publications.new/2021/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert (response.context["trend"], response.context["charts"]) == (None, [])
    content = response.content.decode()
    assert f'<p class="muted">{NO_TREND[language]}</p>' in content
    assert "<canvas" not in content
    assert "chart.umd.min.js" not in content


def test_the_first_year_with_data_has_no_trend_chart(manager_client):
    recorded_activity(2021)
    response = manager_client.get("/indicators/events.total/2021/")
    assert response.context["result"].value == 1
    assert response.context["trend"] is None


def test_the_dashboard_links_to_the_indicators_across_years(manager_client, years):
    content = manager_client.get("/dashboard/2021/").content.decode()
    assert '<a href="/pivot/">Across years</a>' in content


def test_the_pivot_and_the_trend_are_in_french_for_a_french_reader(
    manager_client, manager, years
):
    publish_year(2020, user=manager)
    page = manager_client.get("/pivot/?from=2019&to=2021", HTTP_ACCEPT_LANGUAGE="fr")
    content = page.content.decode()
    assert "<h1>Indicateurs par année</h1>" in content
    assert "2020 <small>publiée</small>" in content
    detail = manager_client.get(
        "/indicators/events.total/2021/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert detail.context["trend"]["labels"][1] == "2020 (publiée)"
    response = manager_client.get(
        "/api/indicators/?from=2021&to=2019", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert json.loads(response.content) == {
        "detail": "El primer año es posterior al último."
    }


def test_each_pivot_row_has_a_sparkline_of_its_last_five_years(manager_client, years):
    content = manager_client.get("/pivot/?from=2019&to=2021").content.decode()
    assert "<title>Events from 2019 to 2021: 1, 2, 1</title>" in content
    # One year with a value is no trend: no sparkline.
    assert "New publications from" not in content


@pytest.mark.parametrize("url", ["/pivot/", "/pivot/indicators.csv"])
def test_the_pivot_and_its_export_cost_what_the_series_costs(
    manager_client, django_assert_num_queries, url
):
    records_of_every_source(2019)
    records_of_every_source(2020)
    records_of_every_source(2021)
    # The pivot shows the series of the API: it costs the same queries.
    with django_assert_num_queries(SERIES_QUERIES[3]):
        response = manager_client.get(f"{url}?from=2019&to=2021")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Year"), ("fr", "Année"), ("es", "Año")]
)
def test_the_trend_s_table_heads_its_rows_with_years_not_dates(
    manager_client, years, language, heading
):
    response = manager_client.get(
        "/indicators/events.total/2021/", HTTP_ACCEPT_LANGUAGE=language
    )
    table = response.content.decode().split('<details class="chart-table">')[-1]
    assert f'<th scope="col">{heading}</th>' in table
    assert '<th scope="row">2020</th>' in table
