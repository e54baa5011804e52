"""System checks of the report's settings: a missing logo fails at start, not
on the first report printed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles)
def organisation_logo_exists(app_configs, **kwargs) -> list[Error]:
    """ORGANISATION_LOGO must name a static file."""
    logo = settings.ORGANISATION_LOGO
    if finders.find(logo):
        return []
    return [
        Error(
            f"ORGANISATION_LOGO names no static file: {logo!r}.",
            hint="Put the logo under static/ and give its path there, "
            "e.g. img/logo.svg.",
            id="indicators.E001",
        )
    ]
