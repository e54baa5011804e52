"""The cap on an upload's size, applied before its files are read."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .archives import max_upload_bytes


class CappedUploadHandler(FileUploadHandler):
    """Stop an upload larger than IMPORT_MAX_UPLOAD_MB at its first file.

    The request's size is known before its body is read: nothing of the
    files is kept, and the fields before them (the CSRF token) still are,
    so that the page can say why (see `refused`).
    """

    refused = False

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        self.refused = content_length > max_upload_bytes()

    def new_file(self, *args, **kwargs):
        if self.refused:
            # The rest of the body is read and dropped, a chunk at a time,
            # so that the browser gets the page saying why.
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def refused(request: HttpRequest) -> bool:
    """Say whether the request's files were refused for their size."""
    return any(
        isinstance(handler, CappedUploadHandler) and handler.refused
        for handler in request.upload_handlers
    )


def too_large() -> str:
    return _(
        "the upload is too large: %(mb)s MB at most (the IMPORT_MAX_UPLOAD_MB setting)"
    ) % {"mb": f"{settings.IMPORT_MAX_UPLOAD_MB:g}"}
