"""Every record's history in the admin: who, when, what changed; revert for editors."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.common.admin import HistoryAdmin
from apps.imports.trail import history_model
from apps.indicators.roles import RECORD_APPS
from apps.members.models import Member
from tests.factories import MemberFactory, ParticipationFactory, PublicationFactory
from tests.imports.helpers import errors, members_csv, run
from tests.test_admin_lists import FACTORIES

pytestmark = pytest.mark.django_db

WITH_HISTORY = sorted(
    label for label in FACTORIES if history_model(apps.get_model(label)) is not None
)
LYON = {
    "code": "M001",
    "name": "Lyon",
    "country": "FR",
    "category": "full",
    "joined_on": "2020-01-01",
}
NO_MANDATES = {"mandates-TOTAL_FORMS": "0", "mandates-INITIAL_FORMS": "0"}


def history_url(record) -> str:
    opts = record._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/history/"


def test_every_record_admin_but_the_import_log_and_editions_shows_history():
    records = {label for label in FACTORIES if label.split(".")[0] in RECORD_APPS}
    assert sorted(records - {"imports.importrun", "indicators.edition"}) == WITH_HISTORY
    for label in WITH_HISTORY:
        model_admin = admin.site._registry[apps.get_model(label)]
        assert isinstance(model_admin, HistoryAdmin), label


@pytest.mark.parametrize("label", WITH_HISTORY)
def test_history_page_query_count_does_not_grow(client, manager, label):
    client.force_login(manager)
    record = FACTORIES[label]()
    record.save()
    client.get(history_url(record))  # fills the content types' cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(history_url(record)).status_code == 200
    for _ in range(25):
        record.save()
    with CaptureQueriesContext(connection) as many:
        response = client.get(history_url(record))
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert response.context["page_obj"].paginator.count >= 27


def test_an_admin_edit_leaves_an_entry_with_its_user_and_the_change(
    client, secretariat
):
    client.force_login(secretariat)
    member = MemberFactory(**LYON)
    url = f"/admin/members/member/{member.pk}/change/"
    response = client.post(url, {**LYON, **NO_MANDATES, "name": "Greater Lyon"})
    assert response.status_code == 302
    entry = member.history.first()
    assert (entry.history_type, entry.history_user, entry.name) == (
        "~",
        secretariat,
        "Greater Lyon",
    )
    page = client.get(history_url(member))
    latest = page.context["page_obj"][0]
    assert (str(latest.action), latest.history_user.username) == (
        "Changed",
        "secretariat",
    )
    assert "<strong>Name:</strong> Lyon → Greater Lyon" in page.content.decode()


def test_choice_changes_show_their_labels(client, secretariat):
    client.force_login(secretariat)
    member = MemberFactory(**LYON)
    member.category = "associate"
    member.save()
    page = client.get(history_url(member))
    assert page.context["page_obj"][0].history_delta_changes == [
        {"field": "Category", "old": "Full", "new": "Associate"}
    ]


def test_an_imported_change_links_to_its_run(client, manager):
    report = run({"members.csv": members_csv("M001,Lyon,,FR,,full,2000-01-01,")})
    client.force_login(manager)
    member = Member.objects.get()
    page = client.get(history_url(member)).content.decode()
    assert f"/admin/imports/importrun/{report.run.pk}/change/" in page


def test_managers_view_history_and_versions_but_cannot_revert(client, manager):
    member = MemberFactory(**LYON)
    member.name = "Greater Lyon"
    member.save()
    first = member.history.last()
    client.force_login(manager)
    assert client.get(history_url(member)).status_code == 200
    version_url = f"{history_url(member)}{first.history_id}/"
    version = client.get(version_url)
    assert version.status_code == 200
    assert b'name="_save"' not in version.content
    assert b'name="name"' not in version.content  # shown, not editable
    response = client.post(version_url, {**LYON, "name": "Lyon"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.name == "Greater Lyon"
    assert member.history.count() == 2


def test_secretariat_reverts_to_a_version_and_that_is_an_entry_too(client, secretariat):
    member = MemberFactory(**LYON)
    member.name = "Greater Lyon"
    member.save()
    first = member.history.last()
    client.force_login(secretariat)
    version_url = f"{history_url(member)}{first.history_id}/"
    assert b'name="_save"' in client.get(version_url).content
    response = client.post(version_url, {**LYON, "name": "Lyon"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "Lyon"
    latest = member.history.first()
    assert (latest.history_type, latest.history_user, latest.name) == (
        "~",
        secretariat,
        "Lyon",
    )


def test_a_deleted_record_keeps_its_history(client, secretariat, manager):
    member = MemberFactory(**LYON)
    pk = member.pk
    client.force_login(secretariat)
    response = client.post(f"/admin/members/member/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entries = history_model(Member).objects.filter(id=pk)
    assert [(e.history_type, e.history_user) for e in entries] == [
        ("-", secretariat),
        ("+", None),
    ]
    client.force_login(manager)
    assert client.get(f"/admin/members/member/{pk}/history/").status_code == 200


def test_yes_or_no_changes_read_yes_and_no_in_the_user_s_language(client, manager):
    publication = PublicationFactory(has_gender_perspective=False)
    publication.has_gender_perspective = True
    publication.save()
    client.force_login(manager)
    page = client.get(history_url(publication))
    assert page.context["page_obj"][0].history_delta_changes == [
        {"field": "Gender perspective", "old": "No", "new": "Yes"}
    ]
    page = client.get(history_url(publication), headers={"accept-language": "fr"})
    assert page.context["page_obj"][0].history_delta_changes == [
        {"field": "Perspective de genre", "old": "Non", "new": "Oui"}
    ]


def test_choice_changes_show_their_labels_in_the_user_s_language(client, manager):
    participation = ParticipationFactory(gender="woman", role="attendee")
    participation.gender, participation.role = "non_binary", "speaker"
    participation.save()
    client.force_login(manager)
    page = client.get(history_url(participation), headers={"accept-language": "es"})
    assert page.context["page_obj"][0].history_delta_changes == [
        {"field": "Género", "old": "Mujer", "new": "No binario"},
        {"field": "Papel", "old": "Asistente", "new": "Ponente"},
    ]
    assert "Mujer → No binario" in page.content.decode()


def test_an_import_run_s_entries_read_yes_no_and_labels(client, manager):
    PublicationFactory(
        code="P1", title="P", has_gender_perspective=False, kind="report"
    )
    header = "code,title,kind,published_on,gender_perspective"
    report = run({"publications.csv": f"{header}\nP1,P,article,2021-06-01,yes\n"})
    assert report.ok, errors(report)
    client.force_login(manager)
    label = "publications.historicalpublication"
    page = client.get(f"/admin/imports/importrun/{report.run.pk}/history/{label}/")
    assert page.context["rows"][0]["changes"] == [
        {"field": "Gender perspective", "old": "No", "new": "Yes"},
        {"field": "Kind", "old": "Report", "new": "Article"},
    ]
