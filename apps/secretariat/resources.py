from decimal import Decimal

from apps.common.choices import GENDER_ALIASES, Gender
from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import AmountWidget, ChoiceWidget, DateWidget, IntegerWidget

from .models import FundingEntry, StaffMember


@annual_file("staff.csv")
class StaffMemberResource(AnnualResource):
    ref = Column(required=True)
    kind = Column(widget=ChoiceWidget(StaffMember.Kind), required=True)
    gender = Column(
        widget=ChoiceWidget(Gender, aliases=GENDER_ALIASES, empty=Gender.UNDISCLOSED)
    )
    started_on = Column(widget=DateWidget(), required=True)
    ended_on = Column(widget=DateWidget())

    class Meta(AnnualResource.Meta):
        model = StaffMember
        import_id_fields = ("ref",)


@annual_file("funding.csv")
class FundingEntryResource(AnnualResource):
    year = Column(widget=IntegerWidget(min_value=1900), required=True)
    category = Column(widget=ChoiceWidget(FundingEntry.Category), required=True)
    amount = Column(widget=AmountWidget(min_value=Decimal(0)), required=True)

    class Meta(AnnualResource.Meta):
        model = FundingEntry
        import_id_fields = ("year", "category")
