"""The planner's statistics, refreshed once an import has written its rows
(see the backends' `refresh_statistics`)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, connection, models

from .backends import backend
from .trail import history_model

logger = logging.getLogger(__name__)


def refresh_statistics(written: Iterable[type[models.Model]]) -> None:
    """Refresh the statistics of these models' tables and of their history.

    The rows are committed already: a failure is logged, never raised.
    """
    tables = []
    for model in written:
        tables.append(model._meta.db_table)
        if (history := history_model(model)) is not None:
            tables.append(history._meta.db_table)
    if not tables:
        return
    try:
        backend().refresh_statistics(connection, tables)
    except DatabaseError:
        logger.warning("annual import: statistics not refreshed", exc_info=True)
