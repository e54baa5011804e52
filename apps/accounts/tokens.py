"""API tokens: making a key, finding its token, and counting its requests.

A key is `mkpi_` and 43 random URL-safe characters (256 bits); its SHA-256
is stored, so finding a token is one query on a unique index, and a copy of
the database gives no key away. A key that cheap to check needs no slow
password hash: nobody guesses 256 random bits.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import ApiToken

KEY_START = "mkpi_"
PREFIX_LENGTH = len(KEY_START) + 8
# The last use is written at most once in this many seconds.
LAST_USE_PRECISION = 60
THROTTLE_WINDOW = 60  # seconds: API_TOKEN_REQUESTS_PER_MINUTE counts per minute


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def give_key(token: ApiToken) -> str:
    """Give an unsaved token a new key; return the key, which is never kept."""
    key = KEY_START + secrets.token_urlsafe(32)
    token.prefix = key[:PREFIX_LENGTH]
    token.key_hash = hash_key(key)
    return key


@transaction.atomic
def create_api_token(user, *, name: str) -> tuple[ApiToken, str]:
    """Make a token for a user; return it with its key, which is never kept."""
    token = ApiToken(user=user, name=name)
    key = give_key(token)
    token.full_clean()
    token.save()
    return token, key


def revoke_api_tokens(tokens) -> int:
    """Revoke the tokens of a queryset not revoked yet; return how many."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def find_token(key: str) -> ApiToken | None:
    """Return the live token of a key, with its user, or None."""
    if not key.startswith(KEY_START):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def record_use(token: ApiToken) -> None:
    """Note when a token was last used, in one UPDATE at most once a minute."""
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def seconds_to_wait(token: ApiToken) -> int:
    """Count a request of a token; return 0, or the seconds before the next one.

    A counter per token and minute (a fixed window) in Django's cache. The
    default local-memory cache is one per process: with several processes
    or servers, each counts apart unless CACHE_URL names a shared cache.
    """
    now = time.time()
    window = int(now // THROTTLE_WINDOW)
    # The hash, not the key of the row: a test database reuses row keys.
    counter = f"api-token:{token.key_hash[:32]}:{window}"
    cache.add(counter, 0, timeout=THROTTLE_WINDOW * 2)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between the two calls
        cache.set(counter, 1, timeout=THROTTLE_WINDOW * 2)
        count = 1
    if count <= settings.API_TOKEN_REQUESTS_PER_MINUTE:
        return 0
    return max(1, math.ceil((window + 1) * THROTTLE_WINDOW - now))
