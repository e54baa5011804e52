"""The 400, 403, 404 and 500 pages: in the site's look and the reader's language."""

import datetime as dt

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template.loader import render_to_string
from django.urls import include, path
from django.utils import translation

from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@login_not_required
def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), path("", include("metropolis_kpi.urls"))]

# Language -> (title of the 400, 403, 404 and 500 pages)
TITLES = {
    "en": ("Bad request", "Access denied", "Not found", "Something went wrong"),
    "fr": (
        "Requête invalide",
        "Accès refusé",
        "Page introuvable",
        "Une erreur s'est produite",
    ),
    "es": (
        "Solicitud no válida",
        "Acceso denegado",
        "Página no encontrada",
        "Se ha producido un error",
    ),
}
STYLESHEET = '<link rel="stylesheet" href="/static/css/app.css">'


@pytest.fixture
def lenient(client):
    """A client that returns a 500 instead of raising."""
    client.raise_request_exception = False
    return client


def assert_styled_page(response, status, language, title):
    content = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in content
    assert STYLESHEET in content
    assert f"<h1>{title}</h1>" in content
    assert '<a class="brand" href="/">Metropolis KPI</a>' in content


@pytest.mark.parametrize("language", sorted(TITLES))
def test_a_manager_on_the_import_page_gets_the_styled_403(manager_client, language):
    response = manager_client.get(
        "/admin/imports/importrun/import/", headers={"accept-language": language}
    )
    assert_styled_page(response, 403, language, TITLES[language][1])


@pytest.mark.parametrize("language", sorted(TITLES))
def test_a_user_without_a_role_gets_the_styled_403(client, language):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    client.force_login(UserFactory(username="visitor"))
    response = client.get("/dashboard/2021/", headers={"accept-language": language})
    assert_styled_page(response, 403, language, TITLES[language][1])


@pytest.mark.parametrize("language", sorted(TITLES))
def test_the_404_page_is_styled(manager_client, language):
    response = manager_client.get(
        "/dashboard/1900/", headers={"accept-language": language}
    )
    assert_styled_page(response, 404, language, TITLES[language][2])


@pytest.mark.parametrize("language", sorted(TITLES))
def test_the_400_page_is_styled(manager_client, language):
    response = manager_client.get(
        "/dashboard/2021/", {"page": "\x00"}, headers={"accept-language": language}
    )
    assert_styled_page(response, 400, language, TITLES[language][0])


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", sorted(TITLES))
def test_the_500_page_is_styled(lenient, language):
    response = lenient.get("/fails/", headers={"accept-language": language})
    assert_styled_page(response, 500, language, TITLES[language][3])
    assert "a bug" not in response.content.decode()


def test_the_chosen_language_cookie_picks_the_error_page_language(manager_client):
    manager_client.cookies["django_language"] = "es"
    response = manager_client.get("/admin/imports/importrun/import/")
    assert_styled_page(response, 403, "es", TITLES["es"][1])


def test_the_500_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("fr"):
        page = render_to_string("500.html")
    assert "<h1>Une erreur s'est produite</h1>" in page
