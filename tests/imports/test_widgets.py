import datetime as dt
from decimal import Decimal

import pytest

from apps.common.choices import GENDER_ALIASES, Gender
from apps.imports.widgets import (
    AmountWidget,
    BooleanWidget,
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    IntegerWidget,
)
from apps.members.models import Member


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2021-03-07", dt.date(2021, 3, 7)),
        ("07/03/2021", dt.date(2021, 3, 7)),
        ("7/3/2021", dt.date(2021, 3, 7)),
        ("", None),
    ],
)
def test_dates_in_both_forms(cell, expected):
    assert DateWidget().clean(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2021", "not a day of the calendar"),
        ("2021-13-01", "not a day of the calendar"),
        ("03-07-2021", "write YYYY-MM-DD or DD/MM/YYYY"),
        ("yesterday", "write YYYY-MM-DD or DD/MM/YYYY"),
    ],
)
def test_bad_dates_are_refused(cell, message):
    with pytest.raises(ValueError, match=message):
        DateWidget().clean(cell)


@pytest.mark.parametrize(
    "cell", ["yes", "YES", "true", "1", "oui", "Oui", "sí", "si", "y"]
)
def test_true_values(cell):
    assert BooleanWidget().clean(cell) is True


@pytest.mark.parametrize("cell", ["no", "false", "0", "non", "NO", "n"])
def test_false_values(cell):
    assert BooleanWidget().clean(cell) is False


def test_boolean_empty_and_bad_values():
    assert BooleanWidget().clean("") is None
    with pytest.raises(ValueError, match="not a yes/no value"):
        BooleanWidget().clean("maybe")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("woman", "woman"),
        ("Woman", "woman"),
        ("F", "woman"),
        ("female", "woman"),
        ("Femme", "woman"),
        ("mujer", "woman"),
        ("m", "man"),
        ("Male", "man"),
        ("homme", "man"),
        ("HOMBRE", "man"),
        ("non_binary", "non_binary"),
        ("undisclosed", "undisclosed"),
        ("", "undisclosed"),
    ],
)
def test_gender_aliases(cell, expected):
    widget = ChoiceWidget(Gender, aliases=GENDER_ALIASES, empty=Gender.UNDISCLOSED)
    assert widget.clean(cell) == expected


def test_choice_is_case_insensitive_and_names_allowed_values():
    widget = ChoiceWidget(Member.Category)
    assert widget.clean("Strategic") == "strategic"
    with pytest.raises(ValueError, match="full, associate, strategic"):
        widget.clean("gold")


def test_country_code_any_case():
    assert CountryWidget().clean(" es ") == "ES"


@pytest.mark.parametrize("cell", ["ESP", "XX", "France", "UK"])
def test_unknown_country_codes_are_refused(cell):
    with pytest.raises(ValueError, match="not an ISO 3166 alpha-2 country code"):
        CountryWidget().clean(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1234.5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("1\u202f234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234,567.8", Decimal("1234567.8")),
        ("0", Decimal("0")),
        ("", None),
    ],
)
def test_amounts(cell, expected):
    assert AmountWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["12a", "1,2,3", "€12", "1.2.3", "--1"])
def test_bad_amounts(cell):
    with pytest.raises(ValueError, match="not an amount"):
        AmountWidget().clean(cell)


def test_negative_amount_refused_when_a_minimum_is_set():
    with pytest.raises(ValueError, match="must be 0 or more"):
        AmountWidget(min_value=Decimal(0)).clean("-5")


def test_integers():
    widget = IntegerWidget(min_value=0)
    assert widget.clean("36 400") == 36400
    assert widget.clean("") is None
    with pytest.raises(ValueError, match="not a whole number"):
        widget.clean("12.5")
    with pytest.raises(ValueError, match="must be 0 or more"):
        widget.clean("-1")
