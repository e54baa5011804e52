"""API tokens (`Authorization: Bearer <key>`): read-only, on the API and the
exports only, with their owner's permissions; refused as JSON when wrong."""

import datetime as dt
import json

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import ApiToken
from apps.accounts.tokens import create_api_token, hash_key
from apps.indicators.models import Edition
from tests.factories import MemberFactory, UserFactory, recorded_activity

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 0, 30, tzinfo=dt.UTC)
READS = [
    "/api/indicators/2021/",
    "/export/indicators/2021.csv",
    "/export/indicators/2021.xlsx",
    "/indicators/members.new/2021/records.csv",
]
LOGINS = ("/accounts/login/?next=", "/admin/login/?next=")
INVALID = {"detail": "Invalid or revoked API token."}


@pytest.fixture
def year_2021(db):
    recorded_activity(2021)
    MemberFactory(joined_on=dt.date(2021, 3, 1))


@pytest.fixture
def key_of():
    def make(user, name="Power BI"):
        return create_api_token(user, name=name)[1]

    return make


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def answer(response):
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize("url", READS)
def test_a_managers_token_reads_the_api_and_the_exports(
    client, manager, key_of, year_2021, url
):
    response = client.get(url, **bearer(key_of(manager)))
    assert response.status_code == 200
    # The request alone is signed in: no session, no cookie.
    assert response.cookies == {}
    assert "Authorization" in response["Vary"]


def test_the_api_answers_a_token_with_the_indicators(
    client, manager, key_of, year_2021
):
    response = client.get("/api/indicators/2021/", **bearer(key_of(manager)))
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["year"] == 2021


@pytest.mark.parametrize("url", READS)
def test_a_token_of_a_user_without_the_right_gets_a_json_403(
    client, key_of, year_2021, url
):
    response = client.get(url, **bearer(key_of(UserFactory(username="visitor"))))
    assert answer(response) == (
        403,
        {"detail": "You do not have permission to do this."},
    )


def test_a_token_on_a_year_without_data_gets_a_json_404(client, manager, key_of):
    response = client.get("/export/indicators/2030.csv", **bearer(key_of(manager)))
    assert answer(response) == (404, {"detail": "No records for this year."})


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/2021/",
        "/report/2021/",
        "/indicators/members.new/2021/",
        "/",
        "/admin/",
        "/admin/members/member/",
        "/admin/accounts/apitoken/",
    ],
)
def test_pages_and_the_admin_ignore_a_token(client, manager, key_of, year_2021, url):
    response = client.get(url, **bearer(key_of(manager)))
    assert response.status_code == 302
    assert response.url.startswith(LOGINS)


def test_the_admins_downloads_ignore_a_token(client, key_of):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    response = client.get(
        "/admin/imports/importrun/1/errors.csv", **bearer(key_of(root))
    )
    assert response.status_code == 302
    assert response.url.startswith(LOGINS)


def test_a_post_with_a_token_publishes_nothing(client, manager, key_of, year_2021):
    response = client.post("/dashboard/2021/publish/", **bearer(key_of(manager)))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Edition.objects.exists()


# A token's client sends no CSRF token: it is refused as JSON before the CSRF
# check would answer its HTML page. (Under /api/, which only reads, a write is
# a 405 for anyone: tests/test_api_errors.py.)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize(
    "url",
    [
        "/export/indicators/2021.csv",
        "/export/indicators/2021.xlsx",
        "/indicators/members.new/2021/records.csv",
    ],
)
def test_a_token_only_reads(manager, key_of, year_2021, method, url):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url, **bearer(key_of(manager)))
    assert answer(response) == (
        403,
        {"detail": "An API token only reads: send it with GET or HEAD."},
    )
    assert response["WWW-Authenticate"] == (
        'Bearer realm="api", error="insufficient_scope"'
    )


@pytest.mark.parametrize("url", READS)
@pytest.mark.parametrize(
    "key", ["mkpi_wrong", "wrong", "", "mkpi_" + "x" * 43, "mkpi_\u00e9"]
)
def test_a_wrong_token_is_a_json_401(client, year_2021, url, key):
    response = client.get(url, **bearer(key))
    assert answer(response) == (401, INVALID)
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_a_revoked_token_is_a_json_401(client, manager, key_of, year_2021):
    key = key_of(manager)
    ApiToken.objects.update(revoked_at=NOW)
    response = client.get("/api/indicators/2021/", **bearer(key))
    assert answer(response) == (401, INVALID)
    assert response["WWW-Authenticate"].startswith("Bearer ")


def test_the_token_of_a_deactivated_user_is_a_json_401(
    client, manager, key_of, year_2021
):
    key = key_of(manager)
    manager.is_active = False
    manager.save()
    assert answer(client.get("/api/indicators/2021/", **bearer(key))) == (
        401,
        INVALID,
    )


def test_another_kind_of_authorization_is_ignored(client, year_2021):
    response = client.get(
        "/api/indicators/2021/", HTTP_AUTHORIZATION="Basic bWFuYWdlcjpwdw=="
    )
    assert answer(response) == (
        401,
        {"detail": "Authentication required: sign in, or send an API token."},
    )


def test_the_scheme_is_read_whatever_its_case(client, manager, key_of, year_2021):
    response = client.get(
        "/api/indicators/2021/", HTTP_AUTHORIZATION=f"bearer {key_of(manager)}"
    )
    assert response.status_code == 200


def test_a_token_speaks_for_its_owner_over_a_session(
    client, key_of, manager, year_2021
):
    client.force_login(manager)
    response = client.get(
        "/api/indicators/2021/", **bearer(key_of(UserFactory(username="visitor")))
    )
    assert response.status_code == 403


def test_tokens_are_throttled_with_a_json_429(
    client, manager, key_of, year_2021, settings
):
    settings.API_TOKEN_REQUESTS_PER_MINUTE = 2
    key = key_of(manager)
    with time_machine.travel(NOW, tick=False) as traveller:
        statuses = [client.get("/api/indicators/2021/", **bearer(key)).status_code]
        statuses.append(client.get("/export/indicators/2021.csv", **bearer(key)))
        statuses[1] = statuses[1].status_code
        refused = client.get("/api/indicators/2021/", **bearer(key))
        # Another token of the same user counts apart.
        other = client.get("/api/indicators/2021/", **bearer(key_of(manager)))
        traveller.shift(dt.timedelta(seconds=29, microseconds=500_000))
        still = client.get("/api/indicators/2021/", **bearer(key))
        traveller.shift(dt.timedelta(seconds=1))
        next_minute = client.get("/api/indicators/2021/", **bearer(key))
    assert statuses == [200, 200]
    assert answer(refused) == (429, {"detail": "Too many requests: try again in 30 s."})
    assert refused["Retry-After"] == "30"
    assert other.status_code == 200
    assert (still.status_code, still["Retry-After"]) == (429, "1")
    assert next_minute.status_code == 200


def test_the_last_use_is_written_at_most_once_a_minute(
    client, manager, key_of, year_2021
):
    key = key_of(manager)
    token = ApiToken.objects.get()
    with time_machine.travel(NOW, tick=False) as traveller:
        client.get("/api/indicators/2021/", **bearer(key))
        token.refresh_from_db()
        assert token.last_used_at == NOW
        traveller.shift(dt.timedelta(seconds=59))
        client.get("/api/indicators/2021/", **bearer(key))
        token.refresh_from_db()
        assert token.last_used_at == NOW
        traveller.shift(dt.timedelta(seconds=1))
        client.get("/api/indicators/2021/", **bearer(key))
        token.refresh_from_db()
        assert token.last_used_at == NOW + dt.timedelta(seconds=60)


def test_a_token_costs_one_query_and_its_last_use_one_update(
    client, manager, key_of, year_2021
):
    key = key_of(manager)

    def token_queries(url, shift):
        traveller.shift(shift)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, **bearer(key)).status_code == 200
        return [
            query["sql"].split()[0]
            for query in context.captured_queries
            if "accounts_apitoken" in query["sql"]
        ]

    with time_machine.travel(NOW, tick=False) as traveller:
        first = token_queries("/api/indicators/2021/", dt.timedelta(0))
        soon = token_queries("/export/indicators/2021.csv", dt.timedelta(seconds=30))
        later = token_queries("/api/indicators/2021/", dt.timedelta(seconds=30))
    assert first == ["SELECT", "UPDATE"]
    assert soon == ["SELECT"]
    assert later == ["SELECT", "UPDATE"]


def test_wrong_tokens_never_lock_anyone_out(client, manager, key_of, year_2021):
    for _ in range(10):
        client.get("/api/indicators/2021/", **bearer("mkpi_guess"))
    assert not AccessAttempt.objects.exists()
    signed_in = client.post(
        "/accounts/login/",
        {"username": "manager", "password": "correct horse battery staple"},
    )
    assert signed_in.status_code == 302
    assert signed_in.url == "/"


def test_the_key_is_kept_only_as_a_hash(manager):
    token, key = create_api_token(manager, name="Power BI")
    assert token.pk is not None
    stored = ApiToken.objects.get()
    assert (stored.user, stored.name, stored.prefix) == (manager, "Power BI", key[:13])
    assert stored.key_hash == hash_key(key) != key
    assert key.startswith("mkpi_")
    assert len(key) == 48
    assert key not in str(ApiToken.objects.values().get())


# The command -------------------------------------------------------------------


def test_the_command_prints_a_working_key_on_its_last_line(
    client, manager, year_2021, capsys
):
    call_command("create_api_token", "manager", "--name", "Website")
    lines = capsys.readouterr().out.splitlines()
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (manager, "Website")
    assert lines[-1].startswith(token.prefix)
    assert client.get("/api/indicators/2021/", **bearer(lines[-1])).status_code == 200


def test_the_command_refuses_an_unknown_or_inactive_user(db):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("create_api_token", "nobody")
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError, match="gone is not active"):
        call_command("create_api_token", "gone")
    assert not ApiToken.objects.exists()


def test_a_refusal_speaks_the_clients_language(client, year_2021):
    response = client.get(
        "/api/indicators/2021/", HTTP_ACCEPT_LANGUAGE="fr", **bearer("mkpi_wrong")
    )
    detail = "Jeton d\u2019API invalide ou révoqué."
    assert answer(response) == (401, {"detail": detail})
