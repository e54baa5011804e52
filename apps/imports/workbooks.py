"""Checking an Excel workbook before openpyxl reads it.

A workbook is a zip archive of XML parts, and a few kilobytes can describe
a sheet that takes gigabytes or minutes to read: parts that unzip to
gigabytes, a stated size of A1:XFD1048576 that openpyxl fills with empty
cells, a row of millions of cells, a value in column XFD on every row.

`check_workbook` finds the sheet openpyxl reads (the first worksheet in
tab order), reads the parts' stated sizes (which zipfile enforces when
unzipping), then streams that sheet's XML once, keeping one row at a time,
within a time limit. It returns the header's width: openpyxl
then reads that many columns, and a value beyond them is refused here.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
import zlib
from typing import IO, BinaryIO
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from django.utils.translation import gettext as _

from .archives import ArchiveError, open_zip

# Unzipped: the worksheet read; the shared strings (held in memory
# by openpyxl, about twice their size); any other part (styles, workbook…).
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_PART_BYTES = 4 * 1024 * 1024
MAX_ROWS = 1_048_576  # Excel's own limits
MAX_COLUMN = 16_384
MAX_SECONDS = 20.0
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class FileError(Exception):
    """The file as a whole cannot be read; the message says why."""


def check_workbook(stream: BinaryIO) -> int:
    """Check a workbook can be read safely; return its header's width."""
    deadline = time.monotonic() + MAX_SECONDS
    try:
        archive = open_zip(stream)
    except ArchiveError as error:
        raise FileError(str(error)) from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise FileError(_("not an Excel workbook (.xlsx)")) from None
    with archive:
        try:
            sheet = archive.getinfo(_first_worksheet(archive))
        except (KeyError, ParseError, StopIteration, IndexError, TypeError):
            raise FileError(_("not an Excel workbook (.xlsx)")) from None
        _check_sizes(archive, sheet)
        try:
            with archive.open(sheet) as part:
                width = _check_sheet(part, deadline)
        except ParseError as error:
            raise FileError(
                _("not an Excel workbook (.xlsx): %(part)s: %(error)s")
                % {"part": sheet.filename, "error": error}
            ) from None
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError):
            raise FileError(_("not an Excel workbook (.xlsx)")) from None
    stream.seek(0)
    return width


def _first_worksheet(archive: zipfile.ZipFile) -> str:
    """Name the part of the sheet openpyxl reads: the workbook's first
    worksheet in tab order (which need not be sheet1.xml)."""
    package = _parse(archive, "_rels/.rels")
    workbook = next(
        r.get("Target")
        for r in package
        if r.get("Type", "").endswith("/officeDocument")
    ).lstrip("/")
    folder, _slash, name = workbook.rpartition("/")
    relations = {r.get("Id"): r for r in _parse(archive, f"{folder}/_rels/{name}.rels")}
    for sheet in _parse(archive, workbook).find(f"{{{MAIN}}}sheets"):
        relation = relations.get(sheet.get(f"{{{RELATIONSHIPS}}}id"))
        if relation is not None and relation.get("Type", "").endswith("/worksheet"):
            target = relation.get("Target")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(f"{folder}/{target}")
    raise StopIteration


def _parse(archive: zipfile.ZipFile, name: str):
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise FileError(_too_large() % {"part": name})
    return fromstring(archive.read(info))


def _too_large() -> str:
    return _(
        "the workbook is too large to read (%(part)s); save its first sheet as CSV"
    )


def _check_sizes(archive: zipfile.ZipFile, sheet: zipfile.ZipInfo) -> None:
    # Other worksheets are never read, nor are images; the other XML parts
    # are, whole, by openpyxl.
    if sheet.file_size > MAX_SHEET_BYTES:
        raise FileError(_too_large() % {"part": sheet.filename})
    for info in archive.infolist():
        if "worksheets/" in info.filename or not info.filename.endswith(
            (".xml", ".rels")
        ):
            continue
        limit = (
            MAX_SHARED_STRINGS_BYTES
            if info.filename.endswith("sharedStrings.xml")
            else MAX_PART_BYTES
        )
        if info.file_size > limit:
            raise FileError(_too_large() % {"part": info.filename})


def _check_sheet(part: IO[bytes], deadline: float) -> int:
    """Stream one worksheet; return the width of its first row's values."""
    parent = None
    row_number = column = width = 0
    cells = 0
    for event, element in iterparse(part, events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            if tag == "sheetData":
                parent = element
            elif tag == "row":
                row_number = _number(element.get("r"), row_number + 1)
                if row_number > MAX_ROWS:
                    raise FileError(
                        _("more rows than Excel allows (%(max)s)")
                        % {"max": f"{MAX_ROWS:,}"}
                    )
                column = cells = 0
            continue
        if tag == "c":
            column = _column(element.get("r"), column + 1)
            cells += 1
            if column > MAX_COLUMN or cells > MAX_COLUMN:
                raise FileError(
                    _("line %(line)s: more columns than Excel allows (%(max)s)")
                    % {"line": row_number, "max": f"{MAX_COLUMN:,}"}
                )
            if _has_value(element):
                if row_number == 1:
                    width = max(width, column)
                elif column > width:
                    raise FileError(
                        _(
                            "line %(line)s: a value in column %(column)s, beyond "
                            "the header's last column (%(width)s)"
                        )
                        % {"line": row_number, "column": column, "width": width}
                    )
            element.clear()
        elif tag == "row":
            if parent is not None:
                parent.clear()  # one row at a time in memory
            if time.monotonic() > deadline:
                raise FileError(
                    _(
                        "the workbook takes too long to read; "
                        "save its first sheet as CSV"
                    )
                )
    return width


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) <= 9 else default


def _column(reference: str | None, default: int) -> int:
    match = _REFERENCE.fullmatch(reference or "")
    if not match:
        return default
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _has_value(cell) -> bool:
    return any(
        child.tag.rpartition("}")[2] in {"v", "is"} and _text(child) for child in cell
    )


def _text(element) -> bool:
    return bool((element.text or "").strip()) or any(_text(c) for c in element)
