import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from apps.indicators.results import indicators_document
from tests.factories import MandateFactory, recorded_activity

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "section",
    "unit",
    "currency",
    "value",
    "previous",
    "target",
    "label",
]


@pytest.fixture
def records():
    MandateFactory(member__joined_on=dt.date(2021, 2, 1), gender="woman")
    recorded_activity(2021)


def output(*args):
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_is_the_api_document(records):
    assert json.loads(output("2021", "--format", "json")) == json.loads(
        json.dumps(indicators_document(2021))
    )


def test_csv_has_one_row_per_indicator(records):
    rows = list(csv.DictReader(io.StringIO(output("2021", "--format", "csv"))))
    by_code = {row["code"]: row for row in rows}
    assert by_code["members.active"]["value"] == "1"
    assert by_code["members.women_led_share"]["value"] == "100.0"
    assert by_code["members.women_led_share"]["unit"] == "percent"
    assert list(rows[0]) == HEADER


def test_table_is_the_default(records):
    lines = output("2021").splitlines()
    assert lines[0].split() == HEADER
    active = next(line for line in lines if line.startswith("members.active "))
    assert active.split()[:5] == ["members.active", "network", "count", "—", "1"]


def test_no_data_is_null_or_empty_never_0(records):
    document = json.loads(output("2021", "--format", "json"))
    declarations = next(
        item for item in document["indicators"] if item["code"] == "declarations.total"
    )
    assert (declarations["value"], declarations["previous"]) == (None, None)
    rows = csv.DictReader(io.StringIO(output("2021", "--format", "csv")))
    row = next(row for row in rows if row["code"] == "declarations.total")
    assert (row["value"], row["previous"]) == ("", "")
    line = next(
        line for line in output("2021").splitlines() if line.startswith("declarations.")
    )
    assert line.split()[:5] == ["declarations.total", "voice", "count", "—", "—"]


def test_a_year_without_records_is_an_error(records):
    with pytest.raises(CommandError, match="No records for 1990"):
        output("1990")


def test_create_demo_users_prints_new_passwords(roles):
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[2] for line in lines] == ["manager", "secretariat"]
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    password = lines[0].split()[-1]
    # Login throttling needs the request a sign-in comes with.
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="manager", password=password) is not None
