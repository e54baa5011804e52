"""The role rules of DESIGN.md section 5 on every URL of the project."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.models import HistoricalChanges

from apps.indicators.roles import MANAGERS, RECORD_APPS, SECRETARIAT, setup_roles
from apps.members.models import Member
from tests.factories import MemberFactory, UserFactory
from tests.imports.helpers import members_csv, run

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"

# URL name -> (path, status for anonymous, no role, manager, secretariat, superuser)
# 302 for anonymous is the redirect to the login page.
RULES = {
    "indicators:home": ("/", 302, 403, 302, 302, 302),
    "indicators:dashboard": ("/dashboard/2021/", 302, 403, 200, 200, 200),
    "indicators:api_indicators": ("/api/indicators/2021/", 302, 403, 200, 200, 200),
    "indicators:report": ("/report/2021/", 302, 403, 200, 200, 200),
    "indicators:publish": ("/dashboard/2021/publish/", 302, 405, 405, 405, 405),
    "indicators:quality": ("/quality/2021/", 302, 403, 200, 200, 200),
    "indicators:indicator_detail": (
        "/indicators/members.new/2021/",
        *(302, 403, 200, 200, 200),
    ),
    "indicators:indicator_records": (
        "/indicators/members.new/2021/records.csv",
        *(302, 403, 200, 200, 200),
    ),
    "indicators:export_indicators_csv": (
        "/export/indicators/2021.csv",
        *(302, 403, 200, 200, 200),
    ),
    "indicators:export_indicators_xlsx": (
        "/export/indicators/2021.xlsx",
        *(302, 403, 200, 200, 200),
    ),
    "healthz": ("/healthz", 200, 200, 200, 200, 200),
    "login": (LOGIN, 200, 200, 200, 200, 200),
    "logout": ("/accounts/logout/", 302, 405, 405, 405, 405),
    "set_language": ("/i18n/setlang/", 302, 302, 302, 302, 302),
}
ROLES = ["anonymous", "no_role", "manager", "secretariat", "superuser"]
# Admin pages of the history (issue 9), on a member imported by run {run}:
# the admin sends anyone without a staff role to its own login page.
HISTORY_RULES = {
    "admin:imports_importrun_history": (
        "/admin/imports/importrun/{run}/history/members.historicalmember/",
        *(302, 302, 200, 200, 200),
    ),
    "admin:members_member_history": (
        "/admin/members/member/{member}/history/",
        *(302, 302, 200, 200, 200),
    ),
    "admin:members_member_simple_history": (
        "/admin/members/member/{member}/history/{version}/",
        *(302, 302, 200, 200, 200),
    ),
}


def _named_routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_of_the_project_has_a_rule():
    assert set(_named_routes(get_resolver().url_patterns)) == set(RULES)


@pytest.fixture
def user_for(request, manager, secretariat):
    users = {
        "no_role": UserFactory(username="visitor"),
        "manager": manager,
        "secretariat": secretariat,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    return users.get


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("role", ROLES)
def test_role_rules(client, user_for, name, role):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    path, *statuses = RULES[name]
    user = user_for(role)
    if user:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == statuses[ROLES.index(role)]
    if role == "anonymous" and response.status_code == 302 and name != "set_language":
        assert response.url.startswith(f"{LOGIN}?next=")


@pytest.mark.parametrize("name", sorted(HISTORY_RULES))
@pytest.mark.parametrize("role", ROLES)
def test_history_rules(client, user_for, name, role):
    report = run({"members.csv": members_csv("M001,Lyon,,FR,,full,2000-01-01,")})
    member = Member.objects.get()
    version = member.history.get().history_id
    path, *statuses = HISTORY_RULES[name]
    user = user_for(role)
    if user:
        client.force_login(user)
    url = path.format(run=report.run.pk, member=member.pk, version=version)
    assert reverse(name, args=_args(name, report.run.pk, member.pk, version)) == url
    assert client.get(url).status_code == statuses[ROLES.index(role)]


def _args(name, run_pk, member_pk, version):
    if name == "admin:imports_importrun_history":
        return [run_pk, "members.historicalmember"]
    if name == "admin:members_member_history":
        return [member_pk]
    return [member_pk, version]


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("secretariat", 302)])
def test_only_the_secretariat_reverts_a_record_to_a_version(
    client, user_for, role, status
):
    member = MemberFactory(code="M001", name="Lyon")
    version = member.history.get().history_id
    member.name = "Greater Lyon"
    member.save()
    client.force_login(user_for(role))
    url = f"/admin/members/member/{member.pk}/history/{version}/"
    form = {"code": "M001", "name": "Lyon", "country": "ES", "category": "full"}
    response = client.post(url, {**form, "joined_on": "2000-01-01"})
    assert response.status_code == status
    member.refresh_from_db()
    assert member.name == ("Lyon" if role == "secretariat" else "Greater Lyon")


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("no_role", 302), ("manager", 200), ("secretariat", 200)],
)
def test_admin_is_open_to_both_roles_only(client, user_for, role, status):
    user = user_for(role)
    if user:
        client.force_login(user)
    assert client.get("/admin/members/member/").status_code == status


def test_managers_view_records_but_cannot_change_them(client, manager):
    member = MemberFactory()
    client.force_login(manager)
    change_url = f"/admin/members/member/{member.pk}/change/"
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get("/admin/members/member/add/").status_code == 403
    response = client.post(change_url, {"name": "Renamed"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.name != "Renamed"
    assert client.get(f"/admin/members/member/{member.pk}/delete/").status_code == 403


def test_secretariat_can_add_change_and_delete_records(client, secretariat):
    member = MemberFactory()
    client.force_login(secretariat)
    assert client.get("/admin/members/member/add/").status_code == 200
    assert (
        b'name="_save"'
        in client.get(f"/admin/members/member/{member.pk}/change/").content
    )
    assert client.get(f"/admin/members/member/{member.pk}/delete/").status_code == 200


def test_setup_roles_is_idempotent(roles):
    before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    setup_roles()
    after = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    assert before == after


def test_managers_view_every_record_and_secretariat_also_edits(roles):
    record_models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in RECORD_APPS and model._meta.managed
    ]
    views = {f"view_{m._meta.model_name}" for m in record_models}
    edits = {
        f"{action}_{m._meta.model_name}"
        for m in record_models
        if not issubclass(m, HistoricalChanges)
        for action in ("add", "change", "delete", "view")
    }
    assert "view_historicalmember" in views
    edits |= {view for view in views if view.startswith("view_historical")}
    managers = Group.objects.get(name=MANAGERS).permissions
    secretariat = Group.objects.get(name=SECRETARIAT).permissions
    assert set(managers.values_list("codename", flat=True)) == {
        *views,
        "view_indicators",
        "add_edition",
    }
    assert set(secretariat.values_list("codename", flat=True)) == {
        *edits,
        "view_indicators",
    }
    assert {"view_member", "view_event", "change_participation"} <= edits
    assert "change_historicalmember" not in edits


def test_pages_forbid_inline_scripts(manager_client):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    policy = manager_client.get("/dashboard/2021/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
