"""A model's check constraints, evaluated on parsed rows without a query.

A rule is written once, as a `CheckConstraint` in the model's `Meta`: the
database enforces it, the admin's forms validate it (`full_clean`), and the
import checks every row against it here, so that a broken rule is reported
as `file:line column=value: reason`, not as a file the database refused.

Django's own `CheckConstraint.validate()` asks the database, one query a
row; here each condition is translated once per file into Python, with
SQL's logic: a comparison with NULL is unknown, and a check passes unless
its condition is false.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, cast

from django.db import models
from django.db.models import F, Q

Values = dict[str, Any]
# A condition on a row's values by attname: True, False, or None (unknown).
Test = Callable[[Values], bool | None]

_COMPARE = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Rule:
    """One check constraint: its test, its message and the attnames it reads."""

    def __init__(self, model: type[models.Model], constraint) -> None:
        self.model = model
        self.message = constraint.get_violation_error_message()
        self.attnames: list[str] = []
        # The attnames whose value is compared, not only tested for null.
        self.compared: set[str] = set()
        self.test = self._node(Q(constraint.condition))

    def broken(self, values: Values) -> bool:
        return self.test(values) is False

    def _value(self, name: str, *, compared: bool = True) -> Callable[[Values], Any]:
        """Return a getter of a field's value; a column the file lacks has
        the field's default."""
        # A constraint's condition names concrete fields only.
        field = cast("models.Field[Any, Any]", self.model._meta.get_field(name))
        attname, default = field.attname, field.get_default()
        if attname not in self.attnames:
            self.attnames.append(attname)
        if compared:
            self.compared.add(attname)
        return lambda values: values.get(attname, default)

    def _node(self, node: Q) -> Test:
        if node.connector == Q.AND and not node.negated and len(node.children) > 1:
            choices = [
                _one_of(child) if isinstance(child, Q) else None
                for child in node.children
            ]
            if all(choices):  # `a is one of … AND b is one of …`: one loop
                ones = cast("list[tuple[str, frozenset]]", choices)  # none is None
                getters = [(self._value(name), allowed) for name, allowed in ones]
                return lambda values: _all_in(getters, values)
        options = _one_of(node)
        if options is not None:  # `field = a OR field = b …`: a set lookup
            name, allowed = options
            value = self._value(name)
            return lambda values: _compare(operator.contains, allowed, value(values))
        tests = [
            self._node(child)
            if isinstance(child, Q)
            # A Q's other children are its (lookup, value) pairs.
            else self._lookup(*cast("tuple[str, Any]", child))
            for child in node.children
        ]
        combine = _all if node.connector == Q.AND else _any
        if node.negated:
            return lambda values: _not(combine(tests, values))
        return lambda values: combine(tests, values)

    def _lookup(self, lookup: str, expected: Any) -> Test:
        name, _, kind = lookup.partition("__")
        kind = kind or "exact"
        if kind == "isnull" or (kind == "exact" and expected is None):
            value = self._value(name, compared=False)
            wanted = bool(expected) if kind == "isnull" else True
            return lambda values: (value(values) is None) == wanted
        value = self._value(name)
        if kind == "in":
            options = list(expected)
            return lambda values: _compare(operator.contains, options, value(values))
        compare = _COMPARE[kind]  # any other lookup: a KeyError names it
        if isinstance(expected, F):
            other = self._value(expected.name)
            return lambda values: _compare(compare, value(values), other(values))
        return lambda values: _compare(compare, value(values), expected)


def model_rules(
    model: type[models.Model], unknown: set[str] | frozenset[str] = frozenset()
) -> list[Rule]:
    """Return the model's check constraints as rules on parsed rows.

    Rules comparing the value of an attname in `unknown` (a reference
    resolved only as the file is written: until then it is known to be given
    or not, nothing more) are left to the model's `clean()` and the database.
    """
    rules = [
        Rule(model, constraint)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
    ]
    return [rule for rule in rules if not unknown.intersection(rule.compared)]


def _one_of(node: Q) -> tuple[str, frozenset] | None:
    """Return (field, values) for a condition that a field equals one of values."""
    if node.negated or node.connector != Q.OR or not node.children:
        return None
    names, allowed = set(), set()
    for child in node.children:
        if isinstance(child, Q):
            if len(child.children) != 1 or child.negated:
                return None
            (child,) = child.children
            if isinstance(child, Q):
                return None
        lookup, value = cast("tuple[str, Any]", child)  # a (lookup, value) pair
        name, _, kind = lookup.partition("__")
        if kind not in ("", "exact") or value is None or isinstance(value, F):
            return None
        names.add(name)
        allowed.add(value)
    return (names.pop(), frozenset(allowed)) if len(names) == 1 else None


def _all_in(getters, values: Values) -> bool | None:
    result: bool | None = True
    for value, allowed in getters:
        found = value(values)
        if found is None:
            result = None
        elif found not in allowed:
            return False
    return result


def _compare(compare, left, right) -> bool | None:
    if left is None or right is None:
        return None
    return compare(left, right)


def _all(tests: list[Test], values: Values) -> bool | None:
    result: bool | None = True
    for test in tests:
        outcome = test(values)
        if outcome is False:
            return False
        if outcome is None:
            result = None
    return result


def _any(tests: list[Test], values: Values) -> bool | None:
    result: bool | None = False
    for test in tests:
        outcome = test(values)
        if outcome is True:
            return True
        if outcome is None:
            result = None
    return result


def _not(outcome: bool | None) -> bool | None:
    return None if outcome is None else not outcome
