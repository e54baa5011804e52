"""The names and definitions of sources and metrics, in the reader's language.

They are read once per evaluation (one query, see `memoised`), and a text is
chosen when it is shown: an indicator made in one language reads in another.
A name missing in a language falls back to English, then to the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from apps.indicators.memo import memoised

from .models import FALLBACK_LANGUAGE, NAME_LANGUAGES, Name


@dataclass(frozen=True)
class Wording:
    """A text in several languages (only those it is written in)."""

    texts: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text()

    def text(self, language: str | None = None) -> str:
        """Return the text in `language` (the active one), else in English."""
        language = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
        return self.texts.get(language) or self.texts.get(FALLBACK_LANGUAGE, "")

    def missing(self) -> tuple[str, ...]:
        """Return the languages the text is not written in."""
        return tuple(code for code in NAME_LANGUAGES if not self.texts.get(code))


@dataclass(frozen=True)
class Naming:
    """A source's or a metric's name and definition."""

    name: Wording = field(default_factory=Wording)
    definition: Wording = field(default_factory=Wording)


NO_NAME = Naming()


def _wording(row: dict, prefix: str) -> Wording:
    return Wording(
        {
            code: row[f"{prefix}_{code}"]
            for code in NAME_LANGUAGES
            if row[f"{prefix}_{code}"]
        }
    )


def _load() -> dict[tuple[str, str], Naming]:
    columns = [
        f"{kind}_{code}" for kind in ("name", "definition") for code in NAME_LANGUAGES
    ]
    return {
        (row["source__code"], row["metric"]): Naming(
            _wording(row, "name"), _wording(row, "definition")
        )
        for row in Name.objects.values("source__code", "metric", *columns)
    }


def naming(source: str, metric: str = "") -> Naming:
    """Return the naming of a source (by code), or of one of its metrics."""
    return memoised("measurement names", _load).get((source, metric), NO_NAME)
