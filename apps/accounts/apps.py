from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: login throttling, API tokens, the admin of users and attempts."""

    name = "apps.accounts"
    label = "accounts"
