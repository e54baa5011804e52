"""The charts' colours, defined once: a category has one colour everywhere.

The palette is Okabe and Ito's, told apart with every common colour
blindness. A category the map below names keeps its colour on every chart
and page (a woman is vermillion in every gender chart, Twitter sky blue in
the donut and in the line over time). A category it does not name gets
the colour of its rank among its breakdown's choices (members' categories,
statutory bodies: the same on every chart that splits by them), else one
from its code alone (a stable hash), so it too is the same wherever it is
drawn.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

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


def colour_of(code: str | None, choices: Sequence[str] = ()) -> str:
    """Return a category's colour: its own, else its choice's, else its code's."""
    code = "" if code is None else str(code)
    if code in CATEGORY_COLOURS:
        return CATEGORY_COLOURS[code]
    if code in choices:
        return PALETTE[list(choices).index(code) % len(PALETTE)]
    return PALETTE[zlib.crc32(code.encode()) % len(PALETTE)]
