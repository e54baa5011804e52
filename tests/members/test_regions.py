"""Regions are free text in members.csv (any region a file names is kept as
written, in English); the known ones read in the reader's language wherever
they are shown, from one table, and an empty one says so."""

import datetime as dt

import pytest
from django.utils import translation

from apps.indicators.registry import registry
from apps.members.models import region_label
from tests.factories import EventFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "en",
            [
                "Africa",
                "Asia-Pacific",
                "Europe",
                "Latin America",
                "Middle East",
                "North America",
            ],
        ),
        (
            "fr",
            [
                "Afrique",
                "Asie-Pacifique",
                "Europe",
                "Amérique latine",
                "Moyen-Orient",
                "Amérique du Nord",
            ],
        ),
        (
            "es",
            [
                "África",
                "Asia-Pacífico",
                "Europa",
                "América Latina",
                "Oriente Medio",
                "América del Norte",
            ],
        ),
    ],
)
def test_known_regions_read_in_the_readers_language(language, labels):
    names = [
        "Africa",
        "Asia-Pacific",
        "Europe",
        "Latin America",
        "Middle East",
        "North America",
    ]
    with translation.override(language):
        assert [region_label(name) for name in names] == labels


@pytest.mark.parametrize(
    ("language", "name", "label"),
    [
        ("fr", "latin america", "Amérique latine"),
        ("fr", " Asia Pacific ", "Asie-Pacifique"),
        ("es", "Oceania", "Oceania"),
        ("fr", "", "Non renseignée"),
        ("es", "", "Sin indicar"),
    ],
)
def test_other_spellings_unknown_and_empty_regions(language, name, label):
    with translation.override(language):
        assert region_label(name) == label


@pytest.fixture
def regions():
    EventFactory(starts_on=D(2021, 3, 1))
    MemberFactory(region="Latin America", joined_on=D(2020, 1, 1))
    MemberFactory(region="Middle East", joined_on=D(2020, 1, 1))


def test_the_members_by_region_breakdown_is_labelled_in_french(regions):
    breakdown = registry.get("members.active").breakdowns["region"]
    with translation.override("fr"):
        assert breakdown.label("Latin America") == "Amérique latine"


@pytest.mark.parametrize(
    ("language", "shown", "english"),
    [
        ("fr", "Amérique latine", "Latin America"),
        ("es", "Oriente Medio", "Middle East"),
    ],
)
def test_dashboard_report_and_drilldown_name_regions_in_the_readers_language(
    manager_client, regions, language, shown, english
):
    headers = {"accept-language": language}
    for url in (
        "/dashboard/2021/",
        "/report/2021/",
        "/indicators/members.active/2021/",
    ):
        content = manager_client.get(url, headers=headers).content.decode()
        assert shown in content, url
        assert english not in content, url


def test_the_records_download_keeps_the_region_as_the_file_writes_it(
    manager_client, regions
):
    response = manager_client.get(
        "/indicators/members.active/2021/records.csv",
        headers={"accept-language": "fr"},
    )
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert ",Latin America," in content
    assert "Amérique" not in content


def test_the_admin_lists_and_filters_regions_in_the_readers_language(
    client, secretariat, regions
):
    client.force_login(secretariat)
    headers = {"accept-language": "es"}
    page = client.get("/admin/members/member/", headers=headers)
    content = page.content.decode()
    assert "América Latina" in content
    assert "Latin America" not in content.replace("region=Latin+America", "")
    filtered = client.get(
        "/admin/members/member/?region=Latin+America", headers=headers
    )
    assert filtered.context["cl"].result_count == 1
