"""The rule every record that lasts follows: it ends after it starts."""

from django.db import models
from django.db.models import F, Q


def ends_after_start(
    start: str, end: str, *, name: str, message: str
) -> models.CheckConstraint:
    """The database constraint: no end, or an end after the start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": F(start)}),
        name=name,
        violation_error_message=message,
    )
