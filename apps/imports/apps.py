from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "apps.imports"
    label = "imports"
    verbose_name = _("Annual imports")

    def ready(self) -> None:
        from .registry import annual_files

        autodiscover_modules("resources", register_to=annual_files)
