"""The plan rules: the status at each boundary, progress, the straight line."""

from decimal import Decimal

import pytest

from apps.plans.services import expected_value, progress, status


def status_of(value, *, baseline=100, end_target=200, year=2022):
    # Baseline 2020, end 2023: the line expects 100 + 100 * (year - 2020) / 3.
    return status(
        baseline=baseline,
        baseline_year=2020,
        end_target=end_target,
        last_year=2023,
        year=year,
        value=value,
    )


def test_the_expected_value_lies_on_the_line_from_the_baseline_to_the_end():
    assert expected_value(100, 2020, 190, 2023, 2021) == Decimal(130)
    assert expected_value(100, 2020, 190, 2023, 2020) == Decimal(100)
    assert expected_value(100, 2020, 190, 2023, 2023) == Decimal(190)
    assert expected_value(100, 2020, 190, 2023, 2025) == Decimal(190)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("190", "on_track"),  # reached the end target
        ("160", "on_track"),  # exactly the expected value of 2022 (100 + 60)
        ("159.99", "at_risk"),  # just short
        ("151", "at_risk"),  # 9 short: within 10 % of the distance (90)
        ("151.00", "at_risk"),  # exactly 10 % short (9 of 90)
        ("150.99", "off_track"),  # just beyond
        ("90", "off_track"),  # went back
    ],
)
def test_an_increasing_target_status_at_each_boundary(value, expected):
    assert status_of(Decimal(value), end_target=190) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("40", "on_track"),  # exactly the expected value of 2022 (100 - 60)
        ("39", "on_track"),  # below it: ahead for a decreasing target
        ("40.01", "at_risk"),
        ("49", "at_risk"),  # exactly 10 % of the distance (9 of 90) above
        ("49.01", "off_track"),
    ],
)
def test_a_decreasing_target_status_at_each_boundary(value, expected):
    assert status_of(Decimal(value), end_target=10) == expected


def test_no_value_or_no_baseline_gives_no_status():
    assert status_of(None) is None
    assert status_of(150, baseline=None) is None


def test_a_target_equal_to_the_baseline_is_on_track_when_kept_and_off_when_missed():
    assert status_of(100, end_target=100) == "on_track"
    assert status_of(99, end_target=100) == "off_track"  # no margin: 0 distance


def test_progress_is_the_share_of_the_way_from_the_baseline_to_the_end_target():
    assert progress(Decimal(100), Decimal(200), 150) == 50.0
    assert progress(Decimal(100), Decimal(50), 75) == 50.0
    assert progress(Decimal(100), Decimal(200), 90) == -10.0
    assert progress(Decimal(100), Decimal(100), 100) is None
    assert progress(Decimal(100), Decimal(200), None) is None
