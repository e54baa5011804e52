import datetime as dt
import hashlib
import hmac

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from apps.events.models import Event
from apps.events.privacy import participant_hasher, participant_key
from tests.factories import EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_database_refuses_a_statutory_meeting_without_its_body():
    with pytest.raises(IntegrityError):
        EventFactory(kind=Event.Kind.STATUTORY_MEETING, statutory_body="")


def test_database_refuses_a_body_on_another_kind_of_event():
    with pytest.raises(IntegrityError):
        EventFactory(kind=Event.Kind.WEBINAR, statutory_body=Event.Body.BOARD)


def test_database_refuses_a_session_without_a_congress():
    with pytest.raises(IntegrityError):
        EventFactory(kind=Event.Kind.SESSION, parent=None)


def test_database_refuses_a_parent_on_an_event_that_is_not_a_session():
    congress = EventFactory(kind=Event.Kind.CONGRESS)
    with pytest.raises(IntegrityError):
        EventFactory(kind=Event.Kind.WEBINAR, parent=congress)


def test_database_refuses_an_event_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(starts_on=D(2021, 6, 2), ends_on=D(2021, 6, 1))


def test_a_one_day_event_may_end_the_day_it_starts():
    EventFactory(starts_on=D(2021, 6, 2), ends_on=D(2021, 6, 2))


def test_database_refuses_the_same_person_twice_at_one_event():
    first = ParticipationFactory()
    with pytest.raises(IntegrityError):
        ParticipationFactory(event=first.event, participant_key=first.participant_key)


SESSION_RULE = "A congress session belongs to a congress; other events don't."


def test_full_clean_names_the_parent_of_a_session_without_its_congress():
    session = EventFactory.build(kind=Event.Kind.SESSION, parent=None)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict == {"parent": [SESSION_RULE]}


def test_full_clean_names_the_parent_of_a_webinar_in_a_congress():
    congress = EventFactory(kind=Event.Kind.CONGRESS)
    webinar = EventFactory.build(kind=Event.Kind.WEBINAR, parent=congress)
    with pytest.raises(ValidationError) as error:
        webinar.full_clean()
    assert error.value.message_dict == {"parent": [SESSION_RULE]}


def test_full_clean_accepts_a_session_of_a_congress():
    congress = EventFactory(kind=Event.Kind.CONGRESS)
    EventFactory.build(kind=Event.Kind.SESSION, parent=congress).full_clean()


def test_full_clean_shows_a_rule_of_no_one_field_above_the_form():
    event = EventFactory.build(starts_on=D(2021, 6, 2), ends_on=D(2021, 6, 1))
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {
        "__all__": ["An event cannot end before it starts."]
    }


def test_clean_refuses_a_session_of_something_else_than_a_congress():
    webinar = EventFactory(kind=Event.Kind.WEBINAR)
    session = EventFactory.build(kind=Event.Kind.SESSION, parent=webinar)
    with pytest.raises(ValidationError) as error:
        session.clean()
    assert error.value.message_dict == {
        "parent": ["A session's parent must be a congress."]
    }


def test_participant_key_ignores_case_and_surrounding_spaces(settings):
    assert participant_key(" Ana@Example.org ") == participant_key("ana@example.org")
    assert participant_key("ana@example.org") != participant_key("ana@example.com")
    assert len(participant_key("ana@example.org")) == 64
    assert "ana" not in participant_key("ana@example.org")


def test_participant_key_depends_on_the_secret_key(settings):
    before = participant_key("ana@example.org")
    settings.PARTICIPANT_HASH_KEY = "another key"
    assert participant_key("ana@example.org") != before


@pytest.mark.parametrize("length", [1, 26, 63, 64, 65, 200])
def test_participant_key_is_the_hmac_sha256_of_the_normalised_ref(settings, length):
    """Keys stored by earlier imports must still match: it is exactly HMAC."""
    settings.PARTICIPANT_HASH_KEY = ("clé-" * 60)[:length]
    hash_ref = participant_hasher()
    for ref in ["ana@example.org", " REG-0042 ", "josé.núñez@ejemplo.es", "x" * 300]:
        expected = hmac.new(
            settings.PARTICIPANT_HASH_KEY.encode(),
            ref.strip().lower().encode(),
            hashlib.sha256,
        ).hexdigest()
        assert hash_ref(ref) == expected
        assert participant_key(ref) == expected
