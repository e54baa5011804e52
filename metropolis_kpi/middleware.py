"""Requests refused before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


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
