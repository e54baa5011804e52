"""Uploaded files waiting for the staff's confirmation (docs/operations.md,
"Uploads").

Between the check and the confirmation the files wait in the "imports"
storage under a random token, reached only through the Storage API, so that
the confirmation may land on another app server; a `StagedUpload` row says
whose they are and where they stand. A confirmation claims that row with
one UPDATE only an unclaimed row passes: Import pressed twice imports once.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core import checks
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .archives import CHUNK_BYTES, UploadError, unpack_each
from .models import StagedUpload
from .preview import Changes

logger = logging.getLogger(__name__)

MAX_AGE = timedelta(hours=1)
STORAGE = "imports"
CHANGES = "changes.csv"
CHANGES_HEADER = ["file", "line", "record", "change", "column", "old", "new"]
# Working copies of files whose storage has no local path, in the local folder.
COPIES = ".copies"
TOKEN_MAX_LENGTH = 64  # ours have 22 characters


class PrivateFolderStorage(FileSystemStorage):
    """The default "imports" storage: the local folder IMPORT_STAGING_DIR
    (read when used, so that tests may move it), folders 0700, files 0600."""

    # Set by FileSystemStorage.__init__, absent from its stubs.
    _location: str | None

    def __init__(self, location=None, **options) -> None:
        options.setdefault("file_permissions_mode", 0o600)
        options.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location, **options)

    @property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, settings.IMPORT_STAGING_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def storage() -> Storage:
    """The storage of staged uploads; the local folder checked first."""
    private_folder()
    return storages[STORAGE]


def folder_problem(folder: Path) -> str:
    """Why the local folder may not be used ("" when it may, or is missing).

    A folder found there must be this user's and closed to others: another
    user could have made it first, to read the uploads (participants' data)
    or to plant files.
    """
    try:
        found = folder.lstat()
    except FileNotFoundError:
        return ""
    if (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == os.getuid()
        and not found.st_mode & 0o077
    ):
        return ""
    return _(
        "the folder of uploads waiting to be imported, %(folder)s, is "
        "not private (another user's, or open to others): uploads are "
        "refused until it is (the IMPORT_STAGING_DIR setting)"
    ) % {"folder": folder}


def private_folder() -> Path:
    """The local folder (IMPORT_STAGING_DIR), made 0700 if need be.

    Raise `UploadError` when it is not private (see `folder_problem`).
    """
    folder = Path(settings.IMPORT_STAGING_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if problem := folder_problem(folder):
        raise UploadError(problem)
    return folder


def stage(
    uploads: Mapping[str, bytes | BinaryIO] | Iterable[tuple[str, bytes | BinaryIO]],
    *,
    user,
) -> str:
    """Keep the annual files of uploads (zip archives opened) for the user
    until they are checked and confirmed; return the token naming them.

    Raise `UploadError` when they are refused (see `archives.unpack_each`):
    nothing is kept then.
    """
    store = storage()
    try:
        sweep()
    except Exception:  # another server sweeping the same files, say
        logger.exception("staging: old uploads could not be swept")
    token = secrets.token_urlsafe(16)
    row = StagedUpload.objects.create(token=token, user=user, created_at=timezone.now())
    try:
        row.names = unpack_each(
            uploads,
            lambda index, stream: store.save(
                f"{token}/{index}", File(stream, name=str(index))
            ),
        )
        row.save(update_fields=["names"])
    except BaseException:
        _delete_files(store, token)
        row.delete()
        raise
    return token


def checked(token: str) -> None:
    """The check of the staged files found no error: they may be confirmed."""
    StagedUpload.objects.filter(token=token).update(checked_at=timezone.now())


@contextmanager
def local_files(token: str) -> Iterator[dict[str, Path]]:
    """The staged files as local paths, for reading them (name -> path).

    Those of a storage other than a local folder (FileSystemStorage) are
    copied, for the time of the block, into a private folder of the local
    one (removed at the next start if the process is killed meanwhile).
    Raise `UploadError` when a file is gone (swept, or removed by a cleaner).
    """
    store = storage()
    names = StagedUpload.objects.get(token=token).names
    if not all(store.exists(f"{token}/{index}") for index in range(len(names))):
        raise UploadError(_expired())
    if isinstance(store, FileSystemStorage):  # its paths are local files
        yield {
            name: Path(store.path(f"{token}/{index}"))
            for index, name in enumerate(names)
        }
        return
    copies = private_folder() / COPIES
    copies.mkdir(mode=0o700, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{token}-", dir=copies))
    try:
        paths = {}
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        for index, name in enumerate(names):
            paths[name] = folder / str(index)
            with (  # the copy made once the file is found: none left open
                store.open(f"{token}/{index}", "rb") as source,
                open(os.open(paths[name], flags, 0o600), "wb") as copy,
            ):
                shutil.copyfileobj(source, copy, CHUNK_BYTES)
        yield paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def recording_changes(token: str) -> Iterator[Changes]:
    """Keep every change the check of staged files finds, for downloading."""
    with tempfile.TemporaryFile() as raw:  # nameless: gone if killed
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(out)
        writer.writerow(CHANGES_HEADER)

        def record(file: str, rows: list) -> None:
            for line, change, key, columns in rows:
                writer.writerows(
                    [file, line, key, change, column, old, new]
                    for column, old, new in columns or [("", "", "")]
                )

        yield record
        out.flush()
        raw.seek(0)
        storage().save(f"{token}/{CHANGES}", File(raw, name=CHANGES))
        out.detach()


def changes(token: str, *, user) -> Iterator[list[str]]:
    """Read back the changes found when the user's staged files were checked."""
    store = storage()
    name = f"{token}/{CHANGES}"
    if not (
        _valid(token)
        and _current().filter(token=token, user=user, imported_at=None).exists()
        and store.exists(name)
    ):
        raise UploadError(_expired())

    def rows() -> Iterator[list[str]]:
        with tempfile.TemporaryFile() as raw:
            with store.open(name, "rb") as source:
                shutil.copyfileobj(source, raw, CHUNK_BYTES)
            raw.seek(0)
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
            next(reader, None)
            yield from reader

    return rows()


def claim(token: str, *, user) -> None:
    """Take the user's checked files for importing them; a second claim
    (from any process, on any server) is refused with `UploadError`."""
    if not _valid(token):
        raise UploadError(_expired())
    mine = _current().filter(token=token, user=user).exclude(checked_at=None)
    if mine.filter(claimed_at=None, imported_at=None).update(claimed_at=timezone.now()):
        return
    row = mine.first()
    if row is None:
        raise UploadError(_expired())
    if row.imported_at:
        raise UploadError(
            _("These files were imported already: see the import history.")
        )
    raise UploadError(
        _("These files are being imported already: see the import history.")
    )


def release(token: str) -> None:
    """Give back claimed files that could not be imported yet."""
    StagedUpload.objects.filter(token=token, imported_at=None).update(claimed_at=None)


def imported(token: str) -> None:
    """Remove imported files, remembering for a while that they were."""
    _delete_files(storage(), token)
    StagedUpload.objects.filter(token=token).update(imported_at=timezone.now())


def discard(token: str) -> None:
    """Remove staged files and their row."""
    if not _valid(token):
        return
    _delete_files(storage(), token)
    StagedUpload.objects.filter(token=token).delete()


def sweep(now: datetime | None = None, *, interrupted: bool = False) -> None:
    """Remove uploads older than MAX_AGE that no import is running on, and
    files of no upload (their user deleted) as old.

    With `interrupted`, also those whose check or import was under way: at
    start, when no other process can be running them.
    """
    limit = (now or timezone.now()) - MAX_AGE
    store = storage()
    gone = StagedUpload.objects.filter(
        Q(created_at__lt=limit) & (Q(claimed_at=None) | Q(claimed_at__lt=limit))
    )
    if interrupted:
        gone = StagedUpload.objects.filter(
            Q(pk__in=gone) | Q(checked_at=None) | Q(claimed_at__isnull=False)
        )
    for token in gone.values_list("token", flat=True):
        _delete_files(store, token)
    gone.delete()
    known = set(StagedUpload.objects.values_list("token", flat=True))
    for token in _listdir(store, "")[0]:
        if token.startswith(".") or token in known:
            continue
        files = _listdir(store, token)[1]
        if all(store.get_modified_time(f"{token}/{name}") < limit for name in files):
            _delete_files(store, token)


def clean_at_start() -> None:
    """Make the local folder, refusing one not private (`UploadError`), and
    remove what a killed process left: working copies, expired uploads and,
    when the storage is this server's alone, those under way."""
    shutil.rmtree(private_folder() / COPIES, ignore_errors=True)
    sweep(interrupted=isinstance(storages[STORAGE], PrivateFolderStorage))


def _current():
    return StagedUpload.objects.filter(created_at__gte=timezone.now() - MAX_AGE)


def _listdir(store: Storage, name: str) -> tuple[list[str], list[str]]:
    try:
        return store.listdir(name)
    except FileNotFoundError:
        return [], []


def _delete_files(store: Storage, token: str) -> None:
    for name in _listdir(store, token)[1]:
        store.delete(f"{token}/{name}")
    with suppress(OSError):
        store.delete(token)  # the emptied folder, where folders are


def _valid(token: str) -> bool:
    return (
        bool(token)
        and len(token) <= TOKEN_MAX_LENGTH
        and token.replace("-", "").replace("_", "").isalnum()
    )


def _expired() -> str:
    return _("this upload has expired; upload the files again")


def check_private_folder(app_configs=None, **kwargs) -> list[checks.Error]:
    """System check: the local folder, if there, is this user's and private."""
    if problem := folder_problem(Path(settings.IMPORT_STAGING_DIR)):
        return [checks.Error(problem, id="imports.E001")]
    return []
