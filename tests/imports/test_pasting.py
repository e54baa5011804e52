"""Pasted lines read as an annual file's rows (apps.imports.pasting)."""

import pytest

from apps.imports.pasting import pasted_table
from apps.imports.reading import FileError

COLUMNS = ["participant_ref", "gender", "role"]
GIVEN = {"event_code": "E1"}


def rows_of(table) -> list[tuple[int, list[str], str]]:
    return [(row.line, row.values, row.problem) for row in table.rows]


def test_lines_without_a_header_take_the_columns_in_order_numbered_as_pasted():
    table = pasted_table(
        "\na@b.org,woman\n\n c@d.org ,man,speaker\n", columns=COLUMNS, given=GIVEN
    )
    assert table.header == ["event_code", "participant_ref", "gender", "role"]
    assert table.header_errors == []
    assert rows_of(table) == [
        (2, ["E1", "a@b.org", "woman", ""], ""),
        (4, ["E1", "c@d.org", "man", "speaker"], ""),
    ]


def test_a_first_line_naming_a_column_is_the_header_in_any_case_and_order():
    table = pasted_table(
        "Gender;Participant_Ref\nwoman;a@b.org", columns=COLUMNS, given=GIVEN
    )
    assert (table.delimiter, table.header) == (
        ";",
        ["event_code", "gender", "participant_ref"],
    )
    (row,) = table.rows
    assert (row.line, row.cell("participant_ref"), row.cell("event_code")) == (
        2,
        "a@b.org",
        "E1",
    )


def test_extra_cells_and_given_columns_in_the_header_are_problems():
    table = pasted_table("a@b.org,woman,attendee,oops", columns=COLUMNS, given=GIVEN)
    assert rows_of(table) == [
        (
            1,
            ["E1", "a@b.org", "woman", "attendee"],
            "4 cells but the header has 3 columns",
        )
    ]
    table = pasted_table(
        "participant_ref,event_code\na,E2", columns=COLUMNS, given=GIVEN
    )
    assert table.header_errors == [(1, "event_code", "unknown column")]


def test_quoted_cells_may_hold_the_delimiter():
    table = pasted_table('"Doe, Ana",woman', columns=COLUMNS, given=GIVEN)
    assert rows_of(table) == [(1, ["E1", "Doe, Ana", "woman", ""], "")]


def test_an_unreadable_line_is_a_file_error_naming_it():
    huge = '"' + "x" * 200_000 + '"'
    table = pasted_table(f"a,woman\n{huge},man", columns=COLUMNS, given=GIVEN)
    with pytest.raises(FileError) as error:
        list(table.rows)
    assert str(error.value) == "line 2: field larger than field limit (131072)"
