"""Uploaded files waiting for the staff's confirmation, kept off the database.

An upload is checked first (a dry run) and imported only when confirmed.
Between the two its files wait in a private folder named by a random token;
they are removed on confirmation or cancellation, and any left behind for
more than an hour is removed at the next upload (they may hold personal data).

A confirmation claims the folder first (renaming it is atomic), so that
Import pressed twice, or from two browsers, imports the files once: the
second press is told they are being, or were, imported.
"""

from __future__ import annotations

import io
import json
import secrets
import shutil
import tempfile
import time
import zipfile
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .runner import ANNUAL_FILE_SUFFIXES

MAX_AGE_SECONDS = 3600
CLAIMED = ".importing"
IMPORTED = ".imported"  # an empty file, left until swept
MAX_UPLOAD_BYTES = 1024**3  # once unzipped
TOKEN_MAX_LENGTH = 64  # ours have 22 characters; a longer name is no folder


class UploadError(Exception):
    pass


def staging_root() -> Path:
    root = Path(
        getattr(settings, "IMPORT_STAGING_DIR", "")
        or Path(tempfile.gettempdir()) / "metropolis-kpi-imports"
    )
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def unpack(uploads: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """Return the annual files among uploads, zip archives opened."""
    files: dict[str, bytes] = {}
    total = 0
    for name, data in uploads:
        if name.lower().endswith(".zip"):
            entries = _unzip(name, data)
        else:
            entries = [(Path(name).name, data)]
        for entry, content in entries:
            total += len(content)
            if total > MAX_UPLOAD_BYTES:
                raise UploadError(_("the files are too large (1 GiB at most)"))
            if entry in files:
                raise UploadError(_("%(file)s is given twice") % {"file": entry})
            files[entry] = content
    return files


def _unzip(name: str, data: bytes) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(_("%(file)s is not a zip archive") % {"file": name}) from None
    entries = []
    with archive:
        for info in archive.infolist():
            entry = Path(info.filename).name
            if info.is_dir() or entry.startswith(".") or "__MACOSX" in info.filename:
                continue
            if Path(entry).suffix.lower() not in ANNUAL_FILE_SUFFIXES:
                continue
            if info.file_size > MAX_UPLOAD_BYTES:
                raise UploadError(_("the files are too large (1 GiB at most)"))
            entries.append((entry, archive.read(info)))
    return entries


def stage(files: dict[str, bytes]) -> str:
    """Keep files until they are confirmed; return the token naming them."""
    sweep()
    token = secrets.token_urlsafe(16)
    folder = staging_root() / token
    folder.mkdir(mode=0o700)
    names = {}
    for index, (name, data) in enumerate(files.items()):
        (folder / str(index)).write_bytes(data)
        names[str(index)] = name
    (folder / "names.json").write_text(json.dumps(names))
    return token


def staged(token: str) -> dict[str, bytes]:
    return _read(_folder(token))


def claim(token: str) -> dict[str, bytes]:
    """Take the staged files for importing them; a second claim is refused."""
    folder = _folder(token)
    claimed = folder.with_name(folder.name + CLAIMED)
    try:
        folder.rename(claimed)
    except FileNotFoundError:  # claimed by a press a moment earlier
        raise UploadError(_being_imported()) from None
    return _read(claimed)


def release(token: str) -> None:
    """Give back claimed files that could not be imported yet."""
    folder = staging_root() / token
    with suppress(FileNotFoundError):  # swept meanwhile: it has expired
        folder.with_name(folder.name + CLAIMED).rename(folder)


def imported(token: str) -> None:
    """Remove imported files, remembering for a while that they were."""
    discard(token)
    (staging_root() / (token + IMPORTED)).touch()


def discard(token: str) -> None:
    if not _valid(token):
        return
    for name in (token, token + CLAIMED):
        shutil.rmtree(staging_root() / name, ignore_errors=True)


def sweep(now: float | None = None) -> None:
    """Remove uploads older than an hour that were never confirmed."""
    limit = (now or time.time()) - MAX_AGE_SECONDS
    for path in staging_root().iterdir():
        if path.stat().st_mtime >= limit:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _read(folder: Path) -> dict[str, bytes]:
    names = json.loads((folder / "names.json").read_text())
    return {name: (folder / index).read_bytes() for index, name in names.items()}


def _valid(token: str) -> bool:
    return (
        bool(token)
        and len(token) <= TOKEN_MAX_LENGTH
        and token.replace("-", "").replace("_", "").isalnum()
    )


def _being_imported() -> str:
    return _("These files are being imported already: see the import history.")


def _folder(token: str) -> Path:
    if not _valid(token):
        raise UploadError(_("this upload has expired; upload the files again"))
    folder = staging_root() / token
    if (folder / "names.json").exists():
        return folder
    if folder.with_name(token + CLAIMED).exists():
        raise UploadError(_being_imported())
    if folder.with_name(token + IMPORTED).exists():
        raise UploadError(
            _("These files were imported already: see the import history.")
        )
    raise UploadError(_("this upload has expired; upload the files again"))
