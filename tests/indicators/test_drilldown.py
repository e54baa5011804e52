import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from apps.indicators.exports import escape_cell
from tests.factories import (
    EventFactory,
    MeasurementFactory,
    MemberFactory,
    ParticipationFactory,
    recorded_activity,
    records_of_every_source,
)

pytestmark = pytest.mark.django_db

D = dt.date


def download(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_drilldown_shows_definition_value_breakdown_and_records(manager_client):
    MemberFactory(code="M001", name="Lyon", category="full", joined_on=D(2021, 3, 1))
    MemberFactory(code="M002", category="associate", joined_on=D(2019, 3, 1))
    recorded_activity(2021)
    response = manager_client.get("/indicators/members.active/2021/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Members that joined on or before the last day of the period" in content
    assert '<p class="value">2</p>' in content
    assert "Members by category" in content
    assert '<th scope="row">Associate</th>' in content
    page = response.context["records"]
    assert page.headers[:3] == ["code", "name", "city"]
    assert [cells[0] for cells, _ in page.rows] == ["M001", "M002"]
    assert [link for _, link in page.rows] == [
        f"/admin/members/member/{pk}/change/"
        for pk in sorted(m.pk for m in page.page.object_list)
    ]
    assert 'href="/indicators/members.active/2021/records.csv"' in content


def test_users_without_the_admin_get_no_admin_links(client, manager):
    MemberFactory(joined_on=D(2021, 3, 1))
    recorded_activity(2021)
    manager.is_staff = False
    manager.save()
    client.force_login(manager)
    page = client.get("/indicators/members.new/2021/").context["records"]
    assert page.rows[0][1] is None


def test_records_are_paginated(manager_client):
    for _ in range(51):
        MemberFactory(joined_on=D(2021, 3, 1))
    recorded_activity(2021)
    first = manager_client.get("/indicators/members.new/2021/").context["records"]
    assert (len(first.rows), first.page.paginator.num_pages) == (50, 2)
    second = manager_client.get("/indicators/members.new/2021/?page=2")
    assert len(second.context["records"].rows) == 1
    assert manager_client.get("/indicators/members.new/2021/?page=x").status_code == 200


def test_the_csv_holds_exactly_the_records_behind_the_number(manager_client):
    MemberFactory(code="M001", joined_on=D(2021, 3, 1), name="=cmd|' /C calc'!A0")
    MemberFactory(code="M002", joined_on=D(2020, 3, 1))
    recorded_activity(2021)
    response = manager_client.get("/indicators/members.new/2021/records.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="members.new-2021.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download(response))))
    assert rows[0] == [
        "code",
        "name",
        "city",
        "country",
        "region",
        "category",
        "joined_on",
        "left_on",
    ]
    assert [row[0] for row in rows[1:]] == ["M001"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"  # not run as a formula


def test_participant_keys_are_never_shown_nor_downloaded(manager_client):
    event = EventFactory(code="E1")
    ParticipationFactory.create_batch(3, event=event)
    page = manager_client.get("/indicators/participants.total/2021/")
    assert page.context["records"].headers == [
        "event_code",
        "gender",
        "role",
        "member_code",
        "country",
    ]
    hash_pattern = re.compile(r"[0-9a-f]{64}")
    assert not hash_pattern.search(page.content.decode())
    data = download(
        manager_client.get("/indicators/participants.total/2021/records.csv")
    )
    assert not hash_pattern.search(data)
    assert data.count("E1,woman") == 3


def test_reported_indicator_drilldown_and_download(manager_client):
    MeasurementFactory(
        metric__source__code="use", metric__code="practices", as_of=D(2021, 12, 31)
    )
    page = manager_client.get("/indicators/reported.use.practices/2021/")
    assert page.status_code == 200
    data = download(
        manager_client.get("/indicators/reported.use.practices/2021/records.csv")
    )
    assert data.splitlines()[1] == "use,platform,practices,2021-12-31,100"


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/members.nope/2021/",
        "/indicators/members/2021/",
        "/indicators/MEMBERS.NEW/2021/",
        "/indicators/members.new/1999/",
        "/indicators/members.new/20x1/",
        "/indicators/members.nope/2021/records.csv",
        "/export/indicators/1999.csv",
        "/export/indicators/2021.pdf",
    ],
)
def test_unknown_codes_and_years_are_404(manager_client, url):
    MemberFactory(joined_on=D(2021, 3, 1))
    recorded_activity(2021)
    assert manager_client.get(url).status_code == 404


@pytest.mark.parametrize("size", [10, 1000])
def test_drilldown_and_download_query_counts_do_not_grow(
    manager_client, django_assert_num_queries, size
):
    event = EventFactory()
    ParticipationFactory.create_batch(size, event=event, member=MemberFactory())
    records_of_every_source(2020)
    # session, user, 2 permissions, the spans, the reported metrics, the
    # target, participations now and the year before, the published edition,
    # the count, the page.
    with django_assert_num_queries(11):
        manager_client.get("/indicators/participants.total/2021/")
    with django_assert_num_queries(6):
        download(manager_client.get("/indicators/participants.total/2021/records.csv"))


def test_export_of_every_indicator_as_csv_and_xlsx(manager_client):
    MemberFactory(joined_on=D(2020, 3, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    MeasurementFactory(
        metric__source__code="use",
        metric__code="practices",
        metric__label="=HYPERLINK(1)",
        as_of=D(2021, 12, 31),
    )
    rows = list(
        csv.DictReader(
            io.StringIO(download(manager_client.get("/export/indicators/2021.csv")))
        )
    )
    by_code = {row["code"]: row for row in rows}
    assert list(rows[0]) == [
        "code",
        "label",
        "section",
        "unit",
        "value",
        "previous",
        "target",
    ]
    assert by_code["members.new"]["value"] == "1"
    assert by_code["members.new"]["previous"] == "1"
    assert (
        by_code["reported.use.practices"]["label"]
        == "'Use: =HYPERLINK(1)"[0:0] + (by_code["reported.use.practices"]["label"])
    )
    response = manager_client.get("/export/indicators/2021.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0] == (
        "code",
        "label",
        "section",
        "unit",
        "value",
        "previous",
        "target",
    )
    xlsx = {row[0]: row for row in values[1:]}
    assert xlsx["members.new"][4] == 1
    assert len(xlsx) == len(rows)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+2", "'=1+2"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Lyon", "Lyon"),
        (-2, -2),
        (None, None),
    ],
)
def test_formula_cells_are_escaped(value, escaped):
    assert escape_cell(value) == escaped


@pytest.mark.parametrize("size", [10, 1000])
def test_export_query_count_does_not_grow(
    manager_client, django_assert_num_queries, size
):
    for i in range(size):
        MemberFactory(joined_on=D(2021, 1 + i % 12, 1))
    records_of_every_source(2020)
    recorded_activity(2021)
    with django_assert_num_queries(31):  # the API's
        download(manager_client.get("/export/indicators/2021.csv"))
