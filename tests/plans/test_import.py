"""plans.csv and plan_indicators.csv, imported with the annual files."""

import datetime as dt
from decimal import Decimal

import pytest

from apps.plans.models import Plan, PlanIndicator
from tests.factories import MemberFactory, recorded_activity
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

PLANS = "code,name,first_year,last_year\nSAP2123,Strategic Action Plan,2021,2023\n"
HEADER = "plan_code,indicator,baseline,baseline_year,end_target\n"


def test_plans_and_their_indicators_import_with_the_baseline_computed():
    recorded_activity(2020)
    for _ in range(4):
        MemberFactory(joined_on=dt.date(2020, 5, 1))
    report = run(
        {
            "plan_indicators.csv": HEADER
            + "SAP2123,members.new,,,10\nSAP2123,events.total,12.5,2019,20\n",
            "plans.csv": PLANS,
        }
    )
    assert errors(report) == []
    assert [f.name for f in report.files] == ["plans.csv", "plan_indicators.csv"]
    plan = Plan.objects.get(code="SAP2123")
    assert (plan.first_year, plan.last_year) == (2021, 2023)
    rows = {
        item.indicator: (item.baseline_value, item.baseline_year, item.end_target)
        for item in PlanIndicator.objects.all()
    }
    assert rows == {
        "members.new": (Decimal(4), 2020, Decimal(10)),  # computed from 2020
        "events.total": (Decimal("12.5"), 2019, Decimal(20)),  # given
    }


def test_importing_again_keeps_the_frozen_baseline():
    recorded_activity(2020)
    MemberFactory(joined_on=dt.date(2020, 5, 1))
    files = {
        "plans.csv": PLANS,
        "plan_indicators.csv": HEADER + "SAP2123,members.new,,,10\n",
    }
    run(files)
    MemberFactory(joined_on=dt.date(2020, 6, 1))  # a correction of 2020
    report = run(files)
    assert errors(report) == []
    assert PlanIndicator.objects.get().baseline_value == Decimal(1)
    assert [(f.new, f.updated) for f in report.files] == [(0, 0), (0, 0)]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("SAP9999,members.new,,,10", "plan_code=SAP9999: "),
        ("SAP2123,members.nope,,,10", "indicator=members.nope: not an indicator code"),
        ("SAP2123,members.new,,,", "end_target=: a value is required"),
        ("SAP2123,members.new,x,,10", "baseline=x: "),
        ("SAP2123,members.new,1,2024,10", "baseline_year=2024: after the plan's last"),
    ],
)
def test_bad_plan_indicators_are_refused(row, message):
    report = run({"plans.csv": PLANS, "plan_indicators.csv": HEADER + row + "\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"plan_indicators.csv:2 {message}")
    assert not PlanIndicator.objects.exists()


def test_a_plan_ending_before_it_starts_is_refused():
    report = run({"plans.csv": "code,name,first_year,last_year\nX,X,2023,2021\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]) == "plans.csv:2 last_year=2021: before the first year"
    assert not Plan.objects.exists()
