"""A stand-in for S3 in tests: a folder that processes may share, reached
only as django-storages' `S3Storage` reaches a bucket (there is no network
here to run S3, nor MinIO, itself).

What the staging code may meet, read from storages/backends/s3.py (1.14):

- no local path: `path()` is Storage's own, raising NotImplementedError, and
  it is no FileSystemStorage (a subclass of one hiding `path()` would not
  do: FileSystemStorage reaches its own files through `path()`);
- `_save` seeks the content to its start only if it is seekable
  (`storages.utils.is_seekable`: Django's File answers it by asking the
  stream whether it is closed, then seekable), then boto3's
  `upload_fileobj` reads it to the end, refusing content that says it is
  not readable; a failed upload leaves no object;
- folders are not objects: one exists while it holds a file and is gone
  once emptied, `listdir` of a missing one is empty (no FileNotFoundError),
  `exists` of a folder is false, and deleting a folder or a missing key
  does nothing;
- `get_modified_time` is the object's, aware.
"""

import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage

CHUNK_BYTES = 8 << 20  # boto3's multipart chunk


class S3LikeStorage(Storage):
    """The folder `location` as a bucket (see the module's docstring)."""

    def __init__(self, location: str) -> None:
        self.folder = FileSystemStorage(location=location)
        self.root = Path(self.folder.location)

    def _open(self, name, mode="rb"):
        if not self._file(name).is_file():
            raise FileNotFoundError(f"File does not exist: {name}")
        return self.folder.open(name, mode)

    def _save(self, name, content):
        if not hasattr(content, "seekable") or content.seekable():
            content.seek(0, os.SEEK_SET)
        if hasattr(content, "readable") and not content.readable():
            raise RuntimeError(f"Input {content} is not supported.")
        target = self._file(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("wb") as out:
                while chunk := content.read(CHUNK_BYTES):
                    out.write(chunk)
        except BaseException:
            self.delete(name)
            raise
        return name

    def delete(self, name):
        target = self._file(name)
        if not target.is_file():
            return
        target.unlink()
        for folder in target.parents:
            if folder == self.root or any(folder.iterdir()):
                break
            folder.rmdir()

    def exists(self, name):
        return self._file(name).is_file()

    def listdir(self, path):
        if not self._file(path).is_dir():
            return [], []
        return self.folder.listdir(path)

    def size(self, name):
        return self.folder.size(name)

    def get_modified_time(self, name):
        return self.folder.get_modified_time(name)

    def _file(self, name) -> Path:
        return Path(self.folder.path(name))
