"""How the rows behind an indicator's number make it, told to the reader
under the drill-down's records."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .indicator import Value

MAKEUPS = ("rows", "distinct", "sum", "share")


@dataclass(frozen=True)
class Makeup:
    """How the rows behind a number make it.

    - "rows": one row, one unit (the value is the number of rows);
    - "distinct": the value is the number of distinct `field` among the rows;
    - "sum": the value is the sum of `field` over the rows;
    - "share": the value is the percent of the rows matching `part`.

    `sentence` says it to the reader, with the counts of `facts`:
    %(rows)s, %(distinct)s, %(part)s, %(apart)s (the records listed apart).
    It may be plural on one of them (`ngettext_lazy(…, "rows")`); `phrases`
    are the words of the other counts, each plural on its own count and put
    in the sentence in its place::

        sentence=_("%(rows)s by %(distinct)s."),
        phrases={
            "rows": ngettext_lazy("%(rows)s participation", "…", "rows"),
            "distinct": ngettext_lazy("%(distinct)s person", "…", "distinct"),
        }
    """

    kind: str = "rows"
    field: str = ""
    part: Q | None = None
    sentence: str | Promise = ""
    phrases: Mapping[str, Promise] = dataclasses.field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in MAKEUPS:
            raise ValueError(f"unknown makeup {self.kind!r}")

    def facts(self, records: QuerySet) -> dict[str, Any]:
        """Return the counts the sentence and the checks need, in one query."""
        aggregates: dict[str, Any] = {"rows": Count("pk")}
        if self.kind == "distinct":
            aggregates["distinct"] = Count(self.field, distinct=True)
        elif self.kind == "sum":
            aggregates["sum"] = Sum(self.field)
        elif self.kind == "share":
            aggregates["part"] = Count("pk", filter=self.part)
        return records.aggregate(**aggregates)

    def value(self, facts: Mapping[str, Any]) -> Value:
        """Return the number the rows make, from their `facts`."""
        if self.kind == "distinct":
            return facts["distinct"]
        if self.kind == "sum":
            return facts["sum"]
        if self.kind == "share":
            if not facts["rows"]:
                return None
            return round(100 * facts["part"] / facts["rows"], 1)
        return facts["rows"]

    def describe(self, facts: Mapping[str, Any]) -> str:
        """Return the sentence with the counts, in the reader's language."""
        if not self.sentence:
            return ""
        counts = {
            name: ShownCount(value)
            if isinstance(value, int)
            else number_format(value, force_grouping=True)
            for name, value in facts.items()
            if value is not None
        }
        words = {name: phrase % counts for name, phrase in self.phrases.items()}
        return self.sentence % {**counts, **words}


class ShownCount(int):
    """A count that plural forms read as a number and a sentence shows
    grouped for the reader's language (`1,234`, `1 234`)."""

    def __str__(self) -> str:
        return number_format(int(self), force_grouping=True)


ONE_ROW_ONE_UNIT = Makeup()
