"""Every URL under /api/ answers its errors as JSON `{"detail": …}`, with the
right status, whatever raised them; the other pages keep their HTML pages."""

import datetime as dt
import json

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.http import Http404, JsonResponse
from django.urls import include, path

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
    assert answer(response) == (
        405,
        "application/json",
        {"detail": "Method not allowed."},
    )
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
