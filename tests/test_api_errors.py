"""Every URL under /api/ answers its errors as JSON `{"detail": …}`, with the
right status, whatever raised them; the other pages keep their HTML pages."""

import datetime as dt
import json

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.http import Http404, JsonResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, include, path

from apps.accounts.tokens import create_api_token
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@login_not_required
def fails(request):
    raise RuntimeError("a bug")


@login_not_required
def loses_the_database(request):
    raise OperationalError("connection lost")


def added_later(request, number):
    if number == 0:
        raise Http404("No such thing.")
    return JsonResponse({"number": number})


# The project's URLs, and API and other URLs as other views may add them.
urlpatterns = [
    path("api/fails/", fails),
    path("api/database/", loses_the_database),
    path("api/later/<int:number>/", added_later),
    path("fails/", fails),
    path("", include("metropolis_kpi.urls")),
]
with_test_urls = pytest.mark.urls(__name__)


@pytest.fixture
def year_2021(db):
    MemberFactory(joined_on=dt.date(2021, 3, 1))


@pytest.fixture
def lenient(client):
    """A client that returns a 500 instead of raising."""
    client.raise_request_exception = False
    return client


READ_ONLY = {"detail": "The API only reads: send GET or HEAD."}


def answer(response):
    return response.status_code, response["Content-Type"], json.loads(response.content)


def test_a_year_without_data_is_a_json_404(manager_client, year_2021):
    response = manager_client.get("/api/indicators/2030/")
    assert answer(response) == (
        404,
        "application/json",
        {"detail": "No records for this year."},
    )


@pytest.mark.parametrize(
    # /api/indicators/ is the series across years (tests/indicators/test_series.py).
    "url",
    ["/api/indicators/x/", "/api/indicators/2021/x/", "/api/nothing-here"],
)
def test_an_unknown_api_url_is_a_json_404(manager_client, url):
    assert answer(manager_client.get(url)) == (
        404,
        "application/json",
        {"detail": "Not found."},
    )


def test_an_anonymous_client_gets_a_json_401_not_the_login_page(client, year_2021):
    response = client.get("/api/indicators/2021/")
    assert answer(response) == (
        401,
        "application/json",
        {"detail": "Authentication required: sign in, or send an API token."},
    )
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Location" not in response


def test_a_user_without_the_right_gets_a_json_403(client, year_2021):
    client.force_login(UserFactory(username="visitor"))
    assert answer(client.get("/api/indicators/2021/")) == (
        403,
        "application/json",
        {"detail": "You do not have permission to do this."},
    )


def test_a_wrong_method_is_a_json_405_that_names_the_allowed_ones(
    manager_client, year_2021
):
    response = manager_client.post("/api/indicators/2021/")
    assert answer(response) == (405, "application/json", READ_ONLY)
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Length"] == str(len(response.content))


def test_a_nul_character_is_a_json_400(manager_client, year_2021):
    assert answer(manager_client.get("/api/indicators/2021/", {"q": "\x00"})) == (
        400,
        "application/json",
        {"detail": "Bad request."},
    )


@with_test_urls
def test_a_server_error_is_a_json_500(lenient):
    assert answer(lenient.get("/api/fails/")) == (
        500,
        "application/json",
        {"detail": "Server error: it has been logged."},
    )


@with_test_urls
def test_a_lost_database_is_a_json_503_with_its_retry_delay(client):
    response = client.get("/api/database/")
    assert answer(response) == (
        503,
        "application/json",
        {"detail": "The database cannot be reached at the moment."},
    )
    assert response["Retry-After"] == "60"


@with_test_urls
def test_an_api_url_added_later_answers_json_errors_too(manager_client):
    assert answer(manager_client.get("/api/later/0/")) == (
        404,
        "application/json",
        {"detail": "No such thing."},
    )
    assert manager_client.get("/api/later/3/").json() == {"number": 3}


def test_error_details_follow_the_reader_language(manager_client):
    response = manager_client.get(
        "/api/indicators/x/", headers={"accept-language": "fr"}
    )
    assert (response.json(), response["Content-Language"]) == (
        {"detail": "Introuvable."},
        "fr",
    )


@with_test_urls
def test_other_pages_keep_their_html_error_pages(lenient, year_2021):
    assert lenient.get("/fails/")["Content-Type"] == "text/html; charset=utf-8"
    lenient.force_login(UserFactory(username="visitor"))
    for url, status in [("/dashboard/2030/", 403), ("/dashboard/2021/", 403)]:
        response = lenient.get(url)
        assert (response.status_code, response["Content-Type"]) == (
            status,
            "text/html; charset=utf-8",
        )
    assert lenient.get("/no-such-page/")["Content-Type"] == "text/html; charset=utf-8"
    lenient.logout()
    assert lenient.get("/dashboard/2021/").status_code == 302


# A route of each kind under /api/, with made-up arguments.
API_URLS = [
    "/api/indicators/",
    "/api/indicators/2021/",
    "/api/plans/",
    "/api/plans/SAP2123/",
]


def routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


@pytest.fixture
def csrf_client(db):
    """A client that sends no CSRF token and is checked for one, as a browser
    or a script that never read a form of the site."""
    return Client(enforce_csrf_checks=True)


def test_the_api_s_routes_are_those_the_method_tests_try():
    assert sorted(r for r in routes(get_resolver().url_patterns) if "api/" in r) == [
        "api/indicators/",
        "api/indicators/<int:year>/",
        "api/plans/",
        "api/plans/<slug:code>/",
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("url", API_URLS)
def test_a_write_to_the_api_from_a_session_is_a_json_405_not_a_csrf_403(
    csrf_client, manager, url, method
):
    csrf_client.force_login(manager)
    response = getattr(csrf_client, method)(url)
    assert answer(response) == (405, "application/json", READ_ONLY)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("url", API_URLS)
def test_a_write_to_the_api_with_a_token_is_a_json_405_not_a_csrf_403(
    csrf_client, manager, url, method
):
    _token, key = create_api_token(manager, name="Power BI")
    response = getattr(csrf_client, method)(
        url, headers={"authorization": f"Bearer {key}"}
    )
    assert answer(response) == (405, "application/json", READ_ONLY)
    assert response["Allow"] == "GET, HEAD"


def test_a_write_to_an_unknown_api_url_is_a_json_404(csrf_client, manager):
    csrf_client.force_login(manager)
    assert answer(csrf_client.post("/api/nothing-here/")) == (
        404,
        "application/json",
        {"detail": "Not found."},
    )


def test_a_write_to_the_api_without_signing_in_is_a_json_405(csrf_client):
    response = csrf_client.post("/api/indicators/2021/", {"year": 2021})
    assert answer(response) == (405, "application/json", READ_ONLY)


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("fr", "L\u2019API ne fait que lire : envoyez GET ou HEAD."),
        ("es", "La API solo lee: envíe GET o HEAD."),
    ],
)
def test_the_api_s_405_is_in_the_reader_s_language(csrf_client, language, detail):
    response = csrf_client.post("/api/plans/", headers={"accept-language": language})
    assert answer(response) == (405, "application/json", {"detail": detail})


def test_the_api_still_answers_reads_to_a_client_checked_for_csrf(csrf_client, manager):
    csrf_client.force_login(manager)
    assert csrf_client.get("/api/plans/").json() == {"plans": []}
    assert csrf_client.head("/api/plans/").status_code == 200


def test_a_page_outside_the_api_keeps_django_s_csrf_page(
    csrf_client, manager, year_2021
):
    csrf_client.force_login(manager)
    response = csrf_client.post("/dashboard/2021/publish/")
    assert (response.status_code, response["Content-Type"]) == (
        403,
        "text/html; charset=utf-8",
    )
    assert "CSRF verification failed. Request aborted." in response.content.decode()
