"""API tokens in the admin: each user makes and revokes their own; the key is
shown once, on the page that answers the creation."""

import datetime as dt
import re

import pytest
import time_machine

from apps.accounts.models import ApiToken
from apps.accounts.tokens import hash_key
from tests.factories import (
    ApiTokenFactory,
    MemberFactory,
    UserFactory,
    recorded_activity,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/accounts/apitoken/"
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def test_a_manager_makes_a_token_and_sees_its_key_once(client, manager):
    recorded_activity(2021)
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    client.force_login(manager)
    response = client.post(f"{LIST}add/", {"name": "Power BI"})
    assert response.status_code == 200
    key = re.search(r'<code id="api-token-key">([^<]+)</code>', response.text)[1]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.key_hash) == (
        manager,
        "Power BI",
        hash_key(key),
    )
    assert "no-store" in response["Cache-Control"]
    assert key not in str(response.cookies)
    # Nowhere else: the list and the token's page show its prefix alone.
    for page in (LIST, f"{LIST}{token.pk}/change/"):
        shown = client.get(page).text
        assert token.prefix in shown
        assert key not in shown
    client.logout()
    api = client.get("/api/indicators/2021/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200


def test_a_user_lists_and_opens_only_their_own_tokens(client, manager, secretariat):
    mine = ApiTokenFactory(user=manager, name="Power BI")
    theirs = ApiTokenFactory(user=secretariat, name="Website")
    client.force_login(manager)
    assert list(client.get(LIST).context["cl"].result_list) == [mine]
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code == 302
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert set(client.get(LIST).context["cl"].result_list) == {mine, theirs}


def test_revoking_touches_only_ones_own_tokens(client, manager, secretariat):
    mine = ApiTokenFactory(user=manager)
    theirs = ApiTokenFactory(user=secretariat)
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            LIST,
            {"action": "revoke", "_selected_action": [mine.pk, theirs.pk]},
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == ["1 token revoked."]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.revoked_at, theirs.revoked_at) == (NOW, None)
    assert "Revoked" in client.get(LIST, {"status": "revoked"}).text


def test_a_token_is_renamed_but_keeps_its_key(client, manager):
    token = ApiTokenFactory(user=manager, name="Power BI")
    client.force_login(manager)
    response = client.post(f"{LIST}{token.pk}/change/", {"name": "Excel"})
    assert response.status_code == 302
    renamed = ApiToken.objects.get()
    assert (renamed.name, renamed.key_hash) == ("Excel", token.key_hash)


def test_a_staff_user_without_a_role_makes_no_token(client):
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}add/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
