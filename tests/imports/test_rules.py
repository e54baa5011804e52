"""The models' check constraints, checked on every imported row."""

import datetime as dt

import pytest

from apps.events.models import Event
from apps.imports.rules import model_rules
from apps.members.models import Member
from tests.imports.helpers import errors, run

D = dt.date


def broken(model, **values):
    return [str(rule.message) for rule in model_rules(model) if rule.broken(values)]


def test_an_empty_end_or_a_later_one_keeps_the_rule():
    assert broken(Member, category="full", joined_on=D(2020, 1, 1)) == []
    assert (
        broken(Member, category="full", joined_on=D(2020, 1, 1), left_on=D(2021, 1, 1))
        == []
    )


def test_an_end_on_the_start_day_breaks_the_rule_as_the_database_would():
    assert broken(
        Member, category="full", joined_on=D(2020, 1, 1), left_on=D(2020, 1, 1)
    ) == ["A member must leave after joining."]


def test_a_choice_outside_the_list_breaks_the_choice_rule():
    assert broken(Member, category="honorary", joined_on=D(2020, 1, 1)) == [
        "Constraint “member_category_valid” is violated."
    ]


def test_a_rule_on_a_reference_resolved_while_writing_is_left_to_the_model():
    names = {rule.message for rule in model_rules(Event, {"parent_id"})}
    assert "A congress session belongs to a congress; other events don't." not in names
    assert "An event cannot end before it starts." in names


@pytest.mark.django_db
def test_a_column_missing_from_the_file_is_checked_with_its_default():
    report = run(
        {
            "events.csv": "code,title,kind,role,starts_on\n"
            "X1,Board,statutory_meeting,led,2021-10-11\n"
        }
    )
    assert errors(report) == [
        "events.csv:2 kind=statutory_meeting: A statutory meeting names its "
        "statutory body; other events don't."
    ]
    assert not Event.objects.exists()
