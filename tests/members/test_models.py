import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import MandateFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_database_refuses_a_member_leaving_before_joining():
    with pytest.raises(IntegrityError):
        MemberFactory(joined_on=D(2020, 1, 1), left_on=D(2019, 1, 1))


def test_database_refuses_a_member_leaving_the_day_it_joins():
    with pytest.raises(IntegrityError):
        MemberFactory(joined_on=D(2020, 1, 1), left_on=D(2020, 1, 1))


def test_database_refuses_two_members_with_one_code():
    MemberFactory(code="M001")
    with pytest.raises(IntegrityError):
        MemberFactory(code="M001")


def test_database_refuses_an_unknown_category():
    with pytest.raises(IntegrityError):
        MemberFactory(category="gold")


def test_database_refuses_two_mandates_starting_the_same_day():
    mandate = MandateFactory(started_on=D(2019, 1, 1))
    with pytest.raises(IntegrityError):
        MandateFactory(member=mandate.member, started_on=D(2019, 1, 1))


def test_database_refuses_a_mandate_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        MandateFactory(started_on=D(2019, 1, 1), ended_on=D(2018, 1, 1))


def test_database_refuses_an_unknown_gender():
    with pytest.raises(IntegrityError):
        MandateFactory(gender="female")


def test_full_clean_explains_date_order_with_the_constraint_message():
    member = MemberFactory.build(joined_on=D(2020, 1, 1), left_on=D(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict == {
        "__all__": ["A member must leave after joining."]
    }


def test_full_clean_refuses_a_bad_country_code():
    member = MemberFactory.build(country="XX")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict["country"] == [
        "XX is not an ISO 3166 alpha-2 country code."
    ]


def test_str():
    mandate = MandateFactory(
        leader_name="Ada Colau",
        member__name="Barcelona",
        member__code="M001",
        started_on=D(2015, 6, 13),
    )
    assert str(mandate.member) == "Barcelona (M001)"
    assert str(mandate) == "Ada Colau, Barcelona (2015)"
