from typing import Any

from django.utils.translation import gettext as _

from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import AmountWidget, IntegerWidget, TextWidget

from .models import Target
from .registry import registry


class IndicatorCodeWidget(TextWidget):
    """A registered indicator's code (reported ones included)."""

    trusted = True

    def __init__(self) -> None:
        self._codes: set[str] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        code = super().clean(value)
        if code is None:
            return None
        if self._codes is None:  # once per file: reported codes cost a query
            self._codes = {item.code for item in registry.all()}
        if code not in self._codes:
            raise ValueError(_("not an indicator code"))
        return code


@annual_file("targets.csv", after=["measurements.csv"])
class TargetResource(AnnualResource):
    indicator = Column(widget=IndicatorCodeWidget(), required=True)
    year = Column(widget=IntegerWidget(min_value=1900), required=True)
    value = Column(widget=AmountWidget(), required=True)

    class Meta(AnnualResource.Meta):
        model = Target
        import_id_fields = ("indicator", "year")
