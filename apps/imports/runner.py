"""The annual import run: every file of a directory, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .history import new_run, open_run, record_run
from .loading import FileLoader
from .logs import log_failure, log_outcome, log_start
from .models import ImportRun
from .reading import FileError, open_table
from .registry import UnknownFile, annual_files
from .report import FileReport, RowError, RunReport
from .trail import ImportTrail

ANNUAL_FILE_SUFFIXES = (".csv", ".xlsx")
# Reports progress as (file name, rows done, rows in the file).
Progress = Callable[[str, int, int], None]


class _Rollback(Exception):
    pass


def find_annual_files(directory: Path) -> dict[str, Path]:
    """Find every CSV or Excel file of a directory (the run checks the names).

    Files are given as paths, so that they are read as a stream.
    """
    found = {}
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix.lower() in ANNUAL_FILE_SUFFIXES:
            with path.open("rb"):  # fail now, clearly, on an unreadable file
                found[path.name] = path
    return found


def annual_file_name(name: str) -> str:
    """Return the annual file a name stands for: `Members.xlsx` is members.csv."""
    path = Path(name.lower())
    return path.with_suffix(".csv").name if path.suffix == ".xlsx" else path.name


def import_annual_files(
    files: Mapping[str, bytes | Path],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    origin: str = "command",
    user=None,
    by: str = "",
) -> RunReport:
    """Import annual files (name -> content) all or nothing.

    Every file is read and checked, and its valid rows written so that the
    files after it can refer to them; at the end the transaction is kept
    only when there is no error at all and this is not a dry run. A run
    that writes is recorded in the same transaction as its rows and their
    history entries; any other is recorded after the rollback.
    """
    import_id = log_start(files, dry_run=dry_run, origin=origin, user=user)
    started = time.monotonic()
    try:
        run = new_run(origin=origin, dry_run=dry_run, user=user, by=by)
        report = _run(files, run, progress=progress)
        if not report.written:
            record_run(report, files, run)
        report.run = run
    except Exception:
        log_failure(import_id, duration_ms=_ms_since(started))
        raise
    log_outcome(
        report,
        import_id=import_id,
        duration_ms=_ms_since(started),
        origin=origin,
        user=user,
    )
    return report


def _ms_since(started: float) -> int:
    return round(1000 * (time.monotonic() - started))


def _run(
    files: Mapping[str, bytes | Path], run: ImportRun, *, progress: Progress | None
) -> RunReport:
    dry_run = run.dry_run
    report = RunReport(dry_run=dry_run)
    resources = {}
    for name in files:
        key = annual_file_name(name)
        if key in resources:
            report.run_errors.append(
                RowError(
                    name,
                    None,
                    _("%(file)s is given twice (also as %(other)s)")
                    % {"file": key, "other": resources[key][0]},
                )
            )
            continue
        try:
            resources[key] = (name, annual_files.get(key))
        except UnknownFile:
            known = ", ".join(annual_files.names())
            report.run_errors.append(
                RowError(
                    name,
                    None,
                    _("unknown file name; the known files are %(known)s")
                    % {"known": known},
                )
            )
    if not resources:
        if not files:
            report.run_errors.append(
                RowError("-", None, _("no annual file found (.csv or .xlsx)"))
            )
        return report
    try:
        with transaction.atomic():
            trail = None
            if not dry_run:
                open_run(run)
                trail = ImportTrail(run)
            with trail.active() if trail else nullcontext():
                for key in annual_files.in_order(resources):
                    name, resource_class = resources[key]
                    report.files.append(
                        _load_file(name, resource_class, files[name], progress, trail)
                    )
            if not report.written:
                raise _Rollback
            record_run(report, files, run)
    except _Rollback:
        run.pk = None  # its row went with the rollback: it is saved afresh
    return report


def _load_file(name, resource_class, data, progress, trail) -> FileReport:
    try:
        table = open_table(data, name=name)
    except FileError as error:
        report = FileReport(name)
        report.errors.append(RowError(name, None, str(error)))
        return report
    loader = FileLoader(resource_class, table, trail)
    loader.report.name = name
    file_progress = (
        (lambda done, total: progress(name, done, total)) if progress else None
    )
    try:
        with transaction.atomic():
            return loader.load(file_progress)
    except FileError as error:  # met while streaming the rows
        loader.report.errors.append(RowError(name, None, str(error)))
        return loader.report
    except DatabaseError as error:
        # Validation should have caught it; never let it pass unexplained.
        loader.report.errors.append(
            RowError(
                name,
                None,
                _("the database refused the file: %(error)s") % {"error": error},
            )
        )
        return loader.report
