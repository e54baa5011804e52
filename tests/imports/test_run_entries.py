import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.imports.trail import historical_models
from apps.members.models import Member
from tests import factories
from tests.factories import UserFactory
from tests.imports.helpers import members_csv, run

pytestmark = pytest.mark.django_db

MANDATES = "member_code,leader_name,gender,started_on\n"


def member_rows(n: int, name: str = "Member") -> list[str]:
    return [f"M{i:04d},{name} {i},,ES,,full,2000-01-01," for i in range(n)]


def entries_url(run_pk: int, label: str = "members.historicalmember") -> str:
    return f"/admin/imports/importrun/{run_pk}/history/{label}/"


def test_the_run_page_counts_the_entries_it_wrote_per_kind_of_record(client, manager):
    report = run(
        {
            "members.csv": members_csv(*member_rows(2)),
            "mandates.csv": MANDATES + "M0001,Jane Doe,woman,2020-01-01\n",
        }
    )
    client.force_login(manager)
    page = client.get(f"/admin/imports/importrun/{report.run.pk}/change/")
    html = page.content.decode()
    assert (
        f'<a href="{entries_url(report.run.pk, "members.historicalmandate")}">'
        "Mandates: 1</a>"
    ) in html
    assert f'<a href="{entries_url(report.run.pk)}">Members: 2</a>' in html


def test_the_entries_of_a_run_link_to_each_record_history(client, manager):
    first = run({"members.csv": members_csv(*member_rows(2))}).run
    second = run(
        {
            "members.csv": members_csv(
                *member_rows(1), "M0001,Renamed,,ES,,full,2000-01-01,"
            )
        }
    ).run
    client.force_login(manager)
    response = client.get(entries_url(second.pk))
    assert response.status_code == 200
    renamed = Member.objects.get(code="M0001")
    [row] = response.context["rows"]
    assert (str(row["action"]), row["record"], row["url"]) == (
        "Changed",
        "Renamed (M0001)",
        f"/admin/members/member/{renamed.pk}/history/",
    )
    assert row["changes"] == [{"field": "Name", "old": "Member 1", "new": "Renamed"}]
    created = client.get(entries_url(first.pk)).context["rows"]
    assert [(str(r["action"]), r["record"], r["changes"]) for r in created] == [
        ("Created", "Member 0 (M0000)", []),
        ("Created", "Member 1 (M0001)", []),
    ]


def test_the_entries_list_query_count_does_not_grow(client, manager):
    run({"members.csv": members_csv(*member_rows(30))})
    few = run(
        {"members.csv": members_csv(*member_rows(2, name="New"), *member_rows(30)[2:])}
    ).run
    many = run({"members.csv": members_csv(*member_rows(30, name="Renamed"))}).run
    run(
        {
            "mandates.csv": MANDATES
            + "".join(f"M{i:04d},Leader {i},woman,2020-01-01\n" for i in range(30))
        }
    )
    client.force_login(manager)
    client.get(entries_url(few.pk))
    with CaptureQueriesContext(connection) as small:
        assert client.get(entries_url(few.pk)).status_code == 200
    with CaptureQueriesContext(connection) as large:
        response = client.get(entries_url(many.pk))
    assert len(response.context["rows"]) == 30
    assert all(row["changes"] for row in response.context["rows"])
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    mandates = run({"mandates.csv": MANDATES + "M0000,Renamed,man,2020-01-01\n"}).run
    with CaptureQueriesContext(connection) as mandate_page:
        response = client.get(entries_url(mandates.pk, "members.historicalmandate"))
    assert [row["record"] for row in response.context["rows"]] == [
        "Renamed, Renamed 0 (2020)"
    ]
    assert len(mandate_page) == len(small)


# A record of each model whose history is kept, with the records it needs.
RECORDS = {
    "events.event": factories.EventFactory,
    "events.participation": factories.ParticipationFactory,
    "indicators.target": factories.TargetFactory,
    "measurements.measurement": factories.MeasurementFactory,
    "measurements.metric": factories.MetricFactory,
    "measurements.name": factories.NameFactory,
    "measurements.source": factories.SourceFactory,
    "members.mandate": factories.MandateFactory,
    "members.member": factories.MemberFactory,
    "partnerships.agreement": lambda: factories.AgreementFactory(
        counterpart_type="member", counterpart_member=factories.MemberFactory()
    ),
    "partnerships.alliance": factories.AllianceFactory,
    "plans.plan": factories.PlanFactory,
    "plans.planindicator": factories.PlanIndicatorFactory,
    "programmes.programme": factories.ProgrammeFactory,
    "programmes.programmemember": factories.ProgrammeMemberFactory,
    "publications.declaration": factories.DeclarationFactory,
    "publications.publication": factories.PublicationFactory,
    "secretariat.fundingentry": factories.FundingEntryFactory,
    "secretariat.staffmember": factories.StaffMemberFactory,
}


@pytest.mark.parametrize(
    "history", historical_models(), ids=lambda history: history._meta.label
)
def test_every_kind_of_entry_links_to_a_history_page_that_lists_it(
    client, manager, history
):
    label = history.instance_type._meta.label_lower
    assert label in RECORDS, f"add a record of {label} to RECORDS"
    RECORDS[label]()
    written = factories.ImportRunFactory()
    history.objects.update(import_run_id=written.pk)
    client.force_login(manager)
    response = client.get(entries_url(written.pk, history._meta.label_lower))
    assert response.status_code == 200
    [row] = response.context["rows"]
    entry = history.objects.get()
    page = client.get(row["url"])
    assert page.status_code == 200
    listed = [(type(e), e.pk) for e in page.context["page_obj"]]
    assert (history, entry.pk) in listed


def test_the_entries_list_is_paginated(client, manager):
    report = run({"members.csv": members_csv(*member_rows(130))})
    client.force_login(manager)
    second = client.get(entries_url(report.run.pk), {"p": "2"})
    assert [row["record"] for row in second.context["rows"]][:1] == [
        "Member 100 (M0100)"
    ]
    assert len(second.context["rows"]) == 30


@pytest.mark.parametrize(
    "label", ["members.nothing", "imports.importrun", "members.member", "nonsense"]
)
def test_only_historical_models_have_an_entries_list(client, manager, label):
    report = run({"members.csv": members_csv(*member_rows(1))})
    client.force_login(manager)
    assert client.get(entries_url(report.run.pk, label)).status_code == 404


def test_the_entries_list_needs_the_right_to_view_those_records(client):
    report = run({"members.csv": members_csv(*member_rows(1))})
    user = UserFactory(username="auditor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_importrun"))
    client.force_login(user)
    assert client.get(entries_url(report.run.pk)).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_member"))
    assert client.get(entries_url(report.run.pk)).status_code == 200


def test_a_written_run_cannot_be_deleted_but_a_refused_one_can(client, secretariat):
    written = run({"members.csv": members_csv(*member_rows(1))}).run
    refused = run({"members.csv": members_csv("M9,Bad,,Spain,,full,2000-01-01,")}).run
    client.force_login(secretariat)
    url = "/admin/imports/importrun/{}/delete/"
    assert client.get(url.format(written.pk)).status_code == 403
    assert client.get(url.format(refused.pk)).status_code == 200


def test_the_run_page_shows_a_file_s_checksum_short_whole_on_hover_and_copy(
    client, manager
):
    content = members_csv(*member_rows(1))
    report = run({"members.csv": content})
    digest = hashlib.sha256(content.encode()).hexdigest()
    client.force_login(manager)
    page = client.get(f"/admin/imports/importrun/{report.run.pk}/change/")
    html = page.content.decode()
    assert f'<code class="digest" title="{digest}">{digest}</code>' in html
    assert html.count(digest) == 2
    assert '<link href="/static/css/admin.css" media="all" rel="stylesheet">' in html
