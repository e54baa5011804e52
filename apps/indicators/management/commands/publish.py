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
        parser.add_argument(
            "--private",
            action="append",
            default=[],
            metavar="CODE",
            help="an indicator left out of the public impact page (repeatable)",
        )

    def handle(
        self, *args, year: int, user: str, private: list[str], **options
    ) -> None:
        try:
            publisher = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {user!r}.") from None
        if year not in registry.years_with_data():
            raise CommandError(f"No records for {year}: there is nothing to publish.")
        codes = {item.code for item in registry.all()}
        if unknown := sorted(set(private) - codes):
            raise CommandError(f"No such indicator: {', '.join(unknown)}.")
        try:
            edition = publish_year(year, user=publisher, private=private)
        except AlreadyPublished as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(
            f"Published {year}: {edition.figures.count()} figures frozen, "
            f"by {publisher.username}."
        )
        if private:
            left_out = len(set(private))
            self.stdout.write(f"{left_out} left out of the public page.")
