"""Remove what killed processes left of staged uploads; run at start."""

from django.core.management.base import BaseCommand, CommandError

from apps.imports import staging


class Command(BaseCommand):
    help = (
        "Make the private folder of staged uploads (IMPORT_STAGING_DIR) if "
        "need be and remove expired uploads and those a killed process left "
        "(see apps/imports/staging.py). Run it before serving: bin/start does."
    )

    def handle(self, *args, **options) -> None:
        try:
            staging.clean_at_start()
        except staging.UploadError as error:
            raise CommandError(str(error)) from None
