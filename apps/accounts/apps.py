from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: login throttling, API tokens, the admin of users and attempts."""

    name = "apps.accounts"
    label = "accounts"
    default = True  # the module holds axes' configuration too
    verbose_name = _("Accounts")


class AxesConfig(AxesAppConfig):
    """django-axes (the sign-in attempts), named in the admin's languages."""

    verbose_name = _("Sign-in attempts")
