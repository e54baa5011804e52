import datetime as dt

import factory
from django.contrib.auth import get_user_model

from apps.common.choices import Gender
from apps.events.models import Event, Participation
from apps.events.privacy import participant_key
from apps.members.models import Mandate, Member


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    code = factory.Sequence(lambda n: f"M{n:04d}")
    name = factory.Sequence(lambda n: f"Metropolis {n}")
    country = "ES"
    category = Member.Category.FULL
    joined_on = dt.date(2000, 1, 1)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    member = factory.SubFactory(MemberFactory)
    leader_name = factory.Sequence(lambda n: f"Leader {n}")
    gender = Gender.MAN
    started_on = dt.date(2019, 1, 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    code = factory.Sequence(lambda n: f"E{n:05d}")
    title = factory.Sequence(lambda n: f"Event {n}")
    kind = Event.Kind.WEBINAR
    role = Event.Role.LED
    starts_on = dt.date(2021, 6, 1)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    participant_key = factory.Sequence(
        lambda n: participant_key(f"person{n}@example.org")
    )
    gender = Gender.WOMAN
