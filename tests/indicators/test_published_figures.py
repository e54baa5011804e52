"""A published year shows one set of figures (README.md, publishing).

The shown value is the published one for a published year, else the live
one; the change, the target progress, the share, the report's headlines, the
exports and the API derive from it.
"""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from apps.indicators.registry import registry
from apps.indicators.results import evaluate_one, evaluate_year
from apps.indicators.services import publish_year, withdraw_edition
from tests.factories import (
    MandateFactory,
    MemberFactory,
    PublicationFactory,
    TargetFactory,
    recorded_activity,
)

pytestmark = pytest.mark.django_db

D = dt.date


def by_code(results):
    return {result.indicator.code: result for result in results}


@pytest.fixture
def corrected_2021(manager):
    """2021 published with 2 new members (1 in 2020, target 4), then a third."""
    recorded_activity(2020, 2021)
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2021, 4, 1))
    TargetFactory(indicator="members.new", year=2021, value=4)
    publish_year(2021, user=manager)
    MemberFactory(joined_on=D(2021, 9, 1))  # a correction after publication


def test_a_published_year_derives_change_and_progress_from_the_published_value(
    corrected_2021,
):
    new = by_code(evaluate_year(2021))["members.new"]
    assert (new.value, new.live, new.published) == (2, 3, 2)
    assert (new.previous, new.change, new.progress) == (1, 1, 50.0)
    assert new.since_published == 1


def test_the_card_shows_the_published_value_its_derived_figures_and_the_live_one(
    manager_client, corrected_2021
):
    page = manager_client.get("/dashboard/2021/").content.decode()
    card = page[page.index('id="members.new"') :]
    card = card[: card.index("</article>")]
    assert '<p class="value">2</p>' in card
    assert "Year before: 1 <span" in card
    assert '<span class="change">(+1)</span>' in card
    assert "Target: 4 · 50%" in card
    assert "Live figure: 3 (+1 since publication)" in card


def test_an_unpublished_year_shows_the_live_value():
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    new = by_code(evaluate_year(2021))["members.new"]
    assert (new.value, new.live, new.published, new.is_published) == (1, 1, None, False)
    assert (new.change, new.since_published) == (0, None)


def test_the_year_before_compares_with_its_published_figure(manager):
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2021, 4, 1))
    publish_year(2020, user=manager)
    MemberFactory(joined_on=D(2020, 6, 1))  # 2020 now has 2, published 1
    new = by_code(evaluate_year(2021))["members.new"]
    assert (new.value, new.previous, new.change) == (2, 1, 1)
    assert evaluate_one(registry.get("members.new"), 2021).previous == 1


def test_a_running_year_compares_with_the_same_days_live(manager):
    MemberFactory(joined_on=D(2020, 3, 1))
    MemberFactory(joined_on=D(2020, 9, 1))
    MemberFactory(joined_on=D(2021, 2, 1))
    publish_year(2020, user=manager)  # 2 new members over the whole year
    new = by_code(evaluate_year(2021, today=D(2021, 6, 30)))["members.new"]
    assert (new.value, new.previous) == (1, 1)


def test_a_withdrawn_edition_is_not_compared_with(manager):
    MemberFactory(joined_on=D(2020, 5, 1))
    MemberFactory(joined_on=D(2021, 3, 1))
    publish_year(2020, user=manager)
    MemberFactory(joined_on=D(2020, 6, 1))
    withdraw_edition(2020, user=manager, reason="Two members were missing.")
    new = by_code(evaluate_year(2021))["members.new"]
    assert (new.previous, new.change) == (2, -1)
    assert not by_code(evaluate_year(2020))["members.new"].is_published


@pytest.fixture
def publications_2021(manager):
    """4 new publications, 1 with a gender perspective, published; then 1 more."""
    PublicationFactory.create_batch(3)
    PublicationFactory(has_gender_perspective=True)
    publish_year(2021, user=manager)
    PublicationFactory(has_gender_perspective=True)


def test_the_share_is_of_the_published_values(publications_2021):
    code = "publications.gender_perspective"
    share = by_code(evaluate_year(2021))[code]
    assert (share.value, share.live, share.share) == (1, 2, 25.0)
    assert evaluate_one(registry.get(code), 2021).share == 25.0


def test_the_drilldown_shows_the_published_share(manager_client, publications_2021):
    page = manager_client.get("/indicators/publications.gender_perspective/2021/")
    assert page.context["result"].share == 25.0
    assert "25.0% of the total" in page.content.decode()


def test_the_report_headlines_are_the_published_figures(manager_client, corrected_2021):
    response = manager_client.get("/report/2021/")
    impact = " ".join(response.context["pages"]["impact"])
    assert "<strong>2</strong>\xa0new members" in impact
    changed = {r.indicator.code for r in response.context["changed"]}
    assert changed == {"members.new", "members.active"}
    assert "2 figures changed in the records since" in response.content.decode()


def test_exports_and_the_api_give_the_published_value(manager_client, corrected_2021):
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    new = next(i for i in document["indicators"] if i["code"] == "members.new")
    assert (new["value"], new["previous"], new["published"], new["live"]) == (
        2,
        1,
        2,
        3,
    )
    response = manager_client.get("/export/indicators/2021.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(
        r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "members.new"
    )
    assert (row["value"], row["previous"]) == ("2", "1")


def test_a_published_percentage_compares_with_a_live_one(manager):
    MandateFactory(member__joined_on=D(2020, 2, 1), gender="woman")
    MandateFactory(member__joined_on=D(2021, 2, 1), gender="man")
    publish_year(2021, user=manager)
    share = by_code(evaluate_year(2021))["members.women_led_share"]
    assert (share.value, share.previous, share.change) == (50, 100.0, -50)
    assert isinstance(share.value, Decimal)
