"""The span of an indicator's data: the dates of its first and last records.

Before the first record of its data, an indicator's value is "no data"
(None), never 0 (see docs/indicators.md, "No data is not zero").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import DateField, QuerySet

from .periods import Period


@dataclass(frozen=True)
class Span:
    """The dates of the first and last records of a source (None: no record)."""

    first: dt.date | None
    last: dt.date | None

    def has_data_for(self, period: Period) -> bool:
        """Tell whether the records cover the period: it does not end before
        the first record. After the last record the value is still computed
        (see docs/indicators.md, "No data is not zero")."""
        return self.first is not None and period.end > self.first


@dataclass(frozen=True)
class DataSource:
    """Records that make some indicators' data, dated by one of their fields.

    `field` is a date, or a year number (the first of January stands for it
    at the start, the 31st of December at the end). `activity` tells whether
    the records are the secretariat's recorded activity, the years the pages
    offer; `default` makes the source that of every indicator of the module
    `module` that names none.
    """

    name: str
    records: Callable[[], QuerySet]
    field: str
    activity: bool
    default: bool
    module: str


def read_spans(sources: list[DataSource]) -> dict[str, Span]:
    """Read the first and last date of every source in one query.

    One SELECT of two scalar subqueries a source (ORDER BY the date LIMIT 1,
    which an index on the date answers without reading the table), compiled
    by the ORM: database-neutral.
    """
    if not sources:
        return {}
    parts, params = [], []
    for source in sources:
        dated = source.records().filter(**{f"{source.field}__isnull": False})
        for order in (source.field, f"-{source.field}"):
            query = dated.order_by(order).values(source.field)[:1].query
            sql, query_params = query.get_compiler(connection=connection).as_sql()
            parts.append(f"({sql})")
            params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    spans = {}
    for i, source in enumerate(sources):
        model_field = source.records().model._meta.get_field(source.field)
        first, last = row[2 * i], row[2 * i + 1]
        spans[source.name] = Span(
            _as_date(model_field, first, start=True),
            _as_date(model_field, last, start=False),
        )
    return spans


def _as_date(model_field: Any, value: Any, *, start: bool) -> dt.date | None:
    if value is None:
        return None
    if isinstance(model_field, DateField):
        return model_field.to_python(value)
    year = int(value)  # a year number
    return dt.date(year, 1, 1) if start else dt.date(year, 12, 31)
