"""The record of every import run (who, when, which files, what happened)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import ImportedFile, ImportRun
from .report import FileReport, RunReport


def checksum(data: bytes | Path) -> str:
    """Return the SHA-256 of a file's content, read in chunks for a path."""
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with data.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def start_run(*, dry_run: bool, origin: str, user=None, by: str = "") -> ImportRun:
    """Record a run as running; call it holding the import lock.

    Holding the lock, no other run is running: a run still marked running
    belongs to a process that died before it could finish (its transaction
    was never committed), and is marked interrupted.
    """
    ImportRun.objects.filter(outcome=ImportRun.Outcome.RUNNING).update(
        outcome=ImportRun.Outcome.INTERRUPTED
    )
    return ImportRun.objects.create(
        started_at=timezone.now(),
        user=user,
        by=by,
        origin=origin,
        dry_run=dry_run,
        outcome=ImportRun.Outcome.RUNNING,
        error_count=0,
    )


def running_run() -> ImportRun | None:
    """Return the run holding the import lock, as far as the history knows."""
    return (
        ImportRun.objects.filter(outcome=ImportRun.Outcome.RUNNING)
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def finish_run(
    run: ImportRun, report: RunReport, files: Mapping[str, bytes | Path]
) -> ImportRun:
    """Save a run's outcome, its files' checksums and counts, and its errors."""
    if report.written:
        run.outcome = ImportRun.Outcome.WRITTEN
    elif report.ok:
        run.outcome = ImportRun.Outcome.CHECKED
    else:
        run.outcome = ImportRun.Outcome.REFUSED
    errors = report.errors
    run.finished_at = timezone.now()
    run.error_count = report.error_count
    run.errors = [
        {
            "file": error.file,
            "line": error.line,
            "cells": [list(cell) for cell in error.cells],
            "reason": error.reason,
        }
        for error in errors[: ImportRun.ERRORS_KEPT]
    ]
    run.save(update_fields=["outcome", "finished_at", "error_count", "errors"])
    reports = {file.name: file for file in report.files}
    for name in files.keys() - reports:  # not read: its errors are the run's
        reports[name] = FileReport(name, errors=[e for e in errors if e.file == name])
    ImportedFile.objects.bulk_create(
        ImportedFile(
            run=run,
            name=name,
            sha256=checksum(data),
            size=len(data) if isinstance(data, bytes) else data.stat().st_size,
            new=reports[name].new,
            updated=reports[name].updated,
            unchanged=reports[name].unchanged,
            error_count=reports[name].error_count,
        )
        for name, data in files.items()
    )
    return run


def interrupt_run(run: ImportRun) -> None:
    """Mark a run whose process is stopping on an unexpected error or Ctrl-C."""
    ImportRun.objects.filter(pk=run.pk).update(
        outcome=ImportRun.Outcome.INTERRUPTED, finished_at=timezone.now()
    )
