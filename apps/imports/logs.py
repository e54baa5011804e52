"""The log lines of an import run: its start and its outcome, as fields.

A line names files and columns and gives counts; it never quotes a cell
(errors are counted by column), a participant or a user name.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Iterable

from .report import RunReport

logger = logging.getLogger("apps.imports")


def log_start(names: Iterable[str], *, dry_run: bool, origin: str, user=None) -> str:
    """Log that a run starts; return the id that ties its lines together."""
    import_id = secrets.token_hex(6)
    logger.info(
        "import started",
        extra={
            "import_id": import_id,
            "origin": origin,
            "dry_run": dry_run,
            "files": list(names),
            "user_id": user.pk if user else None,
        },
    )
    return import_id


def log_outcome(
    report: RunReport, *, import_id: str, duration_ms: int, origin: str, user=None
) -> None:
    """Log what a run did: its counts when written or checked, errors when not."""
    outcome = str(report.run.outcome) if report.run else None
    if report.written:
        message, level = "import written", logging.INFO
    elif report.ok:
        message, level = "import checked", logging.INFO
    else:
        message, level = "import refused", logging.WARNING
    fields = {
        "import_id": import_id,
        "run_id": report.run.pk if report.run else None,
        "outcome": outcome,
        "origin": origin,
        "dry_run": report.dry_run,
        "user_id": user.pk if user else None,
        "duration_ms": duration_ms,
        # `created` would clash with the LogRecord's own attribute.
        "rows_created": sum(f.new for f in report.files),
        "rows_updated": sum(f.updated for f in report.files),
        "rows_unchanged": sum(f.unchanged for f in report.files),
        "errors": report.error_count,
        "files": [
            {
                "name": f.name,
                "created": f.new,
                "updated": f.updated,
                "unchanged": f.unchanged,
                "errors": f.error_count,
            }
            for f in report.files
        ],
    }
    if not report.ok:
        fields["errors_by_column"] = errors_by_column(report)
    logger.log(level, message, extra=fields)


def log_failure(import_id: str, *, duration_ms: int) -> None:
    """Log a run that stopped on an unexpected error (its type and stack only)."""
    logger.error(
        "import failed",
        extra={"import_id": import_id, "duration_ms": duration_ms},
        exc_info=True,
    )


def errors_by_column(report: RunReport) -> dict[str, int]:
    """Count the kept errors by `file:column` (by file when no column is named)."""
    counts: Counter[str] = Counter()
    for error in report.errors:
        columns = [column for column, _ in error.cells]
        for key in [f"{error.file}:{c}" for c in columns] or [error.file]:
            counts[key] += 1
    return dict(counts)
