import datetime as dt

import pytest

from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from tests.factories import AgreementFactory, AllianceFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)


def value(code):
    return registry.get(code).compute(Y2021)


def test_counters_on_an_empty_database():
    for code in [
        "alliances.active",
        "agreements.with_members",
        "agreements.with_alliances",
    ]:
        assert value(code) == 0


@pytest.mark.parametrize(
    ("started_on", "ended_on", "active"),
    [
        (D(2019, 1, 1), D(2021, 12, 31), False),  # its end date is the first day out
        (D(2019, 1, 1), D(2022, 1, 1), True),  # still active on 31 December
        (D(2021, 12, 31), None, True),
        (D(2022, 1, 1), None, False),
        (D(2019, 1, 1), D(2021, 6, 1), False),
    ],
)
def test_active_alliances_at_year_end(started_on, ended_on, active):
    AllianceFactory(started_on=started_on, ended_on=ended_on)
    assert value("alliances.active") == int(active)


def test_agreements_by_counterpart_signed_in_the_year():
    member, alliance = MemberFactory(), AllianceFactory()
    AgreementFactory(counterpart_type="member", counterpart_member=member)
    AgreementFactory(
        counterpart_type="member", counterpart_member=member, signed_on=D(2021, 12, 31)
    )
    AgreementFactory(
        counterpart_type="member", counterpart_member=member, signed_on=D(2022, 1, 1)
    )
    AgreementFactory(counterpart_type="alliance", counterpart_alliance=alliance)
    AgreementFactory(counterpart_type="other")
    assert value("agreements.with_members") == 2
    assert value("agreements.with_alliances") == 1
    assert registry.get("agreements.with_members").records_of(Y2021).count() == 2


def test_agreement_counters_share_one_query(django_assert_num_queries):
    AgreementFactory()
    with evaluation(), django_assert_num_queries(1):
        value("agreements.with_members")
        value("agreements.with_alliances")
