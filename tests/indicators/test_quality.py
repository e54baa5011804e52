import datetime as dt

import pytest

from apps.indicators.records import data_gaps
from tests.factories import (
    EventFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    ParticipationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date


def test_gaps_name_the_records_left_out_and_why(manager_client):
    MandateFactory(gender="woman")
    unknown = MemberFactory()  # no mandate
    event = EventFactory()
    ParticipationFactory(event=event, gender="woman")
    ParticipationFactory(event=event, gender="undisclosed")
    MeasurementFactory(
        metric__source__code="twitter",
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=D(2021, 3, 1),
    )
    quiet = MeasurementFactory(
        metric__source__code="mastodon",
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=D(2022, 3, 1),
    ).metric.source
    gaps = {gap.reason: gap for gap in data_gaps(2021)}
    members = gaps[
        "Active members with no mandate known on the last day, or whose leader's "
        "gender is undisclosed"
    ]
    assert members.count == 1
    assert members.admin_url == f"/admin/members/member/?id__in={unknown.pk}"
    # An undisclosed gender is a slice of the split, not a gap.
    assert len(gaps) == 2
    networks = gaps["Social networks with no followers count on or before the last day"]
    assert (networks.count, networks.admin_url) == (
        1,
        f"/admin/measurements/source/?id__in={quiet.pk}",
    )


def test_the_admin_link_opens_exactly_those_rows(client, secretariat):
    MemberFactory(joined_on=D(2000, 1, 1))
    MandateFactory()
    client.force_login(secretariat)
    gap = next(gap for gap in data_gaps(2021) if "members" in gap.admin_url)
    response = client.get(gap.admin_url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("size", [10, 1000])
def test_quality_page_query_count_does_not_grow(
    manager_client, django_assert_num_queries, size
):
    SourceFactory(kind="social_network")
    for _ in range(size // 10):
        MemberFactory()
        ParticipationFactory(gender="undisclosed")
    with django_assert_num_queries(10):
        response = manager_client.get("/quality/2021/")
    assert response.status_code == 200
