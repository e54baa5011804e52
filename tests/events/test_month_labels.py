"""The months of the "Events per month" chart read in the reader's language,
as Django abbreviates them, each unambiguous (juin and juil., junio and julio)."""

import pytest
from django.utils import translation

from apps.indicators.registry import registry

pytestmark = pytest.mark.django_db


def month_labels(language: str) -> list[str]:
    breakdown = registry.get("events.total").breakdowns["month"]
    with translation.override(language):
        return [breakdown.label(f"2021-{month:02d}") for month in range(1, 13)]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "fr",
            [
                "Jan. 2021",
                "Fév. 2021",
                "Mars 2021",
                "Avr. 2021",
                "Mai 2021",
                "Juin 2021",
                "Juil. 2021",
                "Août 2021",
                "Sept. 2021",
                "Oct. 2021",
                "Nov. 2021",
                "Déc. 2021",
            ],
        ),
        (
            "es",
            [
                "Ene. 2021",
                "Feb. 2021",
                "Marzo 2021",
                "Abril 2021",
                "Mayo 2021",
                "Junio 2021",
                "Julio 2021",
                "Ago. 2021",
                "Sept. 2021",
                "Oct. 2021",
                "Nov. 2021",
                "Dic. 2021",
            ],
        ),
    ],
)
def test_months_are_abbreviated_in_the_readers_language(language, labels):
    assert month_labels(language) == labels


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_month_of_a_year_has_its_own_label(language):
    assert len(set(month_labels(language))) == 12
