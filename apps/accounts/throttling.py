"""Login throttling with django-axes: whose address tried, and the lockout page."""

from __future__ import annotations

import ipaddress
import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKOUT_STATUS = 429  # Too Many Requests: the client may try again later


def client_ip(request: HttpRequest) -> str | None:
    """Return the address a sign-in comes from.

    X-Forwarded-For is believed only behind a proxy (BEHIND_PROXY), and then
    only its last address, the one the proxy itself appended: the ones before
    it come from the client and could be anything.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = _valid(forwarded.rsplit(",", 1)[-1])
        if address:
            return address
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(text: str) -> str | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A scoped IPv6 address ("fe80::1%eth0") fits no database address column.
    return None if getattr(address, "scope_id", None) else str(address)


def lockout_response(
    request: HttpRequest, response=None, credentials=None
) -> HttpResponse:
    """Render the page that says the sign-in is blocked, and for how long."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "registration/lockout.html",
        {"minutes": minutes},
        status=LOCKOUT_STATUS,
    )
