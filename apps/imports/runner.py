"""The annual import run: every file of a directory, in one transaction."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import locking, runs
from .archives import ANNUAL_FILE_SUFFIXES
from .backends import backend
from .loading import FileLoader
from .locking import ImportBusy, lock_wait
from .logs import log_failure, log_outcome, log_start
from .models import ImportRun
from .preview import Changes
from .reading import FileError, Table, open_table
from .registry import UnknownFile, annual_files
from .report import FileReport, RowError, RunReport
from .resources import AnnualResource
from .statistics import refresh_statistics
from .trail import ImportTrail

logger = logging.getLogger(__name__)

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
    wait: float | None = None,
    waiting: Callable[[str], None] | None = None,
    changes: Changes | None = None,
) -> RunReport:
    """Import annual files (name -> content) all or nothing.

    The run's steps, in order (`docs/architecture.md`): take the import
    lock, record the run, then for each file in dependency order parse,
    plan and write its rows in one transaction, and report. Every file is
    read and checked, and its valid rows written so that the files after it
    can refer to them; the transaction is kept only when there is no error
    at all and this is not a dry run.

    One run at a time (see `locking`): a run finding another one running
    waits up to `wait` seconds (IMPORT_LOCK_WAIT), first telling `waiting`
    why, then gives up with an error naming the other run. Every run is
    recorded from its start (see `runs`).

    `changes` is told every new and updated row, file by file (see
    `preview.Changes`), as the preview shows the first ones.
    """
    import_id = log_start(files, dry_run=dry_run, origin=origin, user=user)
    started = time.monotonic()
    wait = lock_wait() if wait is None else wait
    notify = (lambda: waiting(_waiting_message(wait))) if waiting else None
    report = RunReport(dry_run=dry_run)
    run = None
    try:
        with locking.import_lock(wait, waiting=notify):
            run = runs.start_run(
                dry_run=dry_run,
                origin=origin,
                user=user,
                by=by or (user.get_username() if user else ""),
            )
            resources = _resources(files, report)
            if resources:
                # A run that may write leaves history entries naming it.
                trail = None if dry_run else ImportTrail(run)
                _write_files(report, files, resources, run, progress, trail, changes)
            if report.run is None:
                try:
                    report.run = runs.finish_run(run, report, files)
                except DatabaseError as error:
                    logger.exception("annual import: the history could not be written")
                    report.history_error = str(error)
    except ImportBusy:
        report.busy = True
        report.run_errors.append(RowError("-", None, _busy_message()))
    except BaseException as error:
        if run is not None:  # Ctrl-C, or a bug: the rows were rolled back
            _interrupt(run)
        if not isinstance(error, DatabaseError):
            log_failure(import_id, duration_ms=_ms_since(started))
            raise
        # Taking the lock or recording the run: nothing was read.
        report.run_errors.append(_refusal(error))
        report.history_error = str(error)
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


def _interrupt(run: ImportRun) -> None:
    try:
        runs.interrupt_run(run)
    except Exception:  # the first error is the one to raise
        logger.exception("annual import: the run could not be marked interrupted")


def _resources(files: Mapping[str, bytes | Path], report: RunReport) -> dict:
    """Return the known files given, by annual file name: (name, resource).

    A name given twice, an unknown one, or no file at all is a run error.
    """
    resources: dict[str, tuple[str, type[AnnualResource]]] = {}
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
    if not resources and not files:
        report.run_errors.append(
            RowError("-", None, _("no annual file found (.csv or .xlsx)"))
        )
    return resources


def _write_files(report, files, resources, run, progress, trail, changes) -> None:
    """Load every file in dependency order, in one transaction kept only when
    the whole run is good; the run's record is committed with the rows."""
    # Every file is opened, and a workbook checked, before the transaction:
    # on SQLite it holds the write lock, which sign-ins need.
    checked = {name: _open(name, files[name]) for name, _ in resources.values()}
    try:
        with (
            backend(connection).writing_transaction(connection),
            trail.active() if trail else nullcontext(),
        ):
            for key in annual_files.in_order(resources):
                name, resource_class = resources[key]
                file_report = _load_file(
                    name,
                    resource_class,
                    files[name],
                    progress,
                    trail,
                    checked=checked[name],
                    changes=changes,
                )
                report.files.append(file_report)
                if file_report.refused:
                    raise _Rollback
            if not report.written:
                raise _Rollback
            report.run = runs.finish_run(run, report, files)
    except _Rollback:
        pass
    except DatabaseError as error:  # such as a full disk on COMMIT
        report.run = None
        report.run_errors.append(_refusal(error))
    else:
        if report.written:
            refresh_statistics(
                resources[annual_file_name(file.name)][1]._meta.model
                for file in report.files
                if file.new or file.updated
            )


def _refusal(error: DatabaseError) -> RowError:
    return RowError(
        "-",
        None,
        _("the database refused to write: %(error)s; nothing was written")
        % {"error": error},
    )


def _other_run() -> str:
    try:
        run = runs.running_run()
    except DatabaseError:
        run = None
    if run is None:
        return _("another import is running")
    return _("another import is running, started at %(started)s by %(by)s") % {
        "started": formats.date_format(
            timezone.localtime(run.started_at), "DATETIME_FORMAT"
        ),
        "by": run.by or "?",
    }


def _busy_message() -> str:
    return _("%(other)s: nothing was written; try again when it has finished") % {
        "other": _other_run()
    }


def _waiting_message(wait: float) -> str:
    return _("%(other)s: waiting up to %(seconds)s s for it to finish") % {
        "other": _other_run(),
        "seconds": f"{wait:g}",
    }


def _open(name: str, data: bytes | Path) -> Table | FileError:
    """Open a file to check it; its rows are read later, by `_load_file`."""
    try:
        table = open_table(data, name=name)
    except FileError as error:
        return error
    table.close()
    return table


def _load_file(
    name, resource_class, data, progress, trail=None, *, checked=None, changes=None
) -> FileReport:
    try:
        if isinstance(checked, FileError):
            raise checked
        table = open_table(data, name=name, checked=checked)
    except FileError as error:
        report = FileReport(name)
        report.errors.append(RowError(name, None, str(error)))
        return report
    loader = FileLoader(resource_class, table, trail, changes)
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
        # Validation should have caught it, or the database cannot write
        # (a full disk): never let it pass unexplained, and stop the run,
        # whose transaction may be unusable now.
        loader.report.refused = True
        loader.report.errors.append(
            RowError(
                name,
                None,
                _("the database refused the file: %(error)s") % {"error": error},
            )
        )
        return loader.report
