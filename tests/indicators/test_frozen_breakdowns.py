"""A published year's breakdowns are frozen with its edition (README.md,
publishing): every page showing the year's published figures shows the
breakdowns of its edition, which add up to its published values, and the
live breakdown beside where the records changed since.

The QA scenario: 2021 is published, then an import adds a member who joined
in 2021; the published total and its breakdowns stay as published.
"""

import csv
import datetime as dt
import io
import json
from collections import Counter

import pypdf
import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from apps.indicators.models import PublishedFigure
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.indicators.results import evaluate_year, json_number
from apps.indicators.services import publish_year
from apps.members.models import Member
from tests.factories import MemberFactory, recorded_activity, records_of_every_source
from tests.imports.helpers import members_csv, run

pytestmark = pytest.mark.django_db

D = dt.date
LATE_MEMBER = "M900,Late metropolis,Lyon,FR,Europe,full,2021-05-10,"


def active_members_2021():
    """The active members of 2021 from the records: total, by region, by category."""
    members = Member.objects.active_at_end_of(Period.year(2021))
    return {
        "total": members.count(),
        "region": dict(Counter(members.values_list("region", flat=True))),
        "category": dict(Counter(members.values_list("category", flat=True))),
    }


@pytest.fixture
def late_member(manager_client, secretariat):
    """2021 published by a manager, then a member who joined in 2021 imported.

    Returns the active members of 2021 as they were at publishing, and as
    they are now (both computed from the records).
    """
    MemberFactory(region="Europe", category="full", joined_on=D(2019, 5, 1))
    MemberFactory(region="Europe", category="associate", joined_on=D(2020, 5, 1))
    MemberFactory(region="Africa", category="full", joined_on=D(2021, 3, 1))
    recorded_activity(2020, 2021, 2022)
    published = active_members_2021()
    assert manager_client.post("/dashboard/2021/publish/").status_code == 302
    report = run(
        {"members.csv": members_csv(LATE_MEMBER)}, origin="admin", user=secretariat
    )
    assert report.written
    live = active_members_2021()
    assert live["total"] == published["total"] + 1
    return published, live


def plain(breakdowns):
    return {
        name: {code: json_number(value) for code, value in values.items()}
        for name, values in breakdowns.items()
    }


def test_publishing_freezes_every_breakdown_of_every_indicator(manager, db):
    records_of_every_source(2021)
    MemberFactory(region="Asia", joined_on=D(2021, 2, 1))
    computed = {r.indicator.code: plain(r.breakdowns) for r in evaluate_year(2021)}
    publish_year(2021, user=manager)
    stored = {
        figure.indicator: {
            name: dict(pairs) for name, pairs in figure.breakdowns.items()
        }
        for figure in PublishedFigure.objects.all()
    }
    assert stored == computed
    assert stored["members.active"]["region"]["Asia"] == 1
    assert set(stored["events.total"]["month"]) == {
        f"2021-{month:02d}" for month in range(1, 13)
    }


def test_the_result_shows_the_frozen_breakdowns_and_says_which_changed(late_member):
    published, live = late_member
    active = next(
        r for r in evaluate_year(2021) if r.indicator.code == "members.active"
    )
    assert (active.value, active.live) == (published["total"], live["total"])
    assert active.breakdowns == {
        "category": published["category"],
        "region": published["region"],
    }
    assert active.live_breakdowns["region"] == live["region"]
    assert active.breakdowns_changed == ["category", "region"]
    assert active.changed_since_published


def test_the_report_shows_the_frozen_breakdown_adding_up_to_the_frozen_total(
    manager_client, late_member
):
    published, _live = late_member
    response = manager_client.get("/report/2021/")
    network = response.context["pages"]["network"]
    assert (
        f"<strong>{published['total']}</strong>\xa0member metropolises" in (network[0])
    )
    [section] = [s for s in response.context["sections"] if s["name"] == "network"]
    [chart] = section["charts"]
    assert {code: value for code, _label, value in chart["parts"]} == (
        published["region"]
    )
    assert sum(value for *_, value in chart["parts"]) == published["total"]
    assert chart["status"] == "changed"
    page = response.content.decode()
    assert "Changed in the records since publication: see the dashboard." in page
    assert "figures changed in the records since: see the dashboard." in page


def test_the_report_counts_a_figure_whose_breakdown_alone_changed(
    manager_client, late_member
):
    Member.objects.filter(code="M900").delete()  # the total is as published
    Member.objects.filter(region="Africa").update(region="Asia")
    response = manager_client.get("/report/2021/")
    changed = {r.indicator.code for r in response.context["changed"]}
    assert "members.active" in changed
    active = next(
        r for r in response.context["changed"] if r.indicator.code == "members.active"
    )
    assert (active.since_published, active.breakdowns_changed) == (None, ["region"])


def test_the_pdf_shows_the_frozen_breakdown_and_says_figures_changed(
    manager_client, late_member
):
    published, live = late_member
    response = manager_client.get("/report/2021.pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"{published['total']} member metropolises" in text
    assert f"Europe {published['region']['Europe']}" in text
    assert f"Europe {live['region']['Europe']}" not in text
    assert "Changed in the records since publication: see the dashboard." in text
    assert "figures changed in the records since: see the dashboard." in text


def test_the_pivot_column_of_a_published_year_adds_up_to_its_published_value(
    manager_client, late_member
):
    published, _live = late_member
    response = manager_client.get("/pivot/?from=2020&to=2022&indicator=members.active")
    years = response.context["years"]
    column = years.index(2021)
    rows = response.context["breakdown"]
    assert {label: values[column] for label, values in rows} == {
        str(Member.Category(code).label): n for code, n in published["category"].items()
    }
    [active] = [
        values
        for _title, items in response.context["sections"]
        for result, values, _line in items
        if result.indicator.code == "members.active"
    ]
    assert sum(values[column] or 0 for _label, values in rows) == active[column]
    assert active[column] == published["total"]


def test_the_pivot_export_of_a_published_year_gives_its_frozen_breakdown(
    manager_client, late_member
):
    published, _live = late_member
    response = manager_client.get(
        "/pivot/indicators.csv?from=2021&to=2021&indicator=members.active"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert sum(int(row[1]) for row in rows if row[1]) == published["total"]


def test_the_api_gives_the_frozen_breakdown_and_the_live_one(
    manager_client, late_member
):
    published, live = late_member
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    active = next(i for i in document["indicators"] if i["code"] == "members.active")
    assert active["value"] == published["total"]
    assert active["breakdown"] == published["category"]
    assert sum(active["breakdown"].values()) == active["value"]
    assert active["published_breakdown"] == published["category"]
    assert active["live_breakdown"] == live["category"]
    assert sum(active["live_breakdown"].values()) == active["live"]


def test_the_dashboard_shows_the_frozen_breakdown_and_the_live_one_beside(
    manager_client, late_member
):
    published, live = late_member
    response = manager_client.get("/dashboard/2021/")
    charts = {chart["id"]: chart for chart in response.context["charts"]}
    region = charts["members.active.region"]
    assert (
        dict(zip(region["labels"], region["values"], strict=True))
        == (published["region"])
    )
    assert sum(region["values"]) == published["total"]
    assert region["status"] == "changed"
    assert region["live_rows"] == [
        (code, published["region"].get(code), live["region"].get(code))
        for code in ["Africa", "Europe"]
    ]
    page = response.content.decode()
    figure = page[page.index('data-chart="members.active.region"') :]
    figure = figure[: figure.index("</figure>")]
    assert (
        "Changed in the records since publication: the table gives the live "
        "figures beside the published ones."
    ) in figure
    assert (
        f'<tr><th scope="row">Europe</th><td class="number">'
        f"{published['region']['Europe']}</td>"
        f'<td class="number">{live["region"]["Europe"]}</td></tr>'
    ) in figure
    unchanged = page[page.index('data-chart="meetings.statutory.body"') :]
    assert "Changed in the records" not in unchanged[: unchanged.index("</figure>")]


def test_the_drilldown_shows_the_frozen_breakdown_and_the_live_one(
    manager_client, late_member
):
    published, live = late_member
    page = manager_client.get("/indicators/members.active/2021/").content.decode()
    table = page[page.index("<h2>Members by region</h2>") :]
    table = table[: table.index("</article>")]
    assert "Changed in the records since publication" in table
    assert (
        f'<tr><th scope="row">Europe</th><td class="number">'
        f"{published['region']['Europe']}</td>"
        f'<td class="number">{live["region"]["Europe"]}</td></tr>'
    ) in table


def test_the_workbook_gives_the_frozen_breakdowns_and_the_live_ones(
    manager_client, late_member
):
    published, live = late_member
    response = manager_client.get("/export/indicators/2021.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Breakdowns"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header = rows[0]
    assert header[-2:] == ("Value", "Live figure")
    region = {
        row[4]: (row[6], row[7])
        for row in rows[1:]
        if row[:3] == ("members.active", "Active members", "region")
    }
    assert region == {
        code: (published["region"].get(code), live["region"].get(code))
        for code in live["region"]
    }
    assert "not part of the edition" not in sheet["A2"].value


def test_the_admin_shows_an_editions_frozen_breakdowns(
    client, secretariat, late_member
):
    published, _live = late_member
    client.force_login(secretariat)
    edition = PublishedFigure.objects.get(indicator="members.active").edition
    page = client.get(f"/admin/indicators/edition/{edition.pk}/change/")
    europe = published["region"]["Europe"]
    # Named and written as the dashboard does, not as the stored JSON.
    assert f"Europe: {europe}" in page.content.decode()
    assert "[&quot;Europe&quot;" not in page.content.decode()


@pytest.fixture
def edition_without_breakdowns(late_member):
    """An edition published before breakdowns were frozen with it."""
    PublishedFigure.objects.update(breakdowns=None)
    return late_member


def test_an_edition_without_frozen_breakdowns_shows_the_live_ones_marked_live(
    manager_client, edition_without_breakdowns
):
    published, live = edition_without_breakdowns
    active = next(
        r for r in evaluate_year(2021) if r.indicator.code == "members.active"
    )
    assert (active.value, active.breakdowns["region"]) == (
        published["total"],
        live["region"],
    )
    assert (active.breakdowns_are_live, active.breakdowns_changed) == (True, [])
    dashboard = manager_client.get("/dashboard/2021/")
    charts = {chart["id"]: chart for chart in dashboard.context["charts"]}
    assert charts["members.active.region"]["status"] == "live"
    assert "Live figures: this edition did not freeze its breakdowns." in (
        dashboard.content.decode()
    )
    report = manager_client.get("/report/2021/").content.decode()
    assert "Live figures: this edition did not freeze its breakdowns." in report
    pivot = manager_client.get("/pivot/?from=2021&to=2021&indicator=members.active")
    assert pivot.context["breakdown_live_years"] == {2021}
    assert "published, breakdown live" in pivot.content.decode()
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    item = next(i for i in document["indicators"] if i["code"] == "members.active")
    assert (item["breakdown"], item["published_breakdown"]) == (
        live["category"],
        None,
    )
    book = load_workbook(
        io.BytesIO(manager_client.get("/export/indicators/2021.xlsx").content)
    )
    assert "were not frozen with the edition" in book["Breakdowns"]["A2"].value
    pivot_book = load_workbook(
        io.BytesIO(
            manager_client.get(
                "/pivot/indicators.xlsx?from=2020&to=2021&indicator=members.active"
            ).content
        )
    )
    assert pivot_book.active["A2"].value == (
        "Published figures for 2021; live figures for the other years. The "
        "breakdowns of 2021 are live ones: their editions did not freeze them."
    )


def test_every_indicator_of_the_demo_keeps_its_breakdowns_once_published(manager):
    call_command(
        "import_annual",
        str(settings.BASE_DIR / "fixtures" / "demo"),
        stdout=io.StringIO(),
    )
    before = {r.indicator.code: plain(r.breakdowns) for r in evaluate_year(2021)}
    publish_year(2021, user=manager)
    after = {r.indicator.code: r for r in evaluate_year(2021)}
    assert {code: plain(r.breakdowns) for code, r in after.items()} == before
    assert [code for code, r in after.items() if r.changed_since_published] == []
    assert all(r.breakdowns_changed == [] for r in after.values())
    assert registry.get("members.active").code in after
