import datetime as dt
import json

import pytest

from apps.indicators.models import Edition, PublishedFigure
from apps.indicators.services import AlreadyPublished, publish_year
from apps.members.models import Member
from tests.factories import MemberFactory, recorded_activity
from tests.imports.helpers import run

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def members():
    for day in (D(2019, 5, 1), D(2021, 3, 1), D(2021, 4, 1)):
        MemberFactory(joined_on=day)
    recorded_activity(2021)


def test_a_manager_publishes_a_year(manager_client, manager, members):
    response = manager_client.post("/dashboard/2021/publish/")
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert (edition.year, edition.published_by) == (2021, manager)
    figures = dict(edition.figures.values_list("indicator", "value"))
    assert figures["members.new"] == 2
    assert figures["members.women_led_share"] is None
    page = manager_client.get(response.url).content.decode()
    assert "The 2021 figures are published" in page
    assert "Published on" in page


def test_publishing_twice_is_refused(manager, members):
    publish_year(2021, user=manager)
    with pytest.raises(AlreadyPublished):
        publish_year(2021, user=manager)
    assert PublishedFigure.objects.filter(indicator="members.new").count() == 1


def test_a_late_import_shows_published_and_live_figures(
    manager_client, manager, members
):
    publish_year(2021, user=manager)
    report = run(
        {
            "members.csv": "code,name,country,category,joined_on\n"
            "LATE1,Late member,ES,full,2021-11-30\n"
        }
    )
    assert report.written
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    new = next(i for i in document["indicators"] if i["code"] == "members.new")
    assert (new["published"], new["value"]) == (2, 3)
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert "Live figure: 3 (+1 since publication)" in page
    report_page = manager_client.get("/report/2021/").content.decode()
    assert "Published on" in report_page


def test_unchanged_figures_show_no_difference(manager_client, manager, members):
    publish_year(2021, user=manager)
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert "Live figure" not in page


def test_only_those_allowed_may_publish(client, members):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="visitor"))
    assert client.post("/dashboard/2021/publish/").status_code == 403
    assert not Edition.objects.exists()


def test_a_year_without_data_cannot_be_published(manager_client, members):
    assert manager_client.post("/dashboard/1990/publish/").status_code == 404


def test_the_drilldown_shows_what_changed_since_publication(
    manager_client, manager, members, secretariat, client
):
    publish_year(2021, user=manager)
    run(
        {
            "members.csv": "code,name,country,category,joined_on\n"
            "LATE1,Late member,ES,full,2021-11-30\n"
        },
        origin="admin",
        user=secretariat,
    )
    client.force_login(secretariat)
    late = Member.objects.get(code="LATE1")
    client.post(
        f"/admin/members/member/{late.pk}/change/",
        {
            "code": "LATE1",
            "name": "Late member, renamed",
            "country": "ES",
            "category": "full",
            "joined_on": "2021-11-30",
            "mandates-TOTAL_FORMS": "0",
            "mandates-INITIAL_FORMS": "0",
        },
    )
    page = manager_client.get("/indicators/members.new/2021/").content.decode()
    assert "What changed since the publication" in page
    assert "by secretariat:" in page
    assert "<code>members.csv</code> (+1, ~0)" in page
    assert "edited “Late member, renamed (LATE1)” in the admin" in page


def test_an_unchanged_figure_has_no_change_section(manager_client, manager, members):
    publish_year(2021, user=manager)
    page = manager_client.get("/indicators/members.new/2021/").content.decode()
    assert "What changed since" not in page
