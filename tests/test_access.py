"""The role rules of README.md (roles) on every URL of the project.

The URL configuration is walked whole, the admin included: every route must
have a rule here, so a new page cannot be added without deciding who sees it.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from simple_history.models import HistoricalChanges

from apps.accounts.tokens import create_api_token
from apps.common.admin import HistoryAdmin
from apps.indicators.roles import MANAGERS, RECORD_APPS, SECRETARIAT, setup_roles
from tests.factories import MemberFactory, UserFactory, recorded_activity
from tests.test_admin_lists import FACTORIES

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
ROLES = ["anonymous", "no_role", "manager", "secretariat", "superuser"]

# URL name -> (path, status for anonymous, no role, manager, secretariat, superuser)
# 302 for anonymous is the redirect to the login page (the admin's own for
# admin pages); the API's URLs answer 401 instead. A path may be a function
# of `record(label)`, which makes one.
RULES = {
    "indicators:home": ("/", 302, 403, 302, 302, 302),
    "indicators:dashboard": ("/dashboard/2021/", 302, 403, 200, 200, 200),
    # The dashboard cards' sparklines, which its script fetches: as the page.
    "indicators:dashboard_sparklines": (
        "/dashboard/2021/sparklines/",
        *(302, 403, 200, 200, 200),
    ),
    "indicators:api_indicators": ("/api/indicators/2021/", 401, 403, 200, 200, 200),
    "indicators:report": ("/report/2021/", 302, 403, 200, 200, 200),
    "indicators:report_pdf": ("/report/2021.pdf", 302, 403, 200, 200, 200),
    # Publishing and withdrawing an edition ask first (GET); withdrawing an
    # unpublished year sends back to the dashboard.
    "indicators:publish": ("/dashboard/2021/publish/", 302, 403, 200, 200, 200),
    "indicators:withdraw": ("/dashboard/2021/withdraw/", 302, 403, 302, 302, 302),
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
    # A strategic plan's page, its exports and the API (a plan made here).
    "plans:plan_list": ("/plans/", 302, 403, 200, 200, 200),
    "plans:plan_detail": (
        lambda record: f"/plans/{record('plans.plan').code}/",
        *(302, 403, 200, 200, 200),
    ),
    "plans:plan_export_csv": (
        lambda record: f"/plans/{record('plans.plan').code}.csv",
        *(302, 403, 200, 200, 200),
    ),
    "plans:plan_export_xlsx": (
        lambda record: f"/plans/{record('plans.plan').code}.xlsx",
        *(302, 403, 200, 200, 200),
    ),
    "plans:api_plans": ("/api/plans/", 401, 403, 200, 200, 200),
    "plans:api_plan": (
        lambda record: f"/api/plans/{record('plans.plan').code}/",
        *(401, 403, 200, 200, 200),
    ),
    # Indicators across years, and their exports (the query string chooses).
    "indicators:pivot": ("/pivot/?from=2019&to=2021", 302, 403, 200, 200, 200),
    "indicators:pivot_csv": (
        "/pivot/indicators.csv?from=2019&to=2021",
        *(302, 403, 200, 200, 200),
    ),
    "indicators:pivot_xlsx": (
        "/pivot/indicators.xlsx?from=2019&to=2021",
        *(302, 403, 200, 200, 200),
    ),
    "indicators:api_series": (
        "/api/indicators/?from=2019&to=2021",
        *(401, 403, 200, 200, 200),
    ),
    "healthz": ("/healthz", 200, 200, 200, 200, 200),
    # The public impact page: anyone, published years only (none here).
    "public:index": ("/public/", 200, 200, 200, 200, 200),
    "public:year": ("/public/2021/", 404, 404, 404, 404, 404),
    "public:year_json": ("/public/2021.json", 404, 404, 404, 404, 404),
    "public:embed": ("/embed/2021/members.new/", 404, 404, 404, 404, 404),
    "login": (LOGIN, 200, 200, 200, 200, 200),
    "logout": ("/accounts/logout/", 302, 405, 405, 405, 405),
    "set_language": ("/i18n/setlang/", 302, 302, 302, 302, 302),
    # The admin site's own pages; a signed-in user without staff status is
    # sent to the admin's login page like an anonymous one.
    "admin:index": ("/admin/", 302, 302, 200, 200, 200),
    "admin:login": (ADMIN_LOGIN, 200, 200, 302, 302, 302),
    "admin:logout": ("/admin/logout/", 302, 302, 405, 405, 405),
    "admin:password_change": ("/admin/password_change/", 302, 302, 200, 200, 200),
    "admin:password_change_done": (
        "/admin/password_change/done/",
        *(302, 302, 200, 200, 200),
    ),
    # Without its parameters the autocomplete refuses everyone.
    "admin:autocomplete": ("/admin/autocomplete/", 302, 302, 403, 403, 403),
    "admin:jsi18n": ("/admin/jsi18n/", 302, 302, 200, 200, 200),
    # No record has a page outside the admin.
    "admin:view_on_site": (
        lambda record: _view_on_site(record("members.member")),
        *(302, 302, 404, 404, 404),
    ),
    "admin:admin/(?P<url>.*)$": ("/admin/no-such-page/", 302, 302, 404, 404, 404),
    # Pages a model admin adds to its standard ones.
    "admin:imports_importrun_import": (
        "/admin/imports/importrun/import/",
        *(302, 302, 403, 200, 200),
    ),
    # The changes a check found, while its files wait (no such upload: 404).
    "admin:imports_importrun_changes": (
        "/admin/imports/importrun/import/no-such-upload/changes.csv",
        *(302, 302, 403, 404, 404),
    ),
    "admin:imports_importrun_errors": (
        lambda record: (
            f"/admin/imports/importrun/{record('imports.importrun').pk}/errors.csv"
        ),
        *(302, 302, 200, 200, 200),
    ),
    "admin:auth_user_password_change": (
        lambda record: f"/admin/auth/user/{record('auth.user').pk}/password/",
        *(302, 302, 403, 403, 200),
    ),
}

# What each role may do in the admin with the records of the RECORD_APPS.
# The superuser may do everything, and alone sees the admin-only apps.
ADMIN_ONLY_APPS = {"auth", "axes"}
RECORD_RIGHTS = {
    "manager": {"view"},
    "secretariat": {"view", "add", "change", "delete"},
}
# Records each role keeps for itself: the admin shows a user only theirs, so
# another user's (the factory's) is not found (a redirect), but to a superuser.
OWN_RECORDS = {"accounts.apitoken": {"view", "add", "change"}}
# Records made elsewhere: an import run by the import page or the command, an
# edition by publishing a year, sign-in attempts by signing in. Nobody adds
# them in the admin, nor changes a run.
NOT_ADDED_IN_THE_ADMIN = {
    "imports.importrun",
    "indicators.edition",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
NOT_CHANGED_IN_THE_ADMIN = {"imports.importrun"}
# The history entries of a written run (the factory's) name it: it stays; a
# published edition is withdrawn, with a reason, never deleted.
NOT_DELETED_IN_THE_ADMIN = {"imports.importrun", "indicators.edition"}
MORE_FACTORIES = {
    "auth.user": lambda: UserFactory(username="someone"),
    "auth.group": lambda: Group.objects.create(name="Readers"),
}
# A model admin's standard pages: the right each needs, and its path.
ADMIN_PAGES = {
    "changelist": ("view", "/admin/{app}/{model}/"),
    "add": ("add", "/admin/{app}/{model}/add/"),
    "change": ("view", "/admin/{app}/{model}/{pk}/change/"),
    "history": ("view", "/admin/{app}/{model}/{pk}/history/"),
    "delete": ("delete", "/admin/{app}/{model}/{pk}/delete/"),
    # The old address of a change page redirects to it, whoever asks.
    None: (None, "/admin/{app}/{model}/{pk}/"),
}


def _view_on_site(member):
    return f"/admin/r/{ContentType.objects.get_for_model(member).pk}/{member.pk}/"


def _rights(role, label):
    if role == "superuser":
        rights = {"view", "add", "change", "delete"}
    elif label in OWN_RECORDS:
        rights = set(OWN_RECORDS[label]) if role in RECORD_RIGHTS else set()
    elif label.split(".")[0] in ADMIN_ONLY_APPS:
        rights = set()
    else:
        rights = set(RECORD_RIGHTS.get(role, ()))
    if label in NOT_ADDED_IN_THE_ADMIN:
        rights.discard("add")
    if label in NOT_CHANGED_IN_THE_ADMIN:
        rights.discard("change")
    if label in NOT_DELETED_IN_THE_ADMIN:
        rights.discard("delete")
    return rights


def _admin_page_status(role, label, right):
    if role in {"anonymous", "no_role"} or right is None:
        return 302
    return 200 if right in _rights(role, label) else 403


def _admin_rules():
    """Yield (key, path, statuses) for each page of each registered model."""
    for model in admin.site._registry:
        label = model._meta.label_lower
        app, name = label.split(".")
        for action, (right, template) in ADMIN_PAGES.items():
            key = (
                f"admin:{app}_{name}_{action}"
                if action
                else f"admin:admin/{app}/{name}/<path:object_id>/"
            )
            path = _model_path(template, app, name, label)
            statuses = [_admin_page_status(r, label, right) for r in ROLES]
            if label in OWN_RECORDS and right == "view" and "{pk}" in template:
                statuses = [
                    302 if role in RECORD_RIGHTS and status == 200 else status
                    for role, status in zip(ROLES, statuses, strict=True)
                ]
            yield key, path, statuses
    for app in {model._meta.app_label for model in admin.site._registry}:
        labels = [
            m._meta.label_lower
            for m in admin.site._registry
            if m._meta.app_label == app
        ]
        statuses = [_app_index_status(role, labels) for role in ROLES]
        yield f"admin:app_list[{app}]", f"/admin/{app}/", statuses
    # A version of a record kept with its history (read by whoever reads it).
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, HistoryAdmin):
            label = model._meta.label_lower
            app, name = label.split(".")
            yield (
                f"admin:{app}_{name}_simple_history",
                _version_path(app, name, label),
                [_admin_page_status(role, label, "view") for role in ROLES],
            )
    # The history entries an import run wrote, of one kind of record.
    yield (
        "admin:imports_importrun_history[entries]",
        lambda record: (
            f"/admin/imports/importrun/{record('imports.importrun').pk}"
            "/history/members.historicalmember/"
        ),
        [_admin_page_status(role, "imports.importrun", "view") for role in ROLES],
    )


def _version_path(app, name, label):
    def path(record):
        instance = record(label)
        version = instance.history.latest().history_id
        return f"/admin/{app}/{name}/{instance.pk}/history/{version}/"

    return path


def _app_index_status(role, labels):
    if role in {"anonymous", "no_role"}:
        return 302
    return 200 if any("view" in _rights(role, label) for label in labels) else 404


def _model_path(template, app, name, label):
    if "{pk}" not in template:
        return template.format(app=app, model=name)
    return lambda record: template.format(app=app, model=name, pk=record(label).pk)


ALL_RULES = {
    **{key: (path, list(statuses)) for key, (path, *statuses) in RULES.items()},
    **{key: (path, statuses) for key, path, statuses in _admin_rules()},
}


def _routes(patterns, namespace="", prefix=""):
    """Yield a key for every route of the URL configuration, the admin's too."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _routes(
                pattern.url_patterns, inner, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or prefix + str(pattern.pattern)}"


def test_every_url_of_the_project_has_a_rule():
    routes = set(_routes(get_resolver().url_patterns))
    ruled = {key.split("[")[0] for key in ALL_RULES}
    assert routes == ruled
    admin_apps = {model._meta.app_label for model in admin.site._registry}
    own_apps = {label.split(".")[0] for label in OWN_RECORDS}
    assert admin_apps <= {*RECORD_APPS, *ADMIN_ONLY_APPS, *own_apps}
    app_indexes = {key for key in ALL_RULES if key.startswith("admin:app_list[")}
    assert len(app_indexes) == len({m._meta.app_label for m in admin.site._registry})


@pytest.fixture
def user_for(request, manager, secretariat):
    users = {
        "no_role": UserFactory(username="visitor"),
        "manager": manager,
        "secretariat": secretariat,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    return users.get


@pytest.fixture
def record():
    made = {}

    def make(label):
        if label not in made:
            made[label] = {**FACTORIES, **MORE_FACTORIES}[label]()
        return made[label]

    return make


@pytest.mark.parametrize("key", sorted(ALL_RULES))
def test_role_rules(client, user_for, record, key):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    recorded_activity(2021)
    path, statuses = ALL_RULES[key]
    if callable(path):
        path = path(record)
    answered = {}
    for role in ROLES:
        client.logout()
        if user := user_for(role):
            client.force_login(user)
        response = client.get(path)
        answered[role] = response.status_code
        if role == "anonymous" and response.status_code == 302:
            _assert_sent_to_login(key, path, response)
    assert answered == dict(zip(ROLES, statuses, strict=True))


# URLs an API token reads (apps/accounts/middleware.py); elsewhere it is ignored.
TOKEN_URLS = {
    "indicators:api_indicators",
    "indicators:export_indicators_csv",
    "indicators:export_indicators_xlsx",
    "indicators:indicator_records",
    "plans:api_plans",
    "plans:api_plan",
    "plans:plan_export_csv",
    "plans:plan_export_xlsx",
    "indicators:pivot_csv",
    "indicators:pivot_xlsx",
    "indicators:api_series",
}


@pytest.mark.parametrize("key", sorted(RULES))
def test_a_token_reads_as_its_owner_where_accepted_else_counts_for_nothing(
    client, user_for, record, key
):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    recorded_activity(2021)
    path, *statuses = RULES[key]
    if callable(path):
        path = path(record)
    answered = {}
    for role in ROLES[1:]:
        _token, secret = create_api_token(user_for(role), name="client")
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")
        answered[role] = response.status_code
    expected = statuses[1:] if key in TOKEN_URLS else [statuses[0]] * 4
    assert answered == dict(zip(ROLES[1:], expected, strict=True))


def _assert_sent_to_login(key, path, response):
    if key == "set_language":
        return
    assert response.url.startswith((f"{LOGIN}?next=", f"{ADMIN_LOGIN}?next="))


RECORD_LABELS = sorted(
    label for label in FACTORIES if label.split(".")[0] in RECORD_APPS
)


@pytest.mark.parametrize("label", RECORD_LABELS)
def test_managers_view_records_but_change_none_of_them(client, manager, label):
    model = apps.get_model(label)
    instance = FACTORIES[label]()
    before = model.objects.count()
    page = f"/admin/{label.replace('.', '/')}/"
    client.force_login(manager)
    assert client.get(page).status_code == 200
    change = client.get(f"{page}{instance.pk}/change/")
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert client.post(f"{page}add/", {}).status_code == 403
    assert client.post(f"{page}{instance.pk}/change/", {}).status_code == 403
    assert (
        client.post(f"{page}{instance.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    bulk = client.post(
        page,
        {"action": "delete_selected", "_selected_action": [instance.pk], "post": "yes"},
    )
    assert bulk.status_code < 400
    assert model.objects.count() == before
    assert model.objects.filter(pk=instance.pk).exists()


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in RULES
        if name.startswith("indicators:")
        and name not in {"indicators:publish", "indicators:withdraw"}
    ],
)
def test_pages_api_and_exports_only_answer_reads(manager_client, name):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    path = RULES[name][0]
    assert manager_client.post(path).status_code == 405
    assert manager_client.put(path).status_code == 405
    assert manager_client.delete(path).status_code == 405


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
    own_tokens = {"view_apitoken", "add_apitoken", "change_apitoken"}
    assert set(managers.values_list("codename", flat=True)) == {
        *views,
        *own_tokens,
        "view_indicators",
        "add_edition",
        "withdraw_edition",
    }
    assert set(secretariat.values_list("codename", flat=True)) == {
        *edits,
        *own_tokens,
        "view_indicators",
        "withdraw_edition",
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
