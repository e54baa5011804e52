"""Password guessing: a username is locked out from an address after failures."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
NOW = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", is_staff=True)


def sign_in(client, password, *, page=LOGIN, username="ana", **headers):
    return client.post(page, {"username": username, "password": password}, **headers)


def fail(client, times, **kwargs):
    for _ in range(times):
        sign_in(client, "wrong", **kwargs)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_four_wrong_passwords_leave_the_right_one_working(client, ana):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_the_fifth_wrong_password_locks_out_even_the_right_one(client, ana):
    fail(client, 4)
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert b"15 minutes" in locked.content
    again = sign_in(client, PASSWORD)
    assert again.status_code == 429
    assert not is_signed_in(client)


def test_the_lockout_page_is_a_page_not_a_traceback(client, ana):
    fail(client, 5)
    page = sign_in(client, PASSWORD)
    assert "registration/lockout.html" in [t.name for t in page.templates]
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert b'href="/accounts/login/"' in page.content


def test_a_success_starts_the_count_afresh(client, ana):
    fail(client, 4)
    sign_in(client, PASSWORD)
    client.logout()
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, ana):
    with time_machine.travel(NOW, tick=False) as clock:
        fail(client, 5)
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert sign_in(client, PASSWORD).status_code == 429
    # A try during the lockout (the one above) starts the cool-off again.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=15, seconds=1)):
        assert sign_in(client, PASSWORD).status_code == 302
        assert is_signed_in(client)


def test_the_admin_sign_in_is_throttled_too(client, ana):
    fail(client, 4, page=ADMIN_LOGIN)
    assert sign_in(client, "wrong", page=ADMIN_LOGIN).status_code == 429
    assert sign_in(client, PASSWORD, page=ADMIN_LOGIN).status_code == 429
    assert not is_signed_in(client)
    # The same count covers both pages: it is one username from one address.
    assert sign_in(client, PASSWORD).status_code == 429


def test_failures_add_up_across_both_sign_in_pages(client, ana):
    fail(client, 3)
    fail(client, 2, page=ADMIN_LOGIN)
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_lockout_holds_one_username_from_one_address(client, ana):
    UserFactory(username="ben")
    fail(client, 5, REMOTE_ADDR="192.0.2.10")
    # The same person from another address, another person from the same one.
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.11").status_code == 302
    client.logout()
    assert (
        sign_in(client, PASSWORD, username="ben", REMOTE_ADDR="192.0.2.10").status_code
        == 302
    )


def test_limit_and_cool_off_come_from_the_settings(client, ana, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=1)
    fail(client, 1)
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert b"for 1 minute," in locked.content


def test_forwarded_addresses_are_ignored_without_a_proxy(client, ana, settings):
    settings.BEHIND_PROXY = False
    for n in range(5):
        sign_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    locked = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert locked.status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_the_clients(client, ana, settings):
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(client, 5, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    # Another client behind the same proxy is not locked out ...
    other = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other.status_code == 302
    client.logout()
    # ... and the locked-out one cannot escape by adding a made-up address
    # in front of the one the proxy appends.
    forged = "192.0.2.77, 203.0.113.5"
    again = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR=forged, **proxy)
    assert again.status_code == 429


@pytest.mark.parametrize(
    "forwarded", ["not-an-address", "", "999.1.1.1", "fe80::1%eth0", "\x00"]
)
def test_a_malformed_forwarded_address_falls_back_to_the_connection(
    client, ana, settings, forwarded
):
    settings.BEHIND_PROXY = True
    fail(client, 5, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")
    locked = sign_in(client, PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert locked.status_code == 429


def test_the_lockout_page_speaks_the_chosen_language(client, ana):
    client.cookies["django_language"] = "fr"
    fail(client, 5)
    page = sign_in(client, PASSWORD)
    assert page.status_code == 429
    assert b'<html lang="fr">' in page.content


def test_a_username_longer_than_any_is_refused_before_it_is_counted(client, ana):
    # Axes keeps at most 255 characters of a username: PostgreSQL refused
    # to store a longer one, and the sign-in page answered with a 500.
    response = sign_in(client, "wrong", username="a" * 5000)
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()
    admin_page = sign_in(client, "wrong", page=ADMIN_LOGIN, username="a" * 5000)
    assert admin_page.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()
