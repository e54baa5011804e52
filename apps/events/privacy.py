"""Participant identifiers are personal data: only a keyed hash is stored."""

import hmac
from collections.abc import Callable

from django.conf import settings


def normalise_participant_ref(ref: str) -> str:
    """Return the form under which two spellings of one identifier compare equal."""
    return ref.strip().lower()


def participant_hasher() -> Callable[[str], str]:
    """Return a function giving the HMAC-SHA256 (hex) of an identifier.

    The key is read once, so a file of many rows hashes quickly. The hash is
    enough to count unique people and to re-import idempotently; without
    PARTICIPANT_HASH_KEY the identifier cannot be recovered or tested.
    """
    key = settings.PARTICIPANT_HASH_KEY.encode()

    def hash_ref(ref: str) -> str:
        return hmac.digest(key, normalise_participant_ref(ref).encode(), "sha256").hex()

    return hash_ref


def participant_key(ref: str) -> str:
    """Return the stored key of one participant's e-mail or number."""
    return participant_hasher()(ref)
