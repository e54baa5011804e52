"""`Authorization: Bearer <key>`: an API token in place of a session.

A token reads, with its owner's permissions, the URLs a machine client
fetches: those under /api/ and /export/, and the other downloads (a path
ending in .csv or .xlsx, such as an indicator's records.csv), the admin's
excepted. Anywhere else (the admin, the HTML pages, the sign-in) the header
is ignored, as if not sent. On those URLs a token only reads: any method but
GET and HEAD is refused.

The owner is the user of this request alone: no session is opened, no
cookie is set, the sign-in signals do not fire, and django-axes (which
watches sign-ins) sees nothing. It runs in `process_view`, after the check
that the database answers and before LoginRequiredMiddleware's; and before
the CSRF check, so that a write sent with a token (whose client has no CSRF
token) gets this JSON refusal rather than the CSRF failure page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from apps.accounts import tokens

TOKEN_PREFIXES = ("/api/", "/export/")
DOWNLOADS = (".csv", ".xlsx")
READS = ("GET", "HEAD")


def accepts_tokens(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is not None and "admin" in match.namespaces:
        return False
    path = request.path_info
    return path.startswith(TOKEN_PREFIXES) or path.endswith(DOWNLOADS)


def bearer_key(request: HttpRequest) -> str | None:
    """Return the key of an `Authorization: Bearer` header, or None."""
    scheme, _space, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else None


class ApiTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "api_token", None) is not None:
            patch_vary_headers(response, ["Authorization"])
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        key = bearer_key(request)
        if key is None or not accepts_tokens(request):
            return None
        if request.method not in READS:
            return _refusal(
                403,
                _("An API token only reads: send it with GET or HEAD."),
                "insufficient_scope",
            )
        token = tokens.find_token(key)
        if token is None:
            return _refusal(401, _("Invalid or revoked API token."), "invalid_token")
        wait = tokens.seconds_to_wait(token)
        if wait:
            response = JsonResponse(
                {
                    "detail": _("Too many requests: try again in %(seconds)s s.")
                    % {"seconds": wait}
                },
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        tokens.record_use(token)
        request.user = token.user
        # What Django keeps of a loaded user, which the logs read.
        request._cached_user = token.user
        request.api_token = token
        return None


def _refusal(status: int, detail: str, error: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    response["WWW-Authenticate"] = f'Bearer realm="api", error="{error}"'
    return response
