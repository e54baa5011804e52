"""Hostile annual files, small on disk, built in a test's folder.

Each stands for one found by probing the admin's upload: a few kilobytes or
megabytes that once took gigabytes of memory or minutes of a worker's time.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

from tests.imports.helpers import MEMBERS_HEADER

__all__ = ["MEMBERS_HEADER"]

MiB = 1024 * 1024
ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"


def zip_bomb(path: Path, *, entries: int = 3, size: int = 700 * MiB) -> Path:
    """A zip of `entries` files of `size` zeros each, compressed once."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk, crc, data = bytes(MiB), 0, []
    for _ in range(size // MiB):
        data.append(compressor.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    data.append(compressor.flush())
    compressed = b"".join(data)
    directory, offset = [], 0
    with path.open("wb") as out:
        for n in range(entries):
            name = f"{['members', 'mandates', 'events'][n % 3]}.csv".encode()
            header = struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(compressed),
                size,
                len(name),
                0,
            )
            out.write(header + name + compressed)
            directory.append(
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    len(compressed),
                    size,
                    len(name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
            )
            offset += len(header) + len(name) + len(compressed)
        listing = b"".join(directory)
        out.write(listing)
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                entries,
                entries,
                len(listing),
                offset,
                0,
            )
        )
    return path


def workbook_with_sheet(path: Path, sheet_xml: str | bytes) -> Path:
    """A real workbook (from openpyxl) whose first sheet is replaced."""
    book = Workbook()
    book.active.append(["code"])
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(buffer) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in original.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                copy.writestr(info.filename, sheet_xml)
            else:
                copy.writestr(info, original.read(info))
    return path


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_and_row(row: str = ROW) -> str:
    letters = "ABCDEFGH"
    header = "".join(
        _cell(f"{letter}1", name)
        for letter, name in zip(letters, MEMBERS_HEADER.split(","), strict=True)
    )
    values = "".join(
        _cell(f"{letter}2", value)
        for letter, value in zip(letters, row.split(","), strict=True)
        if value
    )
    return f'<row r="1">{header}</row><row r="2">{values}</row>'


def _sheet(dimension: str, rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def far_column_workbook(path: Path, rows: int = 20_000) -> Path:
    """A value in column XFD, the last, on each of `rows` rows."""
    far = "".join(
        f'<row r="{n}">{_cell(f"XFD{n}", "x")}</row>' for n in range(3, rows + 3)
    )
    return workbook_with_sheet(
        path, _sheet(f"A1:XFD{rows + 2}", _header_and_row() + far)
    )


def styled_far_column_workbook(path: Path, rows: int = 20_000) -> Path:
    """Empty cells formatted in column XFD on `rows` rows: nothing to read."""
    far = "".join(f'<row r="{n}"><c r="XFD{n}" s="0"/></row>' for n in range(3, rows))
    return workbook_with_sheet(path, _sheet(f"A1:XFD{rows}", _header_and_row() + far))


def whole_sheet_dimension_workbook(path: Path) -> Path:
    """A header and a row, in a sheet stating it fills A1:XFD1048576."""
    return workbook_with_sheet(path, _sheet("A1:XFD1048576", _header_and_row()))


def malformed_xml_workbook(path: Path) -> Path:
    return workbook_with_sheet(path, _sheet("A1:H2", _header_and_row())[:-40])


def long_header_csv(path: Path, characters: int = 200_000) -> Path:
    path.write_text("code," + "x" * characters + "\n" + ROW + "\n")
    return path


def long_line_csv(path: Path, characters: int = 3 * MiB) -> Path:
    path.write_text(MEMBERS_HEADER + "\n" + "," * characters + "\n")
    return path


def many_entries_zip(path: Path, entries: int = 30_000) -> Path:
    """A zip listing more files than a year has, each empty."""
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(entries):
            archive.writestr(f"{n}.csv", b"")
    return path


def row_beyond_excel_workbook(path: Path) -> Path:
    """A row numbered past Excel's last, which openpyxl would count up to."""
    far = f'<row r="99999999">{_cell("A99999999", "x")}</row>'
    return workbook_with_sheet(path, _sheet("A1:H2", _header_and_row() + far))


def large_shared_strings_workbook(path: Path) -> Path:
    """Shared strings that unzip to 40 MiB, all held in memory by openpyxl."""
    workbook_with_sheet(path, _sheet("A1:H2", _header_and_row()))
    strings = "<si><t>x</t></si>" * (40 * MiB // 17)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{strings}</sst>",
        )
    return path
