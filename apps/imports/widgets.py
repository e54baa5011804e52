"""Cell parsers for the annual CSV files (docs/csv-formats.md).

Each widget turns one trimmed cell into a Python value, or raises
`ValueError` with a message for the secretariat staff who prepared the file.
An empty cell is `None` ("no value") unless the widget says otherwise. A
`trusted` widget only ever returns values its model field accepts (a known
choice, a date…), so the importer skips the field's validators for it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from import_export import widgets

from apps.common.countries import COUNTRY_CODES


class TextWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """`YYYY-MM-DD` or `DD/MM/YYYY`."""

    trusted = True

    _iso = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    _european = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = (value or "").strip()
        if not text:
            return None
        if match := self._iso.match(text):
            year, month, day = match.groups()
        elif match := self._european.match(text):
            day, month, year = match.groups()
        else:
            raise ValueError(_("not a date: write YYYY-MM-DD or DD/MM/YYYY"))
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(_("not a day of the calendar")) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat() if value else ""


class BooleanWidget(widgets.Widget):
    """yes/no, true/false, 1/0, oui/non, sí/si/no."""

    trusted = True

    TRUE = frozenset({"yes", "y", "true", "1", "oui", "sí", "si"})
    FALSE = frozenset({"no", "n", "false", "0", "non"})

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("not a yes/no value: write yes or no (oui/non, sí/no)"))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return {True: "yes", False: "no"}.get(value, "")


class ChoiceWidget(widgets.Widget):
    """One of a model's `TextChoices`, case-insensitive, with optional aliases."""

    trusted = True

    def __init__(
        self,
        choices: type[models.TextChoices],
        *,
        aliases: Mapping[str, str] | None = None,
        empty: str | None = None,
    ) -> None:
        self.allowed = {value.lower(): value for value in choices.values}
        self.allowed.update({alias.lower(): v for alias, v in (aliases or {}).items()})
        self.values = list(choices.values)
        self.empty = empty

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = str(value or "").strip().lower()
        if not text:
            return self.empty
        try:
            return str(self.allowed[text])
        except KeyError:
            raise ValueError(
                _("not one of the allowed values: %(values)s")
                % {"values": ", ".join(self.values)}
            ) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value or ""


class CountryWidget(TextWidget):
    """An ISO 3166 alpha-2 code, in any case."""

    trusted = True

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = super().clean(value)
        if not text:
            return None
        if text.upper() not in COUNTRY_CODES:
            raise ValueError(
                _("not an ISO 3166 alpha-2 country code (e.g. ES, FR, BR)")
            )
        return text.upper()


class IntegerWidget(widgets.Widget):
    def __init__(self, *, min_value: int | None = None) -> None:
        self.min_value = min_value

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        digits = re.sub(r"[\s\u00a0\u202f]", "", text)
        if not re.fullmatch(r"[+-]?\d+", digits):
            raise ValueError(_("not a whole number"))
        number = int(digits)
        if self.min_value is not None and number < self.min_value:
            raise ValueError(_("must be %(min)s or more") % {"min": self.min_value})
        return number

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class AmountWidget(widgets.Widget):
    """`1234.5`, `1234,5`, `1 234,50` or `1,234.50`.

    Spaces (non-breaking ones included) separate thousands; where both `.` and
    `,` appear the last one is the decimal mark; a lone `,` is the decimal mark.
    """

    _shape = re.compile(r"^[+-]?\d+(\.\d+)?$")

    def __init__(self, *, min_value: Decimal | None = None) -> None:
        self.min_value = min_value

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return self._checked(Decimal(str(value)))
        text = re.sub(r"[\s\u00a0\u202f]", "", str(value or ""))
        if not text:
            return None
        if "." in text and "," in text:
            decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
            thousands = "," if decimal_mark == "." else "."
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif "," in text:
            if text.count(",") > 1:
                raise ValueError(_("not an amount: more than one decimal comma"))
            text = text.replace(",", ".")
        if not self._shape.match(text):
            raise ValueError(_("not an amount: write 1234.50 or 1 234,50"))
        try:
            return self._checked(Decimal(text))
        except InvalidOperation:
            raise ValueError(_("not an amount")) from None

    def _checked(self, amount: Decimal) -> Decimal:
        if self.min_value is not None and amount < self.min_value:
            raise ValueError(_("must be %(min)s or more") % {"min": self.min_value})
        return amount

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A reference to another record by its code, resolved without a query per row.

    The first cell cleaned loads every `code -> pk` pair of the target model
    in one query; `clean` returns the primary key, which the importer stores
    in the foreign key's column (`member_id`). Export renders the code.
    """

    trusted = True

    def __init__(self, model: type[models.Model], field: str = "code") -> None:
        super().__init__(model, field=field)
        self._keys: dict[str, int] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        if self._keys is None:
            self._keys = dict(
                self.model._default_manager.values_list(self.field, "pk").iterator()
            )
        try:
            return self._keys[text]
        except KeyError:
            name = self.model._meta.verbose_name
            raise ValueError(
                _("no %(record)s with this %(field)s")
                % {"record": name, "field": self.field}
            ) from None
