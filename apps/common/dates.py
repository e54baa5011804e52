"""The rule every record that lasts follows: it ends after it starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    # A gettext_lazy string's type: the stubs' name, unknown at run time.
    from django.utils.functional import _StrPromise


def ends_after_start(
    start: str, end: str, *, name: str, message: str | _StrPromise
) -> models.CheckConstraint:
    """The database constraint: no end, or an end after the start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": F(start)}),
        name=name,
        violation_error_message=message,
    )
