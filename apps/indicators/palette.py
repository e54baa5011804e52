"""The charts' colours, defined once: the Okabe-Ito colour-blind-safe palette.

A category code keeps its colour on every chart (women are always the same
orange); other codes take the palette's colours in turn.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design", without the black.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey, for what is left over
)

BY_CODE: dict[str, str] = {
    # genders
    "woman": "#E69F00",
    "man": "#0072B2",
    "non_binary": "#009E73",
    "undisclosed": "#999999",
    # sources of funding
    "member_dues": "#0072B2",
    "partnerships": "#E69F00",
    "alliances": "#009E73",
    "other": "#999999",
}

# Text drawn on a colour: dark on the light ones, white on the others.
LIGHT = frozenset({"#E69F00", "#56B4E9", "#F0E442", "#999999", "#CC79A7"})


def colour(code: str, index: int) -> str:
    """Return a category's colour: its own, else the palette's `index`-th."""
    return BY_CODE.get(str(code), OKABE_ITO[index % (len(OKABE_ITO) - 1)])


def ink(background: str) -> str:
    """Return the colour of text written on `background`."""
    return "#1a1a1a" if background in LIGHT else "#ffffff"
