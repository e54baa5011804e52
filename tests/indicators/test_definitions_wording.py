"""Indicator definitions are published (dashboard, drill-down, public page):
they speak in words, in every language, never in a record's field names."""

import re

import pytest
from django.utils import translation

from apps.indicators.registry import registry

pytestmark = pytest.mark.django_db

FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_no_definition_names_a_field(language):
    with translation.override(language):
        named = {
            indicator.code: FIELD_NAME.findall(indicator.definition)
            for indicator in registry.all()
        }
    assert {code: names for code, names in named.items() if names} == {}


@pytest.mark.parametrize(
    ("language", "definition"),
    [
        ("en", "Members that joined during the period."),
        ("fr", "Membres ayant adhéré pendant la période."),
        ("es", "Miembros que se adhirieron durante el período."),
    ],
)
def test_new_members_are_defined_in_words(language, definition):
    with translation.override(language):
        assert registry.get("members.new").definition == definition
