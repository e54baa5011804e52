"""The two roles (README.md), as groups with permissions."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from simple_history.models import HistoricalChanges

SECRETARIAT = "Secretariat"
MANAGERS = "Managers"

# The apps whose records the secretariat keeps and the managers read.
RECORD_APPS = (
    "members",
    "partnerships",
    "events",
    "publications",
    "programmes",
    "measurements",
    "secretariat",
    "indicators",
    "imports",
    "plans",
)
VIEW_INDICATORS = ("indicators", "view_indicators")
# Both roles make, rename and revoke their own API tokens (the admin shows a
# user only theirs) for the clients that read the API and the exports.
OWN_TOKENS = ("view_apitoken", "add_apitoken", "change_apitoken")


@transaction.atomic
def setup_roles() -> dict[str, int]:
    """Create or refresh both groups; return how many permissions each has."""
    installed = [label for label in RECORD_APPS if apps.is_installed(f"apps.{label}")]
    # History entries are written by the application alone: both roles read them.
    histories = [
        model._meta.model_name
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    ]
    records = Permission.objects.filter(
        Q(content_type__app_label__in=installed),
        ~Q(content_type__model__in=histories) | Q(codename__startswith="view_"),
    )
    dashboards = Permission.objects.filter(
        content_type__app_label=VIEW_INDICATORS[0], codename=VIEW_INDICATORS[1]
    )
    api_tokens = Permission.objects.filter(
        content_type__app_label="accounts", codename__in=OWN_TOKENS
    )
    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    secretariat.permissions.set(records | dashboards | api_tokens)
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    publishing = Permission.objects.filter(
        content_type__app_label="indicators",
        codename__in=["add_edition", "withdraw_edition"],
    )
    managers.permissions.set(
        records.filter(Q(codename__startswith="view_"))
        | dashboards
        | publishing
        | api_tokens
    )
    return {
        SECRETARIAT: secretariat.permissions.count(),
        MANAGERS: managers.permissions.count(),
    }
