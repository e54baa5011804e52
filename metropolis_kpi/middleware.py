"""Requests answered before any view sees them: a clean 503 page, logged
once, while the database cannot be reached; a 400 for a NUL character; and
the errors of the API's URLs, as JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("metropolis_kpi.database")

# Views that report the database's state themselves.
ANSWER_FOR_THEMSELVES = {"healthz"}
RETRY_AFTER_SECONDS = 60


class DatabaseUnavailableMiddleware:
    """Answer 503 when the database is out of reach, before anything queries it.

    The session and authentication machinery query the database as soon as
    a view (or LoginRequiredMiddleware) asks who the user is, so the
    connection is checked in `process_view`, which runs before any of
    theirs. A connection lost during a view (OperationalError,
    InterfaceError) gets the same page; other database errors are bugs and
    stay server errors.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name in ANSWER_FOR_THEMSELVES:
            return None
        try:
            connection.close_if_health_check_failed()  # a reused, dead connection
            connection.ensure_connection()
        except DatabaseError as error:
            return unavailable(request, error, reason=str(error).splitlines()[0])
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return unavailable(request, exception, exc_info=exception)
        return None


def unavailable(
    request: HttpRequest, error: Exception, *, reason: str = "", exc_info=None
) -> HttpResponse:
    """Log the outage and render a page that needs no database (no user, no session)."""
    kind = type(error)
    logger.error(
        "database unavailable",
        extra={
            "status_code": 503,
            "request": request,
            "error": f"{kind.__module__}.{kind.__qualname__}",
            # A connection failure names the server, never a row; a failed
            # query's message may quote one, so it is left out.
            **({"reason": reason} if reason else {}),
        },
        exc_info=exc_info,
    )
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Logged above with the cause; Django would log it again as a bare 503.
    # Django's private flag, read by log_response; not in the stubs.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class RejectNulBytesMiddleware:
    """Answer 400 to a query string holding a NUL character.

    No text of this project holds one, and PostgreSQL refuses it in a query
    with an error, which would reach the user as a 500 from any page that
    filters on a query-string value (the admin's lists and autocompletes).
    Forms refuse NUL characters by themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL character in the query string.")
        return self.get_response(request)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's, which asks the view before the user: a view for anyone
    (`@login_not_required`) never reads the session, so a public page costs
    no session or user query and does not vary on the cookie (a shared cache
    keeps one copy for everyone)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


API_PREFIX = "/api/"
API_METHODS = ("GET", "HEAD")  # the API only reads


class ApiErrorsMiddleware:
    """Answer every error under /api/ as JSON `{"detail": …}`, with its status.

    The API only reads: any other method is a 405 (with `Allow`) in
    `process_view`, before the CSRF check, whose 403 would tell a client
    that never had a CSRF token (a script, a token's client) nothing true.

    It goes by the path, so an API view added later needs nothing of its
    own. A view's Http404 or PermissionDenied keeps its message. Any other
    error page under /api/ (no such URL, a wrong method, a bad request, a
    server error, the database out of reach) is rewritten once Django has
    made and logged it, so its status and headers (Allow, Retry-After)
    stay. A redirect to the login page becomes a 401: an API client cannot
    sign in there. Above every middleware that may answer an error itself.
    A request made with an API token gets JSON errors on any URL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _answers_json(request) or response.streaming:
            return response
        if _sends_to_login(response):
            response = JsonResponse({"detail": _detail(401)}, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        elif response.status_code >= 400 and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            _as_json(response, _detail(response.status_code))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(API_PREFIX):
            return None
        if request.method in API_METHODS:
            return None
        response = JsonResponse(
            {"detail": _("The API only reads: send GET or HEAD.")}, status=405
        )
        response["Allow"] = ", ".join(API_METHODS)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not _answers_json(request):
            return None
        for kind, status in ((Http404, 404), (PermissionDenied, 403)):
            if isinstance(exception, kind):
                detail = str(exception) if exception.args else _detail(status)
                return JsonResponse({"detail": detail}, status=status)
        return None  # Django logs and renders it; __call__ rewrites the page


def _answers_json(request: HttpRequest) -> bool:
    # A client that sent an API token (apps.accounts.middleware) reads JSON
    # on an export URL too.
    return request.path_info.startswith(API_PREFIX) or (
        getattr(request, "api_token", None) is not None
    )


def _detail(status: int) -> str:
    details = {
        400: _("Bad request."),
        401: _("Authentication required: sign in, or send an API token."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("Method not allowed."),
        500: _("Server error: it has been logged."),
        503: _("The database cannot be reached at the moment."),
    }
    return details.get(status) or HTTPStatus(status).phrase


def _sends_to_login(response: HttpResponse) -> bool:
    return response.status_code == 302 and (
        urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
    )


def _as_json(response: HttpResponse, detail: str) -> None:
    """Replace an error page's body by JSON, keeping its status and headers."""
    response["Content-Type"] = "application/json"
    response.content = json.dumps({"detail": detail}).encode()
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
