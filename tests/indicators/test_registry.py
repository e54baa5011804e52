import datetime as dt

import pytest

from apps.indicators.indicator import Indicator
from apps.indicators.memo import evaluation, shared_aggregate
from apps.indicators.periods import Period
from apps.indicators.registry import (
    AlreadyRegistered,
    IndicatorRegistry,
    NotRegistered,
    registry,
)
from apps.indicators.spans import Span
from tests.factories import (
    EventFactory,
    FundingEntryFactory,
    MemberFactory,
    StaffMemberFactory,
    records_of_every_source,
)


def _compute(period):
    """A documented computation."""
    return 1


@pytest.mark.django_db
def test_registry_discovers_the_indicators_of_each_app():
    codes = {item.code for item in registry.all()}
    assert {"members.active", "members.new", "members.women_led_share"} <= codes


def test_registry_lists_indicators_in_the_report_section_order():
    local = IndicatorRegistry()
    for code, section in [("a.voice", "voice"), ("b.network", "network")]:
        local.register(Indicator(code, code, section, "count", _compute))
    assert [i.code for i in local.all()] == ["b.network", "a.voice"]


def test_registering_a_code_twice_is_refused():
    local = IndicatorRegistry()
    local.register(Indicator("x.one", "One", "network", "count", _compute))
    with pytest.raises(AlreadyRegistered, match=r"x\.one"):
        local.register(Indicator("x.one", "Again", "network", "count", _compute))


@pytest.mark.django_db
def test_unknown_code_is_not_registered():
    with pytest.raises(NotRegistered, match="nope"):
        registry.get("nope")


def test_an_indicator_needs_a_definition_a_known_section_and_unit():
    def undocumented(period):
        return 1

    with pytest.raises(ValueError, match="docstring"):
        Indicator("x.a", "A", "network", "count", undocumented)
    with pytest.raises(ValueError, match="section"):
        Indicator("x.a", "A", "elsewhere", "count", _compute)
    with pytest.raises(ValueError, match="unit"):
        Indicator("x.a", "A", "network", "litres", _compute)


def test_definition_is_the_docstring():
    assert registry.get("members.new").definition == (
        "Members that joined during the period."
    )


@pytest.mark.django_db
def test_years_with_data_are_the_years_of_recorded_activity():
    MemberFactory(joined_on=dt.date(1985, 5, 1))  # joining is no activity
    StaffMemberFactory(started_on=dt.date(2015, 9, 1))  # nor a contract
    EventFactory(starts_on=dt.date(2020, 2, 1))
    FundingEntryFactory(year=2022)
    with evaluation():
        assert registry.years_with_data() == range(2020, 2023)


@pytest.mark.django_db
def test_no_recorded_activity_means_no_year():
    MemberFactory(joined_on=dt.date(2021, 5, 1))
    assert registry.years_with_data() == range(0)


@pytest.mark.django_db
def test_every_span_is_read_in_one_query(django_assert_num_queries):
    records_of_every_source(2020)
    items = registry.all()
    with evaluation(), django_assert_num_queries(1):
        spans = registry.spans()
        registry.years_with_data()
        for item in items:
            registry.span_of(item)
    assert spans["members"] == Span(dt.date(2020, 3, 1), dt.date(2020, 3, 1))
    assert spans["funding"] == Span(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert set(spans) == set(registry.sources())


@pytest.mark.django_db
def test_every_indicator_names_the_records_of_its_data():
    records_of_every_source(2020)
    sources = {item.code: registry.source_of(item) for item in registry.all()}
    assert [code for code, source in sources.items() if source is None] == []
    names = {code: source.name for code, source in sources.items()}
    assert names["members.new"] == "members"
    assert names["participants.total"] == "participations"
    assert names["events.total"] == "events"
    assert names["followers.total"] == "followers"
    assert names["funding.split"] == "funding"
    assert names["alliances.active"] == "alliances"
    assert names["declarations.total"] == "declarations"
    reported = [code for code in names if code.startswith("reported.")]
    assert [names[code] for code in reported] == ["reported"]


@pytest.mark.django_db
def test_an_indicator_of_no_source_has_the_span_of_all_activity():
    EventFactory(starts_on=dt.date(2020, 2, 1))
    FundingEntryFactory(year=2022)
    orphan = Indicator("x.orphan", "Orphan", "network", "count", _compute)
    assert registry.source_of(orphan) is None
    assert registry.span_of(orphan) == Span(dt.date(2020, 2, 1), dt.date(2022, 12, 31))


def test_a_span_covers_the_periods_ending_after_its_first_record():
    span = Span(dt.date(2020, 2, 1), dt.date(2020, 3, 1))
    assert not span.has_data_for(Period.year(2019))
    assert not span.has_data_for(Period(dt.date(2020, 1, 1), dt.date(2020, 2, 1)))
    assert span.has_data_for(Period(dt.date(2020, 1, 1), dt.date(2020, 2, 2)))
    assert span.has_data_for(Period.year(2025))  # after the last: still data
    assert not Span(None, None).has_data_for(Period.year(2020))


def test_an_inner_evaluation_shares_the_outer_memo():
    calls = []

    @shared_aggregate
    def aggregate(period):
        calls.append(period)
        return len(calls)

    year = Period.year(2021)
    with evaluation():
        assert aggregate(year) == 1
        with evaluation():
            assert aggregate(year) == 1
        assert aggregate(year) == 1
    assert len(calls) == 1


def test_shared_aggregate_runs_once_per_period_within_an_evaluation():
    calls = []

    @shared_aggregate
    def aggregate(period):
        calls.append(period)
        return len(calls)

    year = Period.year(2021)
    with evaluation():
        assert aggregate(year) == aggregate(year) == 1
        aggregate(Period.year(2020))
    assert len(calls) == 2
    # Outside an evaluation nothing is kept: a later edit is always seen.
    aggregate(year)
    aggregate(year)
    assert len(calls) == 4


def test_the_definitions_catalogue_is_up_to_date():
    from django.core.management import call_command

    call_command("sync_definitions", "--check")
