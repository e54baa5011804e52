"""Load the demo years into an empty database, never over existing records."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.imports.registry import annual_files


def tables_with_records() -> list[str]:
    """Name the tables of the annual files that hold at least one row.

    The database counts as empty when none does: the demo writes exactly
    these tables, so loading it anywhere else would overwrite corrections.
    """
    models = [annual_files.get(name)._meta.model for name in annual_files.in_order()]
    return [
        str(model._meta.verbose_name_plural)
        for model in models
        if model.objects.exists()
    ]


class Command(BaseCommand):
    help = (
        "Import the demo years (fixtures/demo/) through the annual importer, "
        "into an empty database only. --reset empties the database first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete everything in the database (records, history, users) "
            "and load the demo afresh. Only with DJANGO_DEBUG=True.",
        )

    def handle(self, *args, reset: bool, **options) -> None:
        if reset:
            if not settings.DEBUG:
                raise CommandError(
                    "--reset deletes everything in the database: it runs only "
                    "with DJANGO_DEBUG=True (a local demonstration)."
                )
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()  # flush gave them new ids
            self.stdout.write("Deleted everything in the database.")
        elif tables := tables_with_records():
            self.stdout.write(
                "Demo not loaded: the database already holds records "
                f"({', '.join(tables)}), which it would overwrite. "
                "`make reset-demo` deletes everything and loads the demo again."
            )
            return
        call_command(
            "import_annual",
            str(settings.BASE_DIR / "fixtures" / "demo"),
            stdout=self.stdout,
        )
