"""Plan: which parsed rows of a chunk are new records, which change a stored
record, and which change nothing.

A row is compared with its stored record as plain values; a model instance
is made only for a new row of a model with rules of its own (`clean()`) and
for a row that changes its record, so that a re-import of a large file,
nearly all unchanged, costs little.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models

from .keys import BATCH_SIZE
from .parse import Parsed, RowParser
from .preview import Change


@dataclass
class Plan:
    new: list[Parsed] = field(default_factory=list)
    updated: list[models.Model] = field(default_factory=list)  # changes applied
    fields: set[str] = field(default_factory=set)  # the attnames updated
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)


def plan_rows(
    parser: RowParser,
    parsed: list[Parsed],
    stored: dict[tuple, dict[str, Any]],
    targets: dict[Any, models.Model],
) -> Plan:
    """Plan rows against their `stored` records (by key); `targets` are the
    records the rows name by a reference, by primary key, for `clean()`.

    A row that breaks its model's `clean()` is reported and left out.
    """
    model = parser.model
    cleans_new_rows = model.clean is not models.Model.clean
    plan, changing = Plan(), []
    for item in parsed:
        old = stored.get(item.key)
        if old is None:
            if cleans_new_rows:
                instance = model(**item.values)
                if not parser.clean(item.row, _attached(parser, instance, targets)):
                    continue
            plan.new.append(item)
            plan.changes.append(Change(item.row, "new", []))
        elif changed := [a for a, v in item.values.items() if old[a] != v]:
            changing.append((item, old, changed))
        else:
            plan.unchanged += 1
    pk = model._meta.pk.attname
    pks = [old[pk] for _, old, _ in changing]
    instances: dict[Any, models.Model] = {}
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        instances.update(model._default_manager.in_bulk(batch))
    for item, old, changed in changing:
        instance = instances[old[pk]]
        for attname in changed:
            setattr(instance, attname, item.values[attname])
        if parser.clean(item.row, _attached(parser, instance, targets)):
            plan.updated.append(instance)
            plan.fields.update(changed)
            diff = [(a, old[a], item.values[a]) for a in changed]
            plan.changes.append(Change(item.row, "updated", diff))
    return plan


def _attached(parser: RowParser, instance: models.Model, targets: dict) -> models.Model:
    """Give the instance the row its reference names, without a query."""
    reference = parser.reference
    if reference is not None and reference.field is not None:
        pk = getattr(instance, reference.attname)
        if pk is not None:
            setattr(instance, reference.field.name, targets[pk])
    return instance
