import datetime as dt

import factory
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.models import ApiToken
from apps.accounts.tokens import hash_key
from apps.common.choices import Gender
from apps.events.models import Event, Participation
from apps.events.privacy import participant_key
from apps.imports.models import ImportRun
from apps.indicators.models import Edition, Target
from apps.measurements.models import Measurement, Metric, Name, Source
from apps.members.models import Mandate, Member
from apps.partnerships.models import Agreement, Alliance
from apps.plans.models import Plan, PlanIndicator
from apps.programmes.models import Programme, ProgrammeMember
from apps.publications.models import Declaration, Publication
from apps.secretariat.models import FundingEntry, StaffMember


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


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    code = factory.Sequence(lambda n: f"A{n:04d}")
    name = factory.Sequence(lambda n: f"Alliance {n}")
    started_on = dt.date(2019, 1, 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    code = factory.Sequence(lambda n: f"AG{n:04d}")
    title = factory.Sequence(lambda n: f"Agreement {n}")
    counterpart_type = Agreement.CounterpartType.OTHER
    signed_on = dt.date(2021, 6, 1)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    code = factory.Sequence(lambda n: f"P{n:04d}")
    title = factory.Sequence(lambda n: f"Publication {n}")
    kind = Publication.Kind.REPORT
    published_on = dt.date(2021, 6, 1)
    has_gender_perspective = False


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    code = factory.Sequence(lambda n: f"D{n:04d}")
    title = factory.Sequence(lambda n: f"Declaration {n}")
    adopted_on = dt.date(2021, 6, 1)
    role = Declaration.Role.ENDORSED
    has_gender_perspective = False


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"PR{n:04d}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.OBSERVATORY
    role = Programme.Role.LED
    starts_on = dt.date(2020, 1, 1)


class ProgrammeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMember

    programme = factory.SubFactory(ProgrammeFactory)
    member = factory.SubFactory(MemberFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"source_{n}")
    kind = Source.Kind.PLATFORM


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric
        django_get_or_create = ("source", "code")

    source = factory.SubFactory(SourceFactory)
    code = factory.Sequence(lambda n: f"metric_{n}")


class NameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Name
        django_get_or_create = ("source", "metric")

    source = factory.SubFactory(SourceFactory)
    metric = ""


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    metric = factory.SubFactory(MetricFactory)
    as_of = factory.Sequence(lambda n: dt.date(2000, 1, 1) + dt.timedelta(days=n))
    value = 100


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    ref = factory.Sequence(lambda n: f"S{n:04d}")
    kind = StaffMember.Kind.PROFESSIONAL
    started_on = dt.date(2019, 1, 1)


class FundingEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingEntry

    year = factory.Sequence(lambda n: 1950 + n)
    category = FundingEntry.Category.MEMBER_DUES
    amount = 1000


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = "members.new"
    year = factory.Sequence(lambda n: 1950 + n)
    value = 10


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    year = factory.Sequence(lambda n: 1950 + n)
    published_at = factory.LazyFunction(timezone.now)


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)
    origin = ImportRun.Origin.COMMAND
    dry_run = False
    outcome = ImportRun.Outcome.WRITTEN
    error_count = 0


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessAttempt

    username = factory.Sequence(lambda n: f"user{n}")
    ip_address = "192.0.2.1"
    user_agent = "Mozilla/5.0"
    path_info = "/accounts/login/"
    failures_since_start = 1


class AccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLog

    username = factory.Sequence(lambda n: f"user{n}")
    ip_address = "192.0.2.1"
    user_agent = "Mozilla/5.0"
    path_info = "/accounts/login/"


class AccessFailureLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessFailureLog

    username = factory.Sequence(lambda n: f"user{n}")
    ip_address = "192.0.2.1"
    user_agent = "Mozilla/5.0"
    path_info = "/accounts/login/"


def recorded_activity(*years: int) -> None:
    """An event in each year: the secretariat recorded activity then, so the
    pages offer the year (members joining is no activity)."""
    for year in years:
        EventFactory(starts_on=dt.date(year, 6, 1))


def records_of_every_source(year: int) -> None:
    """A record of every data source dated in `year` (the pages then compute
    every indicator for that year: query counts are pinned on such data)."""
    day = dt.date(year, 3, 1)
    ParticipationFactory(event__starts_on=day)
    AgreementFactory(signed_on=day)
    AllianceFactory(started_on=day)
    PublicationFactory(published_on=day)
    DeclarationFactory(adopted_on=day)
    ProgrammeFactory(starts_on=day)
    StaffMemberFactory(started_on=day)
    FundingEntryFactory(year=year)
    MandateFactory(member__joined_on=day, started_on=day)
    MeasurementFactory(metric__source__kind="platform", as_of=day)
    MeasurementFactory(
        metric__source__kind="social_network", metric__code="followers", as_of=day
    )


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token whose key is `mkpi_<n>`; tests that send a key make theirs with
    apps.accounts.tokens.create_api_token."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"client {n}")
    prefix = factory.Sequence(lambda n: f"mkpi_{n:08d}")
    key_hash = factory.LazyAttribute(lambda token: hash_key(token.prefix))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"SAP{n:02d}")
    name = factory.Sequence(lambda n: f"Strategic Action Plan {n}")
    first_year = 2021
    last_year = 2023


class PlanIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanIndicator

    plan = factory.SubFactory(PlanFactory)
    indicator = "members.new"
    end_target = 10
