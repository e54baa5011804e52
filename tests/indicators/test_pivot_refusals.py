"""A range of years the pivot cannot show gives its form again, saying why."""

import re

import pytest

from tests.factories import recorded_activity

pytestmark = pytest.mark.django_db

FORM = '<form method="get" action="/pivot/" class="inline pivot-form">'


@pytest.fixture
def years(db):
    recorded_activity(2019, 2020, 2021)


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


def test_a_reversed_range_gives_the_pivot_form_again_with_its_error_in_french(
    manager_client, years
):
    response = manager_client.get(
        "/pivot/?from=2021&to=2019", HTTP_ACCEPT_LANGUAGE="fr"
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert FORM in page
    assert (
        '<p class="error" role="alert">La première année vient après la dernière.</p>'
        in page
    )
    assert (selected(page, "from"), selected(page, "to")) == (["2021"], ["2019"])
    assert 'class="table pivot"' not in page  # no table for years not shown
    assert "/pivot/indicators.csv" not in page  # nor exports of them


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("?from=1990&to=2020", "Ask for 30 years at most."),
        ("?from=abc&to=2020", "A year is written with four digits."),
    ],
)
def test_a_too_wide_or_malformed_range_gives_the_form_again(
    manager_client, years, query, error
):
    response = manager_client.get(f"/pivot/{query}")
    page = response.content.decode()
    assert response.status_code == 400
    assert FORM in page
    assert f'<p class="error" role="alert">{error}</p>' in page
    assert selected(page, "to") == ["2020"]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_of_a_reversed_range_gives_the_pivot_form_instead(
    manager_client, years, extension
):
    response = manager_client.get(f"/pivot/indicators.{extension}?from=2021&to=2019")
    page = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert FORM in page
    assert (
        '<p class="error" role="alert">The first year comes after the last one.</p>'
        in page
    )


def test_the_refused_pivot_keeps_the_chosen_breakdown(manager_client, years):
    page = manager_client.get(
        "/pivot/?from=2021&to=2019&indicator=participants.gender_split"
    ).content.decode()
    assert '<option value="participants.gender_split" selected>' in page


def test_the_refused_pivot_reads_only_the_years_and_indicators_offered(
    manager_client, years, django_assert_num_queries
):
    # The session, the user, their permissions (2), the years with data and
    # the networks' reported indicators.
    with django_assert_num_queries(6):
        assert manager_client.get("/pivot/?from=2021&to=2019").status_code == 400
