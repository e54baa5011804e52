from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, CellError, Column
from apps.imports.widgets import ChoiceWidget, DateWidget, NaturalKeyWidget
from apps.members.models import Member

from .models import Agreement, Alliance, CounterpartType


@annual_file("alliances.csv")
class AllianceResource(AnnualResource):
    code = Column(required=True)
    name = Column(required=True)
    kind = Column()
    started_on = Column(widget=DateWidget(), required=True)
    ended_on = Column(widget=DateWidget())

    class Meta(AnnualResource.Meta):
        model = Alliance
        import_id_fields = ("code",)


@annual_file("agreements.csv", after=["members.csv", "alliances.csv"])
class AgreementResource(AnnualResource):
    code = Column(required=True)
    title = Column(required=True)
    counterpart_type = Column(widget=ChoiceWidget(CounterpartType), required=True)
    # A member's or an alliance's code, by counterpart_type (see finish_row).
    counterpart_code = Column(virtual=True, verbose_name=gettext_lazy("counterpart"))
    kind = Column()
    signed_on = Column(widget=DateWidget(), required=True)

    class Meta(AnnualResource.Meta):
        model = Agreement
        import_id_fields = ("code",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.counterparts = {
            CounterpartType.MEMBER: NaturalKeyWidget(Member),
            CounterpartType.ALLIANCE: NaturalKeyWidget(Alliance),
        }

    export_related = ("counterpart_member", "counterpart_alliance")

    def dehydrate_counterpart_code(self, agreement: Agreement) -> str:
        counterpart = agreement.counterpart_member or agreement.counterpart_alliance
        return counterpart.code if counterpart else ""

    def finish_row(self, values: dict[str, Any]) -> None:
        code = values.pop("counterpart_code", None)
        kind = values["counterpart_type"]
        values["counterpart_member_id"] = values["counterpart_alliance_id"] = None
        if kind == CounterpartType.OTHER:
            if code:
                raise CellError(
                    "counterpart_code",
                    _("must be empty when counterpart_type is other"),
                )
            return
        if not code:
            raise CellError(
                "counterpart_code",
                _("a value is required: the code of the %(kind)s") % {"kind": kind},
            )
        try:
            values[f"counterpart_{kind}_id"] = self.counterparts[kind].clean(code)
        except ValueError as error:
            raise CellError("counterpart_code", str(error)) from None
