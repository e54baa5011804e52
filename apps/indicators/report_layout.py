"""The printed report's headline figures, page by page, named by indicator code.

The report's template prints these lines as they are, and a test checks
every code against the registry: renaming an indicator fails the tests
instead of leaving a blank in the printed report. To change what a page
says, change it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .templatetags.indicators import headline


@dataclass(frozen=True)
class Figure:
    """An indicator's value, shown in bold as the report prints it (`+2.1K`)."""

    code: str
    unit: str = "count"
    before: str = " "


@dataclass(frozen=True)
class Text:
    """Words; `%(n)s` in them is the headline of the indicator `n`."""

    text: str | Promise
    n: str | None = None
    before: str = " "


Line = tuple[Figure | Text, ...]

# Page (the template's `pages.<name>`) -> its lines.
PAGES: dict[str, tuple[Line, ...]] = {
    "team": (
        (Figure("secretariat.professionals"), Text(_("professionals"))),
        (Figure("secretariat.interns"), Text(_("interns"))),
    ),
    "alliances": (
        (Figure("alliances.active"), Text(_("active alliances"))),
        (
            Figure("agreements.with_members"),
            Text(_("agreements signed with members")),
        ),
        (
            Figure("agreements.with_alliances"),
            Text(_("agreements signed with alliances")),
        ),
    ),
    "impact": (
        (
            Figure("participants.total"),
            Text(_("participants in the events we led or co-led")),
            Text("·"),
            Figure("participants.women_share", "percent"),
            Text(_("women")),
        ),
        (Figure("followers.total"), Text(_("followers on social networks"))),
        (Figure("members.new"), Text(_("new members"))),
        (
            Figure("members.women_led_share", "percent"),
            Text(_("of our metropolises are governed by women")),
        ),
    ),
    "capacity": (
        (Figure("learning.products"), Text(_("capacity-building products"))),
        (
            Figure("programmes.observatories"),
            Text(_("global observatories led or contributed to")),
        ),
        (
            Figure("publications.new"),
            Text(_("new publications")),
            Text(
                _("%(n)s with a gender perspective"),
                n="publications.gender_perspective",
                before=", ",
            ),
        ),
        (
            Figure("programmes.pilot_members"),
            Text(
                _("members involved in %(n)s pilot projects"),
                n="programmes.pilot_projects",
            ),
        ),
        (
            Figure("learning.members"),
            Text(
                _(
                    "members took part in %(n)s learning and "
                    "capacity-building activities"
                ),
                n="learning.activities",
            ),
        ),
        (Figure("experts.collaborated"), Text(_("experts we collaborated with"))),
    ),
    "voice": (
        (
            Figure("declarations.total"),
            Text(_("political declarations contributed to or endorsed")),
            Text(
                _("%(n)s with a gender perspective"),
                n="declarations.gender_perspective",
                before=", ",
            ),
        ),
        (Figure("events.global"), Text(_("global events we took part in"))),
        (Figure("programmes.campaigns"), Text(_("global campaigns led or supported"))),
        (
            Figure("congress.leaders"),
            Text(
                _("metropolitan leaders at our congress, in %(n)s sessions"),
                n="congress.sessions",
            ),
        ),
    ),
}
# The page of the sources of funding shows this indicator's breakdown.
FUNDING = "funding.split"


def codes() -> set[str]:
    """Return every indicator code the printed report shows."""
    named = {FUNDING}
    for lines in PAGES.values():
        for line in lines:
            for part in line:
                named.add(part.code if isinstance(part, Figure) else part.n)
    return named - {None}


def pages(results: Mapping[str, Any]) -> dict[str, Any]:
    """Return each page's lines as HTML, ready to print, from results by code.

    An unknown code raises KeyError: a report with a blank is never printed.
    """
    shown: dict[str, Any] = {
        name: [_line(line, results) for line in lines] for name, lines in PAGES.items()
    }
    shown["funding"] = results[FUNDING]
    return shown


def _line(line: Line, results: Mapping[str, Any]) -> SafeString:
    parts = []
    for index, part in enumerate(line):
        before = part.before if index else ""
        if isinstance(part, Figure):
            value = headline(results[part.code].value, part.unit)
            parts.append(format_html("{}<strong>{}</strong>", before, value))
        else:
            text = str(part.text)
            if part.n is not None:
                text = text % {"n": headline(results[part.n].value)}
            parts.append(format_html("{}{}", before, text))
    return format_html_join("", "{}", ((part,) for part in parts))
