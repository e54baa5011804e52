import csv
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.indicators.memo import evaluation
from apps.indicators.registry import registry
from apps.indicators.results import indicators_document

COLUMNS = (
    "code",
    "section",
    "unit",
    "currency",
    "value",
    "previous",
    "target",
    "label",
)


class Command(BaseCommand):
    help = "Print every indicator for a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--format", choices=("table", "json", "csv"), default="table"
        )

    def handle(self, *args, year: int, format: str, **options) -> None:
        with evaluation():  # the spans are read once
            if year not in registry.years_with_data():
                raise CommandError(f"No records for {year}.")
            document = indicators_document(year)
        if format == "json":
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
        elif format == "csv":
            writer = csv.DictWriter(
                self.stdout,
                fieldnames=COLUMNS,
                extrasaction="ignore",
                lineterminator="\n",
            )
            writer.writeheader()
            writer.writerows(document["indicators"])
        else:
            self._table(document["indicators"])

    def _table(self, rows: list[dict]) -> None:
        def cell(value) -> str:
            return "—" if value is None else str(value)

        widths = {c: max(len(c), *(len(cell(r[c])) for r in rows)) for c in COLUMNS}
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip())
        for row in rows:
            self.stdout.write(
                "  ".join(cell(row[c]).ljust(widths[c]) for c in COLUMNS).rstrip()
            )
