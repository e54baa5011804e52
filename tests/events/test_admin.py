import pytest

from apps.events.models import Event, Participation
from apps.events.privacy import participant_key
from tests.factories import EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_event_list_shows_participation_counts_without_a_query_per_row(
    staff_client, django_assert_num_queries
):
    event = EventFactory()
    ParticipationFactory.create_batch(3, event=event)
    with django_assert_num_queries(9) as captured:
        response = staff_client.get("/admin/events/event/")
    assert response.status_code == 200
    assert response.context["cl"].result_list[0].n_participations == 3
    for _ in range(20):
        ParticipationFactory(event=EventFactory())
    with django_assert_num_queries(len(captured)):
        staff_client.get("/admin/events/event/")


def test_event_list_filters_by_kind_and_role(staff_client):
    EventFactory(code="W1", kind="webinar", role="led")
    EventFactory(code="G1", kind="global_event", role="participated")
    response = staff_client.get("/admin/events/event/", {"kind__exact": "webinar"})
    assert [e.code for e in response.context["cl"].result_list] == ["W1"]
    response = staff_client.get("/admin/events/event/", {"role__exact": "participated"})
    assert [e.code for e in response.context["cl"].result_list] == ["G1"]


def test_participation_list_without_a_query_per_row(
    staff_client, django_assert_num_queries
):
    ParticipationFactory.create_batch(3)
    with django_assert_num_queries(7) as captured:
        assert staff_client.get("/admin/events/participation/").status_code == 200
    ParticipationFactory.create_batch(20)
    with django_assert_num_queries(len(captured)):
        staff_client.get("/admin/events/participation/")


def test_the_secretariat_corrects_a_gender_and_a_role(staff_client):
    participation = ParticipationFactory(gender="undisclosed", role="attendee")
    response = staff_client.post(
        f"/admin/events/participation/{participation.pk}/change/",
        {"event": participation.event.pk, "gender": "woman", "role": "expert"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.gender, participation.role) == ("woman", "expert")


def test_adding_a_participation_stores_only_the_hash(staff_client):
    event = EventFactory()
    response = staff_client.post(
        "/admin/events/participation/add/",
        {
            "event": event.pk,
            "participant_ref": "Ana@Example.org",
            "gender": "woman",
            "role": "speaker",
        },
    )
    assert response.status_code == 302
    added = Participation.objects.get()
    assert added.participant_key == participant_key("ana@example.org")


def test_adding_the_same_person_twice_is_refused_with_a_message(staff_client):
    existing = ParticipationFactory(participant_key=participant_key("ana@example.org"))
    response = staff_client.post(
        "/admin/events/participation/add/",
        {
            "event": existing.event.pk,
            "participant_ref": "ANA@example.org",
            "gender": "woman",
            "role": "attendee",
        },
    )
    assert response.status_code == 200
    assert "This person already takes part in this event." in response.content.decode()
    assert Participation.objects.count() == 1


def test_managers_cannot_change_a_participation(client, manager):
    participation = ParticipationFactory(gender="undisclosed")
    client.force_login(manager)
    response = client.post(
        f"/admin/events/participation/{participation.pk}/change/",
        {"event": participation.event.pk, "gender": "woman", "role": "expert"},
    )
    assert response.status_code == 403
    participation.refresh_from_db()
    assert participation.gender == "undisclosed"


def test_reverting_a_participation_keeps_its_person_key_though_neither_shows_it(
    staff_client,
):
    event = EventFactory()
    participation = ParticipationFactory(
        event=event, participant_key=participant_key("a@example.org"), gender="woman"
    )
    version = participation.history.get().history_id
    participation.gender = "man"
    participation.save()
    url = f"/admin/events/participation/{participation.pk}/history/{version}/"
    page = staff_client.get(url)
    assert page.status_code == 200
    assert participant_key("a@example.org") not in page.content.decode()
    response = staff_client.post(
        url, {"event": event.pk, "gender": "woman", "role": "attendee"}
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.gender, participation.participant_key) == (
        "woman",
        participant_key("a@example.org"),
    )
    assert [e.gender for e in participation.history.all()] == ["woman", "man", "woman"]


def test_a_participation_s_country_is_taken_in_any_case(staff_client):
    participation = ParticipationFactory()
    response = staff_client.post(
        f"/admin/events/participation/{participation.pk}/change/",
        {
            "event": participation.event.pk,
            "gender": "woman",
            "role": "attendee",
            "country": "br",
        },
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.country == "BR"


SESSION_RULE = "A congress session belongs to a congress; other events don't."


def add_event(client, **fields):
    data = {
        "code": "X1",
        "title": "Talk",
        "kind": "webinar",
        "role": "led",
        "format": "online",
        "scope": "",
        "statutory_body": "",
        "starts_on": "2021-10-11",
        "ends_on": "",
        "parent": "",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post("/admin/events/event/add/", data)


def test_the_admin_shows_a_session_without_its_congress_on_the_parent(admin_client):
    response = add_event(admin_client, kind="session")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parent": [SESSION_RULE]}


def test_the_admin_shows_a_parent_of_another_kind_of_event_on_the_parent(
    admin_client,
):
    congress = EventFactory(kind="congress")
    response = add_event(admin_client, kind="webinar", parent=congress.pk)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parent": [SESSION_RULE]}


def test_the_admin_refuses_a_session_of_a_webinar_on_the_parent(admin_client):
    webinar = EventFactory(code="W1", kind="webinar")
    response = add_event(admin_client, kind="session", parent=webinar.pk)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "parent": ["A session's parent must be a congress."]
    }


def test_the_admin_adds_a_session_of_a_congress(admin_client):
    congress = EventFactory(code="C1", kind="congress")
    response = add_event(admin_client, kind="session", parent=congress.pk)
    assert response.status_code == 302
    assert Event.objects.get(code="X1").parent == congress
