import csv
import datetime as dt
import io
import re

import pytest
from django.utils import formats
from openpyxl import load_workbook

from apps.indicators.exports import escape_cell
from apps.indicators.records import all_records
from apps.indicators.registry import registry
from apps.indicators.results import report_period
from tests.factories import (
    EventFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    NameFactory,
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
    assert page.headers[:3] == ["Code", "Name", "City"]
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
        "Event",
        "Gender",
        "Role",
        "Member",
        "Country",
        "Starts on",
        "Role of the association",
        "Participant",
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
    # the count, the page; the trend over the years the published figures
    # and the targets of every year (its values are the ones above).
    with django_assert_num_queries(13):
        manager_client.get("/indicators/participants.total/2021/")
    with django_assert_num_queries(6):
        download(manager_client.get("/indicators/participants.total/2021/records.csv"))


def test_export_of_every_indicator_as_csv_and_xlsx(manager_client):
    MemberFactory(joined_on=D(2020, 3, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    measurement = MeasurementFactory(
        metric__source__code="use", metric__code="practices", as_of=D(2021, 12, 31)
    )
    NameFactory(
        source=measurement.metric.source, metric="practices", name_en="=HYPERLINK(1)"
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
        "currency",
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
    # A title, a subtitle, the header (tests/indicators/test_workbook.py).
    assert values[2][:3] == ("Code", "Indicator", "Section code")
    xlsx = {row[0]: row for row in values[3:]}
    assert xlsx["members.new"][7] == 1
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
    with django_assert_num_queries(32):  # the API's
        download(manager_client.get("/export/indicators/2021.csv"))


def women_led_network():
    """Two members led by a woman, one by a man, one with no mandate."""
    recorded_activity(2021)
    MandateFactory(
        member__code="M001", leader_name="Ada Colau", gender="woman"
    ).member.mandates.create(
        leader_name="Earlier Mayor",
        gender="man",
        started_on=D(2010, 1, 1),
        ended_on=D(2019, 1, 1),
    )
    MandateFactory(member__code="M002", leader_name="Anne Hidalgo", gender="woman")
    MandateFactory(member__code="M003", leader_name="Pedro Sánchez", gender="man")
    MemberFactory(code="M004", joined_on=D(2021, 6, 1))


def test_women_led_share_shows_each_members_leader_and_gender(manager_client):
    women_led_network()
    response = manager_client.get("/indicators/members.women_led_share/2021/")
    page = response.context["records"]
    assert page.headers[-2:] == ["Leader's name", "Leader's gender"]
    assert [(cells[0], *cells[-2:]) for cells, _ in page.rows] == [
        ("M001", "Ada Colau", "Woman"),
        ("M002", "Anne Hidalgo", "Woman"),
        ("M003", "Pedro Sánchez", "Man"),
    ]
    assert response.context["makeup"] == (
        "Led by a woman: 2 of the 3 members whose leader's gender is known on "
        "the last day."
    )
    content = response.content.decode()
    assert '<th scope="col" class="counted">Leader&#x27;s gender</th>' in content
    assert content.count('<td class="counted">Woman</td>') == 2
    data = download(
        manager_client.get("/indicators/members.women_led_share/2021/records.csv")
    )
    lines = data.splitlines()
    assert lines[0].endswith(",joined_on,left_on,#leader_name,#leader_gender")
    assert lines[1].startswith("M001,")
    assert lines[1].endswith(",2000-01-01,,Ada Colau,woman")


def test_the_records_download_imports_again_unchanged():
    from tests.imports.helpers import errors, run

    women_led_network()
    rows = all_records(
        registry.get("members.women_led_share").records_of(report_period(2021)),
        registry.get("members.women_led_share").extra_columns,
    )
    lines = [",".join(row) for row in rows]
    report = run({"members.csv": "\n".join(lines) + "\n"})
    assert errors(report.files[0]) == []
    assert report.files[0].unchanged == 3


def test_unique_participants_say_how_participations_make_them(manager_client):
    first, second = EventFactory(), EventFactory()
    ParticipationFactory(event=first, participant_key="a" * 64)
    ParticipationFactory(event=second, participant_key="a" * 64)
    ParticipationFactory(event=second, participant_key="b" * 64)
    response = manager_client.get("/indicators/participants.unique/2021/")
    assert response.context["result"].value == 2
    assert response.context["makeup"] == "3 participations by 2 distinct participants."
    assert "3 participations by 2 distinct participants." in response.content.decode()
    page = response.context["records"]
    assert [cells[-1] for cells, _ in page.rows] == ["1", "1", "2"]
    assert page.counted == ["#event_starts_on", "#event_role", "#participant"]


def followers(network, *readings):
    for as_of, value in readings:
        MeasurementFactory(
            metric__source__code=network,
            metric__source__kind="social_network",
            metric__code="followers",
            as_of=as_of,
            value=value,
        )


def test_followers_list_the_readings_summed_and_the_others_apart(manager_client):
    followers("twitter", (D(2020, 6, 1), 900), (D(2021, 6, 1), 1000))
    followers("mastodon", (D(2021, 3, 1), 40), (D(2021, 9, 1), 60))
    followers("bluesky", (D(2022, 1, 1), 10))
    response = manager_client.get("/indicators/followers.total/2021/")
    assert response.context["result"].value == 1060
    summed = response.context["records"].rows
    assert [(cells[0], cells[-1]) for cells, _ in summed] == [
        ("twitter", "1,000"),
        ("mastodon", "60"),
    ]
    apart = response.context["apart"].rows
    assert [(cells[0], cells[-1]) for cells, _ in apart] == [
        ("twitter", "900"),
        ("mastodon", "40"),
    ]
    assert response.context["makeup"] == (
        "Sum of the latest reading of each network on or before the last day "
        "(2 readings); the 2 earlier readings are listed apart."
    )
    content = response.content.decode()
    assert "Earlier readings, not counted (2)" in content
    data = download(manager_client.get("/indicators/followers.total/2021/records.csv"))
    assert data.splitlines()[1:] == [
        "twitter,social_network,followers,2021-06-01,1000",
        "mastodon,social_network,followers,2021-09-01,60",
    ]


def test_reported_figures_list_the_latest_reading_and_the_earlier_apart(
    manager_client,
):
    for as_of, value in [(D(2020, 12, 31), 30), (D(2021, 6, 30), 42)]:
        MeasurementFactory(
            metric__source__code="use",
            metric__code="practices",
            as_of=as_of,
            value=value,
        )
    response = manager_client.get("/indicators/reported.use.practices/2021/")
    assert [cells[-1] for cells, _ in response.context["records"].rows] == ["42"]
    assert [cells[-1] for cells, _ in response.context["apart"].rows] == ["30"]


def test_dates_are_shown_in_the_readers_language_and_downloaded_iso(manager_client):
    recorded_activity(2021)
    MemberFactory(code="M001", joined_on=D(2021, 3, 1))
    page = manager_client.get("/indicators/members.new/2021/").context["records"]
    shown = formats.date_format(D(2021, 3, 1), "DATE_FORMAT")
    assert shown != "2021-03-01"
    assert page.rows[0][0][6:8] == [shown, ""]
    data = download(manager_client.get("/indicators/members.new/2021/records.csv"))
    assert data.splitlines()[1].endswith(",2021-03-01,")


@pytest.mark.parametrize("size", [3, 60])
def test_drilldown_pages_query_counts_do_not_grow(
    manager_client, django_assert_num_queries, size
):
    for i in range(size):
        MandateFactory(gender="woman" if i % 2 else "man")
        followers(f"network{i}", (D(2020, 1, 1), i), (D(2021, 1, 1), i))
    # session, user, 2 permissions, the spans (one query), the target, the
    # value now and the year before, the published edition, the records'
    # facts, the page (11); the followers add the series, the networks' names
    # (once, for the series and the labels), the records apart and their count;
    # the trend the published figures and the targets of every year.
    with django_assert_num_queries(13):
        manager_client.get("/indicators/members.women_led_share/2021/")
    with django_assert_num_queries(17):
        manager_client.get("/indicators/followers.total/2021/")
