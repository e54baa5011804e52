from django.core.management.base import BaseCommand

from apps.indicators.roles import setup_roles


class Command(BaseCommand):
    help = "Create (or refresh) the Secretariat and Managers groups."

    def handle(self, *args, **options) -> None:
        for group, count in setup_roles().items():
            self.stdout.write(f"{group}: {count} permissions")
