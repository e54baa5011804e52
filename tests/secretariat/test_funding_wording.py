"""Partnerships and alliances are two things (two funding categories, and the
alliances are one kind of partnership record): each language names each one
way, as the funding definition does."""

import pytest
from django.apps import apps
from django.utils import translation

from apps.indicators.registry import registry
from apps.secretariat.models import FundingEntry

pytestmark = pytest.mark.django_db

Category = FundingEntry.Category


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_funding_definition_names_the_categories_as_their_labels(language):
    with translation.override(language):
        definition = registry.get("funding.split").definition.lower()
        labels = [str(label).lower() for label in Category.labels]
    assert [label for label in labels if label not in definition] == []


@pytest.mark.parametrize(
    ("language", "partnerships", "alliances"),
    [
        ("en", "Partnerships", "Alliances"),
        ("fr", "Partenariats", "Alliances"),
        ("es", "Partenariados", "Alianzas"),
    ],
)
def test_partnerships_and_alliances_have_one_name_each(
    language, partnerships, alliances
):
    with translation.override(language):
        assert str(Category.PARTNERSHIPS.label) == partnerships
        assert str(Category.ALLIANCES.label) == alliances
        assert str(apps.get_app_config("partnerships").verbose_name) == partnerships
