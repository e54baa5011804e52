"""The public impact page: the figures of the published editions, for anyone.

These pages never compute a figure: they read the PublishedFigure rows of
the edition in force (only those left on the public page at publish time),
and the registry for their labels, sections and units. A year without an
edition in force, or whose edition is withdrawn, is a 404 at once.

They are answered without a cookie (no session, no CSRF token, no
message), in the language of `?lang=` or else of the Accept-Language
header (never of the language cookie, which a shared cache cannot see), and
may be stored by any cache, which asks each time whether its copy is still
good (`ETag` from the edition and the language; 304 when it is), so a
withdrawal is never served from a cache.

The embed card is the only page another site may frame: the origins of the
PUBLIC_EMBED_ORIGINS setting (CSP `frame-ancestors`); every other page
keeps refusing frames.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import Any, cast

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from .indicator import SECTIONS
from .memo import evaluation
from .models import Edition
from .registry import NotRegistered, registry
from .results import json_number

# Any cache may store a public page, and asks whether it is still good
# before each use (a 304 costs one query): a withdrawal shows at once.
CACHE_CONTROL = "public, max-age=0, must-revalidate"


@dataclass(frozen=True)
class Figure:
    """A published figure as the public reads it, worded in its language."""

    code: str
    label: str
    section: str
    unit: str
    value: Decimal | None
    definition: str

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "section": self.section,
            "unit": self.unit,
            "value": json_number(self.value),
        }


def public_language(request: HttpRequest) -> str:
    """Return the language asked by `?lang=`, else by Accept-Language."""
    languages = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang", "")
    if asked in languages:
        return asked
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header[:500]):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a public page: anyone, GET or HEAD only, in the public language."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = public_language(request)
        with translation.override(language):
            response = view(request, *args, language=language, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return login_not_required(require_safe(wrapper))


def _fresh(
    request: HttpRequest, tag: str, make: Callable[[], HttpResponse]
) -> HttpResponse:
    """Answer 304 if the client's copy has the ETag `tag`, else `make()`."""
    etag = quote_etag(tag)
    response = get_conditional_response(request, etag=etag) or make()
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _tag(editions: list[Edition], *parts: str) -> str:
    """An ETag for what a page shows of some editions: the edition itself
    (a new one after a withdrawal), in a language."""
    key = ";".join(
        [*(f"{e.pk}.{e.published_at.isoformat()}" for e in editions), *parts]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _edition(year: int) -> Edition | None:
    return Edition.objects.current().filter(year=year).first()


def _not_found(request: HttpRequest) -> HttpResponse:
    # Not the site's 404 page: its language form would set a CSRF cookie.
    return render(request, "public/404.html", status=404)


def _figures(edition: Edition, code: str | None = None) -> list[Figure]:
    """Return the edition's public figures, in the report's order, worded.

    One query for the figures, and the registry's for the reported figures'
    labels (their indicators, their names).
    """
    rows = edition.figures.filter(is_public=True)
    if code is not None:
        rows = rows.filter(indicator=code)
    values = dict(rows.values_list("indicator", "value"))
    if not values:
        return []
    with evaluation():
        if code is not None:
            try:
                indicators = [registry.get(code)]
            except NotRegistered:
                return []
        else:
            indicators = registry.all()
        return [
            Figure(
                code=item.code,
                label=str(item.label),
                section=item.section,
                unit=item.unit,
                value=values[item.code],
                definition=item.definition,
            )
            for item in indicators
            if item.code in values
        ]


def _published_on(edition: Edition) -> str:
    return timezone.localdate(edition.published_at).isoformat()


@public
def index(request: HttpRequest, language: str) -> HttpResponse:
    """The published years, latest first."""
    editions = list(Edition.objects.current().order_by("-year"))
    return _fresh(
        request,
        _tag(editions, "index", language),
        lambda: render(
            request, "public/index.html", {"editions": editions, "lang": language}
        ),
    )


@public
def year_page(request: HttpRequest, year: int, language: str) -> HttpResponse:
    """A year's published figures, by section of the report."""
    edition = _edition(year)
    if edition is None:
        return _not_found(request)

    def make() -> HttpResponse:
        figures = _figures(edition)
        sections = [
            (title, [f for f in figures if f.section == section])
            for section, title in SECTIONS.items()
        ]
        return render(
            request,
            "public/year.html",
            {
                "edition": edition,
                "year": year,
                "sections": [(title, items) for title, items in sections if items],
                "lang": language,
            },
        )

    return _fresh(request, _tag([edition], "page", language), make)


@public
def year_json(request: HttpRequest, year: int, language: str) -> HttpResponse:
    """A year's published figures, for the association's website."""
    edition = _edition(year)
    if edition is None:
        return JsonResponse({"detail": _("Not found.")}, status=404)

    def make() -> HttpResponse:
        document = {
            "year": year,
            "published_on": _published_on(edition),
            "indicators": [figure.as_json() for figure in _figures(edition)],
        }
        return JsonResponse(document, json_dumps_params={"indent": 1})

    return _fresh(request, _tag([edition], "json", language), make)


def embed_ancestors() -> list[str]:
    """The origins that may frame an embed card: the site and the listed ones."""
    return [SELF, *settings.PUBLIC_EMBED_ORIGINS]


@xframe_options_exempt  # framing is ruled by the CSP's frame-ancestors
@public
def embed(request: HttpRequest, year: int, code: str, language: str) -> HttpResponse:
    """One published figure as a small card, to put in another site's iframe."""
    edition = _edition(year)
    figures = _figures(edition, code) if edition is not None else []
    if edition is None or not figures:
        return _not_found(request)

    def make() -> HttpResponse:
        return render(
            request,
            "public/embed.html",
            {"edition": edition, "year": year, "figure": figures[0], "lang": language},
        )

    response = _fresh(request, _tag([edition], "embed", code, language), make)

    def respond(_request: HttpRequest) -> HttpResponse:
        return response

    # The decorator sets the response's CSP; its type forgets the HttpResponse.
    framed = csp_replace({"frame-ancestors": embed_ancestors()})(respond)
    return cast(HttpResponse, framed(request))
