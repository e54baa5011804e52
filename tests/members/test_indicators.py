import datetime as dt

import pytest

from apps.common.choices import Gender
from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.members.models import Member
from tests.factories import MandateFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)


def value(code, period=Y2021):
    return registry.get(code).compute(period)


def test_counters_on_an_empty_database():
    assert value("members.active") == 0
    assert value("members.new") == 0
    assert value("members.women_led_share") is None
    assert registry.get("members.women_led_share").left_out_of(Y2021) == 0


@pytest.mark.parametrize(
    ("joined_on", "left_on", "active"),
    [
        (D(2021, 12, 31), None, True),  # joined on the last day
        (D(2022, 1, 1), None, False),  # joins the day after
        (D(2000, 1, 1), D(2021, 12, 31), False),  # left_on is the first day out
        (D(2000, 1, 1), D(2022, 1, 1), True),  # still a member on 31 December
        (D(2000, 1, 1), D(2021, 6, 1), False),
    ],
)
def test_active_members_at_year_end(joined_on, left_on, active):
    MemberFactory(joined_on=joined_on, left_on=left_on)
    assert value("members.active") == int(active)


@pytest.mark.parametrize(
    ("joined_on", "new"),
    [
        (D(2021, 1, 1), True),
        (D(2021, 12, 31), True),
        (D(2020, 12, 31), False),
        (D(2022, 1, 1), False),
    ],
)
def test_new_members_joined_during_the_year(joined_on, new):
    MemberFactory(joined_on=joined_on)
    assert value("members.new") == int(new)


def test_active_members_breakdown_by_category_and_region():
    MemberFactory(category=Member.Category.FULL, region="Europe")
    MemberFactory(category=Member.Category.FULL, region="Africa")
    MemberFactory(category=Member.Category.ASSOCIATE, region="Europe")
    MemberFactory(category=Member.Category.SPONSOR, joined_on=D(2022, 1, 1))
    breakdowns = registry.get("members.active").breakdowns
    assert breakdowns["category"](Y2021) == {"full": 2, "associate": 1}
    assert breakdowns["region"](Y2021) == {"Europe": 2, "Africa": 1}


def test_women_led_share_counts_the_mandate_in_force_on_31_december():
    handed_over = MemberFactory()
    MandateFactory(
        member=handed_over,
        gender=Gender.MAN,
        started_on=D(2018, 1, 1),
        ended_on=D(2021, 12, 31),
    )
    MandateFactory(member=handed_over, gender=Gender.WOMAN, started_on=D(2021, 12, 31))
    not_yet = MemberFactory()
    MandateFactory(
        member=not_yet, gender=Gender.MAN, started_on=D(2018, 1, 1), ended_on=None
    )
    MandateFactory(member=not_yet, gender=Gender.WOMAN, started_on=D(2022, 1, 1))
    assert value("members.women_led_share") == 50.0


def test_women_led_share_leaves_out_members_without_a_known_mandate():
    for gender in [Gender.WOMAN, Gender.MAN, Gender.MAN]:
        MandateFactory(gender=gender)
    MemberFactory()  # no mandate at all
    ended = MemberFactory()
    MandateFactory(member=ended, started_on=D(2015, 1, 1), ended_on=D(2021, 12, 31))
    MandateFactory(gender=Gender.UNDISCLOSED)
    indicator = registry.get("members.women_led_share")
    assert indicator.compute(Y2021) == 33.3
    assert indicator.left_out_of(Y2021) == 3
    assert indicator.breakdowns["gender"](Y2021) == {
        "woman": 1,
        "man": 2,
        "non_binary": 0,
    }
    assert indicator.records_of(Y2021).count() == 3


def test_women_led_share_ignores_members_that_left():
    MandateFactory(gender=Gender.WOMAN, member__left_on=D(2021, 12, 31))
    MandateFactory(gender=Gender.MAN)
    assert value("members.women_led_share") == 0.0


def test_records_behind_active_and_new_members():
    old = MemberFactory(joined_on=D(2000, 1, 1))
    new = MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2022, 3, 1))
    assert set(registry.get("members.active").records_of(Y2021)) == {old, new}
    assert list(registry.get("members.new").records_of(Y2021)) == [new]


def test_each_counter_is_one_query(django_assert_num_queries):
    MandateFactory.create_batch(3)
    for code in ["members.active", "members.new", "members.women_led_share"]:
        with django_assert_num_queries(1):
            value(code)


def test_active_and_share_share_one_aggregate_in_an_evaluation(
    django_assert_num_queries,
):
    MandateFactory.create_batch(3)
    indicator_codes = ["members.active", "members.new", "members.women_led_share"]
    with evaluation(), django_assert_num_queries(1):
        for code in indicator_codes:
            value(code)
        registry.get("members.women_led_share").left_out_of(Y2021)


def test_both_breakdowns_of_the_active_members_are_one_query(
    django_assert_num_queries,
):
    MemberFactory(joined_on=D(2020, 1, 1), category="full", region="Africa")
    MemberFactory(joined_on=D(2020, 1, 1), category="full", region="Europe")
    MemberFactory(joined_on=D(2020, 1, 1), category="associate", region="Africa")
    breakdowns = registry.get("members.active").breakdowns
    with evaluation(), django_assert_num_queries(1):
        by_category = breakdowns["category"](Y2021)
        by_region = breakdowns["region"](Y2021)
    assert by_category == {"associate": 1, "full": 2}
    assert by_region == {"Africa": 2, "Europe": 1}
