"""A page one may GET answers HEAD alike (a monitor's or `curl -I`'s check),
without its body; neither is a 405."""

import pytest

from apps.plans.models import Plan
from tests.factories import MemberFactory, PlanFactory, recorded_activity

pytestmark = pytest.mark.django_db

READ_ONLY_URLS = [
    "/dashboard/2021/",
    "/dashboard/2021/sparklines/",
    "/indicators/members.new/2021/",
    "/report/2021/",
    "/api/indicators/2021/",
    "/api/indicators/?from=2020&to=2021",
    "/export/indicators/2021.csv",
    "/indicators/members.new/2021/records.csv",
    "/plans/SAP.csv",
    "/pivot/?from=2020&to=2021",
    "/pivot/indicators.csv?from=2020&to=2021",
    "/plans/",
    "/plans/SAP/",
    "/api/plans/",
    "/api/plans/SAP/",
]


@pytest.fixture
def data(db):
    MemberFactory()
    recorded_activity(2020, 2021)
    PlanFactory(code="SAP")
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("url", READ_ONLY_URLS)
def test_head_answers_as_get_without_a_body(manager_client, data, url):
    got = manager_client.get(url)
    head = manager_client.head(url)
    assert got.status_code == 200, url
    assert head.status_code == 200
    body = b"".join(head.streaming_content) if head.streaming else head.content
    assert body == b""
    assert head["Content-Type"] == got["Content-Type"]
