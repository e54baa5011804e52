"""Requests answered before any view sees them: a clean 503 page, logged
once, while the database cannot be reached; a 400 for a NUL character."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

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
    response._has_been_logged = True
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
