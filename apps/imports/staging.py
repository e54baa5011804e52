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

import csv
import json
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from .archives import UploadError, unpack
from .loading import Changes

MAX_AGE_SECONDS = 3600
CLAIMED = ".importing"
IMPORTED = ".imported"  # an empty file, left until swept
TOKEN_MAX_LENGTH = 64  # ours have 22 characters; a longer name is no folder


def staging_root() -> Path:
    """The private folder of staged uploads, made if need be.

    A folder found there must be this user's and closed to others: in a
    shared /tmp another user could have made it first, to read the uploads
    (participants' data) or to plant files.
    """
    root = Path(
        settings.IMPORT_STAGING_DIR
        or Path(tempfile.gettempdir()) / f"metropolis-kpi-imports-{os.getuid()}"
    )
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    found = root.lstat()
    if (
        not stat.S_ISDIR(found.st_mode)
        or found.st_uid != os.getuid()
        or found.st_mode & 0o077
    ):
        raise UploadError(
            _(
                "the folder of uploads waiting to be imported, %(folder)s, is "
                "not private (another user's, or open to others): uploads are "
                "refused until it is (the IMPORT_STAGING_DIR setting)"
            )
            % {"folder": root}
        )
    return root


def stage(
    uploads: Mapping[str, bytes | BinaryIO] | Iterable[tuple[str, bytes | BinaryIO]],
) -> str:
    """Keep the annual files of uploads (zip archives opened) until they are
    confirmed; return the token naming them.

    Raise `UploadError` when they are refused (see `archives.unpack`).
    """
    sweep()
    token = secrets.token_urlsafe(16)
    folder = staging_root() / token
    folder.mkdir(mode=0o700)
    try:
        files = unpack(uploads, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    names = {path.name: name for name, path in files.items()}
    (folder / "names.json").write_text(json.dumps(names))
    return token


CHANGES = "changes.csv"
CHANGES_HEADER = ["file", "line", "record", "change", "column", "old", "new"]


@contextmanager
def recording_changes(token: str) -> Iterator[Changes]:
    """Keep every change the check of staged files finds, for downloading."""
    with (_folder(token) / CHANGES).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CHANGES_HEADER)

        def record(file: str, rows: list) -> None:
            for line, change, key, columns in rows:
                writer.writerows(
                    [file, line, key, change, column, old, new]
                    for column, old, new in columns or [("", "", "")]
                )

        yield record


def changes(token: str) -> Iterator[list[str]]:
    """Read back the changes found when staged files were checked."""
    path = _folder(token) / CHANGES
    if not path.exists():
        raise UploadError(_("this upload has expired; upload the files again"))

    def rows() -> Iterator[list[str]]:
        with path.open(newline="", encoding="utf-8") as lines:
            reader = csv.reader(lines)
            next(reader, None)
            yield from reader

    return rows()


def staged(token: str) -> dict[str, Path]:
    return _read(_folder(token))


def claim(token: str) -> dict[str, Path]:
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


def _read(folder: Path) -> dict[str, Path]:
    names = json.loads((folder / "names.json").read_text())
    return {name: folder / index for index, name in names.items()}


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
