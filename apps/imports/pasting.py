"""Rows pasted into an admin form, read as the lines of an annual file.

A list pasted into a text box (participants of one event, say) is read as
CSV: its delimiter detected like a file's, its header optional (the first
line is one when its first cell names a column), and the columns the page
itself gives (the event) added to every row. What comes out is a `Table`,
which the importer's `FileLoader` checks with the file's own widgets and
rules, so that a pasted line and a line of the file are judged alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import chain

from django.utils.translation import gettext as _

from .reading import Row, Table, _check_header, _line_error, _rows, sniff_delimiter


def pasted_table(text: str, *, columns: list[str], given: dict[str, str]) -> Table:
    """Read pasted lines as a table of `columns`, plus the `given` columns' values.

    Lines are numbered as in the text box, blank ones included; a header line
    may name the columns in another order or leave some out.
    """
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: Iterator[tuple[int, list[str]]] = (
        (reader.line_num, cells) for cells in reader
    )
    header, header_errors = list(columns), []
    start = next(((n, c) for n, c in numbered if any(x.strip() for x in c)), None)
    if start is not None:
        line, cells = start
        names = [cell.strip().lower() for cell in cells]
        if names[0] in columns or names[0] in given:
            header = names
            header_errors = _check_header(header)
            header_errors += [
                (line, name, _("unknown column")) for name in header if name in given
            ]
        else:
            numbered = chain([start], numbered)
    positions = {name: i for i, name in enumerate([*given, *header]) if name}
    values = list(given.values())

    def rows() -> Iterator[Row]:
        try:
            for row in _rows(numbered, header):
                yield Row(row.line, [*values, *row.values], positions, row.problem)
        except csv.Error as error:
            raise _line_error(reader.line_num, error) from None

    return Table([*given, *header], rows(), delimiter, header_errors)
