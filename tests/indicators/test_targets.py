import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.indicators.models import Target
from apps.indicators.results import evaluate_year
from tests.factories import (
    MeasurementFactory,
    MemberFactory,
    TargetFactory,
    recorded_activity,
)
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

D = dt.date
HEADER = "indicator,year,value\n"


def test_targets_import_for_registered_and_reported_codes():
    report = run(
        {
            "targets.csv": HEADER
            + 'members.new,2021,12\nmembers.women_led_share,2023,"25,5"\n'
            + "reported.use.practices,2022,500\n",
            "measurements.csv": "source,source_kind,metric,as_of,value\n"
            "use,platform,practices,2021-12-31,423\n",
        }
    )
    assert errors(report) == []
    assert [f.name for f in report.files] == ["measurements.csv", "targets.csv"]
    assert Target.objects.get(indicator="members.women_led_share").value == Decimal(
        "25.5"
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("members.nope,2021,12", "indicator=members.nope: not an indicator code"),
        ("members.new,20xx,12", "year=20xx: not a whole number"),
        ("members.new,2021,-1", "value=-1: Ensure this value is greater than"),
        ("members.new,2021,", "value=: a value is required"),
    ],
)
def test_bad_targets_are_refused(row, message):
    report = run({"targets.csv": HEADER + row + "\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"targets.csv:2 {message}")
    assert not Target.objects.exists()


def test_a_target_names_an_indicator():
    with pytest.raises(
        ValidationError, match=r"members\.nope is not an indicator code"
    ):
        Target(indicator="members.nope", year=2021, value=1).full_clean()


def test_results_carry_the_target_and_the_progress():
    for _ in range(3):
        MemberFactory(joined_on=D(2021, 5, 1))
    TargetFactory(indicator="members.new", year=2021, value=4)
    TargetFactory(indicator="members.new", year=2022, value=40)
    results = {r.indicator.code: r for r in evaluate_year(2021)}
    assert results["members.new"].target == Decimal(4)
    assert results["members.new"].progress == 75.0
    assert results["members.active"].target is None


def test_the_api_fills_target_and_previous(manager_client):
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 5, 1))
    MemberFactory(joined_on=D(2021, 6, 1))
    recorded_activity(2021)
    TargetFactory(indicator="members.new", year=2021, value="2.5")
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    new = next(i for i in document["indicators"] if i["code"] == "members.new")
    assert (new["value"], new["previous"], new["target"]) == (2, 1, 2.5)


def test_dashboard_shows_previous_and_target(manager_client):
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 5, 1))
    recorded_activity(2021)
    TargetFactory(indicator="members.active", year=2021, value=4)
    content = manager_client.get("/dashboard/2021/").content.decode()
    assert "Year before: 1" in content
    assert "Target: 4 · 50%" in content
    assert '<progress max="100" value="50">' in content


def test_a_running_year_compares_with_the_same_days_a_year_before():
    MemberFactory(joined_on=D(2025, 3, 1))
    MemberFactory(joined_on=D(2025, 11, 1))  # after 27 November? no: before
    MemberFactory(joined_on=D(2025, 12, 15))  # after the same date a year before
    MemberFactory(joined_on=D(2026, 2, 1))
    results = {r.indicator.code: r for r in evaluate_year(2026, today=D(2026, 11, 27))}
    assert results["members.new"].value == 1
    assert results["members.new"].previous == 2
    assert results["members.active"].previous == 2


def test_reported_figures_have_a_previous_value_too():
    MeasurementFactory(
        metric__source__code="use",
        metric__code="practices",
        as_of=D(2020, 12, 31),
        value=300,
    )
    MeasurementFactory(
        metric__source__code="use",
        metric__code="practices",
        as_of=D(2021, 12, 31),
        value=423,
    )
    results = {r.indicator.code: r for r in evaluate_year(2021)}
    practices = results["reported.use.practices"]
    assert (practices.value, practices.previous, practices.change) == (423, 300, 123)
