"""Countries: stored and exchanged as ISO 3166-1 alpha-2 codes ("ES"), shown
to people by their names in the active language ("Spain", "Espagne",
"España"), which django-countries translates."""

import unicodedata
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

# The 249 officially assigned codes.
COUNTRY_CODES = frozenset(countries.countries)


def country_choices() -> list[tuple[str, str]]:
    """Return each country as (code, name), sorted by name in the active
    language, accents and case aside ("Émirats" among the E, "Costa de
    Marfil" before "Costa Rica")."""
    return list(_choices(get_language()))


@lru_cache(maxsize=8)
def _choices(language: str | None) -> tuple[tuple[str, str], ...]:
    # Read once per language: a table or a form asks for them again and again.
    # django-countries sorts "Costa Rica" before "Costa de Marfil" (R < d).
    pairs = ((code, str(name)) for code, name in countries)
    return tuple(sorted(pairs, key=lambda pair: (_collation_key(pair[1]), pair[1])))


def _collation_key(name: str) -> str:
    """Return a name as a reader sorts it: without accents, case aside."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def labelled_country_choices() -> list[tuple[str, str]]:
    """Return the choices of a select: a blank one, then the countries by
    name, each with its code, which one may know better ("Spain (ES)")."""
    return [("", "---------")] + [
        (code, f"{name} ({code})") for code, name in country_choices()
    ]


def validate_country_code(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(
            _("%(value)s is not an ISO 3166 alpha-2 country code."),
            code="invalid_country",
            params={"value": value},
        )


class CountryChoiceField(forms.TypedChoiceField):
    """A select of the countries by name; a code typed or pasted in any case
    ("fr") is taken as well, kept in upper case ("FR"), as the annual files'
    country columns read it. An unknown code is refused with the code's
    message, not the select's."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if value else value

    def validate(self, value) -> None:
        forms.Field.validate(self, value)  # required
        if value not in self.empty_values:
            validate_country_code(value)


class CountryField(models.CharField):
    """An ISO 3166 alpha-2 code, upper case, whose choices name the country
    in the active language; its forms take a code in any case.

    The column is a plain two-character `CharField`, and migrations say so;
    they name the choices' function, not its 249 pairs.
    """

    default_validators = [validate_country_code]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("choices", country_choices)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # The validator is written out, as before this field existed.
        kwargs["validators"] = [validate_country_code]
        return name, "django.db.models.CharField", args, kwargs

    def validate(self, value, model_instance) -> None:
        # The validator refuses an unknown code and says why; Field.validate
        # would go through the 249 choices (for each row of an import) to
        # say it less well, so only its null and blank checks are kept.
        if value is None and not self.null:
            raise ValidationError(self.error_messages["null"], code="null")
        if not self.blank and value in self.empty_values:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = CountryChoiceField,
        **kwargs,
    ):
        # Field.formfield's parameters, named as in django-stubs. The choices
        # are read when the select is drawn, in the reader's language.
        kwargs.setdefault("choices", labelled_country_choices)
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )
