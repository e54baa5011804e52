"""The report as a PDF, made on the server by WeasyPrint from the report's HTML.

Stylesheets and images come from the static files finders, never from the
network: the fetcher refuses every other URL. With DEBUG off the page links
the names collectstatic gave them (css/report.8f0414876234.css): the static
storage's manifest maps them back to the project's files.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

BASE_URL = "https://report.invalid/"  # resolves the page's relative URLs


def render_pdf(html: str) -> bytes:
    """Return the PDF of an HTML page whose static URLs start with STATIC_URL."""
    from weasyprint import HTML  # loads Pango: only where a PDF is made

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def static_file(url: str) -> Path | None:
    """Return the static file behind a URL of the page, if it is one."""
    prefix = urlsplit(settings.STATIC_URL).path
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    try:
        found = finders.find(_source_name(path.removeprefix(prefix)))
    except SuspiciousFileOperation:  # a path out of the static folders
        return None
    return Path(found) if found else None


def _source_name(name: str) -> str:
    """The project's name of the static file a page links as `name`: the
    same, or, with a manifest storage, the one collectstatic hashed to it."""
    hashed = getattr(staticfiles_storage, "hashed_files", {})
    return next((source for source, linked in hashed.items() if linked == name), name)


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file(url) if url.startswith(BASE_URL) else None
            if path is None:
                raise ValueError(f"Not a static file of the report: {url}")
            media_type = (
                mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            )
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": media_type}
            )

    return StaticFetcher()
