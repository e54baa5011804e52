"""A country is stored and exchanged as its ISO 3166 alpha-2 code ("ES"),
and shown to people by its name in their language ("Spain", "Espagne",
"España")."""

import re

import pytest
from django.utils import translation

from apps.common.countries import COUNTRY_CODES, country_choices
from apps.events.models import Participation
from apps.imports.widgets import CountryWidget
from apps.members.models import Member
from apps.members.resources import MemberResource
from tests.factories import EventFactory, MemberFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

SPAIN = {"en": "Spain", "fr": "Espagne", "es": "España"}


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_the_codes_are_the_249_assigned_ones():
    assert len(COUNTRY_CODES) == 249
    assert {"ES", "FR", "BR", "SS", "XK"} & COUNTRY_CODES == {"ES", "FR", "BR", "SS"}


@pytest.mark.parametrize(("language", "name"), SPAIN.items())
def test_the_choices_name_each_code_in_the_active_language(language, name):
    with translation.override(language):
        choices = dict(country_choices())
    assert len(choices) == 249
    assert choices["ES"] == name


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_choices_are_sorted_by_name_accents_aside(language):
    with translation.override(language):
        names = [name for _code, name in country_choices()]
    assert names == sorted(names, key=lambda name: _plain(name).casefold())


def test_in_french_the_united_arab_emirates_sort_among_the_e():
    with translation.override("fr"):
        names = [name for _code, name in country_choices()]
    assert names.index("Égypte") < names.index("Émirats arabes unis")
    assert names.index("Émirats arabes unis") < names.index("Équateur")
    assert names.index("Équateur") < names.index("Érythrée")


def _plain(name):
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def test_migrations_name_the_choices_function_not_249_pairs():
    field = Member._meta.get_field("country")
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.CharField"
    assert kwargs["choices"] is country_choices
    assert kwargs["max_length"] == 2


@pytest.mark.parametrize(("language", "name"), SPAIN.items())
def test_the_member_list_shows_the_country_s_name(staff_client, language, name):
    MemberFactory(name="Barcelona", country="ES")
    response = staff_client.get("/admin/members/member/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert f'<td class="field-country">{name}</td>' in html


@pytest.mark.parametrize(("language", "name"), SPAIN.items())
def test_the_member_list_filters_on_the_countries_present_by_name(
    staff_client, language, name
):
    MemberFactory(country="ES")
    MemberFactory(country="FR")
    response = staff_client.get("/admin/members/member/", HTTP_ACCEPT_LANGUAGE=language)
    country_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", None) == "country"
    )
    choices = list(country_filter.choices(response.context["cl"]))
    france = {"en": "France", "fr": "France", "es": "Francia"}[language]
    assert [choice["display"] for choice in choices[1:]] == sorted(
        [name, france], key=_plain
    )
    assert [choice["query_string"] for choice in choices[1:]] == sorted(
        ["?country=ES", "?country=FR"],
        key=lambda query: {"ES": _plain(name), "FR": france}[query[-2:]],
    )


def test_the_member_list_filtered_on_a_country_keeps_its_members(staff_client):
    MemberFactory(name="Barcelona", country="ES")
    MemberFactory(name="Lyon", country="FR")
    response = staff_client.get("/admin/members/member/?country=ES")
    assert [member.name for member in response.context["cl"].result_list] == [
        "Barcelona"
    ]


@pytest.mark.parametrize(("language", "name"), SPAIN.items())
def test_the_member_form_offers_the_countries_by_name_with_their_code(
    staff_client, language, name
):
    member = MemberFactory(country="ES")
    response = staff_client.get(
        f"/admin/members/member/{member.pk}/change/", HTTP_ACCEPT_LANGUAGE=language
    )
    html = response.content.decode()
    select = re.search(r'<select name="country"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    options = re.findall(
        r'<option value="(\w*)"( selected)?>([^<]*)</option>', select[1]
    )
    assert len(options) == 250  # the blank one, then the 249 countries
    assert options[0] == ("", "", "---------")
    assert ("ES", " selected", f"{name} (ES)") in options
    labels = [label for _code, _selected, label in options[1:]]
    assert labels == sorted(labels, key=lambda label: _plain(label).casefold())


def test_a_participation_s_form_offers_the_countries_too(staff_client):
    participation = ParticipationFactory(country="BR")
    response = staff_client.get(
        f"/admin/events/participation/{participation.pk}/change/"
    )
    assert '<option value="BR" selected>Brazil (BR)</option>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(("language", "name"), SPAIN.items())
def test_the_participation_list_shows_the_country_s_name(staff_client, language, name):
    ParticipationFactory(country="ES")
    response = staff_client.get(
        "/admin/events/participation/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert f'<td class="field-country">{name}</td>' in response.content.decode()


@pytest.mark.parametrize(("language", "name"), SPAIN.items())
def test_the_drilldown_table_shows_the_country_s_name(manager_client, language, name):
    event = EventFactory(code="E1", starts_on="2021-03-01")
    ParticipationFactory(event=event, country="ES")
    response = manager_client.get(
        "/indicators/participants.total/2021/", HTTP_ACCEPT_LANGUAGE=language
    )
    page = response.context["records"]
    assert (
        page.rows[0][0][
            page.headers.index({"en": "Country", "fr": "Pays", "es": "País"}[language])
        ]
        == name
    )


def test_the_records_download_keeps_the_country_code(manager_client):
    event = EventFactory(code="E1", starts_on="2021-03-01")
    ParticipationFactory(event=event, country="ES")
    response = manager_client.get(
        "/indicators/participants.total/2021/records.csv", HTTP_ACCEPT_LANGUAGE="es"
    )
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = data.splitlines()
    assert row.split(",")[header.split(",").index("country")] == "ES"


def test_the_members_file_exported_keeps_the_country_code():
    MemberFactory(code="M001", country="ES")
    with translation.override("fr"):
        dataset = MemberResource().export(Member.objects.all())
    assert dataset.dict[0]["country"] == "ES"


def test_an_import_of_a_lower_case_code_stores_the_code():
    assert CountryWidget().clean("es") == "ES"


@pytest.mark.parametrize("typed", ["es", " Es "])
def test_the_member_form_still_takes_a_code_typed_in_any_case(staff_client, typed):
    data = {
        "code": "M001",
        "name": "Barcelona",
        "country": typed,
        "category": "full",
        "joined_on": "2020-01-01",
        "mandates-TOTAL_FORMS": "0",
        "mandates-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/admin/members/member/add/", data)
    assert response.status_code == 302
    assert Member.objects.get().country == "ES"


def test_a_participation_with_no_country_stays_blank(staff_client):
    participation = ParticipationFactory(country="FR")
    staff_client.post(
        f"/admin/events/participation/{participation.pk}/change/",
        {
            "event": participation.event_id,
            "gender": participation.gender,
            "role": participation.role,
            "member": "",
            "country": "",
        },
    )
    assert Participation.objects.get().country == ""


def test_the_country_filter_s_counts_stay_with_their_countries(staff_client):
    MemberFactory(country="FR")
    MemberFactory(country="ES")
    MemberFactory(country="ES")
    response = staff_client.get("/admin/members/member/?_facets=True")
    country_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", None) == "country"
    )
    choices = list(country_filter.choices(response.context["cl"]))
    assert [choice["display"] for choice in choices[1:]] == ["France (1)", "Spain (2)"]


def test_an_event_s_participants_show_their_country_s_name_without_a_select_each(
    staff_client,
):
    # 249 options a row would weigh on an event of a few hundred people: a
    # country is changed on the participation's own page, as its member is.
    event = EventFactory()
    ParticipationFactory(event=event, country="ES")
    ParticipationFactory(event=event, country="FR")
    response = staff_client.get(
        f"/admin/events/event/{event.pk}/change/", HTTP_ACCEPT_LANGUAGE="es"
    )
    html = response.content.decode()
    cells = re.findall(r'<td class="field-country">\s*(.*?)\s*</td>', html, re.S)
    assert cells == ["<p>España</p>", "<p>Francia</p>"]
    assert 'name="participations-0-country"' not in html
