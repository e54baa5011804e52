from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorAccess(models.Model):
    """Holds the permission to read dashboards, the report, the API and exports."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_indicators", _("Can view dashboards, reports, the API and exports"))
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
