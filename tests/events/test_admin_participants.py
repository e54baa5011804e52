"""The participants of an event in its admin page: never a key, added by pasting."""

import pytest

from apps.events.models import Participation
from apps.events.privacy import participant_key
from tests.factories import EventFactory, MemberFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

ERROR_GENDER = (
    "line 2 gender=zz: not one of the allowed values: "
    "woman, man, non_binary, undisclosed"
)


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def event_data(event, participations=(), **changes) -> dict:
    data = {
        "code": event.code,
        "title": event.title,
        "kind": event.kind,
        "role": event.role,
        "format": event.format,
        "scope": event.scope,
        "statutory_body": event.statutory_body,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": "",
        "parent": "",
        "new_participants": "",
        "participations-TOTAL_FORMS": str(len(participations)),
        "participations-INITIAL_FORMS": str(len(participations)),
    }
    for i, participation in enumerate(participations):
        data |= {
            f"participations-{i}-id": participation.pk,
            f"participations-{i}-event": event.pk,
            f"participations-{i}-gender": participation.gender,
            f"participations-{i}-role": participation.role,
            f"participations-{i}-country": participation.country,
        }
    return data | changes


def paste(client, event, text: str, participations=()):
    return client.post(
        f"/admin/events/event/{event.pk}/change/",
        event_data(event, participations, new_participants=text),
    )


def errors_of(response) -> list[str]:
    return list(response.context["adminform"].form.errors["new_participants"])


@pytest.mark.parametrize("who", ["secretariat", "manager"])
def test_the_event_page_never_shows_a_participant_key(client, request, who):
    client.force_login(request.getfixturevalue(who))
    participation = ParticipationFactory(country="FR")
    page = client.get(f"/admin/events/event/{participation.event.pk}/change/")
    assert page.status_code == 200
    assert participation.participant_key not in page.content.decode()
    assert "participant_key" not in page.content.decode()


def test_a_participation_page_never_shows_its_key(staff_client):
    participation = ParticipationFactory()
    url = f"/admin/events/participation/{participation.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert participation.participant_key not in page
    assert "Participant key" not in page


def test_the_event_page_offers_the_secretariat_a_list_to_paste_with_its_format(
    staff_client,
):
    event = EventFactory()
    page = staff_client.get(f"/admin/events/event/{event.pk}/change/")
    html = page.content.decode()
    assert '<textarea name="new_participants"' in html
    assert "One participant per line: e-mail or registration number, gender" in html
    assert "participant_ref, gender, role, member_code, country" in html
    assert (
        f'<a href="/admin/events/participation/add/?event={event.pk}">'
        "Or add one participant on its own page.</a>"
    ) in html
    one = staff_client.get(f"/admin/events/participation/add/?event={event.pk}")
    assert one.context["adminform"].form.initial["event"] == str(event.pk)


def test_managers_see_no_list_to_paste(manager_client):
    event = EventFactory()
    page = manager_client.get(f"/admin/events/event/{event.pk}/change/")
    assert page.status_code == 200
    assert "new_participants" not in page.content.decode()


def test_the_event_add_page_has_no_list_to_paste(staff_client):
    page = staff_client.get("/admin/events/event/add/")
    assert "new_participants" not in page.content.decode()


def test_pasting_a_list_adds_each_person_hashed_with_history_and_a_message(
    staff_client, secretariat
):
    event = EventFactory()
    member = MemberFactory(code="M001")
    text = "ana@example.org,F,speaker,M001\nBob@Example.org,homme\n\n42-17,,,,fr\n"
    response = paste(staff_client, event, text)
    assert response.status_code == 302
    added = {
        p.participant_key: (p.gender, p.role, p.member_id, p.country)
        for p in event.participations.all()
    }
    assert added == {
        participant_key("ana@example.org"): ("woman", "speaker", member.pk, ""),
        participant_key("bob@example.org"): ("man", "attendee", None, ""),
        participant_key("42-17"): ("undisclosed", "attendee", None, "FR"),
    }
    entries = Participation.history.filter(event_id=event.pk)
    assert [(e.history_type, e.history_user) for e in entries] == [
        ("+", secretariat)
    ] * 3
    page = staff_client.get(response.url)
    assert "3 participants added." in page.content.decode()


def test_a_header_gives_the_columns_in_any_order_and_the_delimiter_is_detected(
    staff_client,
):
    event = EventFactory()
    text = "Gender;participant_ref\nwoman;ana@example.org\nman;bob@example.org\n"
    assert paste(staff_client, event, text).status_code == 302
    assert sorted(event.participations.values_list("gender", flat=True)) == [
        "man",
        "woman",
    ]


def test_tabs_from_a_spreadsheet_are_read(staff_client):
    event = EventFactory()
    response = paste(staff_client, event, "ana@example.org\twoman\texpert")
    assert response.status_code == 302
    assert event.participations.get().role == "expert"


def test_one_wrong_line_adds_nobody_and_names_its_line_and_column(staff_client):
    event = EventFactory()
    response = paste(staff_client, event, "ana@example.org,woman\nbob@example.org,zz")
    assert response.status_code == 200
    assert errors_of(response) == [ERROR_GENDER]
    assert not Participation.objects.exists()


def test_errors_are_the_import_s_and_never_show_the_person(staff_client):
    event = EventFactory()
    text = "\n".join(
        [
            "participant_ref,gender,member_code",
            "ana@example.org,woman,NOPE",
            "ANA@example.org ,man,",
            ",woman,",
            "carl@example.org,woman,,extra",
        ]
    )
    response = paste(staff_client, event, text)
    assert errors_of(response) == [
        "line 2 member_code=NOPE: no member with this code",
        # The person of a line in error is met all the same.
        "line 3 participant_ref=(hidden): the same key is already on line 2",
        "line 4 participant_ref=(hidden): a value is required",
        "line 5: 4 cells but the header has 3 columns",
    ]
    text = "ana@example.org,woman\nANA@example.org ,man"
    assert errors_of(paste(staff_client, event, text)) == [
        "line 2 participant_ref=(hidden): the same key is already on line 1"
    ]
    assert not Participation.objects.exists()


def test_a_person_already_taking_part_is_an_error(staff_client):
    event = EventFactory()
    ParticipationFactory(event=event, participant_key=participant_key("a@example.org"))
    response = paste(staff_client, event, "b@example.org,man\nA@example.org,woman")
    assert errors_of(response) == [
        "line 2 participant_ref=(hidden): This person already takes part in this event."
    ]
    assert event.participations.count() == 1


def test_an_unknown_column_or_the_event_s_is_refused(staff_client):
    event = EventFactory()
    response = paste(staff_client, event, "participant_ref,gender,shoe\na@b.org,man,42")
    assert errors_of(response) == ["line 1 column=shoe: unknown column"]
    text = "participant_ref,gender,event_code\na@b.org,man,X"
    assert errors_of(paste(staff_client, event, text)) == [
        "line 1 column=event_code: unknown column"
    ]


def test_the_same_person_in_another_event_is_added(staff_client):
    ParticipationFactory(participant_key=participant_key("a@example.org"))
    event = EventFactory()
    assert paste(staff_client, event, "a@example.org,woman").status_code == 302
    assert event.participations.count() == 1


def test_managers_cannot_paste_participants(manager_client):
    event = EventFactory()
    response = paste(manager_client, event, "a@example.org,woman")
    assert response.status_code == 403
    assert not Participation.objects.exists()


def test_the_event_page_with_participants_has_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries
):
    event = EventFactory()
    ParticipationFactory.create_batch(3, event=event, member=MemberFactory())
    url = f"/admin/events/event/{event.pk}/change/"
    staff_client.get(url)
    with django_assert_num_queries(6) as captured:
        assert staff_client.get(url).status_code == 200
    ParticipationFactory.create_batch(10, event=event, member=MemberFactory())
    with django_assert_num_queries(len(captured.captured_queries)):
        staff_client.get(url)


def test_the_list_and_its_errors_read_in_french(staff_client):
    event = EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    french = {"accept-language": "fr"}
    page = staff_client.get(url, headers=french).content.decode()
    assert "Ajouter des personnes participantes" in page
    assert "Une personne participante par ligne" in page
    response = staff_client.post(
        url, event_data(event, new_participants="a@b.org,zz"), headers=french
    )
    assert errors_of(response) == [
        "ligne 1 gender=zz: ne fait pas partie des valeurs permises : "
        "woman, man, non_binary, undisclosed"
    ]


def test_an_event_s_version_page_has_no_list_to_paste(staff_client):
    event = EventFactory(title="First")
    event.title = "Second"
    event.save()
    version = event.history.last().history_id
    page = staff_client.get(f"/admin/events/event/{event.pk}/history/{version}/")
    assert page.status_code == 200
    assert "new_participants" not in page.content.decode()


def test_a_long_list_of_errors_shows_the_first_fifty_and_counts_the_others(
    staff_client,
):
    event = EventFactory()
    text = "\n".join(f"p{i}@example.org,zz" for i in range(1, 1101))
    errors = errors_of(paste(staff_client, event, text))
    assert len(errors) == 51
    assert errors[0].startswith("line 1 gender=zz: ")
    assert errors[49].startswith("line 50 gender=zz: ")
    assert errors[50] == "and 1050 more errors"


def test_a_person_added_meanwhile_by_someone_else_adds_nobody_and_says_so(
    staff_client,
):
    """Between the check of the list and its writing, another user adds one
    of its people: nothing of the list is written, no error page, a message."""
    from django.db.models.signals import post_save

    from apps.events.models import Event

    event = EventFactory()

    def someone_else_adds_ana(sender, instance, **kwargs):
        ParticipationFactory(
            event=instance, participant_key=participant_key("ana@example.org")
        )

    post_save.connect(someone_else_adds_ana, sender=Event)
    try:
        response = paste(staff_client, event, "ana@example.org,woman\nbob@x.org,man")
    finally:
        post_save.disconnect(someone_else_adds_ana, sender=Event)
    assert response.status_code == 302
    assert list(event.participations.values_list("participant_key", flat=True)) == [
        participant_key("ana@example.org")
    ]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert (
        "Nobody was added: some of these people were added to the event "
        "meanwhile. Paste the list again to see which." in messages
    )
