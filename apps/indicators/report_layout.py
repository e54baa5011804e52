"""The printed report's sections, their headline lines and their charts, named
by indicator code.

The report's template prints these sections in `ORDER`, their lines as they
are and their charts as SVG drawn here, and a test checks every code against
the registry: renaming an indicator fails the tests instead of leaving a
blank in the printed report. To change what a section says or shows, change
it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import svg
from .chart_data import breakdown_status
from .templatetags.indicators import headline, in_unit

NBSP = "\u00a0"


@dataclass(frozen=True)
class Figure:
    """An indicator's value, shown in bold as the report prints it (`+1.5K`)."""

    code: str
    unit: str = "count"
    before: str = " "


@dataclass(frozen=True)
class Text:
    """Words; `%(n)s` in them is the headline of the indicator `n`."""

    text: str | Promise
    n: str | None = None
    before: str = " "


@dataclass(frozen=True)
class Chart:
    """An indicator's breakdown drawn as SVG: a "stacked" bar or "bars"."""

    code: str
    breakdown: str
    kind: str = "stacked"


Line = tuple[Figure | Text, ...]

# The sections, in the order the 2021 report prints them, with their titles.
ORDER: tuple[str, ...] = (
    "team",
    "network",
    "governance",
    "impact",
    "capacity",
    "voice",
    "reported",
)
TITLES: dict[str, Any] = {
    "team": _("General secretariat team"),
    "network": _("Our network"),
    "governance": _("Statutory meetings"),
    "impact": _("Our impact"),
    "capacity": _(
        "We strengthened the capacity to deliver public policies and services"
    ),
    "voice": _("We made the voice of metropolises heard on the global stage"),
    "reported": _("Reported figures"),
}

# Sections whose lines read as a list of facts, not as headline figures.
LISTED = frozenset({"capacity", "voice"})

# Section (the template's `pages.<name>`) -> its lines.
PAGES: dict[str, tuple[Line, ...]] = {
    "team": (
        (Figure("secretariat.professionals"), Text(_("professionals"))),
        (Figure("secretariat.interns"), Text(_("interns"))),
    ),
    "network": (
        (Figure("members.active"), Text(_("member metropolises"))),
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

# Section -> its charts, drawn below its lines.
CHARTS: dict[str, tuple[Chart, ...]] = {
    "team": (Chart(FUNDING, "category"),),
    "network": (Chart("members.active", "region", "bars"),),
    "impact": (
        Chart("participants.gender_split", "gender"),
        Chart("followers.total", "network", "bars"),
    ),
}


def codes() -> set[str]:
    """Return every indicator code the printed report shows."""
    named = {FUNDING} | {chart.code for charts in CHARTS.values() for chart in charts}
    for lines in PAGES.values():
        for line in lines:
            for part in line:
                code = part.code if isinstance(part, Figure) else part.n
                if code is not None:
                    named.add(code)
    return named


def pages(results: Mapping[str, Any]) -> dict[str, Any]:
    """Return each page's lines as HTML, ready to print, from results by code.

    An unknown code raises KeyError: a report with a blank is never printed.
    """
    shown: dict[str, Any] = {
        name: [_line(line, results) for line in lines] for name, lines in PAGES.items()
    }
    shown["funding"] = results[FUNDING]
    return shown


def sections(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the sections in order: name, title, lines as HTML, charts as SVG.

    An unknown code raises KeyError, as in `pages`.
    """
    lines = pages(results)
    return [
        {
            "name": name,
            "title": TITLES[name],
            "lines": lines.get(name, []),
            "listed": name in LISTED,
            "charts": [_chart(chart, results) for chart in CHARTS.get(name, ())],
        }
        for name in ORDER
    ]


def _chart(chart: Chart, results: Mapping[str, Any]) -> dict[str, Any]:
    result = results[chart.code]
    breakdown = result.indicator.breakdowns[chart.breakdown]
    values = result.breakdowns.get(chart.breakdown) or {}
    parts = [
        (str(code), breakdown.label(code), value) for code, value in values.items()
    ]
    draw = svg.stacked_bar if chart.kind == "stacked" else svg.bars
    unit = breakdown.unit
    # The codes the categories are chosen from, as the dashboard's charts
    # colour them (`chart_data.charts`).
    choices = () if callable(breakdown.labels) else list(breakdown.labels)

    def shown(value: Any) -> str:
        return headline(value, unit) if unit == "percent" else in_unit(value, unit)

    return {
        "title": breakdown.title,
        "parts": parts,
        "status": breakdown_status(result, chart.breakdown),
        "svg": (
            draw(parts, title=str(breakdown.title), shown=shown, choices=choices)
            if parts
            else ""
        ),
    }


def _line(line: Line, results: Mapping[str, Any]) -> SafeString:
    """Return a line as HTML; a figure and the word after it never part."""
    parts = []
    after_figure = False
    for index, part in enumerate(line):
        before = part.before if index else ""
        if after_figure and before == " ":
            before = NBSP
        if isinstance(part, Figure):
            value = headline(results[part.code].value, part.unit)
            parts.append(format_html("{}<strong>{}</strong>", before, value))
        else:
            text = str(part.text)
            if part.n is not None:
                text = text.replace("%(n)s ", "%(n)s" + NBSP)
                text = text % {"n": headline(results[part.n].value)}
            parts.append(format_html("{}{}", before, text))
        after_figure = isinstance(part, Figure)
    return format_html_join("", "{}", ((part,) for part in parts))
