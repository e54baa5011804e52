from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.indicators.registry import registry
from apps.indicators.services import AlreadyPublished, publish_year


class Command(BaseCommand):
    help = "Publish a year: freeze its figures, as the dashboard's button does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--user", required=True, help="the username recorded as the publisher"
        )

    def handle(self, *args, year: int, user: str, **options) -> None:
        try:
            publisher = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {user!r}.") from None
        if year not in registry.years_with_data():
            raise CommandError(f"No records for {year}: there is nothing to publish.")
        try:
            edition = publish_year(year, user=publisher)
        except AlreadyPublished as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(
            f"Published {year}: {edition.figures.count()} figures frozen, "
            f"by {publisher.username}."
        )
