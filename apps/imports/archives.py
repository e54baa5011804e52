"""Uploaded files and zip archives, unpacked without trusting their sizes.

A zip archive may hold far more than it weighs: a few megabytes can unzip
to gigabytes, and its directory may list millions of entries. Entries are
therefore copied to disk a chunk at a time with a running total, refused as
soon as the total passes the limit (IMPORT_MAX_UPLOAD_MB), and an archive
whose directory is larger than any year's files need is not opened at all.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, BinaryIO, cast

from django.conf import settings
from django.utils.translation import gettext as _

ANNUAL_FILE_SUFFIXES = (".csv", ".xlsx")
CHUNK_BYTES = 1 << 20
# The directory of an archive: about 10,000 entries with their names.
MAX_DIRECTORY_BYTES = 1 << 20
_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")


class UploadError(Exception):
    """The upload is refused as a whole; the message says why."""


class ArchiveError(Exception):
    """A zip archive (or an Excel workbook, which is one) cannot be opened."""


def max_upload_bytes() -> int:
    return int(settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024)


def too_large() -> str:
    return _(
        "the files are too large: %(mb)s MB at most, once unzipped "
        "(the IMPORT_MAX_UPLOAD_MB setting)"
    ) % {"mb": f"{settings.IMPORT_MAX_UPLOAD_MB:g}"}


def open_zip(stream: BinaryIO) -> zipfile.ZipFile:
    """Open a zip archive, refusing one whose directory is too large to read.

    Raises `zipfile.BadZipFile` for what is no zip archive, `ArchiveError`
    for a directory too large.
    """
    # zipfile reads the whole directory into memory, as large as the archive
    # says it is: read that size first, as zipfile finds it.
    end = stream.seek(0, io.SEEK_END)
    start = max(0, end - (_END.size + 0xFFFF + _END64_LOCATOR.size + _END64.size))
    stream.seek(start)
    tail = stream.read()
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        raise zipfile.BadZipFile
    size = _END.unpack_from(tail, at)[5]
    locator = at - _END64_LOCATOR.size
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        record = locator - _END64.size
        if record < 0 or tail[record : record + 4] != b"PK\x06\x06":
            raise zipfile.BadZipFile
        size = _END64.unpack_from(tail, record)[8]
    if size > MAX_DIRECTORY_BYTES:
        raise ArchiveError(_("the archive lists too many files"))
    return zipfile.ZipFile(stream)


def unpack(
    uploads: Mapping[str, bytes | BinaryIO] | Iterable[tuple[str, bytes | BinaryIO]],
    folder: Path,
) -> dict[str, Path]:
    """Copy the annual files among uploads into a folder, zip archives opened.

    Return each file's name and where it is (`folder/0`, `folder/1`…).
    Raise `UploadError` as `unpack_each` does.
    """

    def keep(index: int, stream: BinaryIO) -> None:
        with (folder / str(index)).open("xb") as out:
            shutil.copyfileobj(stream, out, CHUNK_BYTES)

    names = unpack_each(uploads, keep)
    return {name: folder / str(index) for index, name in enumerate(names)}


def unpack_each(
    uploads: Mapping[str, bytes | BinaryIO] | Iterable[tuple[str, bytes | BinaryIO]],
    keep: Callable[[int, BinaryIO], object],
) -> list[str]:
    """Hand each annual file among uploads, zip archives opened, to `keep`
    (its index and a stream of its content); return their names in order.

    Raise `UploadError` when the files, once unzipped, pass the size limit
    (as soon as a stream read passes it), or an archive cannot be read.
    """
    items = uploads.items() if isinstance(uploads, Mapping) else uploads
    names: list[str] = []
    capped = _Capped(max_upload_bytes())

    def each(name: str, stream: IO[bytes]) -> None:
        if name in names:
            raise UploadError(_("%(file)s is given twice") % {"file": name})
        capped.stream = stream
        # A file-like that only reads, which is all that `keep` does with it.
        keep(len(names), cast(BinaryIO, capped))
        names.append(name)

    for name, content in items:
        stream = io.BytesIO(content) if isinstance(content, bytes) else content
        if not name.lower().endswith(".zip"):
            each(_base_name(name), stream)
            continue
        try:
            archive = open_zip(stream)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise UploadError(
                _("%(file)s is not a zip archive") % {"file": name}
            ) from None
        except ArchiveError as error:
            raise UploadError(f"{name}: {error}") from None
        with archive:
            for info in archive.infolist():
                entry = _base_name(info.filename)
                if (
                    info.is_dir()
                    or entry.startswith(".")
                    or "__MACOSX" in info.filename
                    or Path(entry).suffix.lower() not in ANNUAL_FILE_SUFFIXES
                ):
                    continue
                try:
                    with archive.open(info) as unzipped:
                        each(entry, unzipped)
                except (
                    zipfile.BadZipFile,
                    zlib.error,
                    NotImplementedError,
                    OSError,
                    EOFError,
                ):
                    raise UploadError(
                        _("%(file)s cannot be unzipped from %(archive)s")
                        % {"file": entry, "archive": name}
                    ) from None
    return names


class _Capped(io.RawIOBase):
    """The streams of one upload, read one after the other at most a chunk
    at a time, refused once their total passes the limit; it cannot seek,
    so that nothing is read twice uncounted. A stream as `io` makes them:
    storages ask it whether it is open, seekable, readable (S3's does)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.total = limit, 0
        self.stream: IO[bytes] = io.BytesIO()

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(CHUNK_BYTES), b""))
        chunk = self.stream.read(min(size, CHUNK_BYTES))
        self.total += len(chunk)
        if self.total > self.limit:
            raise UploadError(too_large())
        return chunk


def _base_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name
