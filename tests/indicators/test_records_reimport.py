"""Every records.csv download keeps its page's promise: imported again as
it is, or, when it cannot be, a page that says so and why."""

import pytest

from apps.imports.runner import import_annual_files
from apps.indicators.records import resource_for
from apps.indicators.registry import registry
from apps.indicators.results import report_period
from tests.factories import records_of_every_source

pytestmark = pytest.mark.django_db

PROMISE = "so that it can be corrected and imported again."
NO_PROMISE = (
    "but without its <code>participant_ref</code> column: personal data is "
    "never shown nor downloaded. So it cannot be imported again as it is: "
    "correct the original file and import that one."
)


def test_each_records_download_imports_again_as_its_page_promises(manager_client):
    records_of_every_source(2021)
    unpromised = []
    for indicator in registry.all():
        if indicator.records_of is None:
            continue
        url = f"/indicators/{indicator.code}/2021/"
        page = manager_client.get(url).content.decode()
        if PROMISE not in page:
            assert NO_PROMISE in page, indicator.code
            unpromised.append(indicator.code)
            continue
        data = b"".join(manager_client.get(f"{url}records.csv").streaming_content)
        name = resource_for(indicator.records_of(report_period(2021))).file_name
        report = import_annual_files({name: data}, dry_run=True)
        assert [str(error) for error in report.errors] == [], indicator.code
        assert report.files[0].unchanged == data.count(b"\n") - 1, indicator.code
    assert unpromised == [
        "participants.total",
        "participants.unique",
        "participants.gender_split",
        "participants.women_share",
        "experts.collaborated",
        "congress.leaders",
    ]


def test_the_participations_page_says_why_in_french(manager_client):
    records_of_every_source(2021)
    page = manager_client.get(
        "/indicators/participants.total/2021/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert (
        "mais sans sa colonne <code>participant_ref</code> : les données "
        "personnelles ne sont jamais affichées ni téléchargées." in page
    )
