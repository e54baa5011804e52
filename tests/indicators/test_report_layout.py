import datetime as dt
from types import SimpleNamespace

import pytest

from apps.indicators import report_layout
from apps.indicators.registry import registry
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_every_code_the_printed_report_shows_is_registered():
    registered = {indicator.code for indicator in registry.all()}
    assert report_layout.codes() - registered == set()
    assert len(report_layout.codes()) == 26


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
    assert '<p class="figure"><strong>2</strong> new members</p>' in content
    assert (
        "<li><strong>1</strong> new publications, 1 with a gender perspective</li>"
        in content
    )
    # No participation was ever recorded: no data, not zero.
    assert (
        "<strong>—</strong> participants in the events we led or co-led · "
        "<strong>—</strong> women</p>"
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
        "<li><strong>1</strong> nouvelles publications, "
        "dont 1 avec une perspective de genre</li>"
    ) in content
