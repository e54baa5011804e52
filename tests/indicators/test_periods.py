import datetime as dt

import pytest

from apps.indicators.periods import Period

D = dt.date


def test_year_is_first_of_january_to_first_of_next_january():
    assert Period.year(2021) == Period(D(2021, 1, 1), D(2022, 1, 1))


def test_year_includes_first_and_last_day_but_not_next_year():
    year = Period.year(2021)
    assert D(2021, 1, 1) in year
    assert D(2021, 12, 31) in year
    assert D(2022, 1, 1) not in year
    assert D(2020, 12, 31) not in year


def test_last_day_is_the_day_before_the_end():
    assert Period.year(2021).last_day == D(2021, 12, 31)


def test_month_crosses_year_end():
    assert Period.month(2021, 12) == Period(D(2021, 12, 1), D(2022, 1, 1))


def test_period_must_end_after_it_starts():
    with pytest.raises(ValueError, match="must end after it starts"):
        Period(D(2021, 1, 1), D(2021, 1, 1))


def test_a_past_year_is_the_whole_year():
    assert Period.year_to_date(2021, D(2026, 11, 27)) == Period.year(2021)


def test_a_running_year_stops_after_today():
    assert Period.year_to_date(2026, D(2026, 11, 27)) == Period(
        D(2026, 1, 1), D(2026, 11, 28)
    )
    assert Period.year_to_date(2026, D(2026, 12, 31)) == Period.year(2026)


def test_a_year_before_keeps_the_same_days():
    assert Period.year(2021).a_year_before() == Period.year(2020)
    running = Period(D(2026, 1, 1), D(2026, 11, 28))
    assert running.a_year_before() == Period(D(2025, 1, 1), D(2025, 11, 28))
    leap = Period(D(2024, 1, 1), D(2024, 2, 29))
    assert leap.a_year_before() == Period(D(2023, 1, 1), D(2023, 2, 28))
