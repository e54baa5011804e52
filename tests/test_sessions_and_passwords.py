"""Sessions end on their own and on logout; weak passwords are refused."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NOW = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(db):
    return UserFactory(username="ana.lopez", is_staff=True)


def sign_in(client):
    response = client.post(
        "/accounts/login/", {"username": "ana.lopez", "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_a_session_ends_after_the_session_age(client, ana, settings):
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert age == dt.timedelta(hours=8)
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in(client)
        clock.shift(age - dt.timedelta(minutes=1))
        assert client.get("/admin/").status_code == 200
        clock.shift(dt.timedelta(minutes=2))
        expired = client.get("/admin/")
    assert expired.status_code == 302
    assert expired.url.startswith("/admin/login/")


def test_the_session_cookie_is_forgotten_when_the_browser_closes(client, ana):
    cookie = sign_in(client).cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_logout_ends_the_session_on_the_server(client, ana):
    sign_in(client)
    key = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # A copy of the old cookie opens nothing.
    thief = Client()
    thief.cookies["sessionid"] = key
    response = thief.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


WEAK = [
    pytest.param("short1!", id="too-short"),
    pytest.param("password123", id="common"),
    pytest.param("3141592653589793", id="all-digits"),
    pytest.param("ana.lopez.24", id="like-the-username"),
]


@pytest.fixture
def root_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("weak", WEAK)
def test_an_administrator_cannot_give_a_weak_password(root_client, ana, weak):
    response = root_client.post(
        f"/admin/auth/user/{ana.pk}/password/",
        {"password1": weak, "password2": weak, "usable_password": "true"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_an_administrator_can_give_a_strong_password(root_client, ana):
    strong = "seven purple lanterns drift"
    response = root_client.post(
        f"/admin/auth/user/{ana.pk}/password/",
        {"password1": strong, "password2": strong, "usable_password": "true"},
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.check_password(strong)


@pytest.mark.parametrize("weak", WEAK)
def test_a_user_cannot_choose_a_weak_password(client, ana, weak):
    client.force_login(ana)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


@pytest.mark.parametrize("weak", WEAK)
def test_a_new_user_cannot_get_a_weak_password(root_client, weak):
    response = root_client.post(
        "/admin/auth/user/add/",
        {
            "username": "ana.lopez",
            "password1": weak,
            "password2": weak,
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"]
    assert not UserFactory._meta.model.objects.filter(username="ana.lopez").exists()
