import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import AgreementFactory, AllianceFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("counterpart_type", "with_member", "with_alliance"),
    [
        ("member", False, False),
        ("member", True, True),
        ("member", False, True),
        ("alliance", True, False),
        ("alliance", False, False),
        ("other", True, False),
        ("other", False, True),
        ("partner", False, False),
    ],
)
def test_database_refuses_an_agreement_without_exactly_its_counterpart(
    counterpart_type, with_member, with_alliance
):
    with pytest.raises(IntegrityError):
        AgreementFactory(
            counterpart_type=counterpart_type,
            counterpart_member=MemberFactory() if with_member else None,
            counterpart_alliance=AllianceFactory() if with_alliance else None,
        )


@pytest.mark.parametrize("counterpart_type", ["member", "alliance", "other"])
def test_database_accepts_each_kind_of_counterpart(counterpart_type):
    AgreementFactory(
        counterpart_type=counterpart_type,
        counterpart_member=MemberFactory() if counterpart_type == "member" else None,
        counterpart_alliance=(
            AllianceFactory() if counterpart_type == "alliance" else None
        ),
    )


def test_full_clean_names_the_counterpart_type_for_the_counterpart_rule():
    agreement = AgreementFactory.build(counterpart_type="member")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.message_dict == {
        "counterpart_type": [
            "An agreement's counterpart is exactly one of: a member, an alliance, "
            "or another party."
        ]
    }


def test_database_refuses_an_alliance_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        AllianceFactory(started_on=dt.date(2021, 1, 1), ended_on=dt.date(2021, 1, 1))
