import datetime as dt
import json

import pytest
from django.db import DatabaseError
from django.urls import reverse

from apps.common.choices import Gender
from apps.events.models import Event
from apps.programmes.models import Programme
from tests.factories import (
    AgreementFactory,
    AllianceFactory,
    DeclarationFactory,
    EventFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    ParticipationFactory,
    ProgrammeMemberFactory,
    PublicationFactory,
    StaffMemberFactory,
    recorded_activity,
    records_of_every_source,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def network():
    """Members from 2019 to 2021, a woman leading one of the two with a mandate."""
    MandateFactory(member__joined_on=D(2019, 5, 1), gender=Gender.WOMAN)
    MandateFactory(member__joined_on=D(2020, 5, 1), gender=Gender.MAN)
    MemberFactory(joined_on=D(2021, 5, 1))
    recorded_activity(2019, 2021)


def test_home_redirects_to_the_latest_year_with_records(manager_client, network):
    response = manager_client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("indicators:dashboard", args=[2021])


@pytest.mark.parametrize(
    ("query", "year"),
    [("?year=2019", 2019), ("?year=2018", 2021), ("?year=x", 2021), ("?year=²", 2021)],
)
def test_home_opens_the_year_chosen_in_the_year_selector(
    manager_client, network, query, year
):
    response = manager_client.get(f"/{query}")
    assert response.status_code == 302
    assert response.url == reverse("indicators:dashboard", args=[year])


def test_the_selectors_act_on_their_button_only(manager_client, network):
    content = manager_client.get("/dashboard/2021/").content.decode()
    assert '<form method="get" action="/" class="inline">' in content
    assert '<select name="year" aria-label="Year">' in content
    assert '<select name="language" id="language">' in content
    assert content.count('<button type="submit">Go</button>') == 2
    assert "data-navigate" not in content
    assert "data-autosubmit" not in content
    assert "noscript" not in content


def test_home_without_records_explains_how_to_import(manager_client):
    response = manager_client.get("/")
    assert response.status_code == 200
    assert b"import_annual" in response.content


def test_dashboard_shows_the_members_counters(manager_client, network):
    response = manager_client.get("/dashboard/2021/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Active members" in content
    assert "50.0%" in content
    assert "1 record left out for missing data" in content
    assert 'data-chart="members.active.category"' in content
    charts = {chart["id"]: chart for chart in response.context["charts"]}
    assert charts["members.active.category"]["title"] == "Members by category"
    assert charts["members.active.category"]["labels"] == ["Full"]
    assert charts["members.active.category"]["values"] == [3]
    assert 'id="chart-data" type="application/json"' in content
    assert "vendor/chartjs/chart.umd.min.js" in content
    assert response.context["years"] == [2019, 2020, 2021]
    assert 'href="/dashboard/2020/" rel="prev"' in content
    assert 'rel="next"' not in content
    assert '<option value="2019">2019</option>' in content


def add_records(n):
    """n events of every kind with participations, and other records, in 2021."""
    kinds = [kind for kind in Event.Kind if kind != Event.Kind.SESSION]
    congress = EventFactory(kind=Event.Kind.CONGRESS)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        event = EventFactory(
            kind=kind,
            statutory_body=Event.Body.BOARD if kind == "statutory_meeting" else "",
            starts_on=D(2021, 1 + i % 12, 1 + i % 28),
        )
        ParticipationFactory.create_batch(2, event=event)
        if i % 10 == 0:
            AgreementFactory(
                counterpart_type="alliance", counterpart_alliance=AllianceFactory()
            )
            PublicationFactory(has_gender_perspective=bool(i % 20))
            DeclarationFactory()
            ProgrammeMemberFactory(programme__kind=Programme.Kind.PILOT_PROJECT)
            MeasurementFactory(metric__source__kind="platform", as_of=D(2021, 3, 1))
            MeasurementFactory(
                metric__source__kind="social_network",
                metric__code="followers",
                as_of=D(2021, 3, 1),
            )
            StaffMemberFactory(kind="intern" if i % 20 else "professional")
    EventFactory(kind=Event.Kind.SESSION, parent=congress)


# On data of every source in the year and the year before (the most a page
# needs): the session, the user and 2 for permissions; the spans of every
# source (one query); the targets; the reported metrics. Then for the year
# and the year before, 11 shared aggregates (members, events, participations,
# alliances, agreements, publications, declarations, programmes, staff,
# funding, metrics' latest values). For the year alone: the members by
# category and region (both breakdowns; the events' breakdowns come with
# their aggregate), the published figures of the year and the year before,
# the names of sources and metrics (the reported figures' labels); the
# dashboard also the followers series and the year's editions with their
# users. docs/performance.md lists them.
QUERIES = {"/api/indicators/2021/": 32, "/dashboard/2021/": 34}


@pytest.mark.parametrize("url", ["/dashboard/2021/", "/api/indicators/2021/"])
def test_query_count_is_the_same_for_10_and_1000_events(
    manager_client, network, url, django_assert_num_queries
):
    records_of_every_source(2020)
    add_records(10)
    with django_assert_num_queries(QUERIES[url]):
        assert manager_client.get(url).status_code == 200
    add_records(990)
    for i in range(30):
        MandateFactory(member__region=f"Region {i}")
    with django_assert_num_queries(QUERIES[url]):
        assert manager_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/2018/",
        "/dashboard/2022/",
        "/dashboard/0/",
        "/dashboard/99999999999/",
        "/dashboard/abc/",
        "/dashboard/2021x/",
        "/dashboard//",
        "/api/indicators/2030/",
        "/api/indicators/-1/",
        "/api/indicators/x/",
    ],
)
def test_years_without_data_or_malformed_are_404(manager_client, network, url):
    assert manager_client.get(url).status_code == 404


def test_api_publishes_every_indicator_as_the_design_says(manager_client, network):
    response = manager_client.get("/api/indicators/2021/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["year"] == 2021
    by_code = {item["code"]: item for item in document["indicators"]}
    assert by_code["members.active"] == {
        "code": "members.active",
        "label": "Active members",
        "section": "network",
        "unit": "count",
        "currency": None,
        "value": 3,
        "previous": 2,
        "target": None,
        "breakdown": {"full": 3},
        "published": None,
        "left_out": None,
        "live": 3,
        "published_breakdown": None,
        "live_breakdown": {"full": 3},
    }
    assert by_code["members.women_led_share"]["value"] == 50.0
    # The member without a mandate is left out of the share, for missing data.
    assert by_code["members.women_led_share"]["left_out"] == 1
    assert by_code["members.new"]["value"] == 1


def test_api_labels_follow_the_reader_language(manager_client, network):
    response = manager_client.get(
        "/api/indicators/2021/", headers={"accept-language": "fr"}
    )
    labels = {i["code"]: i["label"] for i in json.loads(response.content)["indicators"]}
    assert labels["members.active"] == "Membres actifs"


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_not_found_pages_explain_themselves(manager_client, network):
    response = manager_client.get("/dashboard/1900/")
    assert response.status_code == 404
    assert "no records for this year" in response.content.decode()


def test_server_errors_show_a_page_without_details(client, settings):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong" in page
    assert "Traceback" not in page


def test_counters_are_formatted_for_the_reader_language(manager_client):
    for _ in range(2):
        ParticipationFactory.create_batch(600, event=EventFactory())
    english = manager_client.get("/dashboard/2021/").content.decode()
    assert '<p class="value">1,200</p>' in english
    french = manager_client.get(
        "/dashboard/2021/", headers={"accept-language": "fr"}
    ).content.decode()
    assert '<p class="value">1\xa0200</p>' in french


def test_every_chart_has_its_own_id(manager_client):
    MeasurementFactory(
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=D(2021, 3, 1),
    )
    charts = manager_client.get("/dashboard/2021/").context["charts"]
    ids = [chart["id"] for chart in charts]
    assert len(ids) == len(set(ids))
    kinds = {chart["id"]: chart["kind"] for chart in charts}
    assert kinds["followers.total.network"] == "doughnut"
    assert kinds["followers.total.history"] == "line"


@pytest.fixture
def demo_like():
    """Members since 1985, the secretariat's records from 2020 on, and
    declarations only from 2021."""
    MemberFactory(joined_on=D(1985, 5, 1))
    ParticipationFactory.create_batch(3, event=EventFactory(starts_on=D(2020, 3, 1)))
    ParticipationFactory.create_batch(2, event=EventFactory(starts_on=D(2021, 3, 1)))
    DeclarationFactory(adopted_on=D(2021, 6, 1))


def test_the_selector_offers_the_years_of_recorded_activity(manager_client, demo_like):
    response = manager_client.get("/dashboard/2021/")
    assert response.context["years"] == [2020, 2021]
    assert '<option value="/dashboard/1990/">' not in response.content.decode()
    assert manager_client.get("/dashboard/1990/").status_code == 404
    assert manager_client.get("/dashboard/2019/").status_code == 404


def test_no_change_is_shown_against_a_year_before_the_data(manager_client, demo_like):
    response = manager_client.get("/dashboard/2020/")
    results = {
        result.indicator.code: result
        for _, items in response.context["sections"]
        for result in items
    }
    participants = results["participants.total"]
    assert (participants.value, participants.previous, participants.change) == (
        3,
        None,
        None,
    )
    assert results["members.active"].previous == 1  # members go back to 1985
    content = response.content.decode()
    card = content[content.index('id="participants.total"') :]
    card = card[: card.index("</article>")]
    assert "Year before" not in card


def test_a_value_before_its_span_is_null_in_the_api(manager_client, demo_like):
    response = manager_client.get("/api/indicators/2020/")
    by_code = {
        item["code"]: item for item in json.loads(response.content)["indicators"]
    }
    assert by_code["declarations.total"]["value"] is None
    assert by_code["declarations.total"]["breakdown"] == {}
    assert by_code["events.total"]["value"] == 1
    assert by_code["events.total"]["previous"] is None
    later = json.loads(manager_client.get("/api/indicators/2021/").content)
    by_code = {item["code"]: item for item in later["indicators"]}
    assert (
        by_code["declarations.total"]["value"],
        by_code["declarations.total"]["previous"],
    ) == (1, None)
    assert (by_code["events.total"]["value"], by_code["events.total"]["previous"]) == (
        1,
        1,
    )


def test_a_value_before_its_span_is_an_empty_cell_in_exports(manager_client, demo_like):
    response = manager_client.get("/export/indicators/2020.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {line.split(",")[0]: line for line in text.splitlines()}
    assert rows["declarations.total"] == (
        "declarations.total,Political declarations,voice,count,,,,"
    )
    assert rows["events.total"] == "events.total,Events,impact,count,,1,,"
