"""A number reads the same on every page, in the reader's language: counts
grouped by thousands, one way of writing a percent, identifiers as they are."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from apps.common.numbers import format_stored_number
from apps.events.models import Participation
from apps.indicators.models import PublishedFigure, Target
from apps.indicators.templatetags.indicators import headline, in_unit
from apps.plans.models import Plan, PlanIndicator
from apps.secretariat.models import FundingEntry
from tests.factories import (
    EditionFactory,
    EventFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "52.0%"), ("fr", f"52,0{NBSP}%"), ("es", f"52,0{NBSP}%")],
)
def test_a_percent_is_written_one_way_per_language(language, text):
    with translation.override(language):
        assert in_unit(52.0, "percent") == text
        assert headline(52.0, "percent") == text


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "100.0%"), ("fr", f"100,0{NBSP}%"), ("es", f"100,0{NBSP}%")],
)
def test_the_report_and_the_dashboard_write_a_percent_alike(
    manager_client, language, text
):
    EventFactory(starts_on=D(2021, 3, 1))
    member = MemberFactory(joined_on=D(2020, 1, 1))
    MandateFactory(member=member, gender="woman", started_on=D(2020, 1, 1))
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    report = manager_client.get("/report/2021/", **headers).content.decode()
    dashboard = manager_client.get("/dashboard/2021/", **headers).content.decode()
    assert f"<strong>{text}</strong>" in report
    assert text in dashboard
    assert ">100%<" not in report


@pytest.fixture
def many_participations():
    event = EventFactory(role="led", starts_on=D(2021, 3, 1))
    # The first record made has the last key: the first row shown is
    # participant number 1024.
    Participation.objects.bulk_create(
        Participation(event=event, participant_key=f"key{2000 - n:05d}", gender="woman")
        for n in range(1024)
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "1,024 records behind this number"),
        ("fr", f"1{NBSP}024 enregistrements à l'origine de ce chiffre"),
        ("es", "1.024 registros en los que se basa esta cifra"),
    ],
)
def test_the_records_behind_a_number_are_counted_grouped(
    manager_client, many_participations, language, heading
):
    response = manager_client.get(
        "/indicators/participants.unique/2021/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert heading in response.content.decode()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_participant_number_is_an_identifier_written_without_grouping(
    manager_client, many_participations, language
):
    response = manager_client.get(
        "/indicators/participants.unique/2021/", HTTP_ACCEPT_LANGUAGE=language
    )
    records = response.context["records"]
    participant = records.columns[-1]
    assert records.rows[0][0][-1] == "1024"
    assert participant.numeric is False


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "2020 Member dues: 1,180,000.00\xa0€"),
        ("fr", "2020 Cotisations des membres\xa0: 1\xa0180\xa0000,00\xa0€"),
        ("es", "2020 Cuotas de los miembros: 1.180.000,00\xa0€"),
    ],
)
def test_a_funding_entry_is_named_with_its_amount_written_for_the_reader(
    language, name
):
    entry = FundingEntry(
        year=2020, category="member_dues", amount=Decimal("1180000.00")
    )
    with translation.override(language):
        assert str(entry) == name


@pytest.mark.parametrize(
    ("language", "value", "unit_code", "name"),
    [
        ("en", Decimal("35000.00"), "followers.total", "followers.total 2021: 35,000"),
        (
            "fr",
            Decimal("35000.00"),
            "followers.total",
            f"followers.total 2021{NBSP}: 35{NBSP}000",
        ),
        ("es", Decimal("12.50"), "members.new", "members.new 2021: 12,5"),
        (
            "fr",
            Decimal("40.00"),
            "members.women_led_share",
            f"members.women_led_share 2021{NBSP}: 40,0{NBSP}%",
        ),
    ],
)
def test_a_target_is_named_with_its_value_in_its_indicators_unit(
    language, value, unit_code, name
):
    target = Target(indicator=unit_code, year=2021, value=value)
    with translation.override(language):
        assert str(target) == name


@pytest.mark.parametrize(
    ("language", "indicator", "value", "name"),
    [
        ("en", "agreements.with_alliances", "5.0000", "agreements.with_alliances: 5"),
        (
            "fr",
            "agreements.with_alliances",
            "5.0000",
            f"agreements.with_alliances{NBSP}: 5",
        ),
        (
            "fr",
            "participants.women_share",
            "52.0000",
            f"participants.women_share{NBSP}: 52,0{NBSP}%",
        ),
        ("en", "funding.split", "2150000.0000", "funding.split: 2,150,000\xa0€"),
        ("es", "members.active", None, "members.active: —"),
    ],
)
def test_a_published_figure_is_named_with_its_value_in_its_unit(
    language, indicator, value, name
):
    figure = PublishedFigure(
        indicator=indicator, value=None if value is None else Decimal(value)
    )
    with translation.override(language):
        assert str(figure) == name


def test_the_edition_admin_shows_published_values_in_their_unit(client, secretariat):
    edition = EditionFactory(year=2021)
    PublishedFigure.objects.create(
        edition=edition, indicator="agreements.with_alliances", value=Decimal("5")
    )
    PublishedFigure.objects.create(
        edition=edition, indicator="participants.women_share", value=Decimal("52")
    )
    client.force_login(secretariat)
    response = client.get(
        f"/admin/indicators/edition/{edition.pk}/change/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    content = response.content.decode()
    assert "5,0000" not in content
    assert f"52,0{NBSP}%" in content


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "12,345 on 1 June 2021"),
        ("fr", f"12{NBSP}345 le 1 juin 2021"),
        ("es", "12.345 el 1 de junio de 2021"),
    ],
)
def test_a_measurement_is_named_in_the_readers_language(language, name):
    measurement = MeasurementFactory.build(value=12345, as_of=D(2021, 6, 1))
    with translation.override(language):
        assert str(measurement) == name


# The import's check page and the history show a changed number as pages do.


@pytest.mark.parametrize(
    ("language", "old", "new"),
    [
        ("en", "10.00\xa0€", "11.00\xa0€"),
        ("fr", "10,00\xa0€", "11,00\xa0€"),
        ("es", "10,00\xa0€", "1.234,50\xa0€"),
    ],
)
def test_the_import_check_shows_an_old_and_a_new_amount_alike(
    client, secretariat, settings, tmp_path, language, old, new
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import FundingEntryFactory

    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    FundingEntryFactory(year=2021, category="member_dues", amount=Decimal("10.00"))
    amount = "1234.50" if language == "es" else "11"
    content = f"year,category,amount\n2021,member_dues,{amount}\n".encode()
    client.force_login(secretariat)
    page = client.post(
        "/admin/imports/importrun/import/",
        {"files": [SimpleUploadedFile("funding.csv", content)]},
        headers={"accept-language": language},
    )
    (_, _, _, columns) = page.context["report"].files[0].preview[0]
    assert columns == [("amount", old, new)]


@pytest.mark.parametrize(
    ("language", "old", "new"),
    [("en", "35,000.00", "35,000.50"), ("fr", f"35{NBSP}000,00", f"35{NBSP}000,50")],
)
def test_the_history_shows_a_changed_number_as_pages_do(
    client, manager, language, old, new
):
    from tests.factories import TargetFactory

    target = TargetFactory(indicator="followers.total", value=Decimal("35000.00"))
    target.value = Decimal("35000.50")
    target.save()
    client.force_login(manager)
    page = client.get(
        f"/admin/indicators/target/{target.pk}/history/",
        headers={"accept-language": language},
    )
    assert page.context["page_obj"][0].history_delta_changes == [
        {"field": {"en": "Value", "fr": "Valeur"}[language], "old": old, "new": new}
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "50.0% of the total"),
        ("fr", f"50,0{NBSP}% du total"),
        ("es", f"50,0{NBSP}% del total"),
    ],
)
def test_a_share_of_the_total_writes_its_percent_as_pages_do(
    manager_client, language, text
):
    from tests.factories import PublicationFactory

    PublicationFactory(has_gender_perspective=True)
    PublicationFactory(has_gender_perspective=False)
    page = manager_client.get(
        "/indicators/publications.gender_perspective/2021/",
        headers={"accept-language": language},
    )
    assert text in page.content.decode()


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "M001 in OBS1"), ("fr", "M001 dans OBS1"), ("es", "M001 en OBS1")],
)
def test_a_programme_member_is_named_by_codes_in_the_readers_language(language, name):
    from tests.factories import ProgrammeFactory, ProgrammeMemberFactory

    membership = ProgrammeMemberFactory(
        programme=ProgrammeFactory(code="OBS1"), member=MemberFactory(code="M001")
    )
    with translation.override(language):
        assert str(membership) == name


def test_the_admin_lists_readings_and_targets_grouped(client, manager):
    from tests.factories import TargetFactory

    MeasurementFactory(value=35000, as_of=D(2021, 6, 1))
    TargetFactory(indicator="followers.total", year=2021, value=Decimal("40000"))
    client.force_login(manager)
    headers = {"accept-language": "fr"}
    readings = client.get("/admin/measurements/measurement/", headers=headers)
    targets = client.get("/admin/indicators/target/", headers=headers)
    assert (
        f'<td class="field-shown_value">35{NBSP}000</td>' in readings.content.decode()
    )
    assert f'<td class="field-shown_value">40{NBSP}000</td>' in targets.content.decode()


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Target, "year"),
        (PlanIndicator, "baseline_year"),
        (Plan, "first_year"),
        (Plan, "last_year"),
    ],
)
def test_a_year_is_written_as_a_year_not_as_a_grouped_number(model, name):
    """Histories, previews and drill-downs write 2021, not 2,021 or 2 021."""
    field = model._meta.get_field(name)
    for language in ("en", "fr", "es"):
        with translation.override(language):
            assert format_stored_number(2021, field) == "2021"
