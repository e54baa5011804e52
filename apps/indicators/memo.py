"""Aggregates computed once per evaluation (one request, one command).

Several indicators over the same table read one aggregate (total, unique,
by gender): `shared_aggregate` memoises it within `evaluation()`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from .periods import Period

_memo: ContextVar[dict[Any, Any] | None] = ContextVar("indicator_memo", default=None)


def shared_aggregate(func: Callable[[Period], Any]) -> Callable[[Period], Any]:
    """Memoise an aggregate that several indicators read, within one evaluation.

    Outside `evaluation()` the function simply runs, so an indicator stays a
    pure function of its period; inside, each period's aggregate runs once.
    """

    @functools.wraps(func)
    def wrapper(period: Period) -> Any:
        memo = _memo.get()
        if memo is None:
            return func(period)
        key = (func.__module__, func.__qualname__, period)
        if key not in memo:
            memo[key] = func(period)
        return memo[key]

    return wrapper


def memoised(key: Any, func: Callable[[], Any]) -> Any:
    """Run `func` once per evaluation (a lookup table for labels, say)."""
    memo = _memo.get()
    if memo is None:
        return func()
    if key not in memo:
        memo[key] = func()
    return memo[key]


@contextlib.contextmanager
def evaluation() -> Iterator[None]:
    """Scope in which shared aggregates are computed once (one request).

    Reentrant: an evaluation inside another shares the outer one's memo, so
    a view's evaluation and `evaluate_year`'s read each aggregate once.
    """
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)
