"""Every record's history in the admin: who, when, what changed; revert for editors."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import capfirst

from apps.common.admin import HistoryAdmin, inline_link
from apps.imports.trail import history_model
from apps.indicators.roles import RECORD_APPS
from apps.members.models import Member
from tests.factories import (
    MandateFactory,
    MemberFactory,
    MetricFactory,
    NameFactory,
    ParticipationFactory,
    PlanIndicatorFactory,
    ProgrammeMemberFactory,
    PublicationFactory,
)
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


def change_source_name(client, name, **changes):
    source = name.source
    data = {
        "code": source.code,
        "kind": source.kind,
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "1",
        "names-0-id": str(name.pk),
        "names-0-source": str(source.pk),
        "names-0-metric": "",
        "names-0-name_en": name.name_en,
        "names-0-name_fr": name.name_fr,
        "metrics-TOTAL_FORMS": "0",
        "metrics-INITIAL_FORMS": "0",
    }
    return client.post(
        f"/admin/measurements/source/{source.pk}/change/",
        {**data, **{f"names-0-{field}": value for field, value in changes.items()}},
    )


def test_a_change_to_an_inline_name_shows_on_its_source_history(client, secretariat):
    name = NameFactory(
        source__code="x", metric="", name_en="followers", name_fr="abonnés"
    )
    client.force_login(secretariat)
    response = change_source_name(client, name, name_fr="abonné·es")
    assert response.status_code == 302
    page = client.get(history_url(name.source))
    rows = [
        (str(e.action), e.record_label, e.history_delta_changes)
        for e in page.context["page_obj"]
    ]
    assert rows == [
        (
            "Changed",
            "Name: followers",
            [{"field": "Name in French", "old": "abonnés", "new": "abonné·es"}],
        ),
        ("Changed", "", []),
        ("Created", "Name: followers", []),
        ("Created", "", []),
    ]
    html = page.content.decode()
    assert "<strong>Name in French:</strong> abonnés → abonné·es" in html
    assert "<td>Name: followers</td>" in html
    assert f"<td>{name.source}</td>" in html  # the source's own entries


def test_a_change_to_a_plan_s_indicator_shows_on_the_plan_history(client, secretariat):
    item = PlanIndicatorFactory(
        plan__code="SAP", baseline_value=3, baseline_year=2020, end_target=14
    )
    plan = item.plan
    client.force_login(secretariat)
    response = client.post(
        f"/admin/plans/plan/{plan.pk}/change/",
        {
            "code": plan.code,
            "name": plan.name,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "1",
            "indicators-0-id": str(item.pk),
            "indicators-0-plan": str(plan.pk),
            "indicators-0-indicator": "members.new",
            "indicators-0-baseline_value": "3",
            "indicators-0-baseline_year": "2020",
            "indicators-0-end_target": "15",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    page = client.get(history_url(plan))
    latest = page.context["page_obj"][0]
    assert latest.history_delta_changes == [
        {"field": "End-of-plan target", "old": "14.00", "new": "15.00"}
    ]
    assert latest.version_url is None  # a plan's indicators have no page of their own
    assert "<strong>End-of-plan target:</strong> 14.00 → 15.00" in (
        page.content.decode()
    )


def test_a_deleted_inline_record_s_entries_stay_on_its_parent_history(client, manager):
    mandate = MandateFactory(leader_name="Jane Doe")
    member, pk = mandate.member, mandate.pk
    mandate.delete()
    client.force_login(manager)
    page = client.get(history_url(member))
    assert [(str(e.action), e.record_label) for e in page.context["page_obj"]] == [
        ("Deleted", f"Mandate: {mandate}"),
        ("Created", f"Mandate: {mandate}"),
        ("Created", ""),
    ]
    # Each mandate entry opens the mandate's own version page.
    assert page.context["page_obj"][0].version_url == (
        f"/admin/members/mandate/{pk}/history/{page.context['page_obj'][0].history_id}/"
    )


def tracked_inlines() -> set[tuple[str, str]]:
    return {
        (parent._meta.label_lower, inline.model._meta.label_lower)
        for parent, model_admin in admin.site._registry.items()
        if isinstance(model_admin, HistoryAdmin)
        for inline in model_admin.inlines
        if inline_link(parent, inline) is not None
    }


def test_every_history_page_lists_its_inline_records_found_by_the_admin():
    assert tracked_inlines() == {
        ("events.event", "events.participation"),
        ("measurements.source", "measurements.metric"),
        ("measurements.source", "measurements.name"),
        ("members.member", "members.mandate"),
        ("plans.plan", "plans.planindicator"),
        ("programmes.programme", "programmes.programmemember"),
    }


INLINE_FACTORIES = {
    "events.participation": ParticipationFactory,
    "measurements.metric": MetricFactory,
    "measurements.name": NameFactory,
    "members.mandate": MandateFactory,
    "plans.planindicator": PlanIndicatorFactory,
    "programmes.programmemember": ProgrammeMemberFactory,
}


@pytest.mark.parametrize("pair", sorted(tracked_inlines()), ids="-".join)
def test_a_history_page_lists_its_inline_records_and_its_queries_do_not_grow(
    client, manager, pair
):
    parent_label, label = pair
    parent_model = apps.get_model(parent_label)
    child = INLINE_FACTORIES[label]()
    [parent] = [
        getattr(child, field.name)
        for field in child._meta.fields
        if field.many_to_one and field.related_model is parent_model
    ]
    client.force_login(manager)
    client.get(history_url(parent))  # fills the content types' cache
    with CaptureQueriesContext(connection) as few:
        page = client.get(history_url(parent))
    assert page.context["page_obj"][0].record_label == (
        f"{capfirst(child._meta.verbose_name)}: {child}"
    )
    for _ in range(25):
        child.save()
    with CaptureQueriesContext(connection) as many:
        page = client.get(history_url(parent))
    assert page.context["page_obj"].paginator.count == 27
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_an_inline_record_is_named_as_the_reader_s_language_writes(client, manager):
    name = NameFactory(source__code="x", metric="", name_en="followers")
    client.force_login(manager)
    page = client.get(history_url(name.source), headers={"accept-language": "fr"})
    assert page.context["page_obj"][0].record_label == "Nom : followers"
    assert "Liste aussi les modifications de ses noms, métriques." in (
        page.content.decode()
    )
