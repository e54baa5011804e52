"""Entering a plan in the admin freezes the baselines left empty."""

import datetime as dt
from decimal import Decimal

import pytest

from apps.plans.models import Plan
from tests.factories import MemberFactory, recorded_activity

pytestmark = pytest.mark.django_db


def test_saving_a_plan_in_the_admin_freezes_its_empty_baselines(client, secretariat):
    recorded_activity(2020)
    for _ in range(3):
        MemberFactory(joined_on=dt.date(2020, 5, 1))
    client.force_login(secretariat)
    response = client.post(
        "/admin/plans/plan/add/",
        {
            "code": "SAP2123",
            "name": "Strategic Action Plan",
            "first_year": "2021",
            "last_year": "2023",
            "indicators-TOTAL_FORMS": "2",
            "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "1000",
            "indicators-0-indicator": "members.new",
            "indicators-0-end_target": "10",
            "indicators-1-indicator": "events.total",
            "indicators-1-baseline_value": "7",
            "indicators-1-baseline_year": "2019",
            "indicators-1-end_target": "20",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    items = {
        item.indicator: (item.baseline_value, item.baseline_year)
        for item in Plan.objects.get().indicators.all()
    }
    assert items == {
        "members.new": (Decimal(3), 2020),
        "events.total": (Decimal(7), 2019),
    }


def test_a_plan_ending_before_it_starts_is_refused_in_the_admin(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        "/admin/plans/plan/add/",
        {
            "code": "X",
            "name": "X",
            "first_year": "2023",
            "last_year": "2021",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "The first year cannot come after the last year." in (
        response.content.decode()
    )
    assert not Plan.objects.exists()
