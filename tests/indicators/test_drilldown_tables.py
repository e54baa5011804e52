"""The drill-down's tables read like a report, in the reader's language; the
records.csv download keeps the annual file's format."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from apps.indicators.makeup import Makeup
from apps.indicators.records import shown
from apps.publications.models import Publication
from apps.secretariat.models import FundingEntry
from tests.factories import (
    EventFactory,
    FundingEntryFactory,
    MeasurementFactory,
    MemberFactory,
    ParticipationFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
NBSP = "\u00a0"


def download(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def drilldown(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def participation():
    event = EventFactory(code="E1", role="led", starts_on=D(2021, 3, 1))
    return ParticipationFactory(event=event, gender="man", role="attendee")


@pytest.mark.parametrize(
    ("language", "headers", "cells"),
    [
        (
            "en",
            ["Event", "Gender", "Role", "Member", "Country", "Starts on"],
            ["E1", "Man", "Attendee", "", "", "1 March 2021", "Led", "1"],
        ),
        (
            "fr",
            ["Événement", "Genre", "Rôle", "Membre", "Pays", "Commence le"],
            ["E1", "Homme", "Participant·e", "", "", "1 mars 2021", "Dirigé", "1"],
        ),
        (
            "es",
            ["Evento", "Género", "Papel", "Miembro", "País", "Empieza el"],
            [
                "E1",
                "Hombre",
                "Asistente",
                "",
                "",
                "1 de marzo de 2021",
                "Dirigido",
                "1",
            ],
        ),
    ],
)
def test_columns_are_headed_by_verbose_names_and_choices_labelled(
    manager_client, participation, language, headers, cells
):
    response = drilldown(
        manager_client, "/indicators/participants.total/2021/", language
    )
    page = response.context["records"]
    assert page.headers[:6] == headers
    assert page.rows[0][0] == cells
    # The highlighted columns are still the ones the number reads.
    assert page.counted == ["#event_starts_on", "#event_role"]


def test_the_csv_keeps_the_codes_whatever_the_language(manager_client, participation):
    data = download(
        manager_client.get(
            "/indicators/participants.total/2021/records.csv",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    )
    assert data.splitlines() == [
        "event_code,gender,role,member_code,country,"
        "#event_starts_on,#event_role,#participant",
        "E1,man,attendee,,,2021-03-01,led,1",
    ]


@pytest.fixture
def brief():
    return PublicationFactory(
        code="P1",
        title="Housing",
        kind=Publication.Kind.POLICY_BRIEF,
        published_on=D(2021, 5, 4),
        has_gender_perspective=True,
        languages="en|fr|es",
    )


@pytest.mark.parametrize(
    ("language", "headers", "cells"),
    [
        (
            "en",
            ["Code", "Title", "Kind", "Published on", "Gender perspective"],
            ["Policy brief", "4 May 2021", "Yes", "English, French, Spanish"],
        ),
        (
            "fr",
            ["Code", "Titre", "Type", "Publiée le", "Perspective de genre"],
            ["Note d'orientation", "4 mai 2021", "Oui", "Anglais, Français, Espagnol"],
        ),
        (
            "es",
            ["Código", "Título", "Tipo", "Publicada el", "Perspectiva de género"],
            ["Nota de política", "4 de mayo de 2021", "Sí", "Inglés, Francés, Español"],
        ),
    ],
)
def test_booleans_and_languages_read_as_words(
    manager_client, brief, language, headers, cells
):
    response = drilldown(manager_client, "/indicators/publications.new/2021/", language)
    page = response.context["records"]
    assert page.headers[:5] == headers
    assert page.rows[0][0][2:] == cells
    data = download(manager_client.get("/indicators/publications.new/2021/records.csv"))
    assert data.splitlines()[1] == "P1,Housing,policy_brief,2021-05-04,yes,en|fr|es"


@pytest.mark.parametrize(
    ("language", "headers", "cells"),
    [
        ("en", ["Year", "Category", "Amount"], ["2021", "Member dues", "322,500.00"]),
        (
            "fr",
            ["Année", "Catégorie", "Montant"],
            ["2021", "Cotisations des membres", f"322{NBSP}500,00"],
        ),
        (
            "es",
            ["Año", "Categoría", "Importe"],
            ["2021", "Cuotas de los miembros", "322.500,00"],
        ),
    ],
)
def test_amounts_are_grouped_with_their_decimals_and_currency_years_are_not(
    manager_client, language, headers, cells
):
    MemberFactory(joined_on=D(2021, 3, 1))  # 2021 has dated records
    FundingEntryFactory(
        year=2021,
        category=FundingEntry.Category.MEMBER_DUES,
        amount=Decimal("322500.00"),
    )
    response = drilldown(manager_client, "/indicators/funding.split/2021/", language)
    page = response.context["records"]
    assert page.headers == headers
    *others, amount = cells
    assert page.rows[0][0] == [*others, f"{amount}{NBSP}€"]
    content = response.content.decode()
    assert f'<td class="counted number">{amount}{NBSP}€</td>' in content
    data = download(manager_client.get("/indicators/funding.split/2021/records.csv"))
    assert data.splitlines() == ["year,category,amount", "2021,member_dues,322500.00"]


@pytest.mark.parametrize(
    ("language", "headers", "cells"),
    [
        (
            "en",
            ["Source", "Kind", "Metric", "As of", "Value"],
            ["mastodon", "Social network", "followers", "1 June 2021", "12,625"],
        ),
        (
            "fr",
            ["Source", "Type", "Métrique", "À la date du", "Valeur"],
            ["mastodon", "Réseau social", "followers", "1 juin 2021", f"12{NBSP}625"],
        ),
        (
            "es",
            ["Fuente", "Tipo", "Métrica", "A fecha de", "Valor"],
            ["mastodon", "Red social", "followers", "1 de junio de 2021", "12.625"],
        ),
    ],
)
def test_the_columns_an_import_reads_through_other_records_are_named_too(
    manager_client, language, headers, cells
):
    MeasurementFactory(
        metric__source__code="mastodon",
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=D(2021, 6, 1),
        value=12625,
    )
    response = drilldown(manager_client, "/indicators/followers.total/2021/", language)
    page = response.context["records"]
    assert (page.headers, page.rows[0][0]) == (headers, cells)
    data = download(manager_client.get("/indicators/followers.total/2021/records.csv"))
    assert data.splitlines()[1] == "mastodon,social_network,followers,2021-06-01,12625"


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "The download is written like the annual file (codes, ISO dates"),
        ("fr", "Le téléchargement est écrit comme le fichier annuel (codes, dates"),
        ("es", "La descarga se escribe como el archivo anual (códigos, fechas ISO"),
    ],
)
def test_the_download_button_says_the_file_can_be_imported_again(
    manager_client, participation, language, note
):
    content = drilldown(
        manager_client, "/indicators/participants.total/2021/", language
    ).content.decode()
    assert 'aria-describedby="records-format"' in content
    assert f'<p class="muted" id="records-format">{note}' in content


def test_the_admin_links_column_has_a_header_people_can_hear(
    manager_client, participation
):
    content = manager_client.get("/indicators/participants.total/2021/").content
    assert (
        '<th scope="col"><span class="visually-hidden">Admin page</span></th>'
        in content.decode()
    )
    assert b"<th></th>" not in content


def test_the_drilldown_value_is_a_second_level_heading(manager_client, participation):
    content = manager_client.get("/indicators/participants.total/2021/").content
    assert b"<h2>Value</h2>" in content
    assert b"<h3>" not in content


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), ("", ""), (True, "Yes"), (False, "No"), (1234567, "1,234,567")],
)
def test_a_value_without_a_field_is_still_written_for_the_reader(value, text):
    assert shown(value) == text


def test_an_unknown_language_code_is_shown_as_it_is():
    field = Publication._meta.get_field("languages")
    assert shown("en|xx", field) == "English, xx"


# How the rows make the number: singular and plural read right.

PARTICIPANTS = {
    "en": [
        "1 participation by 1 distinct participant.",
        "3 participations by 1 distinct participant.",
        "3 participations by 2 distinct participants.",
    ],
    "fr": [
        "1 participation de 1 participant distinct.",
        "3 participations de 1 participant distinct.",
        "3 participations de 2 participants distincts.",
    ],
    "es": [
        "1 participación de 1 participante distinto.",
        "3 participaciones de 1 participante distinto.",
        "3 participaciones de 2 participantes distintos.",
    ],
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_participations_and_participants_agree_with_their_counts(language):
    from apps.indicators.registry import registry

    makeup = registry.get("participants.unique").makeup
    with translation.override(language):
        shown_sentences = [
            makeup.describe({"rows": rows, "distinct": distinct})
            for rows, distinct in [(1, 1), (3, 1), (3, 2)]
        ]
    assert shown_sentences == PARTICIPANTS[language]


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        (
            "en",
            "Sum of the latest reading of each network on or before the last day "
            "(1 reading); the 1 earlier reading is listed apart.",
            "Sum of the latest reading of each network on or before the last day "
            "(1,234 readings); the 2 earlier readings are listed apart.",
        ),
        (
            "fr",
            "Somme du dernier relevé de chaque réseau au plus tard le dernier jour "
            "(1 relevé) ; 1 relevé antérieur est listé à part.",
            "Somme du dernier relevé de chaque réseau au plus tard le dernier jour "
            f"(1{NBSP}234 relevés) ; les 2 relevés antérieurs sont listés à part.",
        ),
        (
            "es",
            "Suma de la última lectura de cada red hasta el último día inclusive "
            "(1 lectura); 1 lectura anterior se lista aparte.",
            "Suma de la última lectura de cada red hasta el último día inclusive "
            "(1.234 lecturas); las 2 lecturas anteriores se listan aparte.",
        ),
    ],
)
def test_readings_summed_and_apart_agree_with_their_counts(language, one, many):
    from apps.indicators.registry import registry

    makeup = registry.get("followers.total").makeup
    with translation.override(language):
        assert makeup.describe({"rows": 1, "sum": 5, "apart": 1}) == one
        assert makeup.describe({"rows": 1234, "sum": 5, "apart": 2}) == many


@pytest.mark.parametrize(
    ("code", "facts", "sentence"),
    [
        (
            "participants.women_share",
            {"rows": 1, "part": 1},
            "Women: 1 of the 1 participation (those of undisclosed gender stay "
            "in the total).",
        ),
        (
            "members.women_led_share",
            {"rows": 1, "part": 0},
            "Led by a woman: 0 of the 1 member whose leader's gender is known on "
            "the last day.",
        ),
        ("funding.split", {"rows": 1, "sum": 5}, "The amount of 1 entry."),
        ("funding.split", {"rows": 2, "sum": 5}, "Sum of the amounts of 2 entries."),
    ],
)
def test_a_count_of_one_reads_in_the_singular(code, facts, sentence):
    from apps.indicators.registry import registry

    assert registry.get(code).makeup.describe(facts) == sentence


def test_a_plain_sentence_still_shows_grouped_counts():
    makeup = Makeup(sentence="%(rows)s rows.")
    with translation.override("fr"):
        assert makeup.describe({"rows": 12345}) == f"12{NBSP}345 rows."
