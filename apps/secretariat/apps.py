from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "apps.secretariat"
    label = "secretariat"
    verbose_name = _("Secretariat")
