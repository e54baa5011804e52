import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from apps.indicators.roles import MANAGERS, SECRETARIAT, setup_roles

DEMO_USERS = {"manager": MANAGERS, "secretariat": SECRETARIAT}


class Command(BaseCommand):
    help = (
        "Create a demo manager and a demo secretariat user with new random "
        "passwords, and print them. For demonstrations, never for production."
    )

    def handle(self, *args, **options) -> None:
        setup_roles()
        User = get_user_model()
        for username, group_name in DEMO_USERS.items():
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(
                f"{group_name:<12} user {username:<12} password {password}"
            )
