import datetime as dt

import pytest

from apps.members.models import Mandate, Member
from tests.factories import MandateFactory, MemberFactory

pytestmark = pytest.mark.django_db

LYON = {
    "code": "M001",
    "name": "Lyon",
    "country": "FR",
    "category": "full",
    "joined_on": "2020-01-01",
    "mandates-INITIAL_FORMS": "0",
}


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_member_list_counts_mandates_without_a_query_per_row(
    staff_client, django_assert_num_queries
):
    for _ in range(3):
        MandateFactory()
    # session, user, 2 x permissions, 2 counts, the page, 2 dates, 2 filters
    with django_assert_num_queries(11) as captured:
        response = staff_client.get("/admin/members/member/")
    assert response.status_code == 200
    for _ in range(20):
        MandateFactory()
    with django_assert_num_queries(len(captured)):
        staff_client.get("/admin/members/member/")


def test_mandate_list_without_a_query_per_row(staff_client, django_assert_num_queries):
    MandateFactory.create_batch(3)
    with django_assert_num_queries(9) as captured:
        assert staff_client.get("/admin/members/mandate/").status_code == 200
    MandateFactory.create_batch(20)
    with django_assert_num_queries(len(captured)):
        staff_client.get("/admin/members/mandate/")


def test_search_finds_members_by_code_name_or_city(staff_client):
    MemberFactory(code="M042", name="Greater Lyon", city="Lyon")
    MemberFactory(code="M043", name="Seville", city="Sevilla")
    response = staff_client.get("/admin/members/member/", {"q": "lyon"})
    assert list(response.context["cl"].queryset.values_list("code", flat=True)) == [
        "M042"
    ]


def test_adding_a_member_with_dates_out_of_order_shows_a_clear_message(staff_client):
    response = staff_client.post(
        "/admin/members/member/add/",
        {**LYON, "left_on": "2019-01-01", "mandates-TOTAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert "A member must leave after joining." in (response.content.decode())
    assert not Member.objects.exists()


def test_a_member_and_its_mandate_are_added_together(staff_client):
    response = staff_client.post(
        "/admin/members/member/add/",
        {
            **LYON,
            "mandates-TOTAL_FORMS": "1",
            "mandates-0-leader_name": "Grégory Doucet",
            "mandates-0-gender": "man",
            "mandates-0-started_on": "2020-07-04",
        },
    )
    assert response.status_code == 302
    assert Mandate.objects.get().member.code == "M001"
    assert Mandate.objects.get().started_on == dt.date(2020, 7, 4)


@pytest.mark.parametrize("typed", ["fr", "Fr", " fr "])
def test_the_admin_takes_a_country_code_in_any_case_as_the_import_does(
    staff_client, typed
):
    data = {**LYON, "country": typed, "mandates-TOTAL_FORMS": "0"}
    response = staff_client.post("/admin/members/member/add/", data)
    assert response.status_code == 302
    assert Member.objects.get().country == "FR"


def test_the_admin_still_refuses_an_unknown_country(staff_client):
    data = {**LYON, "country": "zz", "mandates-TOTAL_FORMS": "0"}
    response = staff_client.post("/admin/members/member/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [
        "ZZ is not an ISO 3166 alpha-2 country code."
    ]
