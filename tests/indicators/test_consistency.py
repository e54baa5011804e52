"""Every registered indicator's value, breakdowns, records and left-out count
agree with each other, on data with missing values (README.md, "no data").

The test walks the registry: a new indicator is checked without a new test.
"""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest
from django.utils import translation

from apps.common.choices import Gender
from apps.events.models import Event, Participation
from apps.indicators.memo import evaluation
from apps.indicators.records import headers, resource_for
from apps.indicators.registry import registry
from apps.indicators.results import evaluate_year, report_period
from apps.partnerships.models import CounterpartType
from apps.programmes.models import Programme
from apps.publications.models import Publication
from apps.secretariat.models import FundingEntry, StaffMember
from tests.factories import (
    AgreementFactory,
    AllianceFactory,
    DeclarationFactory,
    EventFactory,
    FundingEntryFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ProgrammeMemberFactory,
    PublicationFactory,
    StaffMemberFactory,
    participant_key,
)

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = 2021


def data_with_missing_values():
    """A year of every kind of record, with gaps: members without a mandate
    or with an undisclosed leader, participations of undisclosed gender, a
    network with no count yet, the same person at several events."""
    women_led = MandateFactory(gender=Gender.WOMAN).member
    MandateFactory(gender=Gender.MAN)
    MandateFactory(gender=Gender.MAN, started_on=D(2015, 1, 1), ended_on=D(2019, 1, 1))
    MandateFactory(gender=Gender.UNDISCLOSED)
    MemberFactory()  # no mandate
    MemberFactory(joined_on=D(2021, 4, 1))
    MemberFactory(joined_on=D(2010, 1, 1), left_on=D(2021, 2, 1))

    webinar = EventFactory(starts_on=D(2021, 3, 5))
    learning = EventFactory(kind=Event.Kind.LEARNING_ACTIVITY, role="co_led")
    congress = EventFactory(kind=Event.Kind.CONGRESS, starts_on=D(2021, 10, 1))
    session = EventFactory(kind=Event.Kind.SESSION, parent=congress)
    EventFactory(
        kind=Event.Kind.STATUTORY_MEETING, statutory_body="board", format="online"
    )
    EventFactory(kind=Event.Kind.GLOBAL_EVENT, role="participated")
    EventFactory(starts_on=D(2020, 6, 1))
    same_person = participant_key("same@example.org")
    for event, gender in [
        (webinar, Gender.WOMAN),
        (webinar, Gender.UNDISCLOSED),
        (webinar, Gender.MAN),
        (learning, Gender.NON_BINARY),
    ]:
        ParticipationFactory(event=event, gender=gender, member=women_led)
    ParticipationFactory(event=webinar, participant_key=same_person)
    ParticipationFactory(event=learning, participant_key=same_person)
    ParticipationFactory(
        event=session, role=Participation.Role.EXPERT, participant_key=same_person
    )
    ParticipationFactory(event=webinar, role=Participation.Role.EXPERT)
    ParticipationFactory(event=congress, role=Participation.Role.LEADER)
    ParticipationFactory(event=session, role=Participation.Role.LEADER)

    for network, readings in {
        "twitter": [(D(2020, 5, 1), 900), (D(2021, 5, 1), 1000)],
        "mastodon": [(D(2021, 7, 1), 50), (D(2021, 8, 1), 70)],
        "bluesky": [(D(2022, 1, 1), 10)],  # no count by the end of 2021
    }.items():
        for as_of, value in readings:
            MeasurementFactory(
                metric__source__code=network,
                metric__source__kind="social_network",
                metric__code="followers",
                as_of=as_of,
                value=value,
            )
    for as_of, value in [(D(2020, 12, 31), 30), (D(2021, 12, 31), 42)]:
        MeasurementFactory(
            metric__source__code="use",
            metric__code="practices",
            as_of=as_of,
            value=value,
        )

    for kind in Programme.Kind:
        programme = ProgrammeFactory(kind=kind)
        ProgrammeMemberFactory(programme=programme, member=women_led)
    ProgrammeMemberFactory(programme__kind=Programme.Kind.PILOT_PROJECT)
    AllianceFactory()
    alliance = AllianceFactory(started_on=D(2021, 6, 1))
    AgreementFactory(
        counterpart_type=CounterpartType.MEMBER, counterpart_member=women_led
    )
    AgreementFactory(
        counterpart_type=CounterpartType.ALLIANCE, counterpart_alliance=alliance
    )
    AgreementFactory()
    for kind in Publication.Kind:
        PublicationFactory(kind=kind, has_gender_perspective=True)
        PublicationFactory(kind=kind)
    DeclarationFactory(has_gender_perspective=True)
    DeclarationFactory()
    for kind in StaffMember.Kind:
        StaffMemberFactory(kind=kind)
    StaffMemberFactory(started_on=D(2015, 1, 1), ended_on=D(2018, 1, 1))
    for category, amount in [
        (FundingEntry.Category.MEMBER_DUES, 1000),
        (FundingEntry.Category.OTHER, Decimal("250.50")),
    ]:
        FundingEntryFactory(year=YEAR, category=category, amount=amount)
    FundingEntryFactory(year=YEAR - 1)


def test_every_indicator_agrees_with_its_breakdowns_records_and_left_out():
    data_with_missing_values()
    period = report_period(YEAR)
    results = {result.indicator.code: result for result in evaluate_year(YEAR)}
    values = {code: result.value for code, result in results.items()}
    assert "reported.use.practices" in results
    with evaluation():
        for result in results.values():
            check(result, period, values)


def check(result, period, values):
    indicator, code = result.indicator, result.indicator.code
    assert result.value not in (None, 0), f"{code}: the data leaves it empty"

    # Left out: only where the definition leaves records out for missing data.
    if indicator.left_out_of is None:
        assert result.left_out is None, code
        assert indicator.left_out_records_of is None, code
    else:
        left_out = indicator.left_out_records_of(period)
        assert result.left_out == left_out.count() > 0, code

    # Records: they make the value as the indicator declares.
    assert indicator.records_of is not None, f"{code}: no records behind it"
    records = indicator.records_of(period)
    facts = indicator.makeup.facts(records)
    assert indicator.makeup.value(facts) == result.value, code
    if indicator.makeup.kind == "rows":
        assert records.count() == result.value, code
    if indicator.left_out_of is not None and left_out.model is records.model:
        pks = set(records.values_list("pk", flat=True))
        assert not pks & set(left_out.values_list("pk", flat=True)), code
    if indicator.records_apart_of is not None:
        apart = indicator.records_apart_of(period)
        assert apart.exists(), code
        assert not set(apart.values_list("pk", flat=True)) & set(
            records.values_list("pk", flat=True)
        ), code

    # The columns the drill-down highlights are among those it shows.
    shown = headers(resource_for(records)) + list(indicator.extra_columns)
    assert indicator.counted, f"{code}: no column named as counted"
    assert set(indicator.counted) <= set(shown), code
    first = records.first()
    for name in indicator.extra_columns:
        assert hasattr(first, name), code

    # Breakdowns: each adds up to what it splits.
    for name, values_by_code in result.breakdowns.items():
        total = indicator.breakdowns[name].total
        added = sum(values_by_code.values())
        if total == "value":
            assert added == result.value, (code, name)
        elif total == "records":
            assert added == facts["rows"], (code, name)
        elif total == "whole":
            assert added == values[indicator.share_of], (code, name)
        else:
            assert total == "100", (code, name)
            assert abs(added - 100) <= 0.05 * len(values_by_code), (code, name)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_drilldown_sentence_is_translated(language):
    MeasurementFactory(metric__source__code="use", metric__code="practices")
    facts = {"rows": 2, "distinct": 1, "part": 1, "apart": 1, "sum": 3}
    texts = [
        text
        for indicator in registry.all()
        for text in (
            partial(indicator.makeup.describe, facts),
            partial(str, indicator.records_apart_title),
        )
        if text()
    ]
    assert len(texts) >= 9
    for text in texts:
        with translation.override("en"):
            english = text()
        with translation.override(language):
            assert text() != english, english
