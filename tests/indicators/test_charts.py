"""The dashboard's charts: labels, colours, numbers and their tables."""

import datetime as dt
import re

import pytest
from django.utils import translation

from apps.common.choices import Gender
from apps.indicators.chart_data import charts
from apps.indicators.colours import CATEGORY_COLOURS, PALETTE, colours
from apps.indicators.results import evaluate_year
from apps.measurements.models import Source
from tests.factories import (
    EventFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    NameFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date


def followers(code, day, value, **names):
    reading = MeasurementFactory(
        metric__source__code=code,
        metric__source__kind=Source.Kind.SOCIAL_NETWORK,
        metric__code="followers",
        as_of=day,
        value=value,
    )
    if names:
        NameFactory(source=reading.metric.source, metric="", **names)


def by_id():
    return {chart["id"]: chart for chart in charts(evaluate_year(2021))}


def test_the_palette_is_okabe_ito_and_every_named_category_is_in_it():
    assert PALETTE[:7] == (
        "#0072B2",
        "#E69F00",
        "#009E73",
        "#D55E00",
        "#56B4E9",
        "#CC79A7",
        "#F0E442",
    )
    assert set(CATEGORY_COLOURS.values()) <= set(PALETTE)


def test_genders_have_distinct_colours():
    genders = colours(Gender.values)
    assert len(set(genders)) == len(genders)
    assert colours(["man", "woman"]) == ["#0072B2", "#D55E00"]


def test_a_choice_gets_the_colour_of_its_rank_whatever_the_chart_shows():
    assert colours(["c", "a"], ["a", "b", "c"]) == [PALETTE[2], PALETTE[0]]
    assert colours(["j"], "abcdefghij") == [PALETTE[9 % len(PALETTE)]]


def test_other_categories_take_the_free_colours_in_the_order_of_their_codes():
    assert colours(["europe", "africa", "asia"]) == [PALETTE[2], PALETTE[0], PALETTE[1]]
    # Twitter keeps sky blue; the others skip it.
    assert colours(["mastodon", "twitter", "bluesky"]) == [
        PALETTE[1],
        "#56B4E9",
        PALETTE[0],
    ]
    assert colours([None, ""]) == ["#999999", "#999999"]


def test_a_chart_of_more_categories_than_colours_reuses_them():
    assert colours([f"r{i}" for i in range(9)])[8] == PALETTE[0]


def test_a_network_has_the_same_colour_and_name_in_the_donut_and_the_line():
    followers("twitter", D(2021, 6, 30), 100, name_en="Twitter")
    followers("mastodon", D(2021, 6, 30), 50, name_en="Mastodon")
    charts = by_id()
    donut = charts["followers.total.network"]
    line = charts["followers.total.history"]
    assert dict(zip(donut["labels"], donut["colours"], strict=True)) == {
        "Mastodon": PALETTE[0],
        "Twitter": "#56B4E9",
    }
    assert {d["label"]: d["colour"] for d in line["datasets"]} == {
        "Mastodon": PALETTE[0],
        "Twitter": "#56B4E9",
    }


def test_the_lines_of_networks_counted_the_same_day_come_in_the_order_of_their_codes():
    """Not in the order the database happens to return them (SQLite and
    PostgreSQL differ): the legend is the same everywhere."""
    followers("youtube", D(2021, 6, 30), 5, name_en="YouTube")
    followers("twitter", D(2021, 6, 30), 100, name_en="Twitter")
    followers("facebook", D(2021, 6, 30), 50, name_en="Facebook")
    line = by_id()["followers.total.history"]
    assert [d["label"] for d in line["datasets"]] == ["Facebook", "Twitter", "YouTube"]


def test_a_line_is_named_in_the_readers_language():
    followers(
        "use_platform", D(2021, 6, 30), 5, name_en="Platform", name_fr="Plateforme"
    )
    with translation.override("fr"):
        line = by_id()["followers.total.history"]
    assert [d["label"] for d in line["datasets"]] == ["Plateforme"]


def test_a_woman_has_the_same_colour_in_every_gender_chart():
    MandateFactory(member__joined_on=D(2019, 5, 1), gender=Gender.WOMAN)
    MandateFactory(member__joined_on=D(2020, 5, 1), gender=Gender.MAN)
    ParticipationFactory(gender=Gender.WOMAN)
    ParticipationFactory(gender=Gender.MAN)
    charts = by_id()
    for chart in ("members.women_led_share.gender", "participants.gender_split.gender"):
        donut = charts[chart]
        colours = dict(zip(donut["labels"], donut["colours"], strict=True))
        assert colours["Woman"] == "#D55E00"
        assert colours["Man"] == "#0072B2"


def test_a_donut_carries_its_percentages():
    MemberFactory(joined_on=D(2019, 5, 1), category="full")
    MemberFactory(joined_on=D(2019, 5, 1), category="full")
    MemberFactory(joined_on=D(2019, 5, 1), category="associate")
    donut = by_id()["members.active.category"]
    assert dict(zip(donut["labels"], donut["percents"], strict=True)) == {
        "Full": 66.7,
        "Associate": 33.3,
    }


def test_a_bar_chart_has_one_colour_and_no_percentages():
    EventFactory(starts_on=D(2021, 3, 4))
    bars = by_id()["events.total.month"]
    assert bars["colours"] == ["#0072B2"] * len(bars["labels"])
    assert "percents" not in bars


def test_every_chart_has_a_table_with_its_caption_rows_and_percents(
    manager_client,
):
    MemberFactory(joined_on=D(2019, 5, 1), category="full")
    MemberFactory(joined_on=D(2019, 5, 1), category="full")
    MemberFactory(joined_on=D(2019, 5, 1), category="associate")
    followers("twitter", D(2021, 6, 30), 18000, name_en="Twitter")
    with translation.override("fr"):
        content = manager_client.get(
            "/dashboard/2021/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    figures = re.findall(r"<figure.*?</figure>", content, re.S)
    assert figures
    for figure in figures:
        assert "<details" in figure
        assert "<table" in figure
        assert "<caption" in figure
    category = next(f for f in figures if "members.active.category" in f)
    assert "<summary>Afficher les données sous forme de tableau</summary>" in category
    assert "<caption>Membres par catégorie</caption>" in category
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th><td class="number">(.*?)</td>'
        r'<td class="number">(.*?)</td></tr>',
        category,
    )
    assert rows == [("Associé", "1", "33,3\xa0%"), ("De plein droit", "2", "66,7\xa0%")]
    line = next(f for f in figures if "followers.total.history" in f)
    assert '<th scope="col">Twitter</th>' in line
    assert '<td class="number">18\xa0000</td>' in line
