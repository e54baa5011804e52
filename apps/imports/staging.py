"""Uploaded files waiting for the staff's confirmation, kept off the database.

An upload is checked first (a dry run) and imported only when confirmed.
Between the two its files wait in a private folder named by a random token;
they are removed on confirmation or cancellation, and any left behind for
more than an hour is removed at the next upload (they may hold personal data).
"""

from __future__ import annotations

import io
import json
import secrets
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .runner import ANNUAL_FILE_SUFFIXES

MAX_AGE_SECONDS = 3600
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
    folder = _folder(token)
    names = json.loads((folder / "names.json").read_text())
    return {name: (folder / index).read_bytes() for index, name in names.items()}


def discard(token: str) -> None:
    shutil.rmtree(_folder(token), ignore_errors=True)


def sweep(now: float | None = None) -> None:
    """Remove uploads older than an hour that were never confirmed."""
    limit = (now or time.time()) - MAX_AGE_SECONDS
    for folder in staging_root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def _folder(token: str) -> Path:
    if (
        not token
        or len(token) > TOKEN_MAX_LENGTH
        or not token.replace("-", "").replace("_", "").isalnum()
    ):
        raise UploadError(_("this upload has expired; upload the files again"))
    folder = staging_root() / token
    if not (folder / "names.json").exists():
        raise UploadError(_("this upload has expired; upload the files again"))
    return folder
