import datetime as dt

import pytest
from django.db import IntegrityError

from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.programmes.models import Programme, ProgrammeMember
from tests.factories import MemberFactory, ProgrammeFactory, ProgrammeMemberFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)
PROGRAMMES = "code,name,kind,role,starts_on,ends_on\n"
PROGRAMME_MEMBERS = "programme_code,member_code,joined_on\n"
CODES = [
    "programmes.observatories",
    "programmes.pilot_projects",
    "programmes.pilot_members",
    "programmes.campaigns",
]


def value(code):
    return registry.get(code).compute(Y2021)


def test_counters_on_an_empty_database():
    assert [value(code) for code in CODES] == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "active"),
    [
        (D(2019, 5, 1), D(2023, 1, 1), True),  # runs across the year
        (D(2020, 5, 1), D(2021, 1, 2), True),  # ends on 2 January: ran 1 January
        (D(2020, 5, 1), D(2021, 1, 1), False),  # ended on 1 January: never ran in it
        (D(2021, 12, 31), None, True),
        (D(2022, 1, 1), None, False),
    ],
)
def test_a_programme_counts_in_every_year_it_runs(starts_on, ends_on, active):
    ProgrammeFactory(kind="observatory", starts_on=starts_on, ends_on=ends_on)
    assert value("programmes.observatories") == int(active)


def test_each_kind_whatever_the_role():
    for role in ["led", "co_led", "contributed", "supported"]:
        ProgrammeFactory(kind="campaign", role=role)
    ProgrammeFactory(kind="initiative")
    assert value("programmes.campaigns") == 4
    assert value("programmes.observatories") == 0


def test_pilot_members_are_distinct_members_of_the_running_pilots():
    lyon, lima = MemberFactory(), MemberFactory()
    first = ProgrammeFactory(kind="pilot_project")
    second = ProgrammeFactory(kind="pilot_project")
    ended = ProgrammeFactory(kind="pilot_project", ends_on=D(2020, 6, 1))
    observatory = ProgrammeFactory(kind="observatory")
    ProgrammeMemberFactory(programme=first, member=lyon)
    ProgrammeMemberFactory(programme=second, member=lyon)
    ProgrammeMemberFactory(programme=second, member=lima, joined_on=D(2021, 12, 31))
    ProgrammeMemberFactory(programme=second, joined_on=D(2022, 1, 1))
    ProgrammeMemberFactory(programme=ended)
    ProgrammeMemberFactory(programme=observatory)
    assert value("programmes.pilot_projects") == 2
    assert value("programmes.pilot_members") == 2
    assert value("programmes.observatories") == 1
    records = registry.get("programmes.pilot_members").records_of(Y2021)
    assert set(records) == {lyon, lima}


def test_programme_counters_share_one_query(django_assert_num_queries):
    ProgrammeMemberFactory()
    with evaluation(), django_assert_num_queries(1):
        for code in CODES:
            value(code)


def test_database_refuses_a_member_twice_in_a_programme():
    membership = ProgrammeMemberFactory()
    with pytest.raises(IntegrityError):
        ProgrammeMemberFactory(programme=membership.programme, member=membership.member)


def test_database_refuses_a_programme_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        ProgrammeFactory(starts_on=D(2021, 1, 1), ends_on=D(2020, 1, 1))


def test_programmes_and_their_members_import():
    report = run(
        {
            "programme_members.csv": PROGRAMME_MEMBERS
            + "PP1,M001,2021-02-01\nPP1,M002,\n",
            "programmes.csv": PROGRAMMES
            + "PP1,Pilot on mobility,Pilot_Project,led,2021-01-15,\n",
            "members.csv": "code,name,country,category,joined_on\n"
            "M001,Lyon,FR,full,2000-01-01\nM002,Lima,PE,full,2000-01-01\n",
        }
    )
    assert errors(report) == []
    assert Programme.objects.get().kind == "pilot_project"
    assert ProgrammeMember.objects.count() == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"programmes.csv": PROGRAMMES + "PP1,P,pilot,led,2021-01-01,\n"},
            "programmes.csv:2 kind=pilot: not one of the allowed values",
        ),
        (
            {"programmes.csv": PROGRAMMES + "PP1,P,campaign,funded,2021-01-01,\n"},
            "programmes.csv:2 role=funded: not one of the allowed values",
        ),
        (
            {
                "programmes.csv": PROGRAMMES
                + "PP1,P,campaign,led,2021-01-01,2020-01-01\n"
            },
            "programmes.csv:2 ends_on=2020-01-01 starts_on=2021-01-01: A programme "
            "must end after it starts.",
        ),
        (
            {"programme_members.csv": PROGRAMME_MEMBERS + "PP9,M001,\n"},
            "programme_members.csv:2 programme_code=PP9: no programme with this code",
        ),
        (
            {"programme_members.csv": PROGRAMME_MEMBERS + "PP1,M009,\n"},
            "programme_members.csv:2 member_code=M009: no member with this code",
        ),
        (
            {"programme_members.csv": PROGRAMME_MEMBERS + "PP1,M001,\nPP1,M001,\n"},
            "programme_members.csv:3 programme_code=PP1 member_code=M001: the same "
            "key is already on line 2",
        ),
    ],
)
def test_bad_programme_rows_are_refused(files, message):
    ProgrammeFactory(code="PP1")
    MemberFactory(code="M001")
    report = run(files)
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(message)
    assert not ProgrammeMember.objects.exists()
    assert Programme.objects.count() == 1
