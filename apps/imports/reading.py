"""Reading an annual file: encoding, delimiter, header and rows."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import openpyxl
from django.utils.translation import gettext as _

from .workbooks import FileError, check_workbook

DELIMITERS = (",", ";", "\t")
CHUNK_BYTES = 1 << 20
# A row of an annual file is a few hundred characters; these bounds keep a
# malformed or hostile file from filling the memory or the worker's time.
MAX_LINE_CHARS = 1 << 20
MAX_COLUMNS = 256


@dataclass(slots=True)
class Row:
    line: int
    values: list[str]  # trimmed cells, as many as the header has columns
    header: dict[str, int]  # column name -> position, shared by all rows
    problem: str = ""  # a reason the row cannot be read as a whole

    def cell(self, name: str) -> str:
        position = self.header.get(name)
        return "" if position is None else self.values[position]


@dataclass
class Table:
    header: list[str]
    rows: Iterable[Row]  # read as they are iterated: a file is never held whole
    delimiter: str
    header_errors: list[tuple[int, str, str]]  # (line, cell, reason)
    columns: int = 0  # a workbook's: as found by its check
    close: Callable[[], None] = lambda: None  # when its rows are not read


def detect_encoding(stream: BinaryIO) -> str:
    """Tell UTF-8 (with or without BOM) from cp1252, reading in chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(CHUNK_BYTES):
                if b"\x00" in chunk:
                    raise FileError(
                        _("not a text file (is it an Excel workbook saved as .csv?)")
                    )
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileError(_("neither UTF-8 nor Windows-1252 text"))


def open_table(
    source: bytes | Path, *, name: str = "", checked: Table | None = None
) -> Table:
    """Read an annual file given as bytes or as a path, row by row.

    An `.xlsx` name is read as an Excel workbook (its first sheet), anything
    else as CSV. A path is streamed: the file is read twice (its encoding,
    then its rows) and never held whole in memory.

    `checked` is the table of the same file opened before: a workbook's
    check (see `read_workbook`) is not done twice.
    """
    if name.lower().endswith(".xlsx"):
        return read_workbook(source, columns=checked.columns if checked else None)
    stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    try:
        encoding = detect_encoding(stream)
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        first_line = _bounded_line(text, 1).rstrip("\r\n")
        if not first_line.strip():
            raise FileError(_("empty file, or no header on line 1"))
        delimiter = sniff_delimiter(first_line)
        header = [
            cell.strip().lower()
            for cell in next(csv.reader([first_line], delimiter=delimiter), [])
        ]
        _check_width(len(header))
    except (csv.Error, FileError) as error:
        stream.close()
        if isinstance(error, csv.Error):  # a header cell too long, say
            raise _line_error(1, error) from None
        raise
    reader = csv.reader(_bounded_lines(text), delimiter=delimiter)

    def rows() -> Iterator[Row]:
        try:
            numbered = ((reader.line_num + 1, cells) for cells in reader)
            yield from _rows(numbered, header)
        except csv.Error as error:
            raise _line_error(reader.line_num + 1, error) from None
        finally:
            text.close()

    return Table(header, rows(), delimiter, _check_header(header), close=text.close)


def _line_error(line: int, error: csv.Error) -> FileError:
    return FileError(_("line %(line)s: %(error)s") % {"line": line, "error": error})


def _bounded_line(text: io.TextIOWrapper, number: int) -> str:
    line = text.readline(MAX_LINE_CHARS + 1)
    if len(line) > MAX_LINE_CHARS:
        raise FileError(
            _("line %(line)s is longer than %(max)s characters")
            % {"line": number, "max": f"{MAX_LINE_CHARS:,}"}
        )
    return line


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """Yield the lines after the header, never one too long to hold."""
    for number in itertools.count(2):
        if not (line := _bounded_line(text, number)):
            return
        yield line


def _check_width(columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise FileError(
            _("the header has %(columns)s columns; %(max)s at most")
            % {"columns": f"{columns:,}", "max": MAX_COLUMNS}
        )


def sniff_delimiter(header_line: str) -> str:
    """Pick the delimiter that splits the header line into the most cells."""
    counts = {
        delimiter: len(next(csv.reader([header_line], delimiter=delimiter), []))
        for delimiter in DELIMITERS
    }
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 1 else ","


def _check_header(header: list[str]) -> list[tuple[int, str, str]]:
    errors, seen = [], set()
    for name in header:
        if name and name in seen:
            errors.append((1, name, _("column appears twice in the header")))
        seen.add(name)
    return errors


def read_workbook(source: bytes | Path, *, columns: int | None = None) -> Table:
    """Read the first sheet of an Excel workbook, dates typed as dates included,
    once checked (`workbooks.check_workbook`) unless `columns` gives the
    header's width that check found before."""
    # A file object: openpyxl would judge a path by its name's extension.
    stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    workbook = None

    def close() -> None:
        if workbook is not None:
            workbook.close()
        stream.close()

    try:
        width = check_workbook(stream) if columns is None else columns
        _check_width(width)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Its stated size may be anything (A1:XFD1048576); the check found
        # the header's last column, beyond which no cell holds a value.
        sheet.reset_dimensions()
        lines = sheet.iter_rows(values_only=True, max_col=max(width, 1))
        first = next(lines, None)
        if not width or first is None or not any(cell is not None for cell in first):
            raise FileError(_("empty file, or no header on line 1"))
    except Exception as error:  # openpyxl has many errors for a broken file
        close()
        if isinstance(error, FileError):
            raise
        raise FileError(_("not an Excel workbook (.xlsx)")) from None
    header = [_cell_text(cell).lower() for cell in first]

    def rows() -> Iterator[Row]:
        try:
            yield from _rows(
                (
                    (line, [_cell_text(cell) for cell in cells])
                    for line, cells in enumerate(lines, start=2)
                ),
                header,
            )
        except Exception:
            raise FileError(_("not an Excel workbook (.xlsx)")) from None
        finally:
            close()

    return Table(header, rows(), "", _check_header(header), width, close)


def _cell_text(value: object) -> str:
    """Return a worksheet cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(lines: Iterator[tuple[int, list[str]]], header: list[str]) -> Iterator[Row]:
    width = len(header)
    positions = {name: i for i, name in enumerate(header) if name}
    unnamed = [i for i, name in enumerate(header) if not name]
    for line, cells in lines:
        values = [cell.strip() for cell in cells]
        if not any(values):
            continue  # blank rows, such as the ones Excel leaves at the end
        problem = ""
        count = len(values)
        if count < width:
            values += [""] * (width - count)  # Excel drops trailing empty cells
        elif count > width:
            if any(values[width:]):
                problem = _(
                    "%(cells)s cells but the header has %(columns)s columns"
                ) % {"cells": count, "columns": width}
            del values[width:]
        if unnamed and not problem and any(values[i] for i in unnamed):
            problem = _("a value under a column with no header")
        yield Row(line, values, positions, problem)
