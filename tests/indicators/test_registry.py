import datetime as dt

import pytest

from apps.indicators.periods import Period
from apps.indicators.registry import (
    AlreadyRegistered,
    Indicator,
    IndicatorRegistry,
    NotRegistered,
    evaluation,
    registry,
    shared_aggregate,
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
        "Members whose joined_on falls in the period."
    )


def test_years_with_data_spans_first_to_last_dated_record():
    local = IndicatorRegistry()
    local.register_span(lambda: (dt.date(2019, 5, 1), dt.date(2020, 2, 1)))
    local.register_span(lambda: (dt.date(2020, 1, 1), dt.date(2022, 12, 31)))
    local.register_span(lambda: (None, None))
    assert local.years_with_data() == range(2019, 2023)


def test_no_dated_record_means_no_year():
    local = IndicatorRegistry()
    local.register_span(lambda: (None, None))
    assert local.years_with_data() == range(0)


def test_shared_aggregate_runs_once_per_period_within_an_evaluation():
    calls = []

    @shared_aggregate
    def aggregate(period):
        calls.append(period)
        return len(calls)

    year = Period.year(2021)
    with evaluation():
        assert aggregate(year) == aggregate(year) == 1
        aggregate(year.previous())
    assert len(calls) == 2
    # Outside an evaluation nothing is kept: a later edit is always seen.
    aggregate(year)
    aggregate(year)
    assert len(calls) == 4


def test_the_definitions_catalogue_is_up_to_date():
    from django.core.management import call_command

    call_command("sync_definitions", "--check")
