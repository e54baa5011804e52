"""The record of every import run (who, when, which files, what happened)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import ImportedFile, ImportRun
from .report import RunReport


def checksum(data: bytes | Path) -> str:
    """Return the SHA-256 of a file's content, read in chunks for a path."""
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with data.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def new_run(*, origin: str, dry_run: bool, user=None, by: str = "") -> ImportRun:
    """Return the (unsaved) record of a run starting now."""
    return ImportRun(
        started_at=timezone.now(),
        user=user,
        by=by or (user.get_username() if user else ""),
        origin=origin,
        dry_run=dry_run,
    )


def open_run(run: ImportRun) -> None:
    """Save a run inside its transaction, so that its history entries name it.

    Its outcome is settled by `record_run` before the transaction ends; if
    the transaction is rolled back, so is this row, and the run is saved
    afresh.
    """
    run.finished_at = run.started_at
    run.outcome = ImportRun.Outcome.WRITTEN
    run.error_count = 0
    run.save()


@transaction.atomic
def record_run(
    report: RunReport, files: Mapping[str, bytes | Path], run: ImportRun
) -> ImportRun:
    """Save a run's outcome, its files' checksums and counts, and its errors."""
    if report.written:
        outcome = ImportRun.Outcome.WRITTEN
    elif report.ok:
        outcome = ImportRun.Outcome.CHECKED
    else:
        outcome = ImportRun.Outcome.REFUSED
    errors = report.errors
    run.finished_at = timezone.now()
    run.outcome = outcome
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
    run.save()
    counts = {file.name: file for file in report.files}
    ImportedFile.objects.bulk_create(
        ImportedFile(
            run=run,
            name=name,
            sha256=checksum(data),
            size=len(data) if isinstance(data, bytes) else data.stat().st_size,
            new=counts[name].new if name in counts else 0,
            updated=counts[name].updated if name in counts else 0,
            unchanged=counts[name].unchanged if name in counts else 0,
            error_count=counts[name].error_count
            if name in counts
            else sum(1 for error in errors if error.file == name),
        )
        for name, data in files.items()
    )
    return run
