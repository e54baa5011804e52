from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Import the demo years (fixtures/demo/) through the annual importer."

    def handle(self, *args, **options) -> None:
        call_command(
            "import_annual",
            str(settings.BASE_DIR / "fixtures" / "demo"),
            stdout=self.stdout,
        )
