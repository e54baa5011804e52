"""The charts' colours, defined once: a category has one colour everywhere.

The palette is Okabe and Ito's, told apart with every common colour
blindness. A category the map below names keeps its colour on every chart
and page (a woman is vermillion in every gender chart, Twitter sky blue in
the donut and in the line over time). `colours` says how the others are
coloured.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY_BLUE, PURPLE, YELLOW, GREY)

# The colour of a bar chart's bars: one series, no categories.
BARS = BLUE

CATEGORY_COLOURS = {
    # Genders (participants, leaders of members)
    "woman": VERMILLION,
    "man": BLUE,
    "non_binary": GREEN,
    "undisclosed": GREY,
    # Social networks (followers by network, and over time)
    "twitter": SKY_BLUE,
    "linkedin": BLUE,
    "facebook": PURPLE,
    "instagram": ORANGE,
    "youtube": VERMILLION,
    # A value with no category
    "": GREY,
}


def colours(codes: Iterable[str | None], choices: Sequence[str] = ()) -> list[str]:
    """Return the colours of a chart's categories, in their order.

    A category named above keeps its colour; a choice (members' categories,
    statutory bodies…) takes the colour of its rank among its choices, the
    same on every chart that splits by them. Any other category (a region, a
    network not named above) takes, in the order of their codes, the colours
    its chart leaves free: two charts of the same categories (a network's
    donut and its line over time) colour them alike.
    """
    names = ["" if code is None else str(code) for code in codes]
    fixed = {
        name: colour_of(name, choices) for name in names if _is_fixed(name, choices)
    }
    free = [colour for colour in PALETTE if colour not in fixed.values()] or PALETTE
    others = sorted(set(names) - set(fixed))
    fixed.update((name, free[rank % len(free)]) for rank, name in enumerate(others))
    return [fixed[name] for name in names]


def _is_fixed(code: str, choices: Sequence[str]) -> bool:
    return code in CATEGORY_COLOURS or code in choices


def colour_of(code: str, choices: Sequence[str] = ()) -> str:
    """Return the colour of a category named above, or of a choice."""
    if code in CATEGORY_COLOURS:
        return CATEGORY_COLOURS[code]
    return PALETTE[list(choices).index(code) % len(PALETTE)]


# Text drawn on a colour: dark on the light ones, white on the others.
LIGHT = frozenset({ORANGE, SKY_BLUE, YELLOW, GREY, PURPLE})


def ink(background: str) -> str:
    """Return the colour of text written on `background`."""
    return "#1a1a1a" if background in LIGHT else "#ffffff"
