"""The plan page, its exports, the API, and the baselines it freezes."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.indicators.registry import registry
from apps.indicators.results import evaluate_year
from apps.indicators.services import publish_year
from apps.plans.services import freeze_baselines
from tests.factories import (
    MemberFactory,
    PlanFactory,
    PlanIndicatorFactory,
    TargetFactory,
    UserFactory,
    recorded_activity,
)

pytestmark = pytest.mark.django_db

D = dt.date
NAME = "Strategic Action Plan 2021\u20132023"


def joined(year: int, count: int) -> None:
    for _ in range(count):
        MemberFactory(joined_on=D(year, 5, 1))


@pytest.fixture
def plan():
    """members.new: 4 in 2020 (the baseline), 6 in 2021, 7 in 2022, no 2023
    data; end target 10 in 2023 (the line expects 6 in 2021, 8 in 2022)."""
    recorded_activity(2020, 2021, 2022)
    joined(2020, 4)
    joined(2021, 6)
    joined(2022, 7)
    TargetFactory(indicator="members.new", year=2022, value=8)
    plan = PlanFactory(code="SAP2123", name=NAME)
    PlanIndicatorFactory(plan=plan, indicator="members.new", end_target=10)
    PlanIndicatorFactory(
        plan=plan, indicator="events.total", baseline_value=1, end_target=4
    )
    freeze_baselines(plan)
    return plan


def members_new(document):
    return next(i for i in document["indicators"] if i["code"] == "members.new")


def test_the_baseline_is_the_year_before_the_plan_computed_and_frozen(plan):
    item = plan.indicators.get(indicator="members.new")
    assert (item.baseline_year, item.baseline_value) == (2020, Decimal("4.00"))
    other = plan.indicators.get(indicator="events.total")
    assert other.baseline_value == Decimal(1)  # given: kept as is


def test_a_later_correction_shows_beside_the_frozen_baseline(manager_client, plan):
    joined(2020, 1)  # a member of 2020 recorded late
    freeze_baselines(plan)  # saving again keeps the frozen baseline
    assert plan.indicators.get(indicator="members.new").baseline_value == 4
    response = manager_client.get("/plans/SAP2123/")
    row = next(r for r in response.context["rows"] if r.code == "members.new")
    assert (row.baseline, row.baseline_now) == (Decimal(4), 5)
    assert "baseline now computes 5" in response.content.decode()
    assert (
        members_new(manager_client.get("/api/plans/SAP2123/").json())["baseline"] == 4
    )


def test_the_api_gives_each_year_value_and_target_and_the_status(manager_client, plan):
    document = manager_client.get("/api/plans/SAP2123/").json()
    assert {k: document[k] for k in ("code", "name", "first_year", "last_year")} == {
        "code": "SAP2123",
        "name": NAME,
        "first_year": 2021,
        "last_year": 2023,
    }
    assert members_new(document) == {
        "code": "members.new",
        "label": "New members",
        "unit": "count",
        "baseline": 4,
        "baseline_year": 2020,
        "end_target": 10,
        # 2022: 7 where the line expects 8: short by more than 10 % of 6.
        "status": "off_track",
        "years": {
            "2021": {"value": 6, "target": None},
            "2022": {"value": 7, "target": 8},
            "2023": {"value": None, "target": None},
        },
    }


def test_the_api_lists_the_plans(manager_client, plan):
    assert manager_client.get("/api/plans/").json() == {
        "plans": [
            {
                "code": "SAP2123",
                "name": NAME,
                "first_year": 2021,
                "last_year": 2023,
            }
        ]
    }


def test_a_published_year_shows_its_published_figure(manager_client, plan):
    publish_year(2021, user=UserFactory())
    joined(2021, 2)  # after publication
    document = manager_client.get("/api/plans/SAP2123/").json()
    assert members_new(document)["years"]["2021"]["value"] == 6


def test_the_page_writes_the_status_rule_and_draws_a_sparkline(manager_client, plan):
    response = manager_client.get("/plans/SAP2123/")
    html = response.content.decode()
    assert "on the straight line from the baseline" in html
    assert "Off track" in html
    assert html.count('<svg class="sparkline"') == 2
    # The dashboard's sparkline, titled with the values it draws.
    label = registry.get("members.new").label
    assert f"<title>{label} from 2021 to 2023: 6, 7, —</title>" in html


def test_a_plan_s_first_year_draws_no_sparkline(manager_client):
    recorded_activity(2021)
    joined(2021, 6)
    PlanIndicatorFactory(plan=PlanFactory(code="SAP2123"), indicator="members.new")
    html = manager_client.get("/plans/SAP2123/").content.decode()
    assert "members.new" in html
    assert "<svg" not in html


def test_the_page_filters_by_section(manager_client, plan):
    response = manager_client.get("/plans/SAP2123/?section=network")
    assert [row.code for row in response.context["rows"]] == ["members.new"]
    response = manager_client.get("/plans/SAP2123/?section=nonsense")
    assert len(response.context["rows"]) == 2


def test_the_page_speaks_french(manager_client, plan):
    manager_client.cookies["django_language"] = "fr"
    html = manager_client.get("/plans/SAP2123/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert "Hors trajectoire" in html.decode()
    assert "il lui manque au plus 10 % de l\u2019écart" in html.decode()


def test_an_unknown_plan_is_a_404(manager_client, plan):
    assert manager_client.get("/plans/NOPE/").status_code == 404
    assert manager_client.get("/api/plans/NOPE/").status_code == 404


def test_the_csv_export_has_a_row_per_indicator(manager_client, plan):
    response = manager_client.get("/plans/SAP2123.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "code,label,section,unit,baseline,baseline_year,value_2021,target_2021,"
        "value_2022,target_2022,value_2023,target_2023,end_target,progress,status"
    )
    row = "members.new,New members,network,count,4,2020,6,,7,8,,,10,50.0,off_track"
    assert row in lines


def test_the_xlsx_export_is_titled_and_holds_the_rows(manager_client, plan):
    response = manager_client.get("/plans/SAP2123.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert NAME in sheet["A1"].value
    assert sheet["A3"].value == "code"
    codes = {sheet.cell(row=r, column=1).value for r in (4, 5)}
    assert codes == {"members.new", "events.total"}


def one_year_evaluation() -> int:
    with CaptureQueriesContext(connection) as queries:
        evaluate_year(2021, series=False)
    return len(queries)


@pytest.mark.parametrize("url", ["/plans/SAP2123/", "/api/plans/SAP2123/"])
def test_a_plan_costs_one_evaluation_a_year_plus_a_constant(manager_client, plan, url):
    manager_client.get(url)  # sessions, permissions
    per_year = one_year_evaluation()
    with CaptureQueriesContext(connection) as queries:
        assert manager_client.get(url).status_code == 200
    # 2020 (the baseline), 2021 and 2022 have data; 2023 none.
    assert len(queries) <= 3 * per_year + 4  # session, user, plan, its indicators
    # More indicators in the plan cost nothing more.
    for code in ("members.active", "participants.total", "publications.new"):
        PlanIndicatorFactory(plan=plan, indicator=code, end_target=5)
    with CaptureQueriesContext(connection) as more:
        manager_client.get(url)
    assert len(more) == len(queries)
