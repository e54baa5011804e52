import datetime as dt
from types import SimpleNamespace

import pytest

from apps.indicators import report_layout
from apps.indicators.registry import registry
from tests.factories import MemberFactory, PublicationFactory, recorded_activity

pytestmark = pytest.mark.django_db

D = dt.date


def test_every_code_the_printed_report_shows_is_registered():
    registered = {indicator.code for indicator in registry.all()}
    assert report_layout.codes() - registered == set()
    assert len(report_layout.codes()) == 28


def test_a_code_without_a_result_fails_instead_of_printing_a_blank():
    result = SimpleNamespace(value=1)
    results = dict.fromkeys(report_layout.codes() - {"members.new"}, result)
    with pytest.raises(KeyError, match=r"members\.new"):
        report_layout.pages(results)


def test_the_report_prints_each_line_with_its_figures(manager_client):
    MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2021, 6, 1))
    PublicationFactory(
        kind="study", published_on=D(2021, 5, 1), has_gender_perspective=True
    )
    content = manager_client.get("/report/2021/").content.decode()
    assert '<p class="figure"><strong>2</strong>\xa0new members</p>' in content
    assert (
        "<li><strong>1</strong>\xa0new publications, "
        "1\xa0with a gender perspective</li>" in content
    )
    # No participation was ever recorded: no data, not zero.
    assert (
        "<strong>—</strong>\xa0participants in the events we led or co-led · "
        "<strong>—</strong>\xa0women</p>"
    ) in content


def test_the_report_lines_follow_the_reader_language(manager_client):
    MemberFactory(joined_on=D(2021, 3, 1))
    PublicationFactory(
        kind="study", published_on=D(2021, 5, 1), has_gender_perspective=True
    )
    content = manager_client.get(
        "/report/2021/", headers={"accept-language": "fr"}
    ).content.decode()
    assert (
        "<li><strong>1</strong>\xa0nouvelles publications, "
        "dont 1\xa0avec une perspective de genre</li>"
    ) in content


def test_the_report_sections_follow_the_2021_report_each_with_its_charts():
    assert report_layout.ORDER == (
        "team",
        "network",
        "governance",
        "impact",
        "capacity",
        "voice",
        "reported",
    )
    assert set(report_layout.TITLES) == set(report_layout.ORDER)
    assert set(report_layout.PAGES) | set(report_layout.CHARTS) <= set(
        report_layout.ORDER
    )
    for charts in report_layout.CHARTS.values():
        for chart in charts:
            assert chart.breakdown in registry.get(chart.code).breakdowns, chart


def test_the_report_draws_its_charts_as_svg(manager_client):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1), region="Africa")
    content = manager_client.get("/report/2021/").content.decode()
    assert "<figcaption>Members by region</figcaption>" in content
    assert "<title>Members by region</title>" in content
    article = content.split('<article class="report">')[1].split("</article>")[0]
    assert "<script" not in article
