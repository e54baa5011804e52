import re

from apps.indicators import svg
from apps.indicators.colours import BARS, CATEGORY_COLOURS, colours


def widths(markup):
    return [
        float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', markup)
    ]


def test_a_stacked_bar_splits_its_width_in_proportion_one_segment_after_another():
    markup = svg.stacked_bar(
        [("woman", "Women", 52), ("man", "Men", 39), ("undisclosed", "?", 13)],
        title="By gender",
        shown=lambda v: f"{v}%",
    )
    assert widths(markup) == [180.0, 135.0, 45.0]
    assert re.findall(r'<rect x="([\d.]+)" y="0"', markup) == ["0", "180", "315"]
    assert (
        '<text x="18" y="51" fill="#1d2733" font-family="inherit" font-size="12">'
        "52% Women</text>"
    ) in markup


def test_a_chart_is_an_accessible_image_with_its_labels_escaped():
    markup = svg.bars(
        [("x", "<b>Africa</b> & co", 3), ("y", "Europe", 6)],
        title="Members <by> region",
    )
    assert markup.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
    )
    assert "<title>Members &lt;by&gt; region</title>" in markup
    assert "&lt;b&gt;Africa&lt;/b&gt; &amp; co" in markup
    assert "<b>" not in markup
    # longest first, the longest bar spans the room left by the labels
    assert markup.index("Europe") < markup.index("Africa")


def test_empty_or_zero_parts_draw_no_segment():
    markup = svg.stacked_bar([("woman", "Women", 0), ("man", "Men", 10)], title="t")
    assert widths(markup) == [360.0]
    assert "Women" not in markup


def fills(markup: str) -> list[str]:
    return re.findall(
        r'<rect x="[\d.]+" y="0" width="[\d.]+" height="\d+" fill="(#\w+)"', markup
    )


def test_a_category_keeps_the_dashboards_colour_on_every_chart():
    women_first = svg.stacked_bar([("woman", "W", 1), ("man", "M", 1)], title="t")
    men_first = svg.stacked_bar([("man", "M", 1), ("woman", "W", 1)], title="t")
    woman, man = CATEGORY_COLOURS["woman"], CATEGORY_COLOURS["man"]
    assert fills(women_first) == [woman, man]
    assert fills(men_first) == [man, woman]
    # the same colours as the dashboard's charts, choices ranked alike
    parts = [("other", "Other", 1), ("member_dues", "Dues", 3)]
    choices = ["member_dues", "partnerships", "alliances", "other"]
    assert fills(svg.stacked_bar(parts, title="t", choices=choices)) == colours(
        ["other", "member_dues"], choices
    )


def test_bars_are_drawn_in_the_dashboards_bar_colour():
    markup = svg.bars([("x", "Africa", 3), ("y", "Europe", 6)], title="t")
    assert set(re.findall(r'<rect [^>]*fill="(#\w+)"', markup)) == {BARS}


def test_a_legend_too_long_for_two_columns_takes_one():
    short = svg.stacked_bar([("a", "Other", 1), ("b", "Dues", 1)], title="t")
    long = svg.stacked_bar(
        [("a", "Other", 1), ("b", "Cotisations des membres", 1)], title="t"
    )
    assert re.findall(r'<rect x="([\d.]+)" y="40"', short) == ["0", "180"]
    assert re.findall(r'<rect x="([\d.]+)" y="40"', long) == ["0"]
    assert re.findall(r'<rect x="([\d.]+)" y="62"', long) == ["0"]
    assert 'viewBox="0 0 360 84"' in long
