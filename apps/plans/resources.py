from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, CellError, Column
from apps.imports.widgets import AmountWidget, IntegerWidget, NaturalKeyWidget
from apps.indicators.resources import IndicatorCodeWidget

from .models import Plan, PlanIndicator


@annual_file("plans.csv")
class PlanResource(AnnualResource):
    code = Column(required=True)
    name = Column(required=True)
    first_year = Column(widget=IntegerWidget(min_value=1900), required=True)
    last_year = Column(widget=IntegerWidget(min_value=1900), required=True)

    class Meta(AnnualResource.Meta):
        model = Plan
        import_id_fields = ("code",)

    def finish_row(self, values: dict[str, Any]) -> None:
        if values["first_year"] > values["last_year"]:
            raise CellError("last_year", _("before the first year"))


# A baseline left empty is computed from the records: after every record file.
RECORD_FILES = [
    "agreements.csv",
    "alliances.csv",
    "declarations.csv",
    "events.csv",
    "funding.csv",
    "mandates.csv",
    "measurements.csv",
    "members.csv",
    "participations.csv",
    "programme_members.csv",
    "programmes.csv",
    "publications.csv",
    "staff.csv",
]


@annual_file("plan_indicators.csv", after=["plans.csv", *RECORD_FILES])
class PlanIndicatorResource(AnnualResource):
    plan = Column("plan_code", widget=NaturalKeyWidget(Plan), required=True)
    indicator = Column(widget=IndicatorCodeWidget(), required=True)
    baseline_value = Column("baseline", widget=AmountWidget())
    baseline_year = Column(widget=IntegerWidget(min_value=1900))
    end_target = Column(widget=AmountWidget(), required=True)

    class Meta(AnnualResource.Meta):
        model = PlanIndicator
        import_id_fields = ("plan", "indicator")

    def __init__(self) -> None:
        super().__init__()
        self._plans: dict[int, tuple[int, int]] | None = None
        self._frozen: dict[tuple[int, str], Decimal | None] | None = None
        self._computed: dict[int, dict[str, Any]] = {}

    def finish_row(self, values: dict[str, Any]) -> None:
        """Default the baseline year to the year before the plan; freeze an
        empty baseline: the one stored before, else the year's value now."""
        if self._plans is None or self._frozen is None:  # once per file (both)
            self._plans = {
                pk: (first, last)
                for pk, first, last in Plan.objects.values_list(
                    "pk", "first_year", "last_year"
                )
            }
            self._frozen = {
                (plan, code): value
                for plan, code, value in PlanIndicator.objects.filter(
                    baseline_value__isnull=False
                ).values_list("plan_id", "indicator", "baseline_value")
            }
        first, last = self._plans[values["plan_id"]]
        if values["baseline_year"] is None:
            values["baseline_year"] = first - 1
        if values["baseline_year"] > last:
            raise CellError("baseline_year", _("after the plan's last year"))
        if values["baseline_value"] is None:
            key = (values["plan_id"], values["indicator"])
            values["baseline_value"] = self._frozen.get(key)
        if values["baseline_value"] is None:
            values["baseline_value"] = self._baseline(
                values["baseline_year"], values["indicator"]
            )

    def _baseline(self, year: int, code: str) -> Decimal | None:
        from .services import evaluations

        if year not in self._computed:
            self._computed[year] = evaluations({year}).get(year, {})
        result = self._computed[year].get(code)
        if result is None or result.value is None:
            return None
        return Decimal(str(result.value)).quantize(Decimal("0.01"))
