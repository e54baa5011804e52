"""The models' check constraints, checked on every imported row."""

import datetime as dt

import pytest
from django.db import models
from django.db.models import F, Q

from apps.events.models import Event
from apps.imports.parse import Reference
from apps.imports.rules import Rule, model_rules
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


def test_a_rule_testing_a_reference_for_null_is_checked_before_it_resolves():
    """An unresolved reference (a session's congress further down) is known
    to be given: a rule that a session, and only a session, has a parent is
    checked on the row; a rule comparing the reference's value could not be."""
    rules = model_rules(Event, {"parent_id"})
    names = {rule.message for rule in rules}
    assert "A congress session belongs to a congress; other events don't." in names
    given = {"kind": "session", "parent_id": Reference("C21"), "role": "led"}
    session = dict(given, starts_on=D(2021, 10, 11))
    assert [rule.message for rule in rules if rule.broken(session)] == []
    webinar = dict(session, kind="webinar")
    assert [str(rule.message) for rule in rules if rule.broken(webinar)] == [
        "A congress session belongs to a congress; other events don't."
    ]


def test_a_rule_comparing_a_reference_is_left_to_the_model_and_the_database():
    compares = models.CheckConstraint(condition=~Q(parent=F("id")), name="not_own")
    tests_null = models.CheckConstraint(condition=Q(parent__isnull=True), name="n")
    assert Rule(Event, compares).compared == {"parent_id", "id"}
    assert Rule(Event, tests_null).compared == set()


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
