import datetime as dt

import pytest

from apps.events.models import Event, Participation
from apps.events.privacy import participant_key
from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from tests.factories import EventFactory, MemberFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)
KIND = Event.Kind
ROLE = Participation.Role

EVENT_CODES = [
    "meetings.statutory",
    "events.total",
    "participants.total",
    "participants.unique",
    "participants.gender_split",
    "participants.women_share",
    "learning.activities",
    "learning.members",
    "experts.collaborated",
    "events.global",
    "congress.sessions",
    "congress.leaders",
]


def value(code, period=Y2021):
    return registry.get(code).compute(period)


def person(ref):
    return participant_key(ref)


def test_counters_on_an_empty_database():
    assert {code: value(code) for code in EVENT_CODES} == {
        "meetings.statutory": 0,
        "events.total": 0,
        "participants.total": 0,
        "participants.unique": 0,
        "participants.gender_split": None,
        "participants.women_share": None,
        "learning.activities": 0,
        "learning.members": 0,
        "experts.collaborated": 0,
        "events.global": 0,
        "congress.sessions": 0,
        "congress.leaders": 0,
    }


@pytest.mark.parametrize(
    ("starts_on", "counted"),
    [
        (D(2021, 1, 1), True),
        (D(2021, 12, 31), True),
        (D(2020, 12, 31), False),
        (D(2022, 1, 1), False),
    ],
)
def test_an_event_belongs_to_the_year_it_starts(starts_on, counted):
    event = EventFactory(
        kind=KIND.STATUTORY_MEETING,
        statutory_body=Event.Body.BOARD,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=3),
    )
    ParticipationFactory(event=event)
    assert value("meetings.statutory") == int(counted)
    assert value("participants.total") == int(counted)


def test_participants_count_only_events_the_association_led_or_co_led():
    for role in [Event.Role.LED, Event.Role.CO_LED, Event.Role.PARTICIPATED]:
        ParticipationFactory.create_batch(2, event=EventFactory(role=role))
    assert value("participants.total") == 4
    assert set(registry.get("participants.total").records_of(Y2021)) == set(
        Participation.objects.filter(event__role__in=["led", "co_led"])
    )


def test_the_same_person_in_two_events_counts_once_whatever_the_case():
    ParticipationFactory(participant_key=person("Ana@Example.org"))
    ParticipationFactory(participant_key=person(" ana@example.org"))
    ParticipationFactory(participant_key=person("bob@example.org"))
    assert value("participants.total") == 3
    assert value("participants.unique") == 2


def test_gender_split_keeps_undisclosed_as_its_own_slice():
    event = EventFactory()
    for gender, n in [("woman", 13), ("man", 9), ("non_binary", 1), ("undisclosed", 2)]:
        ParticipationFactory.create_batch(n, event=event, gender=gender)
    split = registry.get("participants.gender_split")
    share = registry.get("participants.women_share")
    assert split.breakdowns["gender"](Y2021) == {
        "woman": 52.0,
        "man": 36.0,
        "non_binary": 4.0,
        "undisclosed": 8.0,
    }
    assert split.compute(Y2021) == share.compute(Y2021) == 52.0
    # Undisclosed participations stay in the total: none is left out.
    assert share.left_out_of is split.left_out_of is None


def test_learning_activities_and_the_distinct_members_in_them():
    lyon, lisbon = MemberFactory(), MemberFactory()
    first = EventFactory(kind=KIND.LEARNING_ACTIVITY, role=Event.Role.PARTICIPATED)
    second = EventFactory(kind=KIND.LEARNING_ACTIVITY)
    ParticipationFactory(event=first, member=lyon)
    ParticipationFactory(event=first, member=lyon)
    ParticipationFactory(event=second, member=lisbon)
    ParticipationFactory(event=second, member=None)
    ParticipationFactory(event=EventFactory(kind=KIND.WEBINAR), member=MemberFactory())
    assert value("learning.activities") == 2
    assert value("learning.members") == 2
    assert set(registry.get("learning.members").records_of(Y2021)) == {lyon, lisbon}


def test_experts_are_distinct_people_with_the_expert_role_in_any_event():
    expert = person("expert@example.org")
    ParticipationFactory(participant_key=expert, role=ROLE.EXPERT)
    ParticipationFactory(
        participant_key=expert,
        role=ROLE.EXPERT,
        event=EventFactory(role=Event.Role.PARTICIPATED),
    )
    ParticipationFactory(role=ROLE.EXPERT)
    ParticipationFactory(role=ROLE.SPEAKER)
    assert value("experts.collaborated") == 2


def test_global_events_are_the_ones_of_others_the_association_joined():
    EventFactory(kind=KIND.GLOBAL_EVENT, role=Event.Role.PARTICIPATED)
    EventFactory(kind=KIND.GLOBAL_EVENT, role=Event.Role.LED)
    EventFactory(kind=KIND.WEBINAR, role=Event.Role.PARTICIPATED)
    assert value("events.global") == 1


def test_congress_sessions_and_the_leaders_in_the_congress_or_its_sessions():
    congress = EventFactory(kind=KIND.CONGRESS, starts_on=D(2021, 10, 11))
    sessions = [
        EventFactory(kind=KIND.SESSION, parent=congress, starts_on=D(2021, 10, day))
        for day in (11, 12, 13)
    ]
    mayor = person("mayor@example.org")
    ParticipationFactory(event=congress, participant_key=mayor, role=ROLE.LEADER)
    ParticipationFactory(event=sessions[0], participant_key=mayor, role=ROLE.LEADER)
    ParticipationFactory(event=sessions[1], role=ROLE.LEADER)
    ParticipationFactory(event=sessions[2], role=ROLE.ATTENDEE)
    ParticipationFactory(event=EventFactory(kind=KIND.WEBINAR), role=ROLE.LEADER)
    assert value("congress.sessions") == 3
    assert value("congress.leaders") == 2
    assert value("events.total") == 2  # the congress and the webinar


def test_statutory_meetings_by_body_and_format():
    for body, fmt in [
        ("board", "online"),
        ("board", "in_person"),
        ("co_presidency", "online"),
    ]:
        EventFactory(kind=KIND.STATUTORY_MEETING, statutory_body=body, format=fmt)
    meetings = registry.get("meetings.statutory")
    assert meetings.compute(Y2021) == 3
    assert meetings.breakdowns["body"](Y2021) == {"board": 2, "co_presidency": 1}
    assert meetings.breakdowns["format"](Y2021) == {"in_person": 1, "online": 2}


def test_events_per_month_fills_every_month_of_the_period():
    EventFactory(starts_on=D(2021, 1, 31))
    EventFactory(starts_on=D(2021, 3, 1))
    EventFactory(starts_on=D(2021, 3, 15))
    months = registry.get("events.total").breakdowns["month"](Y2021)
    assert list(months) == [f"2021-{m:02d}" for m in range(1, 13)]
    assert (months["2021-01"], months["2021-02"], months["2021-03"]) == (1, 0, 2)
    assert sum(months.values()) == value("events.total") == 3


def test_all_event_counters_share_two_queries(django_assert_num_queries):
    ParticipationFactory.create_batch(3)
    with evaluation(), django_assert_num_queries(2):  # events, participations
        for code in EVENT_CODES:
            value(code)


def test_the_event_charts_come_with_the_event_counters(django_assert_num_queries):
    EventFactory(
        kind="statutory_meeting",
        statutory_body="board",
        format="online",
        starts_on=D(2021, 3, 4),
    )
    EventFactory(
        kind="statutory_meeting",
        statutory_body="general_assembly",
        format="",
        starts_on=D(2021, 5, 4),
    )
    with evaluation(), django_assert_num_queries(1):
        assert value("meetings.statutory") == 2
        statutory = registry.get("meetings.statutory").breakdowns
        assert statutory["body"](Y2021) == {"board": 1, "general_assembly": 1}
        assert statutory["format"](Y2021) == {"": 1, "online": 1}
        months = registry.get("events.total").breakdowns["month"](Y2021)
    assert (months["2021-03"], months["2021-05"], sum(months.values())) == (1, 1, 2)
