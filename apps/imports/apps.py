from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "apps.imports"
    label = "imports"
    verbose_name = _("Annual imports")

    def ready(self) -> None:
        from .registry import annual_files
        from .staging import check_private_folder

        # Checked by manage.py migrate and check (so at start, in bin/start).
        checks.register(check_private_folder)
        autodiscover_modules("resources", register_to=annual_files)
