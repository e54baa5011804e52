"""Conditions for the database's own checks, and their messages in forms."""

from collections.abc import Collection, Iterable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Q


def one_of(field: str, values: Iterable[str]) -> Q:
    """Return the condition that `field` holds one of `values`.

    Written `field = a OR field = b OR …` rather than `field IN (a, b, …)`,
    which means the same: in a check, SQLite builds an IN list anew for
    every row an `executemany` inserts, a third of the time of inserting a
    million participations.
    """
    condition = Q()
    for value in values:
        condition |= Q(**{field: value})
    return condition


class FieldConstraintsModel(models.Model):
    """A model whose check constraints may name the field at fault.

    A rule is written once, as a constraint in `Meta.constraints`; Django
    validates it in `full_clean()` (the admin's forms) but shows its message
    above the form. `constraint_fields` maps a constraint's name to the
    field whose input breaks it, where the form shows the message instead.
    """

    constraint_fields: ClassVar[Mapping[str, str]] = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # Django's own loop (Model.validate_constraints), by `_validate`.
        errors: dict[str, Any] = {}
        for model, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    self._validate(model, constraint, exclude)
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _validate(
        self,
        model: type[models.Model],
        constraint: Any,  # any constraint: the stubs' base class has no validate()
        exclude: Collection[str] | None = None,
    ) -> None:
        using = router.db_for_write(type(self), instance=self)
        try:
            constraint.validate(model, self, exclude=exclude, using=using)
        except ValidationError as error:
            field = self.constraint_fields.get(constraint.name)
            fields: tuple[str, ...] = getattr(constraint, "fields", ())
            if field is None and error.code == "unique" and len(fields) == 1:
                field = fields[0]  # as Django files a one-field unique error
            if field is None:
                raise
            raise ValidationError({field: error}) from None
