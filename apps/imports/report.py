"""What an annual import run reports: counts per file and every error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowError:
    """One error, shown as `file:line column=value: reason`."""

    file: str
    line: int | None
    reason: str
    cells: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        cells = " ".join(f"{column}={value}" for column, value in self.cells)
        return f"{where} {cells}: {self.reason}" if cells else f"{where}: {self.reason}"


@dataclass
class FileReport:
    name: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0  # errors past the ones kept
    refused: bool = False  # by the database: the run stopped there
    # The first new and updated rows: (line, "new" or "updated", the record's
    # key, and for an update each changed column with its old and new value)
    preview: list[tuple[int, str, str, list[tuple[str, str, str]]]] = field(
        default_factory=list
    )

    # Seconds spent in each step of the import (see `loading`), in order.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors


@dataclass
class RunReport:
    dry_run: bool
    files: list[FileReport] = field(default_factory=list)
    run_errors: list[RowError] = field(default_factory=list)
    run: Any = None  # the ImportRun recording it
    busy: bool = False  # not run: another run held the import lock
    history_error: str = ""  # why the run is missing from the history

    @property
    def errors(self) -> list[RowError]:
        return self.run_errors + [e for report in self.files for e in report.errors]

    @property
    def error_count(self) -> int:
        return len(self.run_errors) + sum(f.error_count for f in self.files)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run
