from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts.tokens import create_api_token


class Command(BaseCommand):
    help = (
        "Create a read-only API token for a user and print its key, once, on "
        "the last line. The token reads what the user may read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="command line", help="what uses it, e.g. 'Power BI'"
        )

    def handle(self, *args, username: str, name: str, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"{username} is not active: a token would not work.")
        token, key = create_api_token(user, name=name)
        self.stdout.write(
            f"API token {token.name!r} created for {username} ({token.prefix}…). "
            "Its key is shown once, below; only a hash of it is kept."
        )
        self.stdout.write(key)
