"""Participant identifiers are personal data: only a keyed hash is stored."""

import hashlib
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

    It is HMAC as RFC 2104 defines it (and `hmac.digest` computes), with
    the hash states of the padded key made once rather than per identifier:
    that is two thirds of the cost of hashing a million participations.
    """
    key = settings.PARTICIPANT_HASH_KEY.encode()
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))

    def hash_ref(ref: str) -> str:
        message = inner.copy()
        message.update(normalise_participant_ref(ref).encode())
        mac = outer.copy()
        mac.update(message.digest())
        return mac.hexdigest()

    return hash_ref


def participant_key(ref: str) -> str:
    """Return the stored key of one participant's e-mail or number."""
    return participant_hasher()(ref)
