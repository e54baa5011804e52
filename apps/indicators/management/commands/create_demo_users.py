import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from apps.indicators.roles import MANAGERS, SECRETARIAT, setup_roles

DEMO_USERS = {"manager": MANAGERS, "secretariat": SECRETARIAT}


class Command(BaseCommand):
    help = (
        "Create the demo manager and secretariat users that are missing, with "
        "random passwords, and print those. An existing user is left as it "
        "is. For demonstrations, never for production."
    )

    def handle(self, *args, **options) -> None:
        setup_roles()
        User = get_user_model()
        for username, group_name in DEMO_USERS.items():
            if User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"{group_name:<12} user {username:<12} exists, password unchanged"
                )
                continue
            password = secrets.token_urlsafe(9)
            user = User(username=username, is_staff=True, is_active=True)
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(
                f"{group_name:<12} user {username:<12} password {password}"
            )
