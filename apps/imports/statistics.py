"""The planner's statistics, refreshed once an import has written its rows.

PostgreSQL plans a query from statistics that autovacuum refreshes a while
after the data changed. Just after a large import, the counters' queries
were planned with the statistics of a table a hundredth of its size: as
scans of the whole table. SQLite plans from the schema (it keeps no
statistics unless asked), so there is nothing to refresh there.
"""

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
