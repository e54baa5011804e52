"""Acceptance: the demo files, loaded through the real importer, give the
2021 annual report's figures, each checked against the records themselves."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.indicators.results import indicators_document
from apps.members.models import Mandate, Member

pytestmark = pytest.mark.django_db

END_2021 = dt.date(2021, 12, 31)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def values(year):
    return {i["code"]: i["value"] for i in indicators_document(year)["indicators"]}


def active_on(record_start, record_end, day):
    return record_start <= day and (record_end is None or record_end > day)


def leaders_on(day):
    """The gender of each active member's leader on `day`, counted in Python."""
    members = {
        m.pk for m in Member.objects.all() if active_on(m.joined_on, m.left_on, day)
    }
    genders = {}
    for mandate in Mandate.objects.order_by("started_on"):
        if mandate.member_id in members and active_on(
            mandate.started_on, mandate.ended_on, day
        ):
            genders[mandate.member_id] = mandate.gender
    return members, genders


def test_2021_women_led_share_is_the_report_figure(demo):
    _, genders = leaders_on(END_2021)
    known = [g for g in genders.values() if g != "undisclosed"]
    women = known.count("woman")
    assert (women, len(known)) == (23, 137)
    assert (
        values(2021)["members.women_led_share"]
        == 16.8
        == round(100 * women / len(known), 1)
    )


def test_2021_members_counts_come_from_the_records(demo):
    members, _ = leaders_on(END_2021)
    joined_2021 = Member.objects.filter(joined_on__year=2021).count()
    figures = values(2021)
    assert figures["members.active"] == len(members)
    assert figures["members.new"] == joined_2021
    assert 5 <= joined_2021 <= 20  # plausible for the association


def test_2021_members_left_out_of_the_share_are_counted(demo):
    members, genders = leaders_on(END_2021)
    known = [g for g in genders.values() if g != "undisclosed"]
    share = registry.get("members.women_led_share")
    assert share.left_out_of(Period.year(2021)) == len(members) - len(known) == 6


def test_neighbouring_years_differ(demo):
    by_year = {year: values(year) for year in (2020, 2021, 2022)}
    for code in ("members.active", "members.new", "members.women_led_share"):
        assert len({by_year[year][code] for year in by_year}) == 3, code


def test_loading_the_demo_twice_changes_nothing(demo, capsys):
    before = list(Member.objects.values().order_by("pk"))
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "new       0  updated       0" in out
    assert list(Member.objects.values().order_by("pk")) == before
