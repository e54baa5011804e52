import getpass
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.imports.archives import UploadError, unpack
from apps.imports.runner import find_annual_files, import_annual_files


class Command(BaseCommand):
    help = (
        "Import the annual files (.csv or .xlsx) of a directory, of a .zip "
        "archive, or a single one, in one transaction: any error and nothing "
        "is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", type=Path, help="A directory, a .zip archive or a file."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every file and count what would change; write nothing.",
        )
        parser.add_argument(
            "--wait",
            type=float,
            metavar="SECONDS",
            help="How long to wait for another import to finish before giving "
            "up (default: the IMPORT_LOCK_WAIT setting, 10 seconds).",
        )

    def handle(
        self, *args, directory: Path, dry_run: bool, wait: float | None, **options
    ) -> None:
        with ExitStack() as stack:
            files = self._files(directory, stack)
            self._import(files, dry_run=dry_run, wait=wait)

    def _files(self, path: Path, stack: ExitStack) -> dict[str, Path]:
        """Find the annual files a path names, a zip archive unpacked."""
        try:
            if path.is_dir():
                return find_annual_files(path)
            if not path.is_file():
                raise CommandError(f"{path} is not a directory nor a file.")
            if path.suffix.lower() != ".zip":
                with path.open("rb"):  # fail now, clearly, if unreadable
                    return {path.name: path}
            # Unzipped into a private folder, a chunk at a time.
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            with path.open("rb") as archive:
                return unpack([(path.name, archive)], folder)
        except OSError as error:
            raise CommandError(
                f"Cannot read {error.filename}: {error.strerror}."
            ) from None
        except UploadError as error:
            raise CommandError(f"{path}: {error}; nothing was written.") from None

    def _import(self, files: dict[str, Path], *, dry_run: bool, wait) -> None:
        progress = self._progress if sys.stderr.isatty() else None
        report = import_annual_files(
            files,
            dry_run=dry_run,
            progress=progress,
            origin="command",
            by=getpass.getuser(),  # the run's origin says "command line"
            wait=wait,
            waiting=lambda message: self.stderr.write(f"{message}…"),
        )
        if progress:
            sys.stderr.write("\r\033[K")
        if report.busy:
            raise CommandError(report.run_errors[0].reason)
        if report.history_error:
            self.stderr.write(
                "The run could not be recorded in the import history: "
                f"{report.history_error}"
            )
        width = max((len(f.name) for f in report.files), default=0)
        verb = "would be" if dry_run else "were"
        for file in report.files:
            self.stdout.write(
                f"{file.name:<{width}}  new {file.new:>7}  updated {file.updated:>7}"
                f"  unchanged {file.unchanged:>7}"
                + (f"  errors {file.error_count}" if file.error_count else "")
            )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            shown = len(report.errors)
            if report.error_count > shown:
                self.stderr.write(
                    f"… and {report.error_count - shown} more (first {shown} shown)."
                )
            raise CommandError(f"{report.error_count} error(s): nothing was written.")
        if dry_run:
            self.stdout.write(
                f"Dry run: the rows above {verb} imported; nothing written."
            )
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))

    def _progress(self, name: str, done: int, total: int) -> None:
        if total:
            width = 30
            filled = width * done // total
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        else:  # a streamed file: its length is known at the end only
            bar = f"{done:,} rows"
        sys.stderr.write(f"\r{name:<24} {bar}")
        sys.stderr.flush()
