import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from apps.events.models import Event, Participation
from apps.events.privacy import participant_key
from tests.factories import EventFactory, MemberFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

EVENTS = (
    "code,title,kind,role,format,scope,statutory_body,starts_on,ends_on,parent_code"
)
PARTICIPATIONS = "event_code,participant_ref,gender,role,member_code,country"


def events_csv(*rows):
    return "\n".join([EVENTS, *rows]) + "\n"


def participations_csv(*rows, header=PARTICIPATIONS):
    return "\n".join([header, *rows]) + "\n"


CONGRESS = "C21,World Congress,congress,led,online,global,,2021-10-11,2021-10-14,"
SESSION = "C21-S1,Opening,session,led,online,global,,2021-10-11,,C21"
BOARD = "B21,Board meeting,statutory_meeting,led,online,,board,2021-03-04,,"


def test_imports_events_with_sessions_named_before_their_congress():
    report = run({"events.csv": events_csv(SESSION, BOARD, CONGRESS)})
    assert errors(report) == []
    assert report.files[0].new == 3
    session = Event.objects.get(code="C21-S1")
    assert session.parent.code == "C21"
    assert Event.objects.get(code="B21").statutory_body == "board"


def test_a_session_may_name_a_congress_imported_before():
    run({"events.csv": events_csv(CONGRESS)})
    report = run({"events.csv": events_csv(SESSION)})
    assert errors(report) == []
    assert Event.objects.get(code="C21-S1").parent.code == "C21"


def test_reimporting_events_changes_nothing():
    files = {"events.csv": events_csv(CONGRESS, SESSION, BOARD)}
    run(files)
    report = run(files)
    assert (report.files[0].new, report.files[0].updated) == (0, 0)
    assert report.files[0].unchanged == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "X1,Talk,session,led,online,,,2021-10-11,,NOPE",
            "events.csv:2 parent_code=NOPE: no event with this code",
        ),
        (
            "X1,Talk,session,led,online,,,2021-10-11,,",
            "events.csv:2 kind=session parent_code=: A congress session belongs to "
            "a congress; other events don't.",
        ),
        (
            "X1,Meeting,statutory_meeting,led,online,,,2021-10-11,,",
            "events.csv:2 kind=statutory_meeting statutory_body=: A statutory "
            "meeting names its statutory body; other events don't.",
        ),
        (
            "X1,Webinar,webinar,led,online,,board,2021-10-11,,",
            "events.csv:2 kind=webinar statutory_body=board: A statutory meeting "
            "names its statutory body; other events don't.",
        ),
        (
            "X1,Webinar,webinar,led,online,,,2021-10-11,2021-10-10,",
            "events.csv:2 ends_on=2021-10-10 starts_on=2021-10-11: An event cannot "
            "end before it starts.",
        ),
        (
            "X1,Webinar,webinar,hosted,online,,,2021-10-11,,",
            "events.csv:2 role=hosted: not one of the allowed values: led, co_led, "
            "participated",
        ),
        (
            "X1,Webinar,seminar,led,online,,,2021-10-11,,",
            "events.csv:2 kind=seminar: not one of the allowed values: "
            "statutory_meeting, congress, session, learning_activity, global_event, "
            "webinar, other",
        ),
        (
            "X1,Webinar,webinar,led,virtual,,,2021-10-11,,",
            "events.csv:2 format=virtual: not one of the allowed values: online, "
            "in_person, hybrid",
        ),
    ],
)
def test_bad_events_are_refused(row, message):
    report = run({"events.csv": events_csv(row)})
    assert errors(report) == [message]
    assert not Event.objects.exists()


def test_a_session_of_a_webinar_is_refused():
    report = run(
        {
            "events.csv": events_csv(
                "W1,Webinar,webinar,led,online,,,2021-10-11,,",
                "X1,Talk,session,led,online,,,2021-10-11,,W1",
            )
        }
    )
    assert errors(report) == [
        "events.csv:3 parent_code=W1: A session's parent must be a congress."
    ]


def test_a_parent_of_another_kind_of_event_is_refused():
    report = run(
        {
            "events.csv": events_csv(
                CONGRESS, "W1,Webinar,webinar,led,online,,,2021-10-11,,C21"
            )
        }
    )
    assert errors(report) == [
        "events.csv:3 kind=webinar parent_code=C21: A congress session belongs to "
        "a congress; other events don't."
    ]
    assert not Event.objects.exists()


def test_a_session_of_a_refused_congress_says_so():
    report = run(
        {"events.csv": events_csv(CONGRESS.replace("online", "virtual"), SESSION)}
    )
    assert errors(report) == [
        "events.csv:2 format=virtual: not one of the allowed values: online, "
        "in_person, hybrid",
        "events.csv:3 parent_code=C21: the row for C21 in this file could not be "
        "imported",
    ]


def test_participations_are_imported_after_events_and_members():
    report = run(
        {
            "participations.csv": participations_csv(
                "C21,Ana@Example.org ,femme,speaker,M001,es",
                "C21,REG-0042,,expert,,",
                "C21,bob@example.org,M,,,",
            ),
            "events.csv": events_csv(CONGRESS),
            "members.csv": "code,name,country,category,joined_on\n"
            "M001,Barcelona,ES,full,2000-01-01\n",
        }
    )
    assert errors(report) == []
    assert [f.name for f in report.files] == [
        "events.csv",
        "members.csv",
        "participations.csv",
    ]
    ana = Participation.objects.get(participant_key=participant_key("ana@example.org"))
    assert (ana.gender, ana.role, ana.member.code, ana.country) == (
        "woman",
        "speaker",
        "M001",
        "ES",
    )
    expert = Participation.objects.get(participant_key=participant_key("reg-0042"))
    assert (expert.gender, expert.role, expert.member) == (
        "undisclosed",
        "expert",
        None,
    )
    assert Participation.objects.get(
        participant_key=participant_key("bob@example.org")
    ).role == ("attendee")


def test_the_same_person_twice_in_one_event_names_both_lines_not_the_person():
    EventFactory(code="C21")
    report = run(
        {
            "participations.csv": participations_csv(
                "C21,ana@example.org,woman,,,", "C21, ANA@example.org,woman,,,"
            )
        }
    )
    assert errors(report) == [
        "participations.csv:3 event_code=C21 participant_ref=(hidden): "
        "the same key is already on line 2"
    ]


def test_a_missing_gender_column_is_an_error():
    EventFactory(code="C21")
    report = run(
        {
            "participations.csv": participations_csv(
                "C21,ana@example.org", header="event_code,participant_ref"
            )
        }
    )
    assert errors(report) == [
        "participations.csv:1 column=gender: required column is missing"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("C99,ana@example.org,woman,,,", "event_code=C99: no event with this code"),
        ("C21,,woman,,,", "participant_ref=(hidden): a value is required"),
        ("C21,ana@example.org,lady,,,", "gender=lady: not one of the allowed values"),
        ("C21,ana@example.org,woman,host,,", "role=host: not one of the allowed"),
        ("C21,ana@example.org,woman,,M999,", "member_code=M999: no member with"),
        ("C21,ana@example.org,woman,,,FRA", "country=FRA: not an ISO 3166"),
    ],
)
def test_bad_participations_are_refused(row, message):
    EventFactory(code="C21")
    report = run({"participations.csv": participations_csv(row)})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"participations.csv:2 {message}")
    assert not Participation.objects.exists()


def test_reimporting_participations_is_idempotent_and_updates_gender():
    EventFactory(code="C21")
    run({"participations.csv": participations_csv("C21,Ana@example.org,,,,")})
    report = run({"participations.csv": participations_csv("C21,ana@example.org,F,,,")})
    assert (report.files[0].new, report.files[0].updated) == (0, 1)
    assert Participation.objects.get().gender == "woman"
    report = run({"participations.csv": participations_csv("C21,ana@example.org,F,,,")})
    assert report.files[0].unchanged == 1


def test_no_clear_participant_identifier_is_stored_anywhere():
    MemberFactory(code="M001")
    refs = ["Ana.Silva@Example.org", "REG-0042", "bob@example.org"]
    run(
        {
            "events.csv": events_csv(CONGRESS, SESSION),
            "participations.csv": participations_csv(
                *(f"C21-S1,{ref},woman,,M001,ES" for ref in refs)
            ),
        }
    )
    assert Participation.objects.count() == 3
    needles = [ref.lower() for ref in refs] + ["ana.silva", "reg-0042", "bob@"]
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for field in text_fields:
            for needle in needles:
                found = model._default_manager.filter(**{f"{field}__icontains": needle})
                assert not found.exists(), (model, field, needle)


def test_errors_never_repeat_a_participant_identifier():
    report = run(
        {
            "participations.csv": participations_csv(
                "C99,secret.person@example.org,woman,,,",
                "C99,secret.person@example.org,woman,,,",
            )
        }
    )
    assert report.errors
    assert all("secret" not in str(error) for error in report.errors)


def test_participations_import_without_a_query_per_row(django_assert_max_num_queries):
    EventFactory(code="C21")
    rows = [f"C21,person{i}@example.org,woman,,," for i in range(1500)]
    with django_assert_max_num_queries(20):
        report = run({"participations.csv": participations_csv(*rows)})
    assert report.files[0].new == 1500
    assert Participation.objects.filter(event__starts_on=dt.date(2021, 6, 1)).count()


def person_lookups(queries) -> list[str]:
    """The queries that look up stored participations by person."""
    table = Participation._meta.db_table
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and table in q["sql"]
        and "participant_key" in q["sql"].split("WHERE")[-1]
    ]


def test_participations_of_events_without_any_are_not_looked_up():
    EventFactory(code="C21")
    EventFactory(code="C22")
    with CaptureQueriesContext(connection) as queries:
        report = run(
            {
                "participations.csv": participations_csv(
                    "C21,ana@example.org,woman,,,", "C22,bob@example.org,man,,,"
                )
            }
        )
    assert report.files[0].new == 2
    assert person_lookups(queries) == []


def test_only_events_with_participations_are_looked_up_by_person():
    EventFactory(code="C21")
    EventFactory(code="C22")
    run({"participations.csv": participations_csv("C21,ana@example.org,,,,")})
    with CaptureQueriesContext(connection) as queries:
        report = run(
            {
                "participations.csv": participations_csv(
                    "C21,ana@example.org,woman,,,",
                    "C21,bob@example.org,man,,,",
                    "C22,ana@example.org,woman,,,",
                )
            }
        )
    assert (report.files[0].new, report.files[0].updated) == (2, 1)
    [lookup] = person_lookups(queries)
    # Ana is looked up in C21 only: C22 has no participation to find.
    assert lookup.count(participant_key("ana@example.org")) == 1
    assert lookup.count(participant_key("bob@example.org")) == 1


def test_events_first_met_in_a_file_without_participations_are_never_looked_up(
    settings,
):
    """Rows the file's first chunks wrote don't make its later chunks look up."""
    settings.IMPORT_CHUNK_ROWS = 2
    EventFactory(code="C21")
    rows = [f"C21,person{i}@example.org,woman,,," for i in range(5)]
    with CaptureQueriesContext(connection) as queries:
        report = run({"participations.csv": participations_csv(*rows)})
    assert report.files[0].new == 5
    assert person_lookups(queries) == []


def test_a_person_twice_in_an_event_across_chunks_names_both_lines(settings):
    settings.IMPORT_CHUNK_ROWS = 2
    EventFactory(code="C21")
    report = run(
        {
            "participations.csv": participations_csv(
                "C21,ana@example.org,woman,,,",
                "C21,bob@example.org,man,,,",
                "C21,cleo@example.org,woman,,,",
                "C21,Ana@Example.org,woman,,,",
            )
        }
    )
    assert errors(report) == [
        "participations.csv:5 event_code=C21 participant_ref=(hidden): the same "
        "key is already on line 2"
    ]
    assert report.files[0].new == 3


@pytest.mark.parametrize("chunk_rows", [1, 2])
def test_a_session_named_chunks_before_its_congress(settings, chunk_rows):
    """Every file is read a chunk at a time: a row may name one further down."""
    settings.IMPORT_CHUNK_ROWS = chunk_rows
    report = run({"events.csv": events_csv(SESSION, BOARD, CONGRESS)})
    assert errors(report) == []
    assert report.files[0].new == 3
    assert Event.objects.get(code="C21-S1").parent.code == "C21"


def test_a_session_of_a_congress_refused_chunks_later_says_so(settings):
    settings.IMPORT_CHUNK_ROWS = 1
    refused = CONGRESS.replace("online", "virtual")
    report = run({"events.csv": events_csv(SESSION, BOARD, refused)})
    assert errors(report) == [
        "events.csv:4 format=virtual: not one of the allowed values: online, "
        "in_person, hybrid",
        "events.csv:2 parent_code=C21: the row for C21 in this file could not be "
        "imported",
    ]
    assert not Event.objects.filter(code__in=["C21", "C21-S1"]).exists()


def test_a_session_naming_no_event_of_the_file_or_the_database(settings):
    settings.IMPORT_CHUNK_ROWS = 1
    report = run({"events.csv": events_csv(BOARD, SESSION.replace(",C21", ",C99"))})
    assert errors(report) == ["events.csv:3 parent_code=C99: no event with this code"]
