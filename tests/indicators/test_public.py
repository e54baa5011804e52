"""The public impact page: published figures only, for anyone, cheaply."""

import datetime as dt
import json

import pytest

from apps.indicators.services import publish_year, withdraw_edition
from apps.members.models import Member
from tests.factories import MeasurementFactory, MemberFactory, MetricFactory

pytestmark = pytest.mark.django_db

D = dt.date
PUBLIC_URLS = [
    "/public/2021/",
    "/public/2021.json",
    "/embed/2021/members.new/",
]


@pytest.fixture
def year_2021():
    """2 new members in 2021, and a reported count of 7 cities."""
    MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2021, 4, 1))
    metric = MetricFactory(source__code="unhabitat", code="cities")
    MeasurementFactory(metric=metric, as_of=D(2021, 6, 30), value=7)


@pytest.fixture
def published(manager, year_2021):
    return publish_year(2021, user=manager)


def figures(client, year=2021, **query):
    response = client.get(f"/public/{year}.json", query)
    assert response.status_code == 200
    return {item["code"]: item for item in json.loads(response.content)["indicators"]}


def test_the_json_gives_the_published_figures_for_a_website(client, published):
    response = client.get("/public/2021.json")
    document = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert (document["year"], document["published_on"]) == (
        2021,
        published.published_at.date().isoformat(),
    )
    new = next(i for i in document["indicators"] if i["code"] == "members.new")
    assert new == {
        "code": "members.new",
        "label": "New members",
        "section": "network",
        "unit": "count",
        "value": 2,
    }
    cities = next(
        i for i in document["indicators"] if i["code"] == "reported.unhabitat.cities"
    )
    assert (cities["section"], cities["value"]) == ("reported", 7)


def test_the_public_pages_need_no_sign_in(client, published):
    for url in ["/public/", *PUBLIC_URLS]:
        assert client.get(url).status_code == 200, url


def test_the_list_shows_only_the_years_in_force(client, manager, published):
    MemberFactory(joined_on=D(2020, 3, 1))
    publish_year(2020, user=manager)
    withdraw_edition(2020, user=manager, reason="Wrong figures.")
    page = client.get("/public/").content.decode()
    assert 'href="/public/2021/?lang=en">2021</a>' in page
    assert "/public/2020/" not in page


def test_a_year_page_shows_the_published_figures_by_section(client, published):
    page = client.get("/public/2021/").content.decode()
    assert "<h2>Network</h2>" in page
    assert '<article class="card counter" id="members.new">' in page
    assert '<h3>New members</h3>\n          <p class="value">2</p>' in page
    assert "<h3>Unhabitat: cities</h3>" in page


def test_an_unpublished_year_is_not_found(client, year_2021):
    for url in PUBLIC_URLS:
        assert client.get(url).status_code == 404, url
    assert client.get("/public/2021.json").json() == {"detail": "Not found."}


def test_a_public_page_shows_the_published_figure_not_the_live_one(client, published):
    MemberFactory(joined_on=D(2021, 11, 30))  # a late record: live figure 3
    assert figures(client)["members.new"]["value"] == 2
    page = client.get("/public/2021/").content.decode()
    assert '<p class="value">2</p>' in page
    assert '<p class="value">3</p>' not in page
    card = client.get("/embed/2021/members.new/").content.decode()
    assert '<p class="value">2</p>' in card


def test_a_withdrawn_edition_leaves_the_public_pages_at_once(
    client, manager, published
):
    assert client.get("/public/2021/").status_code == 200
    withdraw_edition(2021, user=manager, reason="Wrong figures.")
    for url in PUBLIC_URLS:
        assert client.get(url).status_code == 404, url
    assert "/public/2021/" not in client.get("/public/").content.decode()


def test_a_republished_year_shows_the_new_edition(client, manager, published):
    withdraw_edition(2021, user=manager, reason="Wrong figures.")
    MemberFactory(joined_on=D(2021, 11, 30))
    publish_year(2021, user=manager)
    assert figures(client)["members.new"]["value"] == 3


def test_figures_left_out_at_publish_time_are_not_public(client, manager, year_2021):
    publish_year(2021, user=manager, private=["members.new"])
    assert "members.new" not in figures(client)
    assert "members.new" not in client.get("/public/2021/").content.decode()
    assert client.get("/embed/2021/members.new/").status_code == 404
    assert "reported.unhabitat.cities" in figures(client)


def test_an_unknown_indicator_has_no_embed(client, published):
    assert client.get("/embed/2021/members.nothing/").status_code == 404


def test_public_pages_set_no_cookie(client, published):
    for url in ["/public/", "/public/2020/", *PUBLIC_URLS]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.cookies == {}, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_public_pages_set_no_cookie_for_a_signed_in_reader(manager_client, published):
    for url in ["/public/", *PUBLIC_URLS]:
        response = manager_client.get(url)
        assert response.cookies == {}, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_the_language_comes_from_the_query_or_the_browser(client, published):
    client.cookies["django_language"] = "es"  # ignored: a cache cannot see it
    response = client.get("/public/2021/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]
    assert "<h2>Réseau</h2>" in response.content.decode()
    assert figures(client, lang="es")["members.new"]["label"] == "Nuevos miembros"
    response = client.get("/public/2021/", {"lang": "es"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()
    assert client.get("/public/2021/")["Content-Language"] == "en"


def test_public_pages_are_cacheable_and_answer_304_when_unchanged(client, published):
    for url in ["/public/", *PUBLIC_URLS]:
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
        etag = response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
        other = client.get(url, {"lang": "fr"}, HTTP_IF_NONE_MATCH=etag)
        assert other.status_code == 200, url


def test_a_new_edition_has_a_new_etag(client, manager, published):
    etag = client.get("/public/2021/")["ETag"]
    withdraw_edition(2021, user=manager, reason="Wrong figures.")
    publish_year(2021, user=manager)
    response = client.get("/public/2021/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the editions in force
        ("/public/", 1),
        # the edition, its public figures, the reported metrics, their names
        ("/public/2021/", 4),
        ("/public/2021.json", 4),
        ("/embed/2021/members.new/", 2),
        ("/embed/2021/reported.unhabitat.cities/", 4),
    ],
)
def test_public_pages_cost_a_fixed_number_of_queries(
    client, manager, published, django_assert_num_queries, url, queries
):
    MemberFactory(joined_on=D(2020, 3, 1))
    publish_year(2020, user=manager)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_not_modified_answer_costs_one_query(
    client, published, django_assert_num_queries
):
    etag = client.get("/public/2021/")["ETag"]
    with django_assert_num_queries(1):
        response = client.get("/public/2021/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_only_the_embed_may_be_framed_and_only_by_the_listed_origins(
    client, settings, published
):
    settings.PUBLIC_EMBED_ORIGINS = ["https://www.example.org"]
    card = client.get("/embed/2021/members.new/")
    assert "X-Frame-Options" not in card
    assert (
        "frame-ancestors 'self' https://www.example.org"
        in card["Content-Security-Policy"]
    )
    for url in ["/public/", "/public/2021/", "/public/2021.json"]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_without_listed_origins_only_the_site_frames_an_embed(client, published):
    card = client.get("/embed/2021/members.new/")
    assert "frame-ancestors 'self';" in card["Content-Security-Policy"] + ";"


def test_public_pages_answer_only_get(client, published):
    for url in ["/public/", *PUBLIC_URLS]:
        assert client.post(url).status_code == 405, url


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Our impact in 2021", "Figures of the annual report, published on"]),
        ("fr", ["Notre impact en 2021", "Chiffres du rapport annuel, publié le"]),
        ("es", ["Nuestro impacto en 2021", "Cifras del informe anual, publicado el"]),
    ],
)
def test_a_year_page_reads_in_three_languages(client, published, lang, words):
    page = client.get("/public/2021/", {"lang": lang}).content.decode()
    for text in words:
        assert text in page


def test_the_admin_shows_which_figures_are_public(
    client, manager, year_2021, admin_user
):
    edition = publish_year(2021, user=manager, private=["members.new"])
    client.force_login(admin_user)
    page = client.get(f"/admin/indicators/edition/{edition.pk}/change/").content
    assert "On the public page" in page.decode()


def test_no_public_page_names_a_member_or_links_to_the_records(client, published):
    names = list(Member.objects.values_list("name", flat=True))
    assert len(names) == 2
    for url in ["/public/", *PUBLIC_URLS]:
        page = client.get(url).content.decode()
        assert not [name for name in names if name in page], url
        assert "/admin/" not in page, url
        assert "/dashboard/" not in page, url
        assert "/indicators/" not in page, url


def test_a_head_request_is_answered_like_a_get(client, published):
    response = client.head("/public/2021/")
    assert response.status_code == 200
    assert response["ETag"] == client.get("/public/2021/")["ETag"]
