"""The record of every import run (who, when, which files, what happened)."""

from __future__ import annotations

import datetime as dt
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


@transaction.atomic
def record_run(
    report: RunReport,
    files: Mapping[str, bytes | Path],
    *,
    started_at: dt.datetime,
    origin: str,
    user=None,
    by: str = "",
) -> ImportRun:
    """Save a run's outcome, its files' checksums and counts, and its errors."""
    if report.written:
        outcome = ImportRun.Outcome.WRITTEN
    elif report.ok:
        outcome = ImportRun.Outcome.CHECKED
    else:
        outcome = ImportRun.Outcome.REFUSED
    errors = report.errors
    run = ImportRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        user=user,
        by=by or (user.get_username() if user else ""),
        origin=origin,
        dry_run=report.dry_run,
        outcome=outcome,
        error_count=report.error_count,
        errors=[
            {
                "file": error.file,
                "line": error.line,
                "cells": [list(cell) for cell in error.cells],
                "reason": error.reason,
            }
            for error in errors[: ImportRun.ERRORS_KEPT]
        ],
    )
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
