from apps.indicators.sparkline import sparkline


def test_a_sparkline_is_an_image_titled_with_its_values():
    svg = sparkline([1, 3, 2], title="Events: 1, 3, 2")
    assert svg.startswith('<svg class="sparkline" role="img"')
    assert "<title>Events: 1, 3, 2</title>" in svg
    # x from 0 to the width, y from the bottom (lowest) to the top (highest)
    assert '<polyline points="1.0,19.0 40.0,1.0 79.0,10.0"' in svg


def test_a_year_with_no_data_breaks_the_line():
    svg = sparkline([None, 1, None, 2, 4], title="t")
    assert svg.count("<polyline") == 1
    assert svg.count("<circle") == 2  # a lone point, and the last value


def test_no_value_draws_nothing_and_a_title_is_escaped():
    assert sparkline([None, None], title="t") == ""
    assert "<title>a &lt;b&gt;</title>" in sparkline([1, 1], title="a <b>")


def test_a_single_value_draws_nothing_for_a_trend_needs_two():
    assert sparkline([45], title="t") == ""
    assert sparkline([None, None, 45], title="t") == ""
    assert sparkline([None, 45, None], title="t") == ""


def test_two_values_apart_draw_their_two_points():
    svg = sparkline([1, None, 2], title="t")
    assert (svg.count("<polyline"), svg.count("<circle")) == (0, 2)
