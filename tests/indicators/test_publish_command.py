import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from apps.indicators.models import Edition
from apps.indicators.registry import registry
from apps.indicators.services import withdraw_edition
from tests.factories import MemberFactory, recorded_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2021():
    recorded_activity(2021)
    MemberFactory(joined_on=dt.date(2021, 3, 1))


def publish(*args):
    out = io.StringIO()
    call_command("publish", *args, stdout=out)
    return out.getvalue()


def test_the_command_publishes_a_year_as_the_button_does(manager, year_2021):
    n = len(registry.all())
    assert publish("2021", "--user", "manager") == (
        f"Published 2021: {n} figures frozen, by manager.\n"
    )
    edition = Edition.objects.get()
    assert (edition.year, edition.published_by) == (2021, manager)
    assert edition.figures.get(indicator="members.new").value == 1


def test_the_command_refuses_an_already_published_year(manager, year_2021):
    publish("2021", "--user", "manager")
    with pytest.raises(CommandError) as refusal:
        publish("2021", "--user", "manager")
    assert str(refusal.value).startswith("2021 is already published (edition of ")
    assert str(refusal.value).endswith(" by manager).")
    assert Edition.objects.count() == 1


def test_the_command_publishes_again_after_a_withdrawal(manager, year_2021):
    publish("2021", "--user", "manager")
    withdraw_edition(2021, user=manager, reason="Wrong figures.")
    publish("2021", "--user", "manager")
    assert Edition.objects.current().count() == 1
    assert Edition.objects.count() == 2


def test_the_command_refuses_an_unknown_user(year_2021):
    with pytest.raises(CommandError, match=r"^No user is called 'nobody'\.$"):
        publish("2021", "--user", "nobody")
    assert not Edition.objects.exists()


def test_the_command_refuses_a_year_without_data(manager, year_2021):
    with pytest.raises(
        CommandError, match=r"^No records for 1990: there is nothing to publish\.$"
    ):
        publish("1990", "--user", "manager")


def test_the_command_needs_a_user(year_2021):
    with pytest.raises(CommandError, match="--user"):
        publish("2021")


def test_the_command_leaves_figures_out_of_the_public_page(manager, year_2021):
    n = len(registry.all())
    out = publish("2021", "--user", "manager", "--private", "members.new")
    assert out == (
        f"Published 2021: {n} figures frozen, by manager.\n"
        "1 left out of the public page.\n"
    )
    private = Edition.objects.get().figures.filter(is_public=False)
    assert list(private.values_list("indicator", flat=True)) == ["members.new"]


def test_the_command_refuses_an_unknown_indicator_to_leave_out(manager, year_2021):
    with pytest.raises(CommandError) as refusal:
        publish("2021", "--user", "manager", "--private", "members.nothing")
    assert str(refusal.value) == "No such indicator: members.nothing."
    assert not Edition.objects.exists()
